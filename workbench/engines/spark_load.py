"""Loading the tables a case.toml names as Spark tables or paths, typed on the executors.

A platform's logins or payments may sit in a catalog table or a Delta folder
on object storage (`workbench.sources`). Spark reads such a source where it
is; its column names are cleaned and mapped as a file's header would be, and
its records numbered; then every batch of records is typed on the executors
by the loader's own `workbench.coerce.coerce`, which reads each record alone.
The typed rows stay on the executors (`workbench.engines.spark_table.SparkTable`):
the driver gathers only the rejects and the ids read other than as given,
and the rows' count and filled columns. The checks across tables (duplicate
and unknown contractor ids) run where each table is (`workbench.case.load_case`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import partial
from typing import TYPE_CHECKING

import polars as pl
import pyarrow as pa

from workbench.case import LoadedTable, SourceReader, mapped_names, require_columns
from workbench.coerce import ID_CHANGE_SCHEMA, coerce, day_month_by_column, empty_table
from workbench.date_layouts import DayMonthEvidence
from workbench.engines.spark_keyed import arrow_schema, spark_schema
from workbench.engines.spark_table import SparkTable
from workbench.errors import CaseError
from workbench.readers import (
    COMPLAINT_LIMIT,
    REJECT_SCHEMA,
    check_column_names,
    clean_column_name,
    with_text_stand_ins,
)
from workbench.sources import Source
from workbench.tables import ROW, TableSpec

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

#: The column of a batch's answer that says which frame a row belongs to.
PART = "_part"
ROWS, REJECTS, ID_CHANGES = "rows", "rejects", "id_changes"

#: Prefixes that keep the rejects' and the id changes' columns apart from a table's own.
REJECT_PREFIX, CHANGE_PREFIX = "_reject_", "_change_"

#: Bits of `monotonically_increasing_id` that count records within a partition.
PARTITION_SHIFT = 33


def source_reader(spark: SparkSession) -> SourceReader:
    """`load_source` on ``spark``, as `workbench.case.load_case` takes it.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from workbench.case import load_case
    >>> from workbench.engines.spark_session import spark_session
    >>> folder = Path(tempfile.mkdtemp())
    >>> pl.DataFrame({"contractor_id": ["c1"]}).write_parquet(folder / "people.parquet")
    >>> _ = (folder / "case.toml").write_text('[sources.contractors]\\npath = "people.parquet"\\n')
    >>> case = load_case(folder, read_source=source_reader(spark_session()))
    >>> case.tables["contractors"]["contractor_id"].to_list(), case.sources["contractors"].format
    (['c1'], 'parquet')
    """
    return partial(load_source, spark)


def load_source(
    spark: SparkSession, source: Source, spec: TableSpec, renames: Mapping[str, str]
) -> LoadedTable:
    """One case table read from its source on Spark and typed on the executors, where it stays.

    Parameters
    ----------
    spark : the session that reads the source.
    source : where the table is (`workbench.sources.Source`).
    spec : the table's spec.
    renames : the case's column mapping for the table (user's name → contract's).

    Returns
    -------
    The table as `workbench.case.load_case` holds a file's, its rows held on
    Spark (`SparkTable`): the contract's columns typed, ``source_row`` (the
    ``row`` column the source names, or the record's position as Spark reads
    it, from 1), rejects for values that could not be read, and the records
    read.

    Raises
    ------
    CaseError
        Naming the source: it cannot be read, two columns share a name, a
        required column is missing, or its ``row`` column does not hold a
        distinct whole number for every record.
    """
    where = f"case.toml [sources.{source.table}] ({source.described})"
    with _read_errors(where):
        return _loaded(spark, source, spec, renames, where)


def _loaded(
    spark: SparkSession, source: Source, spec: TableSpec, renames: Mapping[str, str], where: str
) -> LoadedTable:
    """`load_source`, its errors named after ``where``."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    read = _read(spark, source)
    names = [clean_column_name(name) for name in read.columns]
    check_column_names(where, names)
    mapped = mapped_names(names, renames, where)
    columns = [mapped.get(name, name) for name in names]
    require_columns(columns, spec, where)  # before any record is read
    present = tuple(c for c in spec.names if c in columns)
    ignored = tuple(c for c in columns if c not in spec.names)
    numbered, records, cached = _numbered(read.toDF(*names), source, where)
    renamed = numbered.withColumnsRenamed(mapped)
    typed_schema = empty_table(spec).schema
    answer = _answer_schema(typed_schema)
    day_month = _day_month(renamed, spec)
    coerced = partial(_coerced_batches, spec=spec, answer=answer, day_month=day_month)
    answered = (
        renamed.select(*present, ROW)
        .mapInArrow(coerced, spark_schema(answer))
        .persist(StorageLevel.MEMORY_AND_DISK)
    )
    try:
        # Reading the rejects and id changes types every record once; the typed rows stay.
        side = pl.from_arrow(answered.where(F.col(PART) != ROWS).toArrow())
    finally:
        cached.unpersist()
    assert isinstance(side, pl.DataFrame)
    rows = answered.where(F.col(PART) == ROWS).select(*typed_schema.names())
    return LoadedTable(
        frame=SparkTable.of(rows, typed_schema, cached=answered),
        rejects=[_part(side, REJECTS, REJECT_SCHEMA, REJECT_PREFIX)],
        id_changes=_part(side, ID_CHANGES, ID_CHANGE_SCHEMA, CHANGE_PREFIX).unique().sort(pl.all()),
        present=present,
        ignored=ignored,
        records=records,
    )


def _read(spark: SparkSession, source: Source) -> DataFrame:
    """The source as Spark reads it."""
    if source.spark_table is not None:
        return spark.read.options(**source.options).table(source.spark_table)
    return spark.read.format(source.format).options(**source.options).load(source.path)


#: Spark's name for an error, in brackets at the start of its message: ``[PATH_NOT_FOUND]``.
ERROR_CLASS = re.compile(r"\[[A-Z][A-Z0-9_.]*\][^\n]*")


@contextmanager
def _read_errors(where: str) -> Iterator[None]:
    """Spark's failures to read a source (when it is named, or as its records are read) as
    one-line `CaseError`s naming it: the innermost of Spark's errors, without a Java trace."""
    from py4j.protocol import Py4JJavaError
    from pyspark.errors import PySparkException

    try:
        yield
    except (PySparkException, Py4JJavaError) as error:
        text = str(error.java_exception) if isinstance(error, Py4JJavaError) else str(error)
        named = ERROR_CLASS.findall(text)
        said = named[-1] if named else (text.strip().splitlines() or ["unknown error"])[0]
        raise CaseError(
            f"{where}: cannot be read ({said.strip()[:COMPLAINT_LIMIT].rstrip()})"
        ) from None


def _numbered(read: DataFrame, source: Source, where: str) -> tuple[DataFrame, int, DataFrame]:
    """The source's records with ``source_row``, how many there are, and the frame persisted
    on the executors to number them (to unpersist once the records are typed).

    With a ``row`` column, a record's number is its value there; without one,
    its position as Spark reads the source.
    """
    from pyspark import StorageLevel

    if source.row is None:
        persisted = read.persist(StorageLevel.MEMORY_AND_DISK)
        numbering = _by_position
    else:
        column = clean_column_name(source.row)
        _check_row_column(read, column, where)
        persisted = read.persist(StorageLevel.MEMORY_AND_DISK)
        numbering = partial(_by_column, column=column, where=where)
    try:
        numbered, records = numbering(persisted)
    except BaseException:
        persisted.unpersist()
        raise
    return numbered, records, persisted


def _check_row_column(read: DataFrame, column: str, where: str) -> None:
    """Stop unless the source has ``column``, of whole numbers."""
    from pyspark.sql.types import IntegralType

    if column not in read.columns:
        raise CaseError(f"{where}: its row column '{column}' is not in the source")
    if not isinstance(read.schema[column].dataType, IntegralType):
        raise CaseError(
            f"{where}: its row column '{column}' must hold whole numbers"
            f" (it holds {read.schema[column].dataType.simpleString()})"
        )


def _by_column(read: DataFrame, column: str, where: str) -> tuple[DataFrame, int]:
    """The records numbered by ``column``, which must name every one once."""
    from pyspark.sql import functions as F

    numbered = read.withColumn(ROW, F.col(column).cast("long"))
    records, given, distinct = numbered.agg(
        F.count(F.lit(1)), F.count(ROW), F.count_distinct(ROW)
    ).first()  # type: ignore[misc]
    if not records == given == distinct:
        raise CaseError(
            f"{where}: its row column '{column}' must name every record once"
            f" ({records - given:,} records without one, {given - distinct:,} repeated)"
        )
    return numbered, int(records)


def _by_position(read: DataFrame) -> tuple[DataFrame, int]:
    """The records numbered from 1 in the order Spark reads them: each partition's count
    gives where its records start."""
    from pyspark.sql import functions as F

    ided = read.withColumn("_id", F.monotonically_increasing_id())
    partition = F.shiftright("_id", PARTITION_SHIFT)
    counts = sorted(ided.groupBy(partition.alias("_p")).count().collect())
    starts, start = [], 0
    for part, count in counts:
        starts.append((part, start))
        start += count
    offsets = read.sparkSession.createDataFrame(starts, "_p long, _start long")
    within = F.col("_id").bitwiseAND(F.lit((1 << PARTITION_SHIFT) - 1))
    numbered = (
        ided.withColumn("_p", partition)
        .join(F.broadcast(offsets), "_p")
        .withColumn(ROW, F.col("_start") + within + F.lit(1))
        .drop("_id", "_p", "_start")
    )
    return numbered, start


def _answer_schema(typed: pl.Schema) -> pl.Schema:
    """One batch's answer: the typed rows' columns, the rejects' and id changes' (prefixed),
    and `PART`."""
    return pl.Schema(
        {
            PART: pl.String(),
            **typed,
            **{REJECT_PREFIX + name: dtype for name, dtype in REJECT_SCHEMA.items()},
            **{CHANGE_PREFIX + name: dtype for name, dtype in ID_CHANGE_SCHEMA.items()},
        }
    )


def _day_month(read: DataFrame, spec: TableSpec) -> dict[str, DayMonthEvidence]:
    """What each date and time column's numeric dates say of their order, over the whole source.

    Each batch's evidence is found on the executors by the loader's own
    `day_month_by_column`; only each column's two maxima reach the driver.
    Every batch is then typed in the order the whole column tells, as one
    machine types the table at once.
    """
    from pyspark.sql import functions as F

    dated = [c.name for c in spec.columns if c.type in ("datetime", "date")]
    if not (columns := [name for name in dated if name in read.columns]):
        return {}
    evidence = (
        read.select(*columns)
        .mapInArrow(
            partial(_day_month_batches, spec=spec), "column string, first long, second long"
        )
        .groupBy("column")
        .agg(F.max("first").alias("first"), F.max("second").alias("second"))
        .collect()
    )
    return {row["column"]: DayMonthEvidence(row["first"], row["second"]) for row in evidence}


def _day_month_batches(
    batches: Iterator[pa.RecordBatch], spec: TableSpec
) -> Iterator[pa.RecordBatch]:
    """`day_month_by_column` of each batch, one row per column."""
    for batch in batches:
        raw = pl.from_arrow(batch)
        assert isinstance(raw, pl.DataFrame)
        found = day_month_by_column(with_text_stand_ins(raw), spec)
        yield pa.RecordBatch.from_pylist(
            [{"column": name, "first": e.first, "second": e.second} for name, e in found.items()],
            schema=pa.schema(
                [("column", pa.string()), ("first", pa.int64()), ("second", pa.int64())]
            ),
        )


def _coerced_batches(
    batches: Iterator[pa.RecordBatch],
    spec: TableSpec,
    answer: pl.Schema,
    day_month: Mapping[str, DayMonthEvidence],
) -> Iterator[pa.RecordBatch]:
    """`coerce` on each batch of a source's records, numeric dates read in the order the
    whole source tells: typed rows, rejects and id changes in one frame, `PART` telling
    them apart."""
    target = arrow_schema(answer)
    for batch in batches:
        raw = pl.from_arrow(batch)
        assert isinstance(raw, pl.DataFrame)
        typed = coerce(with_text_stand_ins(raw), spec, day_month)
        parts = pl.concat(
            [
                typed.frame.with_columns(pl.lit(ROWS).alias(PART)),
                typed.rejects.select(pl.all().name.prefix(REJECT_PREFIX)).with_columns(
                    pl.lit(REJECTS).alias(PART)
                ),
                typed.id_changes.select(pl.all().name.prefix(CHANGE_PREFIX)).with_columns(
                    pl.lit(ID_CHANGES).alias(PART)
                ),
            ],
            how="diagonal",
        )
        rows = parts.select(pl.col(name).cast(dtype) for name, dtype in answer.items())
        yield from rows.to_arrow().cast(target).to_batches()


def _part(gathered: pl.DataFrame, part: str, schema: pl.Schema, prefix: str = "") -> pl.DataFrame:
    """The rows of one `PART` of the batches' answers, under that frame's own names and types
    (Spark's stand-ins cast back)."""
    return gathered.filter(pl.col(PART) == part).select(
        pl.col(prefix + name).cast(dtype).alias(name) for name, dtype in schema.items()
    )
