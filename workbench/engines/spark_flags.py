"""Red flags on Spark: every flag by its own detector, one bucket of identities at a time.

A flag about one identity's own rows (its logins, its payments) answers the
same on any split of the identities. A flag that compares identities (a
shared device, an IP used by two within an hour) compares only identities
tied by a shared value. So the identities are split along the connected
components of the sharing graph: identities on one side, the values they
share on the other, infrastructure left out (flags set it aside too) and
referrals added. Every identity of a component lands in the same bucket,
and each bucket runs the registry's `evaluate` as one machine does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

import polars as pl

from workbench.engines.spark_components import components
from workbench.engines.spark_keyed import run_by_key
from workbench.flags.common import RESULT_SCHEMA
from workbench.flags.context import FlagContext
from workbench.flags.evaluate import STATUS_SCHEMA, FlagResult, evaluate
from workbench.flags.flag import Flag
from workbench.flags.registry import FLAGS
from workbench.link import HUB_SCHEMA

if TYPE_CHECKING:
    from pyspark.sql import Column, DataFrame

#: The column that routes an identity's rows: the least identity of its component.
COMPONENT = "component"

#: One row per raised flag, as `evaluate` gives it.
FLAG_ROWS = pl.Schema(
    {
        "contractor_id": pl.String(),
        "code": pl.String(),
        "weight": pl.Float64(),
        "evidence": RESULT_SCHEMA["evidence"],
        "refs": RESULT_SCHEMA["refs"],
    }
)

#: The table that carries the rows of flags found before the buckets run (over the whole
#: case, or earlier by identity) into each bucket.
DONE = "flags_found_before"

#: Prefix of the tables that carry the case-wide facts flags read
#: (`workbench.flags.context.CaseWide`), by key: ``case_wide__interview_ip_facts``.
CASE_WIDE = "case_wide__"

#: Prefixes that keep identities and shared values apart among the graph's nodes.
IDENTITY, VALUE = "i:", "v:"


def sharing_components(
    observations: DataFrame,
    infrastructure: DataFrame,
    referrals: DataFrame,
    compared: DataFrame | None = None,
) -> DataFrame:
    """Each identity that shares a value or a referral, or that a flag compares with another,
    with its component of the sharing graph.

    Parameters
    ----------
    observations : sightings with contractor_id, kind and value.
    infrastructure : (kind, value) rows the flags set aside; they tie no one.
    referrals : referrer_id and contractor_id.
    compared : contractor_id and other: pairs a flag reads together though they may
        share no value (near-copies of one text, whose names it compares).

    Returns
    -------
    One row per identity with a tie; ``component`` is the least contractor id
    of its component. Nothing is collected on the driver.

    Examples
    --------
    >>> from workbench.engines.spark_session import spark_session
    >>> spark = spark_session()
    >>> seen = spark.createDataFrame([("a", "ip", "1"), ("b", "ip", "1"), ("c", "ip", "2"),
    ...     ("d", "ip", "9"), ("e", "ip", "9"), ("f", "ip", "7")],
    ...     "contractor_id string, kind string, value string")
    >>> hubs = spark.createDataFrame([("ip", "9")], "kind string, value string")
    >>> referred = spark.createDataFrame([("b", "c")], "referrer_id string, contractor_id string")
    >>> sorted(tuple(r) for r in sharing_components(seen, hubs, referred).collect())
    [('a', 'a'), ('b', 'a'), ('c', 'a')]
    """
    from pyspark.sql import functions as F

    # Nodes are 64-bit hashes: rounds of joins over numbers shuffle a fraction of the
    # bytes of strings. Two nodes that collide only merge two buckets: flags compare
    # identities within a bucket, so a merged bucket answers the same.
    def identity(column: str) -> Column:
        return F.xxhash64(F.lit(IDENTITY), column)

    held = observations.join(infrastructure, ["kind", "value"], "left_anti").select(
        identity("contractor_id").alias("src"),
        F.xxhash64(F.lit(VALUE), "kind", "value").alias("dst"),
    )
    # A value one identity holds joins no one: only values held by two or more enter the
    # rounds, which shuffle every edge each time (most sightings are an identity's own).
    shared = (
        held.groupBy("dst")
        .agg(F.collect_set("src").alias("holders"))
        .where(F.size("holders") >= 2)
        .select(F.explode("holders").alias("src"), "dst")
    )
    pairs = referrals.where(F.col("referrer_id").isNotNull()).select(
        F.col("referrer_id").alias("one"), F.col("contractor_id").alias("other")
    )
    if compared is not None:
        pairs = pairs.unionByName(compared.select(F.col("contractor_id").alias("one"), "other"))
    paired = pairs.select(identity("one").alias("src"), identity("other").alias("dst"))
    found = components(shared.unionByName(paired))
    # Every node with an edge has a component: joined to it, the ids that have one.
    named = (
        observations.select("contractor_id")
        .unionByName(pairs.select(F.col("one").alias("contractor_id")))
        .unionByName(pairs.select(F.col("other").alias("contractor_id")))
        .where(F.col("contractor_id").isNotNull())
        .distinct()
        .withColumn("node", identity("contractor_id"))
        .join(found, "node")
    )
    # A component is named by its least identity, whatever its hashes.
    names = named.groupBy(COMPONENT).agg(F.min("contractor_id").alias("name"))
    # Kept on the executors: every table of the case is routed by it.
    return (
        named.join(names, COMPONENT)
        .select("contractor_id", F.col("name").alias(COMPONENT))
        .localCheckpoint()
    )


@dataclass(frozen=True)
class Earlier:
    """Flags found before a pass: their rows (Spark, `FLAG_ROWS`) and their codes.

    A pass does not run them again; its buckets see their rows, as `evaluate`'s
    ``done`` does on one machine.
    """

    rows: DataFrame
    codes: tuple[str, ...]


def flags_by_identity(
    tables: Mapping[str, DataFrame],
    *,
    schemas: Mapping[str, pl.Schema],
    flags: tuple[Flag, ...],
    as_of: datetime | None,
    buckets: int,
    weights: Mapping[str, float] | None = None,
    orders: Mapping[str, Sequence[str]] | None = None,
    shared: Mapping[str, pl.DataFrame] | None = None,
) -> DataFrame:
    """The raised rows of ``flags`` that read only an identity's own rows (`Flag.conduct`),
    each bucket of contractor ids evaluated by `evaluate`.

    Parameters are those of `flags_by_component`; no flag here reads a shared
    value, so identities need no component and no infrastructure. Only the
    tables the flags declare they read (`Flag.needs`, and the sightings of
    their `Flag.kinds`) travel to the buckets; the others are empty there.

    Examples
    --------
    >>> from workbench.engines.spark_keyed import to_spark
    >>> from workbench.engines.spark_session import spark_session
    >>> from workbench.flags.registry import CONDUCT_FLAGS
    >>> case = FlagContext.build(contractors={"contractor_id": ["a", "b"],
    ...     "video_interview": ["declined", "completed"]})
    >>> keyed = {"contractors": case.tables["contractors"], "observations": case.observations}
    >>> found = flags_by_identity({n: to_spark(spark_session(), f) for n, f in keyed.items()},
    ...     schemas={n: f.schema for n, f in keyed.items()}, flags=CONDUCT_FLAGS, as_of=None,
    ...     buckets=2, weights={"VIDEO_DECLINED": 0.5})
    >>> [(row.contractor_id, row.code, row.weight) for row in found.collect()]
    [('a', 'VIDEO_DECLINED', 0.5)]
    """
    if not all(flag.conduct for flag in flags):
        raise ValueError("flags_by_identity runs only flags that read an identity's own rows")
    context = _Context(pl.DataFrame(schema=HUB_SCHEMA), as_of, dict(weights or {}))
    read = _tables_read(flags, tables)
    return run_by_key(
        read,
        key="contractor_id",
        schemas={name: schemas[name] for name in read},
        stage=lambda bucket: context.evaluate(bucket, flags),
        answer=FLAG_ROWS,
        buckets=buckets,
        orders=orders,
        shared=shared,
    )


def flags_by_component(
    tables: Mapping[str, DataFrame],
    *,
    schemas: Mapping[str, pl.Schema],
    components_of: DataFrame,
    infrastructure: pl.DataFrame,
    as_of: datetime | None,
    buckets: int,
    flags: tuple[Flag, ...] = FLAGS,
    weights: Mapping[str, float] | None = None,
    earlier: Earlier | None = None,
    orders: Mapping[str, Sequence[str]] | None = None,
    shared: Mapping[str, pl.DataFrame] | None = None,
) -> DataFrame:
    """Every raised flag of ``flags``, each bucket of components evaluated by `evaluate`.

    The rows of ``earlier`` reach each bucket as `evaluate`'s ``done``, so the
    network flags see them there as on one machine.

    Parameters
    ----------
    tables : Spark tables with contractor_id, ``observations`` among them; a case
        table not given is empty. The case-wide facts ``flags`` read
        (`Flag.case_wide`), computed over the whole case, come as tables named
        `CASE_WIDE` and their key: each bucket gets its identities' rows.
    schemas : each table's polars schema as one machine loads it.
    components_of : `sharing_components`; an identity without a row is its own component.
    infrastructure : the hubs the flags set aside (`FlagContext.hubs`), small.
    as_of : the moment the case describes; a case-wide fact no bucket can find alone.
    buckets : how many buckets the components are hashed into.
    flags : the registry entries to run.
    weights : code → weight overrides, as `evaluate` takes them.
    earlier : flags of ``flags`` found before (`flags_by_identity`), not run again.
    orders : the columns each table is sorted by on one machine.
    shared : small tables without contractor_id, given whole to every bucket.

    Returns
    -------
    The rows `evaluate(...).flags` gives on the whole case, ``earlier``'s
    included, in Spark's order.

    Examples
    --------
    >>> from workbench.engines.spark_keyed import to_spark
    >>> from workbench.engines.spark_session import spark_session
    >>> spark = spark_session()
    >>> case = FlagContext.build(contractors={"contractor_id": ["a", "b"],
    ...     "video_interview": ["declined", "completed"]})
    >>> keyed = {"contractors": case.tables["contractors"], "observations": case.observations}
    >>> alone = spark.createDataFrame([], "contractor_id string, component string")
    >>> found = flags_by_component({name: to_spark(spark, f) for name, f in keyed.items()},
    ...     schemas={name: f.schema for name, f in keyed.items()}, components_of=alone,
    ...     infrastructure=case.hubs, as_of=None, buckets=2)
    >>> [(row.contractor_id, row.code) for row in found.collect()]
    [('a', 'VIDEO_DECLINED')]
    """
    from pyspark.sql import functions as F

    done = () if earlier is None else earlier.codes
    context = _Context(infrastructure, as_of, dict(weights or {}))
    tables, schemas = dict(tables), dict(schemas)
    orders = dict(orders or {}) | {DONE: ["contractor_id", "code"]}
    if earlier is not None:
        tables[DONE], schemas[DONE] = earlier.rows, FLAG_ROWS
    routed = {
        name: frame.join(components_of, "contractor_id", "left").withColumn(
            COMPONENT, F.coalesce(COMPONENT, "contractor_id")
        )
        for name, frame in tables.items()
    }
    routed_schemas = {
        name: pl.Schema({**schema, COMPONENT: pl.String()}) for name, schema in schemas.items()
    }

    def evaluate_bucket(bucket: dict[str, pl.DataFrame]) -> pl.DataFrame:
        own = {name: frame.drop(COMPONENT, strict=False) for name, frame in bucket.items()}
        return context.evaluate(own, flags, done=done)

    return run_by_key(
        routed,
        key=COMPONENT,
        schemas=routed_schemas,
        stage=evaluate_bucket,
        answer=FLAG_ROWS,
        buckets=buckets,
        orders=orders,
        shared=shared,
    )


@dataclass(frozen=True)
class _Context:
    """What every bucket's `FlagContext` shares: the infrastructure, the case's moment and
    the weights."""

    infrastructure: pl.DataFrame
    as_of: datetime | None
    weights: dict[str, float] = field(default_factory=dict)

    def evaluate(
        self,
        tables: Mapping[str, pl.DataFrame],
        flags: tuple[Flag, ...],
        *,
        done: tuple[str, ...] = (),
    ) -> pl.DataFrame:
        """`evaluate` on one bucket's tables; the ``done`` codes' rows are its `DONE` table,
        the case-wide facts its tables named `CASE_WIDE` and their key."""
        facts = {
            name.removeprefix(CASE_WIDE): frame
            for name, frame in tables.items()
            if name.startswith(CASE_WIDE)
        }
        case = {
            name: frame
            for name, frame in tables.items()
            if name not in ("observations", DONE) and not name.startswith(CASE_WIDE)
        }
        context = FlagContext.build(
            **case, observations=tables["observations"], hubs=self.infrastructure, as_of=self.as_of
        ).with_case_wide(facts)
        earlier = None
        if done:
            # Only the codes of this status matter here (they are not run again); the
            # flags' rows are all this function returns.
            status = pl.DataFrame(
                {"code": list(done), "evaluated": True, "reason": None}, schema=STATUS_SCHEMA
            )
            earlier = FlagResult(tables[DONE], status)
        codes = {flag.code for flag in flags}
        weights = {code: w for code, w in self.weights.items() if code in codes}
        return evaluate(context, weights=weights, flags=flags, done=earlier).flags


def _tables_read(flags: tuple[Flag, ...], tables: Mapping[str, DataFrame]) -> dict[str, DataFrame]:
    """The tables ``flags`` declare they read, the contractors, and their kinds' sightings."""
    from pyspark.sql import functions as F

    names = {"contractors"} | {
        option.table for flag in flags for need in flag.needs for option in need.options
    }
    read = {name: tables[name] for name in sorted(names) if name in tables}
    kinds = sorted({kind for flag in flags for kind in flag.kinds})
    read["observations"] = tables["observations"].where(F.col("kind").isin(kinds))
    return read
