"""The link stage on Spark (local mode): holdings by identity, ties by value, as on one machine."""

from __future__ import annotations

import polars as pl
import pytest

from workbench.case_tables import TableHandle
from workbench.concentration import Conduct
from workbench.engines.spark_keyed import to_spark
from workbench.engines.spark_link import SIGHTINGS, link_on_spark
from workbench.engines.spark_session import spark_session
from workbench.flags.context import FlagContext
from workbench.flags.evaluate import evaluate
from workbench.flags.registry import CONDUCT_FLAGS
from workbench.kinds import KINDS
from workbench.link import HUB_SCHEMA, link, link_policy, named_values
from workbench.observe import canonical_values, observe_all

#: Every Spark test shares one local session, on one xdist worker.
pytestmark = [pytest.mark.spark, pytest.mark.xdist_group("spark")]


@pytest.fixture(scope="module")
def spark():
    return spark_session()


def _sightings(rows: list[tuple[str, str, str, int]]) -> pl.DataFrame:
    return pl.DataFrame(
        rows, schema=["contractor_id", "kind", "value", "sightings"], orient="row"
    ).cast(SIGHTINGS)


def test_the_links_of_the_case_are_one_machines(spark, case):
    observations = observe_all(case, KINDS).observations
    infrastructure = canonical_values(case.infrastructure, KINDS)
    ctx = FlagContext(
        tables=case.tables,
        sightings=TableHandle(observations),
        hubs=pl.DataFrame(schema=HUB_SCHEMA),
    )
    conduct = Conduct(evaluate(ctx, flags=CONDUCT_FLAGS).flags, case.tables["contractors"].height)
    referrals, shipments = case.tables["referrals"], case.tables["shipments"]
    expected = link(
        observations,
        referrals,
        shipments=shipments,
        infrastructure=infrastructure,
        conduct=conduct,
    )
    assert expected.links.height > 0 and expected.hubs.height > 0
    assert expected.concentrated.height > 0

    found = link_on_spark(
        to_spark(spark, observations),
        policy=link_policy(observations["kind"].unique().to_frame()),
        named=named_values(infrastructure),
        referrals=referrals,
        shipments=to_spark(spark, shipments),
        conduct=conduct,
        buckets=4,
    )
    assert found.links.equals(expected.links)
    assert found.hubs.equals(expected.hubs)
    assert found.concentrated.equals(expected.concentrated)


def test_a_home_line_is_judged_on_all_of_its_holders_sightings(spark):
    # "a" and "b" log in mostly through one IP (their home line). "d" came back to it as
    # often but logs in more through an IP of its own; "c" passed through it once. An
    # identity's habit reads all its sightings of the kind, wherever the buckets of
    # values put its other IPs.
    rows = [(who, "ip", "198.51.100.7", 3) for who in ("a", "b", "d")]
    rows += [("c", "ip", "198.51.100.7", 1), ("c", "ip", "192.0.2.1", 5)]
    rows += [("d", "ip", "192.0.2.2", 6)]
    rows += [(who, "ip", f"203.0.113.{n}", 1) for n, who in enumerate("ab")]
    rows += [(who, "device", "laptop-1", 2) for who in ("a", "c")]
    observations = _sightings(rows)
    expected = link(observations)
    policy = link_policy(observations)
    named = named_values(None)
    for buckets in (1, 3, 8):
        found = link_on_spark(
            to_spark(spark, observations), policy=policy, named=named, buckets=buckets
        )
        assert found.links.equals(expected.links), buckets
    # Only the pair on a home line of both weighs as one.
    weights = {(a, b): w for a, b, kind, _, w in expected.links.rows() if kind == "ip"}
    assert weights[("a", "b")] > weights[("a", "d")] == weights[("a", "c")]


def test_kinds_the_registry_does_not_know_tie_apart_across_buckets(spark):
    # Two unknown kinds hold the same text: one value of each, never one value of both.
    rows = [(who, "loyalty_card", "4242", 1) for who in ("a", "b", "c")]
    rows += [(who, "badge_id", "4242", 1) for who in ("c", "d")]
    rows += [(f"h{n}", "badge_id", "lobby", 1) for n in range(12)]
    observations = _sightings(rows)
    named = pl.DataFrame({"kind": ["loyalty_card"], "value": ["9999"]})
    expected = link(observations, infrastructure=named, hub_limits={"badge_id": 10})
    assert {kind for kind in expected.links["kind"]} == {"loyalty_card", "badge_id"}
    assert expected.hubs.filter(pl.col("kind") == "badge_id")["value"].to_list() == ["lobby"]
    policy = link_policy(observations, hub_limits={"badge_id": 10})
    found = link_on_spark(to_spark(spark, observations), policy=policy, named=named, buckets=3)
    assert found.links.equals(expected.links)
    assert found.hubs.equals(expected.hubs)


def test_equipment_shipped_to_a_home_is_read_where_the_sightings_are(spark):
    # Twenty fronts give one home and their laptops go there; twenty others give it
    # too, but their laptops were rerouted away from it to homes of their own.
    rows = [
        (f"f{i}", "8628 highland", src) for i in range(20) for src in ("contractors", "shipments")
    ]
    rows += [
        (f"r{i}", "1209 orange st", src) for i in range(20) for src in ("contractors", "shipments")
    ]
    rows += [(f"r{i}", f"{i} own st", "shipments") for i in range(20)]
    observations = pl.DataFrame(
        rows,
        schema={"contractor_id": pl.String, "value": pl.String, "source": pl.String},
        orient="row",
    ).with_columns(kind=pl.lit("address"), sightings=pl.lit(1, pl.UInt32), raw=pl.col("value"))
    shipments = pl.DataFrame(
        {
            "contractor_id": [f"{who}{i}" for who in "fr" for i in range(20)],
            "ship_to_address": ["8628 highland"] * 20 + [f"{i} own st" for i in range(20)],
            "previous_address": [None] * 20 + ["1209 orange st"] * 20,
        },
        schema_overrides={"previous_address": pl.String},
    )
    expected = link(observations, shipments=shipments)
    verdicts = dict(expected.hubs.select("value", "verdict").iter_rows())
    assert verdicts == {"8628 highland": "concentration", "1209 orange st": "infrastructure"}
    found = link_on_spark(
        to_spark(spark, observations.cast(SIGHTINGS)),
        policy=link_policy(observations),
        named=named_values(None),
        shipments=to_spark(spark, shipments),
        buckets=3,
    )
    assert found.links.equals(expected.links)
    assert found.hubs.equals(expected.hubs)
    assert found.concentrated.equals(expected.concentrated)
