"""Key-local stages on Spark (local mode) answer exactly as on one machine."""

from __future__ import annotations

from datetime import datetime, timezone

import polars as pl
import pytest

from tests.engines.conftest import AS_OF, assert_same_rows
from workbench.case_tables import TableHandle
from workbench.engines.spark_engine import ORDERS
from workbench.engines.spark_flags import FLAG_ROWS
from workbench.engines.spark_keyed import (
    BUCKET,
    packed_by_bucket,
    run_by_key,
    to_spark,
    unpacked_tables,
)
from workbench.engines.spark_observe import collect_as
from workbench.engines.spark_session import spark_session
from workbench.flags.context import FlagContext
from workbench.flags.evaluate import evaluate
from workbench.flags.registry import CONDUCT_FLAGS
from workbench.investigation import _NO_HUBS
from workbench.kinds import KINDS
from workbench.observe import observe_all

#: Every Spark test shares one local session, on one xdist worker.
pytestmark = [pytest.mark.spark, pytest.mark.xdist_group("spark")]


@pytest.fixture(scope="module")
def spark():
    return spark_session()


def conduct_flags(tables: dict[str, pl.DataFrame]) -> pl.DataFrame:
    observations = tables.pop("observations")
    context = FlagContext(
        tables=tables, sightings=TableHandle(observations), hubs=_NO_HUBS, as_of=AS_OF
    )
    return evaluate(context, flags=CONDUCT_FLAGS).flags


def test_conduct_flags_by_contractor_on_spark_equal_the_whole_case(spark, case):
    observations = observe_all(case, KINDS).observations
    keyed = {n: f for n, f in case.tables.items() if "contractor_id" in f.columns}
    keyed["observations"] = observations
    shared = {n: f for n, f in case.tables.items() if n not in keyed}
    expected = conduct_flags(dict(keyed) | shared)
    assert expected.height > 0

    answered = run_by_key(
        {name: to_spark(spark, frame) for name, frame in keyed.items()},
        key="contractor_id",
        schemas={name: frame.schema for name, frame in keyed.items()},
        stage=conduct_flags,
        answer=FLAG_ROWS,
        buckets=3,
        orders=ORDERS,
        shared=shared,
    )
    assert_same_rows(answered, expected)


def test_answers_with_utc_times_and_unsigned_counts_travel_and_come_back(spark):
    utc = timezone.utc
    logins = pl.DataFrame(
        {
            "contractor_id": ["a", "b", "a"],
            "ts": [datetime(2025, 1, 2, tzinfo=utc), datetime(2025, 3, 1, tzinfo=utc), None],
        },
        schema={"contractor_id": pl.String, "ts": pl.Datetime("us", "UTC")},
    )
    answer = pl.Schema(
        {"contractor_id": pl.String(), "first": pl.Datetime("us", "UTC"), "logins": pl.UInt32()}
    )

    def first_login(tables: dict[str, pl.DataFrame]) -> pl.DataFrame:
        by_id = tables["logins"].group_by("contractor_id")
        return by_id.agg(first=pl.col("ts").min(), logins=pl.len())

    answered = run_by_key(
        {"logins": to_spark(spark, logins)},
        key="contractor_id",
        schemas={"logins": logins.schema},
        stage=first_login,
        answer=answer,
        buckets=2,
    )
    assert answered.dtypes == [
        ("contractor_id", "string"),
        ("first", "timestamp"),
        ("logins", "bigint"),
    ]
    expected = first_login({"logins": logins}).cast(answer).sort("contractor_id")
    assert collect_as(answered, answer, ["contractor_id"]).equals(expected)


def test_a_table_packed_in_many_stretches_unpacks_to_its_rows(spark):
    logins = pl.DataFrame({"contractor_id": [f"c{i % 7}" for i in range(500)], "n": range(500)})
    batch_rows = "spark.sql.execution.arrow.maxRecordsPerBatch"
    before = spark.conf.get(batch_rows)
    spark.conf.set(batch_rows, "40")
    try:
        frame = to_spark(spark, logins).repartition(3)
        packed = packed_by_bucket(
            frame, name="logins", key="contractor_id", buckets=2, stretch_bytes=1
        )
        messages = pl.from_arrow(packed.toArrow())
    finally:
        spark.conf.set(batch_rows, before)
    assert isinstance(messages, pl.DataFrame)
    # Every 40-row batch is a stretch of its own: many messages per bucket and partition.
    assert messages.height > 2 * 3
    schemas = {"logins": pl.Schema({"contractor_id": pl.String, "n": pl.Int64})}
    unpacked = [
        unpacked_tables(bucket, schemas, {"logins": ["n"]})["logins"]
        for bucket in messages.partition_by(BUCKET)
    ]
    assert pl.concat(unpacked).sort("n").equals(logins)
    # Each contractor's rows are all in one bucket.
    assert len(unpacked) == 2
    assert not set(unpacked[0]["contractor_id"]) & set(unpacked[1]["contractor_id"])
