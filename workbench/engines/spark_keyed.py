"""Stages local to a key, run on Spark by their own polars definitions.

A stage is *local to a key* when the rows of one key (one contractor, one
shared value) are all it needs to answer for that key: the answer on the
whole case is the answers on any split of the keys, put together. Such a
stage needs no Spark translation. `run_by_key` hashes the keys into
buckets, brings every table's rows of one bucket to one Python worker, and
calls the stage's own polars function there, on frames with the same
schema as on one machine.

The rows travel packed: each stretch of a table's partition becomes one
compressed Arrow IPC message per bucket (`packed_by_bucket`), and a bucket's
worker unpacks its messages table by table (`unpacked_tables`). Spark then
shuffles a few messages per bucket, not every row of every table side by side.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl
import pyarrow as pa

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

#: Columns `run_by_key` adds to route rows; no case table may use these names.
BUCKET, TABLE, ROWS = "_bucket", "_table", "_rows"

#: The column of a stage's answer that holds several frames (`parted`): which one a row is of.
PART = "_part"

#: A packed table's rows: the bucket, the table's name, and one Arrow IPC message of its
#: rows in that bucket (`packed_by_bucket`).
PACKED_SCHEMA = f"{BUCKET} int, {TABLE} string, {ROWS} binary"

#: The bytes of a table's rows a worker holds before it packs them by bucket: bounds the
#: worker's memory and each message's size, whatever the size of a partition.
PACK_BYTES = 64 * 2**20

#: A key-local stage: the tables of one bucket of keys in, its answer rows out.
Stage = Callable[[dict[str, pl.DataFrame]], pl.DataFrame]


#: Polars types Spark cannot hold, and the type each travels as; `unpacked_tables`
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
    return spark.createDataFrame(with_stand_ins(frame).to_arrow())


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
    with_stand_ins(frame).write_parquet(path)
    return spark.read.parquet(str(path))


def with_stand_ins(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with its columns of `SPARK_STAND_INS` types cast to their stand-ins.

    Examples
    --------
    >>> with_stand_ins(pl.DataFrame({"n": [1]}, schema={"n": pl.UInt32})).dtypes
    [Int64]
    """
    return frame.with_columns(
        pl.col(name).cast(SPARK_STAND_INS[type(dtype)])
        for name, dtype in frame.schema.items()
        if type(dtype) in SPARK_STAND_INS
    )


def packed_by_bucket(
    frame: DataFrame, *, name: str, key: str, buckets: int, stretch_bytes: int = PACK_BYTES
) -> DataFrame:
    """The rows of table ``name`` as `PACKED_SCHEMA` rows: for each stretch of a partition
    (Arrow batches until they reach ``stretch_bytes``), one lz4-compressed Arrow IPC message
    per bucket of ``key``.

    The rows are not shuffled here; only the messages are, by `run_by_key`.

    Examples
    --------
    >>> from workbench.engines.spark_session import spark_session
    >>> logins = spark_session().createDataFrame([("a", 1), ("a", 2), ("b", 5)],
    ...                                          "contractor_id string, n long")
    >>> packed = packed_by_bucket(logins.coalesce(1), name="logins", key="contractor_id",
    ...                           buckets=1)
    >>> [(row[BUCKET], row[TABLE], pl.read_ipc_stream(row[ROWS])["n"].to_list())
    ...  for row in packed.collect()]
    [(0, 'logins', [1, 2, 5])]
    """
    from pyspark.sql import functions as F

    def pack(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        held: list[pa.RecordBatch] = []
        size = 0
        for batch in batches:
            held.append(batch)
            size += batch.nbytes
            if size >= stretch_bytes:
                yield from _messages(name, held)
                held, size = [], 0
        if held:
            yield from _messages(name, held)

    bucket = F.pmod(F.xxhash64(key), F.lit(buckets)).cast("int").alias(BUCKET)
    return frame.select(bucket, *frame.columns).mapInArrow(pack, PACKED_SCHEMA)


def _messages(name: str, batches: list[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """One `PACKED_SCHEMA` row per bucket of ``batches``: its rows as one IPC message."""
    rows = pl.from_arrow(pa.Table.from_batches(batches))
    assert isinstance(rows, pl.DataFrame)
    for (bucket,), own in rows.partition_by(BUCKET, as_dict=True, maintain_order=True).items():
        message = own.drop(BUCKET).write_ipc_stream(None, compression="lz4").getvalue()
        yield pa.RecordBatch.from_arrays(
            [pa.array([bucket], pa.int32()), pa.array([name]), pa.array([message], pa.binary())],
            names=[BUCKET, TABLE, ROWS],
        )


def unpacked_tables(
    packed: pl.DataFrame,
    schemas: Mapping[str, pl.Schema],
    orders: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, pl.DataFrame]:
    """The case tables of one bucket's `packed_by_bucket` messages, unpacked and typed.

    A table with no message here is empty; every table gets exactly its schema
    from ``schemas``, and its rows the order one machine holds them in
    (``orders``: the columns each table is sorted by), since Spark keeps no order.

    Examples
    --------
    >>> def message(frame):
    ...     return frame.write_ipc_stream(None, compression="lz4").getvalue()
    >>> packed = pl.DataFrame({TABLE: ["logins", "payments", "logins"], ROWS: [
    ...     message(pl.DataFrame({"contractor_id": ["c2"]})),
    ...     message(pl.DataFrame({"contractor_id": ["c1"]})),
    ...     message(pl.DataFrame({"contractor_id": ["c1"]}))]})
    >>> schemas = {"logins": pl.Schema({"contractor_id": pl.String}),
    ...            "payments": pl.Schema({"contractor_id": pl.String}),
    ...            "shipments": pl.Schema({"contractor_id": pl.String})}
    >>> tables = unpacked_tables(packed, schemas, {"logins": ["contractor_id"]})
    >>> {name: frame.height for name, frame in tables.items()}
    {'logins': 2, 'payments': 1, 'shipments': 0}
    >>> tables["logins"]["contractor_id"].to_list()
    ['c1', 'c2']
    """
    messages: dict[str, list[bytes]] = {}
    for name, message in packed.select(TABLE, ROWS).iter_rows():
        messages.setdefault(name, []).append(message)
    tables = {}
    for name, schema in schemas.items():
        parts = [pl.read_ipc_stream(message) for message in messages.get(name, [])]
        own = pl.concat(parts) if parts else pl.DataFrame(schema=schema)
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
    packed = None
    for name, frame in tables.items():
        rows = packed_by_bucket(frame, name=name, key=key, buckets=buckets)
        packed = rows if packed is None else packed.unionByName(rows)
    if packed is None:
        raise ValueError("run_by_key needs at least one table")
    target = arrow_schema(answer)
    schemas, orders, whole = dict(schemas), dict(orders or {}), dict(shared or {})

    def run_bucket(bucket: pa.Table) -> pa.Table:
        frame = pl.from_arrow(bucket)
        assert isinstance(frame, pl.DataFrame)
        answered = stage(unpacked_tables(frame, schemas, orders) | whole)
        typed = answered.select(pl.col(name).cast(dtype) for name, dtype in answer.items())
        return typed.to_arrow().cast(target)

    return packed.groupBy(BUCKET).applyInArrow(run_bucket, spark_schema(answer))


def parts_schema(parts: Mapping[str, pl.Schema]) -> pl.Schema:
    """The schema of an answer that holds several frames (`parted`): `PART`, then each
    part's columns under its name as a prefix.

    Examples
    --------
    >>> parts_schema({"rows": pl.Schema({"ip": pl.String}), "counts": pl.Schema({"n": pl.Int64})})
    Schema([('_part', String), ('rows_ip', String), ('counts_n', Int64)])
    """
    prefixed = {
        f"{part}_{name}": dtype for part, schema in parts.items() for name, dtype in schema.items()
    }
    return pl.Schema({PART: pl.String(), **prefixed})


def parted(frames: Mapping[str, pl.DataFrame], schema: pl.Schema) -> pl.DataFrame:
    """Several frames as one answer of ``schema`` (`parts_schema`): a stage that makes more
    than one frame returns them so, and `part_of` takes each back on Spark.

    Examples
    --------
    >>> frames = {"rows": pl.DataFrame({"ip": ["x"]}), "counts": pl.DataFrame({"n": [2]})}
    >>> parted(frames, parts_schema({name: f.schema for name, f in frames.items()})).rows()
    [('rows', 'x', None), ('counts', None, 2)]
    """
    return pl.concat(
        [
            frame.select(pl.all().name.prefix(f"{part}_")).with_columns(pl.lit(part).alias(PART))
            for part, frame in frames.items()
        ],
        how="diagonal",
    ).select(schema.names())


def part_of(answer: DataFrame, part: str, schema: pl.Schema) -> DataFrame:
    """The rows of one part of a `parted` answer on Spark, with that part's own columns
    (``schema``: the part's schema, as given to `parts_schema`)."""
    from pyspark.sql import functions as F

    return answer.where(F.col(PART) == part).select(
        *(F.col(f"{part}_{name}").alias(name) for name in schema)
    )


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
    return pa.schema(pa.field(f.name, _small(f.type)) for f in empty.schema)


def _small(arrow_type: pa.DataType) -> pa.DataType:
    """``arrow_type`` with 32-bit offsets, as Spark takes strings, bytes and lists."""
    if pa.types.is_large_string(arrow_type):
        return pa.string()
    if pa.types.is_large_binary(arrow_type):
        return pa.binary()
    if pa.types.is_large_list(arrow_type):
        return pa.list_(pa.field("element", _small(arrow_type.value_type)))
    return arrow_type


def spark_schema(schema: pl.Schema) -> str:
    """Spark's DDL for a flat polars schema of strings, numbers, booleans, dates, UTC times,
    bytes and lists of strings or integers, `SPARK_STAND_INS` standing in for the types
    Spark cannot hold.

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
        pl.List(pl.Int64): "array<bigint>",
        pl.Binary: "binary",
    }
    return ", ".join(f"{name} {names[dtype]}" for name, dtype in _travelling(schema).items())
