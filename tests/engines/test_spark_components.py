"""Connected components on Spark (local mode) agree with networkx and never gather the graph."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from tests.engines.conftest import stop_spark
from workbench.engines.spark_components import components
from workbench.engines.spark_flags import sharing_components
from workbench.engines.spark_session import spark_session

#: Every Spark test shares one local session, on one xdist worker.
pytestmark = [pytest.mark.spark, pytest.mark.xdist_group("spark")]

#: Small enough that gathering a 100k-node graph on the driver would fail the action.
MAX_RESULT = "1m"

#: Nothing reaches the driver: no action may return more than `MAX_RESULT`, and no
#: join may broadcast a side (a broadcast is gathered on the driver first).
DRIVER_LIMITS = {
    "spark.driver.maxResultSize": MAX_RESULT,
    "spark.sql.autoBroadcastJoinThreshold": "-1",
    "spark.sql.shuffle.partitions": "4",
}


@pytest.fixture(scope="module")
def spark():
    # A session and a JVM of this module's own: its driver limits are set when the JVM
    # starts, and must not outlive the module.
    stop_spark()
    yield spark_session(driver_memory="512m", settings=DRIVER_LIMITS)
    stop_spark()


def test_the_driver_is_held_small(spark):
    # The limits the tests below rely on hold in this module's JVM.
    heap = spark.sparkContext._jvm.java.lang.Runtime.getRuntime().maxMemory()
    assert heap <= 512 * 2**20
    assert spark.sparkContext.getConf().get("spark.driver.maxResultSize") == MAX_RESULT


def partition(pairs: list[tuple[str, str]]) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for node, component in pairs:
        groups.setdefault(component, set()).add(node)
    return {frozenset(members) for members in groups.values()}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_components_match_networkx_on_random_graphs(spark, seed):
    rng = random.Random(seed)
    nodes = [f"c{rng.randrange(10**6):06d}" for _ in range(60)]
    edges = [(rng.choice(nodes), rng.choice(nodes)) for _ in range(45)]
    found = components(spark.createDataFrame(edges, "src string, dst string")).collect()
    graph = nx.Graph(edges)
    graph.remove_edges_from(nx.selfloop_edges(graph))
    graph.remove_nodes_from([n for n in list(graph) if graph.degree(n) == 0])
    expected = {frozenset(c) for c in nx.connected_components(graph)}
    assert partition([(r.node, r.component) for r in found]) == expected
    assert {r.component for r in found} == {min(c) for c in expected}


def test_a_ring_of_100k_nodes_is_one_component_without_gathering_it(spark):
    size = 100_000
    names = [f"id{i:06d}" for i in range(size)]
    random.Random(7).shuffle(names)  # the chain's order has nothing to do with the ids' order
    cycle = spark.range(size).selectExpr("id", f"(id + 1) % {size} AS next")
    lookup = spark.createDataFrame(list(enumerate(names)), "i long, name string")
    edges = (
        cycle.join(lookup.withColumnRenamed("name", "src"), cycle.id == lookup.i)
        .drop("i")
        .join(lookup.withColumnRenamed("name", "dst"), cycle.next == lookup.i)
        .select("src", "dst")
    )
    found = components(edges)
    assert found.count() == size
    assert found.where("component != 'id000000'").isEmpty()  # one component, named by its least id


def test_a_value_shared_by_50k_identities_is_one_component_without_gathering_it(spark):
    holders = 50_000
    seen = spark.range(holders).selectExpr(
        "format_string('id%06d', CAST(id AS INT)) AS contractor_id",
        "'payment_account' AS kind",
        "'IBAN-SHARED' AS value",
    )
    nothing = spark.createDataFrame([], "kind string, value string")
    no_referrals = spark.createDataFrame([], "referrer_id string, contractor_id string")
    found = sharing_components(seen, nothing, no_referrals)
    assert found.count() == holders
    assert found.where("component != 'id000000'").isEmpty()
