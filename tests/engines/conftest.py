"""Cases the Spark engine is compared on: the bundled sample and a generated case."""

from __future__ import annotations

from datetime import datetime

import polars as pl
import pytest

from tests.conftest import SAMPLE_CASE
from workbench.case import Case, load_case
from workbench.engines.spark_case_wide import fact_on_spark
from workbench.engines.spark_flags import CASE_WIDE
from workbench.flags.registry import FLAGS
from workbench.synth import synthesize
from workbench.tables import ROW

#: The moment the cases describe, for the tests of single passes. Without it
#: CONCURRENT_CLIENTS ends open engagements at the latest date of the whole engagements
#: table, which no bucket can know alone: `SparkStages` resolves it for the whole case.
AS_OF = datetime(2025, 12, 31)


@pytest.fixture(scope="module", params=["sample", "generated"])
def case(request, tmp_path_factory) -> Case:
    """The sample case, and a generated one with farms, hubs and every wider table."""
    if request.param == "sample":
        return load_case(SAMPLE_CASE)
    folder = tmp_path_factory.mktemp("engines") / "case"
    synthesize(folder, contractors=3000, rings=9, seed=11, fmt="parquet")
    return load_case(folder)


def with_facts(tables, schemas, orders, *, hubs: pl.DataFrame, buckets: int):
    """Spark tables, their schemas and orders, with every fact of the whole case the flags
    read made on Spark and added as `flags_by_component` takes them, as the engine does."""
    tables, schemas, orders = dict(tables), dict(schemas), dict(orders)
    for fact in dict.fromkeys(fact for flag in FLAGS for fact in flag.case_wide):
        name = CASE_WIDE + fact.key
        tables[name], schemas[name] = fact_on_spark(
            fact, tables, schemas=schemas, buckets=buckets, orders=orders, hubs=hubs
        )
        orders[name] = [ROW] if ROW in schemas[name] else []
    return tables, schemas, orders


def assert_same_rows(answered, expected: pl.DataFrame) -> None:
    """A Spark answer holds exactly the rows of one machine's frame, in any order."""
    found = pl.from_arrow(answered.toArrow())
    assert isinstance(found, pl.DataFrame)
    assert found.sort(expected.columns).equals(expected.sort(expected.columns))


def stop_spark() -> None:
    """Stop the active Spark session and its JVM.

    Settings a JVM reads when it starts (the driver's heap) and those a stopped
    session leaves behind in it (``spark.driver.maxResultSize``) would otherwise
    carry over to the next session of the test run.
    """
    from pyspark import SparkContext
    from pyspark.sql import SparkSession

    if (active := SparkSession.getActiveSession()) is not None:
        active.stop()
    gateway = SparkContext._gateway
    if gateway is not None:
        gateway.shutdown()
        if gateway.proc is not None:
            gateway.proc.stdin.close()  # the JVM exits when its stdin closes
            gateway.proc.wait()
        SparkContext._gateway = None
        SparkContext._jvm = None
