"""A typed table Spark holds (`workbench.engines.spark_table.SparkTable`) answers as the same
rows held by polars would."""

from __future__ import annotations

import gc
from datetime import datetime, timezone

import polars as pl
import pytest

from workbench.case import _known_rows
from workbench.engines.spark_keyed import to_spark
from workbench.engines.spark_session import spark_session
from workbench.engines.spark_table import SparkTable
from workbench.tables import ROW

pytestmark = [pytest.mark.spark, pytest.mark.xdist_group("spark")]

#: Referrals, one naming an unknown referrer, one an unknown referred identity, one both.
REFERRALS = pl.DataFrame(
    {
        "referrer_id": ["a", "zz", "b", "yy", "a"],
        "contractor_id": ["b", "a", "xx", "ww", "c"],
        "at": [datetime(2025, 1, d, tzinfo=timezone.utc) for d in range(1, 6)],
        "n": [1, 2, None, 4, 5],
        ROW: [5, 4, 3, 2, 1],
    },
    schema_overrides={"n": pl.UInt32},
)


@pytest.fixture(scope="module")
def table() -> SparkTable:
    return SparkTable.of(to_spark(spark_session(), REFERRALS), REFERRALS.schema)


def test_a_spark_table_counts_its_rows_and_filled_columns(table: SparkTable) -> None:
    assert table.height == 5
    assert table.filled == frozenset(REFERRALS.columns)
    empty = SparkTable.of(to_spark(spark_session(), REFERRALS.clear()), REFERRALS.schema)
    assert (empty.height, empty.filled) == (0, frozenset())


def test_a_spark_table_gathers_as_polars_holds_it(table: SparkTable) -> None:
    in_order = REFERRALS.sort(ROW)
    assert table.gather().equals(in_order)
    assert table.rows_of(pl.Series(["c", "a"])).equals(
        in_order.filter(pl.col("contractor_id").is_in(["c", "a"]))
    )
    predicate = pl.col("n").is_null() | (pl.col("at").dt.day() > 3)
    assert table.rows_where(predicate).equals(in_order.filter(predicate))
    assert table.count_rows(pl.Series([1, 3, 9])) == 2


def test_a_spark_table_summarises_its_parts_where_they_are() -> None:
    # Four partitions, one of them empty: each part's answer comes back, typed.
    frame = to_spark(spark_session(), REFERRALS).repartition(4)
    table = SparkTable.of(frame, REFERRALS.schema)
    answer = pl.Schema({"rows": pl.UInt32, "latest": pl.Datetime("us", "UTC")})
    parts = table.per_part(
        lambda rows: rows.select(rows=pl.len(), latest=pl.col("at").max()), answer
    )
    assert parts.schema == answer
    assert parts["rows"].sum() == REFERRALS.height
    assert parts["latest"].max() == REFERRALS["at"].max()


def test_a_spark_table_rejects_unknown_ids_as_the_loader_does(table: SparkTable) -> None:
    known = pl.Series(["a", "b", "c"])
    columns = ("referrer_id", "contractor_id")
    kept, unknown, respelt = table.checked(known, columns)
    expected, rejects, _ = _known_rows({"referrals": REFERRALS}, {"referrals": columns}, known)
    assert kept.gather().equals(expected["referrals"].sort(ROW))
    assert kept.height == 2
    by_loader = pl.concat(rejects).select("row", "column").sort("row")
    assert unknown.equals(by_loader)
    assert unknown.rows() == [(2, "referrer_id"), (3, "contractor_id"), (4, "referrer_id")]
    assert respelt.is_empty()
    clean, none, _ = kept.checked(known, columns)
    assert clean is kept and none.is_empty()


def test_a_spark_table_reads_an_id_in_another_case_as_the_loader_does() -> None:
    # "A" names "a"; "Bb" could be "bb" or "BB", so it names neither.
    referrals = pl.DataFrame(
        {"referrer_id": ["A", "a", "Bb"], "contractor_id": ["bb", "A", "a"], ROW: [1, 2, 3]}
    )
    known = pl.Series(["a", "bb", "BB"])
    columns = ("referrer_id", "contractor_id")
    table = SparkTable.of(to_spark(spark_session(), referrals), referrals.schema)
    kept, unknown, respelt = table.checked(known, columns)
    loader = _known_rows({"referrals": referrals}, {"referrals": columns}, known)
    expected, rejects, changes = loader
    assert kept.gather().equals(expected["referrals"].sort(ROW))
    assert kept.gather()["referrer_id"].to_list() == ["a", "a"]
    assert unknown.rows() == [(3, "referrer_id")]
    assert unknown.equals(pl.concat(rejects).select("row", "column"))
    in_order = respelt.sort(pl.all())
    assert in_order.rows() == [("contractor_id", "A", "a"), ("referrer_id", "A", "a")]
    assert in_order.equals(pl.concat(changes).drop("table").sort(pl.all()))


def test_a_spark_table_releases_its_cached_rows_when_it_goes() -> None:
    cached = to_spark(spark_session(), REFERRALS).persist()
    table = SparkTable.of(cached, REFERRALS.schema, cached=cached)
    assert cached.is_cached and table.height == 5
    del table
    gc.collect()
    assert not cached.is_cached
