"""The tables of a case by name: held in this process, or where an engine keeps them.

A table the Spark engine read from a platform's source stays typed on the
executors (`workbench.engines.spark_load`). The driver knows its schema, its
rows' count and which columns hold a value; it gathers the rows only when
something reads them: all of them on first use as a frame, or a few
identities' rows (a ring's logins) without gathering the rest. The
sightings it observes in them stay there too, read through the same handle
(`TableHandle`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Protocol

import polars as pl

from workbench.distinct import distinct


class HeldTable(Protocol):
    """A typed table an engine keeps outside this process: a case table, or the sightings
    observed in it. Rows come back in the table's own order: a case table's file order
    (by ``source_row``), the sightings' `workbench.observe.OBSERVATION_ORDER`."""

    @property
    def schema(self) -> pl.Schema:
        """The table's polars schema, as `workbench.case.load_case` types it."""
        ...

    @property
    def height(self) -> int:
        """How many rows it has."""
        ...

    @property
    def filled(self) -> frozenset[str]:
        """The columns that hold a value in at least one row."""
        ...

    def gather(self) -> pl.DataFrame:
        """Every row, in order."""
        ...

    def rows_of(self, contractor_ids: pl.Series) -> pl.DataFrame:
        """The rows of ``contractor_ids``, in order."""
        ...

    def select(self, columns: Sequence[str]) -> pl.DataFrame:
        """Every row's ``columns`` only, in order."""
        ...

    def rows_where(self, predicate: pl.Expr) -> pl.DataFrame:
        """The rows ``predicate`` keeps, in order: it is evaluated where the rows are."""
        ...

    def distinct(self, column: str) -> pl.Series:
        """The distinct values of ``column``, in no particular order."""
        ...

    def per_part(
        self, stage: Callable[[pl.DataFrame], pl.DataFrame], answer: pl.Schema
    ) -> pl.DataFrame:
        """``stage``'s answers (of schema ``answer``) on each part of the rows, evaluated
        where the rows are, and concatenated in no particular order."""
        ...

    def count_rows(self, source_rows: pl.Series) -> int:
        """How many of the rows numbered ``source_rows`` it holds."""
        ...

    def first_of_each(self, column: str) -> tuple[HeldTable, pl.DataFrame]:
        """This table with only the first row (the lowest ``source_row``) of each value of
        ``column``, and the others: ``row`` (their ``source_row``) and ``first_row``."""
        ...

    def checked(
        self, known: pl.Series, columns: Sequence[str]
    ) -> tuple[HeldTable, pl.DataFrame, pl.DataFrame]:
        """This table without the rows whose ``columns`` name a contractor id not in
        ``known``; those rows: ``row`` (their ``source_row``) and ``column`` (the first
        such column); and the ids read as a known id written in another case: ``column``,
        ``given``, ``id`` (`workbench.coerce.case_respellings`)."""
        ...


class TableHandle:
    """One table: a frame in this process, or a `HeldTable` gathered on first read as a frame.

    `height`, `has_values`, `distinct`, `rows_of` and `rows_where` answer
    without gathering a held table; `frame` gathers it once and keeps it. On
    one machine every handle holds a frame and each answer is a polars call.

    Examples
    --------
    >>> handle = TableHandle(pl.DataFrame({"contractor_id": ["a", "b", "a"],
    ...     "kind": ["ip", None, "ip"]}))
    >>> handle.height, handle.has_values("kind"), handle.distinct("kind").to_list()
    (3, True, ['ip'])
    >>> handle.rows_of(["b"]).height, handle.held is None
    (1, True)
    """

    def __init__(self, table: pl.DataFrame | HeldTable) -> None:
        self._frame = table if isinstance(table, pl.DataFrame) else None
        self._held = None if isinstance(table, pl.DataFrame) else table
        self._distinct: dict[str, pl.Series] = {}
        # Flags read tables from two threads: a held table is gathered once.
        self._gathering = threading.Lock()

    @property
    def frame(self) -> pl.DataFrame:
        """Every row, gathered from the engine on first read."""
        with self._gathering:
            if self._frame is None:
                assert self._held is not None
                # The engine keeps holding a gathered table: its stages read it where it is.
                self._frame = self._held.gather()
            return self._frame

    @property
    def held(self) -> HeldTable | None:
        """The engine's handle while the table has not been gathered, else None."""
        return None if self._frame is not None else self._held

    @property
    def schema(self) -> pl.Schema:
        """The table's polars schema."""
        held = self.held
        return held.schema if held is not None else self.frame.schema

    @property
    def height(self) -> int:
        """How many rows it has."""
        held = self.held
        return held.height if held is not None else self.frame.height

    def has_values(self, column: str) -> bool:
        """Whether ``column`` holds a value in at least one row."""
        held = self.held
        if held is not None:
            return column in held.filled
        frame = self.frame
        return column in frame.columns and frame[column].null_count() < frame.height

    def distinct(self, column: str) -> pl.Series:
        """The distinct values ``column`` holds, nulls left out, sorted (asked once)."""
        if column not in self._distinct:
            held = self.held
            values = held.distinct(column) if held is not None else self.frame[column]
            self._distinct[column] = distinct(values.drop_nulls()).sort()
        return self._distinct[column]

    def rows_of(self, contractor_ids: Iterable[str]) -> pl.DataFrame:
        """The rows whose ``contractor_id`` is one of ``contractor_ids``."""
        ids = pl.Series("contractor_id", list(contractor_ids), dtype=pl.String)
        held = self.held
        if held is not None:
            return held.rows_of(ids)
        return self.frame.filter(pl.col("contractor_id").is_in(ids.implode()))

    def rows_where(self, predicate: pl.Expr) -> pl.DataFrame:
        """The rows ``predicate`` keeps, gathering only them if the table is held."""
        held = self.held
        return held.rows_where(predicate) if held is not None else self.frame.filter(predicate)

    def select(self, *columns: str) -> pl.DataFrame:
        """Every row's ``columns`` only, gathering only them if the table is held."""
        held = self.held
        return held.select(columns) if held is not None else self.frame.select(columns)

    def per_part(
        self, stage: Callable[[pl.DataFrame], pl.DataFrame], answer: pl.Schema
    ) -> pl.DataFrame:
        """``stage``'s answers on parts of the rows, concatenated: for a summary whose
        answers on parts combine into the answer on the whole (a count, a latest date), made
        where a held table is without gathering it. A frame is one part.

        Examples
        --------
        >>> handle = TableHandle(pl.DataFrame({"n": [3, 1, 2]}))
        >>> largest = lambda rows: rows.select(pl.col("n").max())
        >>> handle.per_part(largest, pl.Schema({"n": pl.Int64}))["n"].max()
        3
        """
        held = self.held
        if held is not None:
            return held.per_part(stage, answer)
        return stage(self.frame).select(answer.names()).cast(answer)


class CaseTables(Mapping[str, pl.DataFrame]):
    """Case tables by name, some perhaps held by an engine (`HeldTable`) until read.

    Reading a held table as a frame (``tables["logins"]``) gathers it once and
    keeps it; `height`, `has_values` and `rows_of` answer without gathering
    (each table is a `TableHandle`).

    Examples
    --------
    >>> tables = CaseTables({"contractors": pl.DataFrame({"contractor_id": ["a", "b"],
    ...     "country": [None, "US"]})})
    >>> tables.height("contractors"), tables.has_values("contractors", "country")
    (2, True)
    >>> tables.rows_of("contractors", ["b"])["country"].to_list()
    ['US']
    """

    def __init__(self, tables: Mapping[str, pl.DataFrame | HeldTable]) -> None:
        self._handles = {name: TableHandle(table) for name, table in tables.items()}

    def __getitem__(self, name: str) -> pl.DataFrame:
        # A KeyError names an unknown table.
        return self._handles[name].frame

    def __iter__(self) -> Iterator[str]:
        return iter(self._handles)

    def __contains__(self, name: object) -> bool:
        # Mapping's own would read the table, gathering a held one.
        return name in self._handles

    def __len__(self) -> int:
        return len(self._handles)

    def handle(self, name: str) -> TableHandle:
        """Table ``name`` as a `TableHandle`."""
        return self._handles[name]

    def held(self) -> dict[str, HeldTable]:
        """The tables an engine holds that have not been gathered (read as a frame)."""
        return {name: held for name, handle in self._handles.items() if (held := handle.held)}

    def height(self, name: str) -> int:
        """How many rows ``name`` has."""
        return self._handles[name].height

    def has_values(self, name: str, column: str) -> bool:
        """Whether ``column`` of ``name`` holds a value in at least one row."""
        return self._handles[name].has_values(column)

    def rows_of(self, name: str, contractor_ids: Iterable[str]) -> pl.DataFrame:
        """The rows of ``name`` whose ``contractor_id`` is one of ``contractor_ids``."""
        return self._handles[name].rows_of(contractor_ids)

    def rows_where(self, name: str, predicate: pl.Expr) -> pl.DataFrame:
        """The rows of ``name`` that ``predicate`` keeps, gathering only them if it is held."""
        return self._handles[name].rows_where(predicate)


def as_handle(table: pl.DataFrame | TableHandle) -> TableHandle:
    """``table`` as a `TableHandle`: itself if it already is one, else its frame wrapped.

    Examples
    --------
    >>> handle = as_handle(pl.DataFrame({"contractor_id": ["a"]}))
    >>> as_handle(handle) is handle, handle.height
    (True, 1)
    """
    return table if isinstance(table, TableHandle) else TableHandle(table)


def as_case_tables(tables: Mapping[str, pl.DataFrame]) -> CaseTables:
    """``tables`` as `CaseTables`: itself if it already is, else its frames wrapped.

    Examples
    --------
    >>> tables = as_case_tables({"contractors": pl.DataFrame({"contractor_id": ["a"]})})
    >>> as_case_tables(tables) is tables, tables.height("contractors")
    (True, 1)
    """
    return tables if isinstance(tables, CaseTables) else CaseTables(tables)
