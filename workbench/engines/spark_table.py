"""A typed case table, or the sightings observed in it, kept on Spark's executors: what the
driver knows of it, and how it reads some of its rows (`workbench.case_tables.HeldTable`)."""

from __future__ import annotations

import contextlib
import functools
import weakref
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

import polars as pl
import pyarrow as pa

from workbench.coerce import case_respellings
from workbench.engines.spark_keyed import arrow_schema, spark_schema, to_spark, with_stand_ins
from workbench.engines.spark_observe import collect_as
from workbench.tables import ROW

if TYPE_CHECKING:
    from pyspark.sql import DataFrame


@dataclass(frozen=True)
class SparkTable:
    """A typed case table (`workbench.engines.spark_load`) or the sightings observed in it
    (`workbench.engines.spark_engine.SparkStages.observe`) as a Spark DataFrame, its columns
    of `workbench.engines.spark_keyed.SPARK_STAND_INS` types travelling as their stand-ins.

    Examples
    --------
    >>> from workbench.engines.spark_session import spark_session
    >>> frame = pl.DataFrame({"contractor_id": ["b", "a"], "ip": [None, "1.1.1.1"],
    ...     "source_row": [1, 2]})
    >>> table = SparkTable.of(to_spark(spark_session(), frame), frame.schema)
    >>> table.height, sorted(table.filled)
    (2, ['contractor_id', 'ip', 'source_row'])
    >>> table.rows_of(pl.Series(["a"]))["ip"].to_list()
    ['1.1.1.1']
    >>> table.select(["ip"]).rows(), sorted(table.distinct("contractor_id").to_list())
    ([(None,), ('1.1.1.1',)], ['a', 'b'])
    """

    frame: DataFrame
    schema: pl.Schema
    height: int
    filled: frozenset[str]
    #: The columns its rows are sorted by on the driver: a case table's file order.
    order: tuple[str, ...] = (ROW,)

    @classmethod
    def of(
        cls,
        frame: DataFrame,
        schema: pl.Schema,
        *,
        cached: DataFrame | None = None,
        order: Sequence[str] = (ROW,),
    ) -> SparkTable:
        """The table of ``frame``, typed by ``schema`` and sorted by ``order`` when gathered:
        its rows and filled columns counted in one job. ``cached``, the persisted frame
        ``frame`` reads, is released when the table is no longer used (a case's tables, when
        the case goes)."""
        from pyspark.sql import functions as F

        names = schema.names()
        counts = frame.agg(F.count(F.lit(1)), *(F.count(F.col(n)) for n in names)).first()
        assert counts is not None
        filled = frozenset(name for name, count in zip(names, counts[1:], strict=True) if count)
        table = cls(frame, schema, int(counts[0]), filled, tuple(order))
        if cached is not None:
            weakref.finalize(table, _release, cached)
        return table

    def gather(self) -> pl.DataFrame:
        """Every row on the driver, in order."""
        return collect_as(self.frame, self.schema, self.order)

    def rows_of(self, contractor_ids: pl.Series) -> pl.DataFrame:
        """The rows of ``contractor_ids`` on the driver, in order."""
        ids = to_spark(self.frame.sparkSession, contractor_ids.rename("contractor_id").to_frame())
        mine = self.frame.join(ids, "contractor_id", "left_semi")
        return collect_as(mine, self.schema, self.order)

    def rows_where(self, predicate: pl.Expr) -> pl.DataFrame:
        """The rows ``predicate`` keeps on the driver, in order: polars evaluates it on
        the executors, on the rows typed as the driver would hold them."""
        kept = self.frame.mapInArrow(
            partial(_kept, predicate=predicate, schema=self.schema),
            spark_schema(self.schema),
        )
        return collect_as(kept, self.schema, self.order)

    def select(self, columns: Sequence[str]) -> pl.DataFrame:
        """Every row's ``columns`` on the driver, in order."""
        read = list(dict.fromkeys([*columns, *self.order]))
        found = collect_as(
            self.frame.select(*read),
            pl.Schema({name: self.schema[name] for name in read}),
            self.order,
        )
        return found.select(columns)

    def distinct(self, column: str) -> pl.Series:
        """The distinct values of ``column`` on the driver."""
        schema = pl.Schema({column: self.schema[column]})
        return collect_as(self.frame.select(column).distinct(), schema, [column])[column]

    def per_part(
        self, stage: Callable[[pl.DataFrame], pl.DataFrame], answer: pl.Schema
    ) -> pl.DataFrame:
        """``stage``'s answers on each batch of rows on the driver, in no particular order:
        polars evaluates it on the executors, on the rows typed as the driver would hold them."""
        answered = self.frame.mapInArrow(
            partial(_answered, stage=stage, schema=self.schema, answer=answer),
            spark_schema(answer),
        )
        return collect_as(answered, answer, [])

    def count_rows(self, source_rows: pl.Series) -> int:
        """How many of the rows numbered ``source_rows`` it holds."""
        rows = to_spark(self.frame.sparkSession, source_rows.rename(ROW).to_frame())
        return self.frame.join(rows, ROW, "left_semi").count()

    def first_of_each(self, column: str) -> tuple[SparkTable, pl.DataFrame]:
        """This table with only the first row (the lowest ``source_row``) of each value of
        ``column``, and the others (``row``, ``first_row``)."""
        from pyspark import StorageLevel
        from pyspark.sql import Window
        from pyspark.sql import functions as F

        first = F.min(ROW).over(Window.partitionBy(column))
        marked = self.frame.withColumn("_first_row", first)
        others = collect_as(
            marked.where(F.col(ROW) != F.col("_first_row")).select(
                F.col(ROW).alias("row"), F.col("_first_row").alias("first_row")
            ),
            pl.Schema({"row": pl.Int64(), "first_row": pl.Int64()}),
            ["row"],
        )
        if others.is_empty():
            return self, others
        kept = marked.where(F.col(ROW) == F.col("_first_row")).select(*self.schema.names())
        kept = kept.persist(StorageLevel.MEMORY_AND_DISK)
        return SparkTable.of(kept, self.schema, cached=kept, order=self.order), others

    def checked(
        self, known: pl.Series, columns: Sequence[str]
    ) -> tuple[SparkTable, pl.DataFrame, pl.DataFrame]:
        """This table without the rows whose ``columns`` name a contractor id not in
        ``known``, those rows (``row``, ``column``: the first such column), and the ids read
        as a known id written in another case (``column``, ``given``, ``id``; see
        `workbench.coerce.case_respellings`)."""
        from pyspark import StorageLevel
        from pyspark.sql import functions as F

        ids = to_spark(self.frame.sparkSession, known.rename("_known").to_frame())
        marked = self.frame
        for column in columns:
            hit = ids.select(F.col("_known").alias(column), F.lit(True).alias(f"_known_{column}"))
            marked = marked.join(hit, column, "left")
        marked, respelt = _respelt(marked, known, columns)
        first_unknown = F.coalesce(
            *(F.when(F.col(f"_known_{c}").isNull(), F.lit(c)) for c in columns)
        )
        unknown = collect_as(
            marked.where(first_unknown.isNotNull()).select(
                F.col(ROW).alias("row"), first_unknown.alias("column")
            ),
            pl.Schema({"row": pl.Int64(), "column": pl.String()}),
            ["row"],
        )
        if unknown.is_empty() and respelt.is_empty():
            return self, unknown, respelt
        kept = marked.where(first_unknown.isNull()).select(*self.schema.names())
        kept = kept.persist(StorageLevel.MEMORY_AND_DISK)
        return SparkTable.of(kept, self.schema, cached=kept), unknown, respelt


#: Columns of the ids `SparkTable.checked` read as a known id written in another case.
RESPELT_SCHEMA = pl.Schema({"column": pl.String(), "given": pl.String(), "id": pl.String()})


def _respelt(
    marked: DataFrame, known: pl.Series, columns: Sequence[str]
) -> tuple[DataFrame, pl.DataFrame]:
    """``marked`` (with a ``_known_<column>`` mark per column) with each unknown id that names
    one known id in another case read as it, and marked known; and those respellings.

    The unknown spellings are gathered (they are the rows `checked` gathers anyway), and
    read by `case_respellings` on the driver, as one machine reads them."""
    from pyspark.sql import DataFrame
    from pyspark.sql import functions as F

    # One job gathers every column's unknown spellings: in a clean table, none.
    unknown = functools.reduce(
        DataFrame.unionByName,
        [
            marked.where(F.col(f"_known_{column}").isNull()).select(
                F.lit(column).alias("column"), F.col(column).alias("given")
            )
            for column in columns
        ],
    ).distinct()
    spelling = pl.Schema({"column": pl.String(), "given": pl.String()})
    gathered = collect_as(unknown, spelling, ["column", "given"])
    found = []
    for column in columns:
        given_here = gathered.filter(pl.col("column") == column)["given"]
        spellings = case_respellings(given_here, known) if given_here.len() else None
        if spellings is None or spellings.is_empty():
            continue
        found.append(spellings.select(pl.lit(column).alias("column"), "given", "id"))
        given = to_spark(marked.sparkSession, spellings).select(
            F.col("given").alias(column), F.col("id").alias("_respelt")
        )
        marked = (
            marked.join(F.broadcast(given), column, "left")
            .withColumn(column, F.coalesce(F.col("_respelt"), F.col(column)))
            .withColumn(
                f"_known_{column}",
                F.when(F.col("_respelt").isNotNull(), F.lit(True)).otherwise(
                    F.col(f"_known_{column}")
                ),
            )
            .drop("_respelt")
        )
    return marked, pl.concat([pl.DataFrame(schema=RESPELT_SCHEMA), *found])


def _release(cached: DataFrame) -> None:
    """Unpersist ``cached``, unless its session has stopped (which released it)."""
    with contextlib.suppress(Exception):
        cached.unpersist()


def _kept(
    batches: Iterator[pa.RecordBatch], predicate: pl.Expr, schema: pl.Schema
) -> Iterator[pa.RecordBatch]:
    """The rows of each batch that ``predicate`` keeps, the batch typed by ``schema`` first."""
    target = arrow_schema(schema)
    for batch in batches:
        rows = pl.from_arrow(batch)
        assert isinstance(rows, pl.DataFrame)
        kept = rows.cast(schema).filter(predicate)
        yield from with_stand_ins(kept).to_arrow().cast(target).to_batches()


def _answered(
    batches: Iterator[pa.RecordBatch],
    stage: Callable[[pl.DataFrame], pl.DataFrame],
    schema: pl.Schema,
    answer: pl.Schema,
) -> Iterator[pa.RecordBatch]:
    """``stage``'s answer on each batch, the batch typed by ``schema`` first."""
    target = arrow_schema(answer)
    for batch in batches:
        rows = pl.from_arrow(batch)
        assert isinstance(rows, pl.DataFrame)
        answered = stage(rows.cast(schema)).select(answer.names()).cast(answer)
        yield from with_stand_ins(answered).to_arrow().cast(target).to_batches()
