"""The tables of a case by name: held in this process, or where an engine keeps them.

A table the Spark engine read from a platform's source stays typed on the
executors (`workbench.engines.spark_load`). The driver knows its schema, its
rows' count and which columns hold a value; it gathers the rows only when
something reads them: all of them on first use as a frame, or a few
identities' rows (a ring's logins) without gathering the rest.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Protocol

import polars as pl


class HeldTable(Protocol):
    """A typed case table an engine keeps outside this process."""

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
        """Every row, in file order (by ``source_row``)."""
        ...

    def rows_of(self, contractor_ids: pl.Series) -> pl.DataFrame:
        """The rows of ``contractor_ids``, in file order."""
        ...

    def rows_where(self, predicate: pl.Expr) -> pl.DataFrame:
        """The rows ``predicate`` keeps, in file order: it is evaluated where the rows are."""
        ...

    def count_rows(self, source_rows: pl.Series) -> int:
        """How many of the rows numbered ``source_rows`` it holds."""
        ...

    def checked(self, known: pl.Series, columns: Sequence[str]) -> tuple[HeldTable, pl.DataFrame]:
        """This table without the rows whose ``columns`` name a contractor id not in
        ``known``, and those rows: ``row`` (their ``source_row``) and ``column`` (the first
        such column)."""
        ...


class CaseTables(Mapping[str, pl.DataFrame]):
    """Case tables by name, some perhaps held by an engine (`HeldTable`) until read.

    Reading a held table as a frame (``tables["logins"]``) gathers it once and
    keeps it; `height`, `has_values` and `rows_of` answer without gathering.

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
        self._frames = {n: t for n, t in tables.items() if isinstance(t, pl.DataFrame)}
        self._held = {n: t for n, t in tables.items() if not isinstance(t, pl.DataFrame)}
        self._names = list(tables)
        # Flags read tables from two threads: a held table is gathered once.
        self._gathering = threading.Lock()

    def __getitem__(self, name: str) -> pl.DataFrame:
        with self._gathering:
            if name not in self._frames:
                # A KeyError names an unknown table. The engine keeps holding a gathered
                # table: its stages read it where it is.
                self._frames[name] = self._held[name].gather()
            return self._frames[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def _not_gathered(self, name: str) -> HeldTable | None:
        """The engine's handle on ``name`` while it has not been gathered, else None."""
        return None if name in self._frames else self._held.get(name)

    def held(self) -> dict[str, HeldTable]:
        """The tables an engine holds that have not been gathered (read as a frame)."""
        return {name: held for name, held in self._held.items() if name not in self._frames}

    def height(self, name: str) -> int:
        """How many rows ``name`` has."""
        held = self._not_gathered(name)
        return held.height if held is not None else self[name].height

    def has_values(self, name: str, column: str) -> bool:
        """Whether ``column`` of ``name`` holds a value in at least one row."""
        held = self._not_gathered(name)
        if held is not None:
            return column in held.filled
        frame = self[name]
        return column in frame.columns and frame[column].null_count() < frame.height

    def rows_of(self, name: str, contractor_ids: Iterable[str]) -> pl.DataFrame:
        """The rows of ``name`` whose ``contractor_id`` is one of ``contractor_ids``."""
        ids = pl.Series("contractor_id", list(contractor_ids), dtype=pl.String)
        held = self._not_gathered(name)
        if held is not None:
            return held.rows_of(ids)
        return self[name].filter(pl.col("contractor_id").is_in(ids.implode()))

    def rows_where(self, name: str, predicate: pl.Expr) -> pl.DataFrame:
        """The rows of ``name`` that ``predicate`` keeps, gathering only them if it is held."""
        held = self._not_gathered(name)
        return held.rows_where(predicate) if held is not None else self[name].filter(predicate)


def as_case_tables(tables: Mapping[str, pl.DataFrame]) -> CaseTables:
    """``tables`` as `CaseTables`: itself if it already is, else its frames wrapped.

    Examples
    --------
    >>> tables = as_case_tables({"contractors": pl.DataFrame({"contractor_id": ["a"]})})
    >>> as_case_tables(tables) is tables, tables.height("contractors")
    (True, 1)
    """
    return tables if isinstance(tables, CaseTables) else CaseTables(tables)
