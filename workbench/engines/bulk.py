"""The engine seam: the bulk stages an investigation runs on polars or on Spark.

`workbench.investigation.investigate` runs every stage itself, except those
that read the whole of a large case: loading (and reading the tables its
case.toml names as Spark tables or paths), observing (every identifier of every
table, normalised), linking (the ties of every shared value), comparing
people (the record linkage's candidate pairs), grouping (the connected
components of every tie) and the red flags (every flag over every
identity). Those it asks of its engine,
through `BulkStages`. `PolarsStages` runs them in this
process and is the default; `workbench.engines.spark_engine.SparkStages` runs
the same polars functions on Spark, bucket by bucket, with the same answers.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Protocol

import polars as pl

from workbench.case import Case, load_case
from workbench.case_tables import TableHandle
from workbench.concentration import Conduct
from workbench.engines import ENGINES
from workbench.errors import CaseError
from workbench.flags.context import FlagContext
from workbench.flags.evaluate import FlagResult, evaluate
from workbench.flags.flag import Flag
from workbench.flags.registry import FLAGS
from workbench.kinds import KINDS
from workbench.link import Links, link
from workbench.observe import Observed, observe_all
from workbench.person_match import PERSON_DETAILS, PersonMatches, match_people
from workbench.rings import group_rings


class BulkStages(Protocol):
    """The stages an engine runs for an investigation, with one machine's answers."""

    #: The engine's name, as run.json records it.
    name: str

    def load(self, path: str | Path) -> Case:
        """The case folder's tables typed, with its rejects (`workbench.case.load_case`)."""

    def observe(self, case: Case) -> Observed:
        """Every identifier sighting of the case, as a frame or where the engine keeps them,
        and the values that could not be used (`workbench.observe.observe_all`)."""

    def link(
        self,
        sightings: TableHandle,
        referrals: TableHandle,
        *,
        shipments: TableHandle,
        hub_limits: Mapping[str, int],
        strengths: Mapping[str, float],
        infrastructure: pl.DataFrame,
        conduct: Conduct,
    ) -> Links:
        """The ties of the sightings `observe` gave, and the verdicts on widely shared
        values (`workbench.link.link`)."""

    def group(
        self,
        pairs: pl.DataFrame,
        *,
        threshold: float,
        max_ring_size: int,
        seed: int,
        units: pl.DataFrame,
    ) -> pl.DataFrame:
        """The rings of the case's ties (`workbench.rings.group_rings`)."""

    def flags(
        self,
        ctx: FlagContext,
        *,
        weights: Mapping[str, float],
        flags: tuple[Flag, ...] = FLAGS,
        done: FlagResult | None = None,
    ) -> FlagResult:
        """The red flags of ``flags`` over the case (`workbench.flags.evaluate.evaluate`)."""

    def match(
        self, contractors: TableHandle, sightings: TableHandle, *, seed: int
    ) -> PersonMatches:
        """Identities the case's record linkage calls one person
        (`workbench.person_match.match_people`), from their names and the sightings of their
        personal details (`workbench.person_match.PERSON_DETAILS`)."""


class PolarsStages:
    """The bulk stages in this process, on polars: the default engine.

    Examples
    --------
    >>> from workbench.case import load_case
    >>> observed = PolarsStages().observe(load_case("sample_data/demo_case"))
    >>> observed.observations.height > 0
    True
    """

    name = "polars"

    def load(self, path: str | Path) -> Case:
        """`workbench.case.load_case`: a case.toml's ``[sources]`` need the Spark engine."""
        return load_case(path)

    def observe(self, case: Case) -> Observed:
        """`workbench.observe.observe_all` on the case."""
        return observe_all(case, KINDS)

    def link(
        self,
        sightings: TableHandle,
        referrals: TableHandle,
        *,
        shipments: TableHandle,
        hub_limits: Mapping[str, int],
        strengths: Mapping[str, float],
        infrastructure: pl.DataFrame,
        conduct: Conduct,
    ) -> Links:
        """`workbench.link.link` on the case's sightings."""
        return link(
            sightings.frame,
            referrals.frame,
            shipments=shipments.frame,
            hub_limits=hub_limits,
            strengths=strengths,
            infrastructure=infrastructure,
            conduct=conduct,
        )

    def group(
        self,
        pairs: pl.DataFrame,
        *,
        threshold: float,
        max_ring_size: int,
        seed: int,
        units: pl.DataFrame,
    ) -> pl.DataFrame:
        """`workbench.rings.group_rings` on the case's ties."""
        return group_rings(
            pairs, threshold=threshold, max_ring_size=max_ring_size, seed=seed, units=units
        )

    def flags(
        self,
        ctx: FlagContext,
        *,
        weights: Mapping[str, float],
        flags: tuple[Flag, ...] = FLAGS,
        done: FlagResult | None = None,
    ) -> FlagResult:
        """`workbench.flags.evaluate.evaluate` on the case."""
        return evaluate(ctx, weights=weights, flags=flags, done=done)

    def match(
        self, contractors: TableHandle, sightings: TableHandle, *, seed: int
    ) -> PersonMatches:
        """`workbench.person_match.match_people` on DuckDB, in this process."""
        details = sightings.rows_where(PERSON_DETAILS)
        # Only identities with details are compared: their names are all it reads.
        named = contractors.rows_of(details["contractor_id"].unique())
        return match_people(named, details, seed=seed)


def bulk_stages(engine: str | BulkStages) -> BulkStages:
    """The bulk stages of an engine named in `workbench.engines.ENGINES` (Spark's on its
    active session, or a local one), or ``engine`` itself when it is already one.

    Examples
    --------
    >>> bulk_stages("polars").name
    'polars'
    >>> bulk_stages("duckdb")
    Traceback (most recent call last):
    ...
    workbench.errors.CaseError: unknown engine 'duckdb' (known: polars, spark)
    """
    if not isinstance(engine, str):
        return engine
    if engine == "polars":
        return PolarsStages()
    if engine == "spark":
        return spark_stages()
    raise CaseError(f"unknown engine {engine!r} (known: {', '.join(ENGINES)})")


def spark_stages(master: str | None = None) -> BulkStages:
    """The Spark engine's stages on ``master`` (the active session, or ``local[2]``, if None).

    Raises `CaseError` when pyspark is not installed: it is an optional extra.
    """
    try:
        import pyspark  # noqa: F401
    except ImportError:
        raise CaseError(
            "the spark engine needs pyspark and a Java runtime: pip install 'workbench[spark]'"
        ) from None
    from workbench.engines.spark_engine import SparkStages
    from workbench.engines.spark_session import spark_session

    return SparkStages.on_session(spark_session(master))
