"""The bulk stages on Spark: observing, linking, grouping and the red flags by their own
polars functions, and the record linkage's pairs by Splink's Spark backend.

`SparkStages` is the Spark side of the engine seam (`workbench.engines.bulk`).
The case's tables go to Spark once. Observing runs by buckets of contractor
ids (`workbench.engines.spark_observe`); linking by buckets of contractor
ids, then of shared values, then of judged values
(`workbench.engines.spark_link`); grouping by buckets of connected components
of the strong ties (`workbench.engines.spark_group`); the flags of an
identity's own conduct by buckets of contractor ids, and every other flag by
buckets of components of the sharing graph (`workbench.engines.spark_flags`).
The record linkage is trained on the driver and scores its candidate pairs on
Spark (`workbench.engines.spark_match`). What comes back to the driver is
what the analyst's layer reads: the values that could not be used, the ties,
the verdicts on widely shared values and the holders of concentrated ones,
the rings' members and the raised flags. The sightings stay on the
executors, as does a table read from a source
(`workbench.engines.spark_table`): the driver gathers the rows a step asks
for (a ring's sightings), or all of them when a step reads them whole.
"""

from __future__ import annotations

import math
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, time
from functools import reduce
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from workbench.case import Case, load_case
from workbench.case_tables import TableHandle
from workbench.concentration import Conduct
from workbench.engines.spark_case_wide import fact_on_spark
from workbench.engines.spark_flags import (
    CASE_WIDE,
    Earlier,
    flags_by_component,
    flags_by_identity,
    sharing_components,
)
from workbench.engines.spark_group import MEMBER_SCHEMA, PAIR_SCHEMA, UNIT_SCHEMA, group_on_spark
from workbench.engines.spark_keyed import run_by_key, staged, to_spark
from workbench.engines.spark_link import link_on_spark
from workbench.engines.spark_load import source_reader
from workbench.engines.spark_match import SparkRecords
from workbench.engines.spark_observe import (
    collect_as,
    observe_on_spark,
    spelling_merges_on_spark,
)
from workbench.engines.spark_session import is_local
from workbench.engines.spark_table import SparkTable
from workbench.flags.context import FLAG_SCHEMA, CaseFact, FlagContext, NearDuplicateTexts
from workbench.flags.engagements import open_end
from workbench.flags.evaluate import FlagResult, statuses
from workbench.flags.flag import Flag
from workbench.flags.registry import FLAGS
from workbench.link import LINK_SCHEMA, Links, link_policy, named_values
from workbench.observe import (
    OBSERVATION_ORDER,
    OBSERVATION_SCHEMA,
    UNUSABLE_ORDER,
    UNUSABLE_SCHEMA,
    Observed,
)
from workbench.person_match import (
    DETAIL_KINDS,
    NO_NAMES,
    RECORD_SCHEMA,
    PersonMatches,
    match_records,
    person_records,
)
from workbench.tables import ROW, TABLES

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

#: The most identities a bucket is meant to hold: a larger case gets more buckets than the
#: session's shuffle partitions. Measured: on 2 cores and 23 GB, 8 buckets of 12,500
#: identities (the bench's 100k case) ran; 8 of 125,000 (its 1M case) ran out of memory.
MAX_BUCKET_IDENTITIES = 12_500

#: How one machine orders the members of rings (`workbench.rings.group_rings`).
MEMBER_ORDER = ("ring_id", "contractor_id")

#: How one machine orders the raised flags (`workbench.flags.evaluate.evaluate`).
FLAG_ORDER = ("contractor_id", "code")

#: How one machine orders each table a bucket sees: case tables in file order.
ORDERS = {name: [ROW] for name in TABLES} | {"observations": list(OBSERVATION_ORDER)}


@dataclass
class SparkStages:
    """The bulk stages on a Spark session, for one case at a time.

    `observe` sends the case's tables to Spark and keeps them there, with the
    sightings, for `flags`.

    Examples
    --------
    >>> from workbench.case import load_case
    >>> from workbench.flags.evaluate import evaluate
    >>> from workbench.link import HUB_SCHEMA
    >>> case = load_case("sample_data/demo_case")
    >>> stages = SparkStages.on_session()
    >>> observed = stages.observe(case)
    >>> ctx = FlagContext(tables=case.tables, sightings=TableHandle(observed.observations),
    ...     hubs=pl.DataFrame(schema=HUB_SCHEMA))
    >>> stages.flags(ctx, weights={}).flags.equals(evaluate(ctx).flags)
    True
    """

    spark: SparkSession
    #: Buckets each stage hashes its keys into: more buckets, smaller Python calls.
    #: `observe` raises it for a large case, to `MAX_BUCKET_IDENTITIES` identities a bucket.
    buckets: int
    name: str = "spark"
    #: Where `observe` writes the case's tables for Spark to read (`staged`): a folder of
    #: the driver's own disk, on a local session. None elsewhere: executors cannot read the
    #: driver's disk, so the tables travel inside the driver's JVM (`to_spark`).
    staging: tempfile.TemporaryDirectory[str] | None = None
    _keyed: dict[str, DataFrame] = field(default_factory=dict)
    _shared: dict[str, pl.DataFrame] = field(default_factory=dict)
    _schemas: dict[str, pl.Schema] = field(default_factory=dict)

    @classmethod
    def on_session(cls, spark: SparkSession | None = None) -> SparkStages:
        """The stages on ``spark``, or on the active session (a local one if none is active),
        with as many buckets as the session has shuffle partitions (its default
        parallelism where they are not a number: Databricks' ``auto``)."""
        from workbench.engines.spark_session import spark_session

        session = spark or spark_session()
        partitions = session.conf.get("spark.sql.shuffle.partitions") or ""
        buckets = (
            int(partitions) if partitions.isdigit() else session.sparkContext.defaultParallelism
        )
        staging = None
        if is_local(session.sparkContext.master or ""):
            staging = tempfile.TemporaryDirectory(prefix="workbench-spark-")
        return cls(session, buckets, staging=staging)

    def load(self, path: str | Path) -> Case:
        """`workbench.case.load_case`, the tables its case.toml names as sources read and
        typed on Spark (`workbench.engines.spark_load`)."""
        return load_case(path, read_source=source_reader(self.spark))

    def observe(self, case: Case) -> Observed:
        """`workbench.observe.observe_all`, by buckets of contractor ids."""
        identities = case.tables.height("contractors")
        self.buckets = max(self.buckets, math.ceil(identities / MAX_BUCKET_IDENTITIES))
        self._send(case)
        tables = {name: self._keyed[name] for name in case.tables if name in self._keyed}
        schemas = {name: self._schemas[name] for name in tables}
        with self._jobs("observe: spelling merges"):
            # Made on the executors; only the merges, few, come to the driver.
            merges = spelling_merges_on_spark(tables, schemas=schemas, buckets=self.buckets)
        observations, unusable = observe_on_spark(
            tables, schemas=schemas, buckets=self.buckets, merges=merges
        )
        # `observe_on_spark` keeps its answer on the executors: linking and the flags read
        # it there, and the analyst's layer reads what it needs of it (`SparkTable`).
        self._keyed["observations"] = observations
        self._schemas["observations"] = OBSERVATION_SCHEMA
        with self._jobs("observe"):
            return Observed(
                SparkTable.of(
                    observations, OBSERVATION_SCHEMA, cached=observations, order=OBSERVATION_ORDER
                ),
                collect_as(unusable, UNUSABLE_SCHEMA, UNUSABLE_ORDER),
            )

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
        """`workbench.link.link` on the case `observe` sent: holdings by buckets of
        identities, ties and verdicts by buckets of values (`link_on_spark`).

        The sightings and the shipments are read where `observe` put them; the
        referrals are gathered, each one a link."""
        if "observations" not in self._keyed:
            raise RuntimeError("SparkStages.link needs the case observed first")
        with self._jobs("link"):
            kinds = sightings.distinct("kind").to_frame()
            return link_on_spark(
                self._keyed["observations"],
                policy=link_policy(kinds, hub_limits=hub_limits, strengths=strengths),
                named=named_values(infrastructure),
                referrals=referrals.frame,
                shipments=self._keyed["shipments"],
                conduct=conduct,
                buckets=self.buckets,
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
        """`workbench.rings.group_rings`: components over Spark, each split in its bucket."""
        with self._jobs("group"):
            members = group_on_spark(
                to_spark(self.spark, pairs.select(PAIR_SCHEMA.names()).cast(PAIR_SCHEMA)),
                to_spark(self.spark, units.select(UNIT_SCHEMA.names()).cast(UNIT_SCHEMA)),
                threshold=threshold,
                max_ring_size=max_ring_size,
                seed=seed,
                buckets=self.buckets,
            )
            return collect_as(members, MEMBER_SCHEMA, MEMBER_ORDER)

    def flags(
        self,
        ctx: FlagContext,
        *,
        weights: Mapping[str, float],
        flags: tuple[Flag, ...] = FLAGS,
        done: FlagResult | None = None,
    ) -> FlagResult:
        """`workbench.flags.evaluate.evaluate` on the case `observe` sent: the flags of an
        identity's own conduct by buckets of identities, the others by sharing components."""
        if "observations" not in self._keyed:
            raise RuntimeError("SparkStages.flags needs the case observed first")
        status = statuses(ctx, flags)
        # The one case-wide fact a flag reads (where an open engagement ends), resolved
        # here once, as `open_end` resolves it on the whole case.
        day = open_end(ctx)
        as_of = ctx.as_of or (None if day is None else datetime.combine(day, time()))
        by_identity = done is None and all(flag.conduct for flag in flags)
        made: dict[CaseFact, DataFrame] = {}
        if by_identity:
            rows = flags_by_identity(
                self._keyed,
                schemas=self._schemas,
                flags=flags,
                as_of=as_of,
                buckets=self.buckets,
                weights=weights,
                orders=ORDERS,
                shared=self._shared,
            )
        else:
            earlier = None
            if done is not None:
                codes = tuple(done.status["code"].to_list())
                earlier = Earlier(to_spark(self.spark, done.flags), codes)
            hubs = to_spark(self.spark, ctx.hubs.select("kind", "value"))
            observations, referrals = self._keyed["observations"], self._keyed["referrals"]
            tables, schemas, orders = dict(self._keyed), dict(self._schemas), dict(ORDERS)
            # Facts of the whole case a flag reads about an identity's records, made on
            # Spark (`case_wide_on_spark`): each bucket gets its identities' rows. Only for
            # flags with data: a fact of absent data would read tables for nothing.
            evaluated = set(status.filter("evaluated")["code"].to_list())
            facts = (fact for flag in flags if flag.code in evaluated for fact in flag.case_wide)
            for fact in dict.fromkeys(facts):
                with self._jobs(f"flags: case-wide {fact.key}"):
                    frame, schema = fact_on_spark(
                        fact,
                        self._keyed,
                        schemas=self._schemas,
                        buckets=self.buckets,
                        orders=ORDERS,
                        hubs=ctx.hubs,
                    )
                tables[CASE_WIDE + fact.key], schemas[CASE_WIDE + fact.key] = frame, schema
                made[fact] = frame
                orders[CASE_WIDE + fact.key] = [name for name in (ROW,) if name in schema]
            # The near-copies of a text are read with their names: each pair in one bucket.
            compared = [
                frame.select("contractor_id", "other")
                for fact, frame in made.items()
                if isinstance(fact, NearDuplicateTexts)
            ]
            with self._jobs("flags: sharing components"):
                components_of = sharing_components(
                    observations,
                    hubs,
                    referrals,
                    reduce(lambda one, more: one.unionByName(more), compared) if compared else None,
                )
            rows = flags_by_component(
                tables,
                schemas=schemas,
                components_of=components_of,
                infrastructure=ctx.hubs,
                as_of=as_of,
                buckets=self.buckets,
                flags=flags,
                weights=weights,
                earlier=earlier,
                orders=orders,
                shared=self._shared,
            )
        with self._jobs("flags: by identity" if by_identity else "flags: by component"):
            found = collect_as(rows, pl.Schema(FLAG_SCHEMA), FLAG_ORDER)
        for frame in made.values():
            frame.unpersist()
        return FlagResult(found, status)

    def match(
        self, contractors: TableHandle, sightings: TableHandle, *, seed: int
    ) -> PersonMatches:
        """`workbench.person_match.match_people` on the case `observe` sent: each identity's
        record made by buckets of identities (`person_records`) and kept on the executors
        (`SparkRecords`); the model trained on the driver on at most
        `workbench.person_match.TRAINING_PEOPLE` records gathered, its candidate pairs
        blocked and scored by Splink's Spark backend."""
        from pyspark.sql import functions as F

        if "observations" not in self._keyed:
            raise RuntimeError("SparkStages.match needs the case observed first")
        if "full_name" not in self._schemas["contractors"]:
            return PersonMatches(pl.DataFrame(schema=LINK_SCHEMA), NO_NAMES)
        read = pl.Schema(
            {name: self._schemas["contractors"][name] for name in ("contractor_id", "full_name")}
        )
        with self._jobs("match"):
            records = run_by_key(
                {
                    "contractors": self._keyed["contractors"].select(*read.names()),
                    "observations": self._keyed["observations"].where(
                        F.col("kind").isin(list(DETAIL_KINDS))
                    ),
                },
                key="contractor_id",
                schemas={"contractors": read, "observations": OBSERVATION_SCHEMA},
                stage=lambda bucket: person_records(bucket["contractors"], bucket["observations"]),
                answer=RECORD_SCHEMA,
                buckets=self.buckets,
                orders={"observations": OBSERVATION_ORDER},
            )
            records = records.persist()
            try:
                return match_records(SparkRecords(self.spark, records), seed=seed)
            finally:
                records.unpersist()

    @contextmanager
    def _jobs(self, description: str) -> Iterator[None]:
        """Name the Spark jobs started inside after the workbench stage that runs them: the
        Spark UI and event log then say which stage each job, shuffle and task served."""
        context = self.spark.sparkContext
        context.setJobDescription(f"workbench {description}")
        try:
            yield
        finally:
            context.setLocalProperty("spark.job.description", None)  # type: ignore[arg-type]

    def _send(self, case: Case) -> None:
        """Put the case's tables on Spark: those with contractor ids as Spark DataFrames,
        the others (small, without an identity to split by) kept whole for every bucket.

        A table Spark already holds (`SparkTable`, read from a source) is used where it is.
        """
        self._keyed, self._shared, self._schemas = {}, {}, {}
        folder = None
        if self.staging is not None:
            # One case at a time: the previous case's files go.
            folder = Path(self.staging.name) / "case"
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
        held = case.tables.held()
        for name in case.tables:
            table = held.get(name)
            if isinstance(table, SparkTable) and "contractor_id" in table.schema:
                self._keyed[name], self._schemas[name] = table.frame, table.schema
                continue
            frame = case.tables[name]
            if "contractor_id" not in frame.columns:
                self._shared[name] = frame
                continue
            self._schemas[name] = frame.schema
            if folder is None:
                self._keyed[name] = to_spark(self.spark, frame)
            else:
                self._keyed[name] = staged(self.spark, frame, folder / f"{name}.parquet")
