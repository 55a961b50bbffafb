"""Grouping on Spark (local mode) gives the rings of `group_rings` on one machine."""

from __future__ import annotations

import random

import polars as pl
import pytest

from tests.engines.conftest import assert_same_rows
from workbench.engines.spark_group import PAIR_SCHEMA, UNIT_SCHEMA, group_on_spark
from workbench.engines.spark_keyed import to_spark
from workbench.engines.spark_session import spark_session
from workbench.rings import group_rings

#: Every Spark test shares one local session, on one xdist worker.
pytestmark = [pytest.mark.spark, pytest.mark.xdist_group("spark")]


@pytest.fixture(scope="module")
def spark():
    return spark_session()


def ties() -> tuple[pl.DataFrame, pl.DataFrame]:
    """Ties with everything grouping does: small rings, weak ties, a chain too large for one
    ring (split into communities), and a farm of 30 held together by one shared address."""
    rows: list[tuple[str, str, float]] = []
    for ring in range(12):
        members = [f"r{ring:02}-{m}" for m in range(random.Random(ring).randint(2, 6))]
        rows += [(a, b, 0.8) for a, b in zip(members, members[1:], strict=False)]
    rows += [(f"w{i}", f"w{i + 1}", 0.2) for i in range(10)]
    chain = [f"c{i:03}" for i in range(90)]
    rows += [(a, b, 0.9) for a, b in zip(chain, chain[1:], strict=False)]
    rows += [(a, b, 0.7) for a, b in zip(chain, chain[2:], strict=False)]
    farm = [f"f{i:02}" for i in range(30)]
    rows += [(farm[0], farm[1], 0.9), (farm[5], "c010", 0.9)]
    random.Random(7).shuffle(rows)
    pairs = pl.DataFrame(rows, schema=PAIR_SCHEMA, orient="row")
    units = pl.DataFrame(
        {"kind": "address", "value": "12 farm rd", "contractor_id": farm}, schema=UNIT_SCHEMA
    )
    return pairs, units


def test_rings_grouped_on_spark_equal_group_rings(spark):
    pairs, units = ties()
    settings = {"threshold": 0.5, "max_ring_size": 20, "seed": 7}
    expected = group_rings(pairs, units=units, **settings)
    chain_rings = expected.filter(pl.col("contractor_id").str.starts_with("c"))["ring_id"]
    assert expected.group_by("ring_id").len()["len"].max() == 30  # the farm, whole
    assert chain_rings.n_unique() > 3  # the chain, split into communities

    answered = group_on_spark(to_spark(spark, pairs), to_spark(spark, units), buckets=4, **settings)
    assert_same_rows(answered, expected)
