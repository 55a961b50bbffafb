"""What a red flag reads: the typed case tables, the observations and the hubs."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Protocol

import polars as pl

from workbench.case_tables import TableHandle
from workbench.coerce import DTYPES
from workbench.flags.minhash import cleaned, near_duplicates
from workbench.link import HUB_SCHEMA
from workbench.observe import OBSERVATION_SCHEMA
from workbench.tables import ROW, TABLES

#: Columns of the flags frame handed to network flags (and returned by `evaluate`).
FLAG_SCHEMA: dict[str, pl.DataType] = {
    "contractor_id": pl.String(),
    "code": pl.String(),
    "weight": pl.Float64(),
    "evidence": pl.String(),
    "refs": pl.String(),
}

Rows = Mapping[str, Sequence[Any]]


def table_schema(name: str) -> dict[str, pl.DataType]:
    """The polars schema of a loaded case table, `source_row` included.

    Examples
    --------
    >>> table_schema("referrals")
    {'referrer_id': String, 'contractor_id': String, 'source_row': Int64}
    """
    schema = {c.name: DTYPES[c.type] for c in TABLES[name].columns}
    schema[ROW] = pl.Int64()
    return schema


def _frame(data: pl.DataFrame | Rows | None, schema: Mapping[str, pl.DataType]) -> pl.DataFrame:
    """A frame with exactly `schema`: given columns cast, missing ones all-null."""
    frame = data if isinstance(data, pl.DataFrame) else pl.DataFrame(dict(data or {}))
    height = frame.height
    columns = [
        frame[name].cast(dtype)
        if name in frame.columns
        else pl.Series(name, [None] * height, dtype)
        for name, dtype in schema.items()
    ]
    return pl.DataFrame(columns)


@dataclass(frozen=True)
class CaseWide:
    """A frame a flag reads that rows of the whole case decide, one row per identity's
    record: what the case's logins say of the address an identity joined an interview
    from, say.

    It is made in two steps, so that an engine can make it without the whole
    case in one place (`workbench.engines.spark_flags.case_wide_on_spark`):
    ``rows`` and ``evidence`` read any part of the identities, and ``combine``
    any part of the values of column ``on``.

    - ``rows``: the identities' records (``contractor_id``, ``on`` …);
    - ``evidence``: what the identities' records say of each value of ``on``,
      as rows that the parts of the case give together as the whole case
      gives them (counts by value, say);
    - ``combine``: given the rows of some values of ``on`` and every evidence
      row of those values, the fact's rows for them.

    ``key`` names the fact among the context's derived frames; ``tables`` and
    ``kinds`` are the case tables and sighting kinds the first two read;
    ``reads_hubs`` says whether they read the hubs the flags set aside.

    Examples
    --------
    >>> logins = CaseWide("logins_per_ip", rows=lambda ctx: ctx.table("logins").select(
    ...         "contractor_id", "ip").unique(),
    ...     evidence=lambda ctx: ctx.table("logins").group_by("ip").len(),
    ...     combine=lambda rows, evidence: rows.join(
    ...         evidence.group_by("ip").agg(pl.col("len").sum()), on="ip"),
    ...     on="ip", tables=("logins",))
    >>> ctx = FlagContext.build(logins={"contractor_id": ["a", "b", "b"], "ip": ["x", "x", "x"]})
    >>> logins.compute(ctx).sort("contractor_id").rows()
    [('a', 'x', 3), ('b', 'x', 3)]
    """

    key: str
    rows: Callable[[FlagContext], pl.DataFrame]
    evidence: Callable[[FlagContext], pl.DataFrame]
    combine: Callable[[pl.DataFrame, pl.DataFrame], pl.DataFrame]
    on: str
    tables: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    reads_hubs: bool = False

    def compute(self, ctx: FlagContext) -> pl.DataFrame:
        """The fact over the whole of ``ctx``."""
        return self.combine(self.rows(ctx), self.evidence(ctx))


class CaseFact(Protocol):
    """A frame a flag reads that rows of the whole case decide (`CaseWide`,
    `NearDuplicateTexts`): made once per context (`FlagContext.case_wide`), or by
    an engine that splits the case over all of it, each part given its
    identities' rows."""

    @property
    def key(self) -> str:
        """The fact's name among the context's derived frames."""
        ...

    @property
    def tables(self) -> tuple[str, ...]:
        """The case tables it reads."""
        ...

    @property
    def kinds(self) -> tuple[str, ...]:
        """The sighting kinds it reads."""
        ...

    @property
    def reads_hubs(self) -> bool:
        """Whether it reads the hubs the flags set aside."""
        ...

    def compute(self, ctx: FlagContext) -> pl.DataFrame:
        """The fact over the whole of ``ctx``: rows with ``contractor_id``."""
        ...


@dataclass(frozen=True)
class NearDuplicateTexts:
    """Which identities' ``column`` texts are near copies of other identities'
    (`workbench.flags.minhash.near_duplicates`): contractor_id, other, jaccard, each
    pair both ways.

    Texts matching the regular expression ``skip`` are not compared. It reads
    the texts of the whole case at once: an engine that splits the case gives
    it every identity's text alone (`of`), not every row.

    Examples
    --------
    >>> cv = ("Full stack engineer: React, Node and Postgres. Eight years at fintech startups "
    ...       "in Austin, building payment APIs, dashboards and CI pipelines for small teams.")
    >>> fact = NearDuplicateTexts("resumes", "resume_text", threshold=0.8)
    >>> ctx = FlagContext.build(contractors={"contractor_id": ["a", "b"],
    ...     "resume_text": [cv, cv.replace("teams", "squads")]})
    >>> fact.compute(ctx).rows()
    [('a', 'b', 0.9130434782608695), ('b', 'a', 0.9130434782608695)]
    """

    key: str
    column: str
    threshold: float
    skip: str | None = None
    tables: tuple[str, ...] = ("contractors",)
    kinds: tuple[str, ...] = ()
    reads_hubs: bool = False

    def compute(self, ctx: FlagContext) -> pl.DataFrame:
        """The pairs over the whole of ``ctx``, both ways, sorted."""
        return self.of(ctx.table("contractors"))

    def texts(self, contractors: pl.DataFrame) -> pl.DataFrame:
        """contractor_id and the text compared (`minhash.cleaned`), of those that give one:
        what an engine that splits the case sketches where the texts are.

        Examples
        --------
        >>> fact = NearDuplicateTexts("letters", "cover_letter", threshold=0.8, skip="Dear")
        >>> fact.texts(pl.DataFrame({"contractor_id": ["a", "b", "c"],
        ...     "cover_letter": ["Hi -- I code.", "Dear sir", None]})).rows()
        [('a', 'hi i code')]
        """
        texts = contractors.select("contractor_id", text=self._compared())
        return texts.with_columns(text=cleaned(texts["text"])).filter(
            pl.col("text").str.len_chars() > 0
        )

    def of(self, contractors: pl.DataFrame) -> pl.DataFrame:
        """The pairs among ``contractors`` (contractor_id and `column` read), both ways, sorted."""
        texts = contractors.select(self._compared()).to_series()
        pairs = near_duplicates(contractors["contractor_id"], texts, threshold=self.threshold)
        return both_ways(pairs)

    def _compared(self) -> pl.Expr:
        """`column`, null where it matches `skip`."""
        kept = pl.lit(True) if self.skip is None else ~pl.col(self.column).str.contains(self.skip)
        return pl.when(kept).then(pl.col(self.column))


def both_ways(pairs: pl.DataFrame) -> pl.DataFrame:
    """(contractor_a, contractor_b, jaccard) pairs as contractor_id, other, jaccard: each
    pair twice, once from each side, sorted.

    Examples
    --------
    >>> pairs = pl.DataFrame({"contractor_a": ["a"], "contractor_b": ["b"], "jaccard": [0.9]})
    >>> both_ways(pairs).rows()
    [('a', 'b', 0.9), ('b', 'a', 0.9)]
    """
    return pl.concat(
        [
            pairs.select(contractor_id="contractor_a", other="contractor_b", jaccard="jaccard"),
            pairs.select(contractor_id="contractor_b", other="contractor_a", jaccard="jaccard"),
        ]
    ).sort("contractor_id", "other")


@dataclass(frozen=True)
class FlagContext:
    """Everything a flag's `detect` function may read.

    Attributes
    ----------
    tables : every typed case table, each with every contract column and `source_row`.
    sightings : one row per identifier sighting (`OBSERVATION_SCHEMA`), perhaps
        held by an engine (`workbench.case_tables.TableHandle`); `observations`
        reads them as a frame.
    hubs : (kind, value, identities) of values too widely shared to be evidence.
    as_of : the moment the case describes (no clock reads inside flags).
    flagged : results of the non-network flags, filled in by `evaluate` before
        network flags run (`FLAG_SCHEMA`); empty otherwise.
    """

    tables: Mapping[str, pl.DataFrame]
    sightings: TableHandle
    hubs: pl.DataFrame
    as_of: datetime | None = None
    flagged: pl.DataFrame | None = None
    _derived: dict[str, pl.DataFrame] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )
    _lock: threading.Lock = field(
        default_factory=threading.Lock, init=False, compare=False, repr=False
    )
    _key_locks: dict[str, threading.Lock] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )
    #: Keys of the derived frames that read no hubs (`with_hubs` keeps them).
    _hub_free: set[str] = field(default_factory=set, init=False, compare=False, repr=False)

    def derived(
        self, key: str, compute: Callable[[], pl.DataFrame], *, reads_hubs: bool = True
    ) -> pl.DataFrame:
        """A frame computed from this context once and shared by the flags that need it.

        Not copied by `dataclasses.replace`, so a changed context starts afresh;
        flags running on several threads compute each frame once, and a frame
        being computed holds up only the flags that need that frame. A frame made
        with ``reads_hubs=False`` (the canonical value of every login, say) is
        also handed on by `with_hubs`.

        Examples
        --------
        >>> ctx = FlagContext.build(contractors={"contractor_id": ["c1"]})
        >>> first = ctx.derived("ids", lambda: ctx.table("contractors").select("contractor_id"))
        >>> ctx.derived("ids", lambda: pl.DataFrame()) is first
        True
        """
        # One lock per key: a flag waiting for one frame never waits for another's.
        with self._lock:
            key_lock = self._key_locks.setdefault(key, threading.Lock())
        with key_lock:
            if key not in self._derived:
                frame = compute()
                with self._lock:
                    self._derived[key] = frame
                    if not reads_hubs:
                        self._hub_free.add(key)
        return self._derived[key]

    def case_wide(self, fact: CaseFact) -> pl.DataFrame:
        """``fact`` computed from this context once, or as an engine handed it over
        (`with_case_wide`).

        Examples
        --------
        >>> ids = CaseWide("ids", rows=lambda ctx: ctx.table("contractors"),
        ...     evidence=lambda ctx: pl.DataFrame(), combine=lambda rows, _: rows,
        ...     on="contractor_id")
        >>> FlagContext.build(contractors={"contractor_id": ["c1"]}).case_wide(ids).height
        1
        """
        return self.derived(fact.key, lambda: fact.compute(self), reads_hubs=fact.reads_hubs)

    def with_case_wide(self, frames: Mapping[str, pl.DataFrame]) -> FlagContext:
        """This context with the frames of some `CaseWide` facts given, by key: computed
        over the whole case when this context holds a part of it.

        Examples
        --------
        >>> ids = CaseWide("ids", rows=lambda ctx: ctx.table("contractors"),
        ...     evidence=lambda ctx: pl.DataFrame(), combine=lambda rows, _: rows,
        ...     on="contractor_id")
        >>> part = FlagContext.build(contractors={"contractor_id": ["c1"]})
        >>> part.with_case_wide({"ids": pl.DataFrame({"contractor_id": ["c1", "c2"]})}).case_wide(
        ...     ids).height
        2
        """
        given = replace(self)
        given._derived.update(frames)
        given._hub_free.update(frames)
        return given

    def with_hubs(self, hubs: pl.DataFrame) -> FlagContext:
        """This context with other hubs, keeping the derived frames that read none.

        The conduct flags run before linking, with no hubs; the other flags run
        after it, on the same tables and observations: the frames both need
        (every login's canonical IP, 15 M rows in a large case) are made once.

        Examples
        --------
        >>> ctx = FlagContext.build(contractors={"contractor_id": ["c1"]})
        >>> ids = ctx.derived("ids", lambda: ctx.table("contractors"), reads_hubs=False)
        >>> later = ctx.with_hubs(pl.DataFrame(schema=ctx.hubs.schema))
        >>> later.derived("ids", lambda: pl.DataFrame()) is ids
        True
        """
        other = replace(self, hubs=hubs)
        with self._lock:
            kept = {key: self._derived[key] for key in self._hub_free}
        other._derived.update(kept)
        other._hub_free.update(kept)
        return other

    @classmethod
    def build(
        cls,
        *,
        observations: pl.DataFrame | Rows | None = None,
        hubs: pl.DataFrame | Rows | None = None,
        as_of: datetime | None = None,
        **tables: pl.DataFrame | Rows,
    ) -> FlagContext:
        """Make a context from small dicts or frames, filling every table to schema.

        Tables not given are empty; columns not given are all-null; `source_row`
        defaults to 1, 2, 3 … and an observation's `raw` to its `value`.

        Examples
        --------
        >>> ctx = FlagContext.build(contractors={"contractor_id": ["c1"]})
        >>> set(ctx.tables) == set(TABLES), ctx.tables["logins"].height
        (True, 0)
        """
        unknown = set(tables) - set(TABLES)
        if unknown:
            raise TypeError(f"unknown tables: {sorted(unknown)}")
        typed = {}
        for name in TABLES:
            frame = _frame(tables.get(name), table_schema(name))
            typed[name] = frame.with_columns(
                pl.coalesce(ROW, pl.int_range(1, pl.len() + 1, dtype=pl.Int64))
            )
        obs = _frame(observations, OBSERVATION_SCHEMA).with_columns(
            pl.coalesce("raw", "value"),
            pl.coalesce(ROW, pl.int_range(1, pl.len() + 1, dtype=pl.Int64)),
        )
        return cls(typed, TableHandle(obs), _frame(hubs, HUB_SCHEMA), as_of)

    @property
    def observations(self) -> pl.DataFrame:
        """Every sighting as a frame (gathered once where an engine holds them)."""
        return self.sightings.frame

    def table(self, name: str) -> pl.DataFrame:
        """One case table by name (a `KeyError` names the table when missing)."""
        return self.tables[name]

    def prior_flags(self) -> pl.DataFrame:
        """Flags raised before this one ran (empty outside of network flags)."""
        if self.flagged is None:
            return pl.DataFrame(schema=FLAG_SCHEMA)
        return self.flagged
