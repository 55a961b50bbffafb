"""A stand-in for a table an engine holds, kept in a frame, that counts what it is asked."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import polars as pl

from workbench.case import _known_rows
from workbench.tables import ROW


@dataclass
class Held:
    """A `HeldTable` kept in a frame, counting what it was asked and how many rows
    `rows_where` gave."""

    frame: pl.DataFrame
    asked: list[str] = field(default_factory=list)
    given: list[int] = field(default_factory=list)

    @property
    def schema(self) -> pl.Schema:
        return self.frame.schema

    @property
    def height(self) -> int:
        return self.frame.height

    @property
    def filled(self) -> frozenset[str]:
        return frozenset(c for c in self.frame.columns if self.frame[c].null_count() < self.height)

    def gather(self) -> pl.DataFrame:
        self.asked.append("gather")
        return self.frame

    def rows_of(self, contractor_ids: pl.Series) -> pl.DataFrame:
        self.asked.append("rows_of")
        return self.frame.filter(pl.col("contractor_id").is_in(contractor_ids.implode()))

    def rows_where(self, predicate: pl.Expr) -> pl.DataFrame:
        self.asked.append("rows_where")
        rows = self.frame.filter(predicate)
        self.given.append(rows.height)
        return rows

    def select(self, columns: Sequence[str]) -> pl.DataFrame:
        self.asked.append("select")
        return self.frame.select(columns)

    def distinct(self, column: str) -> pl.Series:
        self.asked.append("distinct")
        return self.frame[column].unique()

    def per_part(
        self, stage: Callable[[pl.DataFrame], pl.DataFrame], answer: pl.Schema
    ) -> pl.DataFrame:
        # Two parts, as an engine's batches would split the rows.
        self.asked.append("per_part")
        half = self.height // 2
        parts = (self.frame.head(half), self.frame.tail(self.height - half))
        return pl.concat(stage(part).select(answer.names()).cast(answer) for part in parts)

    def count_rows(self, source_rows: pl.Series) -> int:
        self.asked.append("count_rows")
        return int(self.frame[ROW].is_in(source_rows.implode()).sum())

    def first_of_each(self, column: str) -> tuple[Held, pl.DataFrame]:
        self.asked.append("first_of_each")
        marked = self.frame.with_columns(first_row=pl.col(ROW).min().over(column))
        others = marked.filter(pl.col(ROW) != pl.col("first_row"))
        kept = marked.filter(pl.col(ROW) == pl.col("first_row")).drop("first_row")
        return Held(kept, self.asked), others.select(pl.col(ROW).alias("row"), "first_row")

    def checked(
        self, known: pl.Series, columns: Sequence[str]
    ) -> tuple[Held, pl.DataFrame, pl.DataFrame]:
        self.asked.append("checked")
        # As the loader checks a table it reads itself, ids in another case included.
        kept, rejects, changes = _known_rows({"held": self.frame}, {"held": tuple(columns)}, known)
        rows = pl.concat(
            [pl.DataFrame(schema={"row": pl.Int64, "column": pl.String})]
            + [r.select("row", "column") for r in rejects]
        )
        respelt = pl.concat(
            [pl.DataFrame(schema={"column": pl.String, "given": pl.String, "id": pl.String})]
            + [c.drop("table") for c in changes]
        )
        return Held(kept["held"], self.asked), rows, respelt
