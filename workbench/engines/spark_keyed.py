"""Stages local to a key, run on Spark by their own polars definitions.

A stage is *local to a key* when the rows of one key (one contractor, one
shared value) are all it needs to answer for that key: the answer on the
whole case is the answers on any split of the keys, put together. Such a
stage needs no Spark translation. `run_by_key` hashes the keys into
buckets, brings every table's rows of one bucket to one Python worker, and
calls the stage's own polars function there, on frames with the same
schema as on one machine.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl
import pyarrow as pa

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

#: Columns `run_by_key` adds to route rows; no case table may use these names.
BUCKET, TABLE = "_bucket", "_table"

#: A key-local stage: the tables of one bucket of keys in, its answer rows out.
Stage = Callable[[dict[str, pl.DataFrame]], pl.DataFrame]


#: Polars types Spark cannot hold, and the type each travels as; `split_tables`
#: casts them back, so a stage never sees the difference.
SPARK_STAND_INS: dict[type[pl.DataType], pl.DataType] = {
    pl.Categorical: pl.String(),
    pl.UInt8: pl.Int16(),
    pl.UInt16: pl.Int32(),
    pl.UInt32: pl.Int64(),
}


def to_spark(spark: SparkSession, frame: pl.DataFrame) -> DataFrame:
    """A polars frame as a Spark DataFrame, its columns of `SPARK_STAND_INS` types cast.

    The rows travel inside the driver's JVM, which holds them as long as the
    DataFrame is used; `staged` leaves them on disk instead.

    Examples
    --------
    >>> from workbench.engines.spark_session import spark_session
    >>> frame = pl.DataFrame({"n": [1]}, schema={"n": pl.UInt32})
    >>> to_spark(spark_session(), frame).dtypes
    [('n', 'bigint')]
    """
    return spark.createDataFrame(_with_stand_ins(frame).to_arrow())


def staged(spark: SparkSession, frame: pl.DataFrame, path: Path) -> DataFrame:
    """A polars frame as a Spark DataFrame that Spark reads from a parquet file at ``path``,
    its columns of `SPARK_STAND_INS` types cast.

    Unlike `to_spark`, the rows do not sit in the driver's JVM: each task reads
    its part of the file. ``path`` must be readable wherever tasks run (on one
    machine, any local path) and kept as long as the DataFrame is used.

    Examples
    --------
    >>> import tempfile
    >>> from workbench.engines.spark_session import spark_session
    >>> frame = pl.DataFrame({"n": [1, 2]}, schema={"n": pl.UInt32})
    >>> found = staged(spark_session(), frame, Path(tempfile.mkdtemp()) / "n.parquet")
    >>> found.dtypes, found.count()
    ([('n', 'bigint')], 2)
    """
    _with_stand_ins(frame).write_parquet(path)
    return spark.read.parquet(str(path))


def _with_stand_ins(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with its columns of `SPARK_STAND_INS` types cast to their stand-ins."""
    return frame.with_columns(
        pl.col(name).cast(SPARK_STAND_INS[type(dtype)])
        for name, dtype in frame.schema.items()
        if type(dtype) in SPARK_STAND_INS
    )


def split_tables(
    rows: pl.DataFrame,
    schemas: Mapping[str, pl.Schema],
    orders: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, pl.DataFrame]:
    """The case tables packed in ``rows`` (one struct column per table), unpacked and typed.

    Each row of ``rows`` carries one table's row in the struct column named
    after the table, and that name in `TABLE`. A table with no row here is
    empty; every table gets exactly its schema from ``schemas``, and its rows
    the order one machine holds them in (``orders``: the columns each table
    is sorted by), since Spark keeps no order.

    Examples
    --------
    >>> rows = pl.DataFrame({TABLE: ["logins", "payments", "logins"],
    ...     "logins": [{"contractor_id": "c2"}, None, {"contractor_id": "c1"}],
    ...     "payments": [None, {"contractor_id": "c1"}, None]})
    >>> schemas = {"logins": pl.Schema({"contractor_id": pl.String}),
    ...            "payments": pl.Schema({"contractor_id": pl.String}),
    ...            "shipments": pl.Schema({"contractor_id": pl.String})}
    >>> tables = split_tables(rows, schemas, {"logins": ["contractor_id"]})
    >>> {name: frame.height for name, frame in tables.items()}
    {'logins': 2, 'payments': 1, 'shipments': 0}
    >>> tables["logins"]["contractor_id"].to_list()
    ['c1', 'c2']
    """
    tables = {}
    for name, schema in schemas.items():
        if name in rows.columns:
            own = rows.filter(pl.col(TABLE) == name).select(pl.col(name).struct.unnest())
        else:
            own = pl.DataFrame(schema=schema)
        typed = own.select(pl.col(c).cast(t) for c, t in schema.items())
        order = (orders or {}).get(name)
        tables[name] = typed.sort(order) if order else typed
    return tables


def run_by_key(
    tables: Mapping[str, DataFrame],
    *,
    key: str,
    schemas: Mapping[str, pl.Schema],
    stage: Stage,
    answer: pl.Schema,
    buckets: int,
    orders: Mapping[str, Sequence[str]] | None = None,
    shared: Mapping[str, pl.DataFrame] | None = None,
) -> DataFrame:
    """A key-local ``stage``'s answer over Spark tables, one bucket of keys per Python call.

    Parameters
    ----------
    tables : Spark DataFrames by name, each with the column ``key``.
    key : the column the stage is local to (``contractor_id``…).
    schemas : each table's polars schema as one machine loads it; the stage
        sees exactly these types (Spark has no categoricals or unsigned ints).
    stage : the polars function, given every table's rows of one bucket.
    answer : the polars schema of the stage's answer; its columns of
        `SPARK_STAND_INS` types travel as their stand-ins, which whoever
        collects the answer casts back.
    buckets : how many buckets the keys are hashed into: more buckets, smaller
        Python calls. A bucket's rows must fit one worker's memory.
    orders : the columns each table is sorted by on one machine; the stage
        sees a bucket's rows in that order (a stage may take a first row).
    shared : small polars tables without the key (a watchlist), given whole
        to every bucket.

    Returns
    -------
    The answers of every bucket, as one Spark DataFrame; nothing is collected
    on the driver. Row order is Spark's: sort before comparing.

    Examples
    --------
    >>> from workbench.engines.spark_session import spark_session
    >>> spark = spark_session()
    >>> logins = spark.createDataFrame([("a", 1), ("a", 2), ("b", 5)],
    ...                                "contractor_id string, n long")
    >>> count = lambda t: t["logins"].group_by("contractor_id").agg(logins=pl.len())
    >>> sorted(run_by_key({"logins": logins}, key="contractor_id",
    ...     schemas={"logins": pl.Schema({"contractor_id": pl.String, "n": pl.Int64})},
    ...     stage=count, answer=pl.Schema({"contractor_id": pl.String, "logins": pl.Int64}),
    ...     buckets=2).collect())
    [Row(contractor_id='a', logins=2), Row(contractor_id='b', logins=1)]
    """
    from pyspark.sql import functions as F

    packed = None
    for name, frame in tables.items():
        rows = frame.select(
            F.pmod(F.xxhash64(key), F.lit(buckets)).alias(BUCKET),
            F.lit(name).alias(TABLE),
            F.struct(*frame.columns).alias(name),
        )
        packed = rows if packed is None else packed.unionByName(rows, allowMissingColumns=True)
    if packed is None:
        raise ValueError("run_by_key needs at least one table")
    target = arrow_schema(answer)
    schemas, orders, whole = dict(schemas), dict(orders or {}), dict(shared or {})

    def run_bucket(bucket: pa.Table) -> pa.Table:
        frame = pl.from_arrow(bucket)
        assert isinstance(frame, pl.DataFrame)
        answered = stage(split_tables(frame, schemas, orders) | whole)
        typed = answered.select(pl.col(name).cast(dtype) for name, dtype in answer.items())
        return typed.to_arrow().cast(target)

    return packed.groupBy(BUCKET).applyInArrow(run_bucket, spark_schema(answer))


def _travelling(schema: pl.Schema) -> pl.Schema:
    """``schema`` with each type of `SPARK_STAND_INS` replaced by the type it travels as.

    Examples
    --------
    >>> _travelling(pl.Schema({"id": pl.String, "n": pl.UInt32}))
    Schema([('id', String), ('n', Int64)])
    """
    return pl.Schema(
        {name: SPARK_STAND_INS.get(type(dtype), dtype) for name, dtype in schema.items()}
    )


def arrow_schema(schema: pl.Schema) -> pa.Schema:
    """The Arrow schema Spark expects for a polars schema: ``string``, not ``large_string``,
    and `SPARK_STAND_INS` for the types Spark cannot hold.

    Examples
    --------
    >>> arrow_schema(pl.Schema({"at": pl.Datetime("us", "UTC"), "n": pl.UInt32})).types
    [TimestampType(timestamp[us, tz=UTC]), DataType(int64)]
    """
    empty = pl.DataFrame(schema=_travelling(schema)).to_arrow()
    return pa.schema(
        pa.field(f.name, pa.string()) if pa.types.is_large_string(f.type) else f
        for f in empty.schema
    )


def spark_schema(schema: pl.Schema) -> str:
    """Spark's DDL for a flat polars schema of strings, numbers, booleans, dates, UTC times
    and lists of strings, `SPARK_STAND_INS` standing in for the types Spark cannot hold.

    Examples
    --------
    >>> spark_schema(pl.Schema({"at": pl.Datetime("us", "UTC"), "n": pl.UInt32}))
    'at timestamp, n bigint'
    """
    names = {
        pl.String: "string",
        pl.Float64: "double",
        pl.Int64: "bigint",
        pl.Boolean: "boolean",
        pl.Date: "date",
        pl.Datetime("us", "UTC"): "timestamp",
        pl.List(pl.String): "array<string>",
    }
    return ", ".join(f"{name} {names[dtype]}" for name, dtype in _travelling(schema).items())
