"""The facts of the whole case that flags read (`workbench.flags.context.CaseFact`), made on
Spark by their steps. A `CaseWide` in its two: rows and evidence by buckets of identities,
then combined by buckets of the values they are about; near-duplicate texts by the steps
of their comparison (`workbench.engines.spark_minhash`). Nothing is gathered on the driver."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import polars as pl

from workbench.engines.spark_keyed import part_of, parted, parts_schema, run_by_key
from workbench.engines.spark_minhash import near_duplicates_on_spark
from workbench.flags.context import CaseFact, CaseWide, FlagContext, NearDuplicateTexts

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

#: The parts of the first step's answer (`workbench.engines.spark_keyed.parted`).
ROWS, EVIDENCE = "rows", "evidence"


def fact_on_spark(
    fact: CaseFact,
    tables: Mapping[str, DataFrame],
    *,
    schemas: Mapping[str, pl.Schema],
    buckets: int,
    orders: Mapping[str, Sequence[str]] | None = None,
    hubs: pl.DataFrame | None = None,
) -> tuple[DataFrame, pl.Schema]:
    """``fact`` over the whole case on Spark, by the steps of its kind: `case_wide_on_spark`
    for a `CaseWide`, `near_duplicates_on_spark` for `NearDuplicateTexts`.

    The parameters are `case_wide_on_spark`'s; the rows come back cached on the
    executors, with their polars schema.
    """
    if isinstance(fact, NearDuplicateTexts):
        return near_duplicates_on_spark(
            fact, tables["contractors"], schema=schemas["contractors"], buckets=buckets
        )
    if isinstance(fact, CaseWide):
        return case_wide_on_spark(
            fact, tables, schemas=schemas, buckets=buckets, orders=orders, hubs=hubs
        )
    raise TypeError(f"no Spark steps for a fact of type {type(fact).__name__}")


def case_wide_on_spark(
    fact: CaseWide,
    tables: Mapping[str, DataFrame],
    *,
    schemas: Mapping[str, pl.Schema],
    buckets: int,
    orders: Mapping[str, Sequence[str]] | None = None,
    hubs: pl.DataFrame | None = None,
) -> tuple[DataFrame, pl.Schema]:
    """``fact`` over the whole case, as `CaseWide.compute` makes it on one machine.

    Parameters
    ----------
    fact : the fact.
    tables : Spark tables with contractor_id, ``observations`` among them; a
        table the fact reads that is not given is empty.
    schemas : each table's polars schema as one machine loads it.
    buckets : how many buckets the identities, then the values, are hashed into.
    orders : the columns each table is sorted by on one machine.
    hubs : the hubs the flags set aside (`FlagContext.hubs`), small: read by a fact
        that says so (`CaseWide.reads_hubs`).

    Returns
    -------
    The fact's rows as a Spark DataFrame, in Spark's order, and their polars
    schema. The rows are cached on the executors: unpersist them when done.

    Examples
    --------
    >>> from workbench.engines.spark_keyed import to_spark
    >>> from workbench.engines.spark_session import spark_session
    >>> from workbench.flags.access import INTERVIEW_IP_FACTS
    >>> ctx = FlagContext.build(
    ...     interviews={"contractor_id": ["a"], "join_ip": ["5.6.7.8"]},
    ...     logins={"contractor_id": ["b", "c"], "ip": ["5.6.7.8", "5.6.7.8"],
    ...         "country": ["CN", "CN"]})
    >>> keyed = {"interviews": ctx.tables["interviews"], "logins": ctx.tables["logins"],
    ...     "observations": ctx.observations}
    >>> fact, schema = case_wide_on_spark(INTERVIEW_IP_FACTS,
    ...     {name: to_spark(spark_session(), f) for name, f in keyed.items()},
    ...     schemas={name: f.schema for name, f in keyed.items()}, buckets=2)
    >>> [(row.contractor_id, row.ip, row.country) for row in fact.collect()]
    [('a', '5.6.7.8', 'CN')]
    """
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    empty = FlagContext.build()
    rows_schema, evidence_schema = fact.rows(empty).schema, fact.evidence(empty).schema
    answer = fact.compute(empty).schema
    schemas_of = {ROWS: rows_schema, EVIDENCE: evidence_schema}
    steps = parts_schema(schemas_of)
    read = {name: tables[name] for name in fact.tables if name in tables}
    read["observations"] = tables["observations"].where(F.col("kind").isin(list(fact.kinds)))

    def by_identity(bucket: dict[str, pl.DataFrame]) -> pl.DataFrame:
        observations = bucket.pop("observations")
        part = FlagContext.build(**bucket, observations=observations, hubs=hubs, as_of=None)
        return parted({ROWS: fact.rows(part), EVIDENCE: fact.evidence(part)}, steps)

    # Cached: both parts read it, and the identities' stage would otherwise run twice.
    found = run_by_key(
        read,
        key="contractor_id",
        schemas={name: schemas[name] for name in read},
        stage=by_identity,
        answer=steps,
        buckets=buckets,
        orders=orders,
    ).persist(StorageLevel.MEMORY_AND_DISK)
    parts = {part: part_of(found, part, schema) for part, schema in schemas_of.items()}
    combined = run_by_key(
        parts,
        key=fact.on,
        schemas=schemas_of,
        stage=lambda bucket: fact.combine(bucket[ROWS], bucket[EVIDENCE]),
        answer=answer,
        buckets=buckets,
        # Every column, so that a bucket's rows come in one order whatever Spark's.
        orders={ROWS: rows_schema.names(), EVIDENCE: evidence_schema.names()},
    ).persist(StorageLevel.MEMORY_AND_DISK)
    try:
        combined.count()  # made once, here, from the cached first step
    finally:
        found.unpersist()
    return combined, answer
