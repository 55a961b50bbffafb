"""Near-duplicate texts on Spark, by the steps of `workbench.flags.minhash.near_duplicates`.

A text column small enough for one Python worker (`ONE_WORKER_TEXT_BYTES`) is
compared there whole, as on one machine: on a few cores that is the fastest
way. A larger one is compared by the steps of the comparison, each of which
reads one kind of key and so runs in Spark buckets of that key:

1. the texts compared, cleaned, by buckets of identities (`NearDuplicateTexts.texts`);
2. each distinct text's sketch, by buckets of texts (`minhash.sketches`);
3. the size of each LSH band bucket, counted by Spark; only the documents of
   buckets that give pairs (2 to `MAX_BUCKET` documents) go on, with their
   signatures;
4. the pairs within reach of the threshold, by buckets of band buckets
   (`minhash.pairs_within_reach`): each band bucket's documents meet whole,
   and only the pairs their signatures keep leave it;
5. their exact Jaccard similarity, by buckets of pairs (`minhash.exact`), each
   pair joined with the shingles of its two texts.

The pairs of texts are then turned into pairs of their holders by joins. No
step holds every text in one place: a case's cover letters, some 12 GB at 50M
identities, never meet in one worker. Step 4 reads a signature per
document and band bucket it shares, so it grows with the documents, not with
the candidate pairs, which template-alike texts multiply.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from workbench.engines.spark_keyed import run_by_key
from workbench.flags.context import NearDuplicateTexts
from workbench.flags.minhash import (
    MAX_BUCKET,
    SKETCH_SCHEMA,
    exact,
    pairs_within_reach,
    sketches,
)

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

#: The most bytes of text a column may hold to be compared in one Python worker. The
#: generated 1M case's columns (134 and 234 MB) are; measured there in local mode on 2
#: cores, one worker took 34 s for both, the steps 279 s. The steps are for a column
#: one worker could not hold (12 GB of cover letters at 50M identities), on a cluster's
#: many cores.
ONE_WORKER_TEXT_BYTES = 512 * 10**6

#: The texts compared, by identity (`NearDuplicateTexts.texts`).
TEXTS = pl.Schema({"contractor_id": pl.String(), "text": pl.String()})

#: A distinct text, named by a digest of it: what step 2 reads.
DOCUMENTS = pl.Schema({"doc": pl.String(), "text": pl.String()})

#: A distinct text's sketch (`minhash.sketches`).
SKETCHED = pl.Schema({"doc": pl.String(), **SKETCH_SCHEMA})

#: A document in one of the band buckets that give pairs, with its signature and the
#: bucket it is routed by.
IN_BUCKET = pl.Schema(
    {
        "doc": pl.String(),
        "band": pl.Int64(),
        "key": pl.Int64(),
        "signature": pl.Binary(),
        "_route": pl.String(),
    }
)

#: Two texts, a < b.
PAIRS = pl.Schema({"a": pl.String(), "b": pl.String()})

#: Two texts with their shingles, as `minhash.exact` reads them, and the pair's route.
WITH_SHINGLES = pl.Schema(
    {**PAIRS, "shingles_a": pl.Binary(), "shingles_b": pl.Binary(), "_pair": pl.String()}
)

#: The fact: each identity whose text is a near copy of another's, both ways.
ALIKE = pl.Schema({"contractor_id": pl.String(), "other": pl.String(), "jaccard": pl.Float64()})


def near_duplicates_on_spark(
    fact: NearDuplicateTexts,
    contractors: DataFrame,
    *,
    schema: pl.Schema,
    buckets: int,
    one_worker_bytes: int = ONE_WORKER_TEXT_BYTES,
) -> tuple[DataFrame, pl.Schema]:
    """``fact`` over the whole case, as `NearDuplicateTexts.compute` makes it on one machine.

    Parameters
    ----------
    fact : the texts compared, and the similarity they must reach.
    contractors : the contractors table on Spark.
    schema : its polars schema as one machine loads it.
    buckets : how many buckets identities, texts, band buckets and pairs are hashed into.
    one_worker_bytes : the most bytes of text compared in one Python worker; a
        larger column is compared by the steps of the comparison.

    Returns
    -------
    The fact's rows as a Spark DataFrame (`ALIKE`), in Spark's order, and their
    schema. The rows are cached on the executors: unpersist them when done.

    Examples
    --------
    >>> from workbench.engines.spark_keyed import to_spark
    >>> from workbench.engines.spark_session import spark_session
    >>> cv = ("Full stack engineer: React, Node and Postgres. Eight years at fintech "
    ...       "startups in Austin, building payment APIs, dashboards and CI pipelines.")
    >>> people = pl.DataFrame({"contractor_id": ["a", "b", "c"],
    ...     "resume_text": [cv, cv.replace("pipelines", "pipes"), "Chef and baker."]})
    >>> fact = NearDuplicateTexts("resumes", "resume_text", threshold=0.8)
    >>> contractors = to_spark(spark_session(), people)
    >>> for one_worker_bytes in (10**6, 0):  # in one worker, then by the steps
    ...     found, _ = near_duplicates_on_spark(fact, contractors, schema=people.schema,
    ...         buckets=2, one_worker_bytes=one_worker_bytes)
    ...     print(sorted((row.contractor_id, row.other) for row in found.collect()))
    [('a', 'b'), ('b', 'a')]
    [('a', 'b'), ('b', 'a')]
    """
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    read = pl.Schema({"contractor_id": pl.String(), fact.column: schema[fact.column]})
    texts = contractors.select(*read.names())
    size = texts.select(F.sum(F.octet_length(fact.column))).first()
    if size is None or (size[0] or 0) <= one_worker_bytes:
        alike = run_by_key(
            {"contractors": texts},
            key="contractor_id",
            schemas={"contractors": read},
            stage=lambda whole: fact.of(whole["contractors"]),
            answer=ALIKE,
            buckets=1,
        ).persist(StorageLevel.MEMORY_AND_DISK)
        alike.count()  # made once, here
        return alike, ALIKE
    return _by_steps(fact, texts, read=read, buckets=buckets), ALIKE


def _by_steps(
    fact: NearDuplicateTexts, contractors: DataFrame, *, read: pl.Schema, buckets: int
) -> DataFrame:
    """`near_duplicates_on_spark` by the steps of the comparison (the module's docstring),
    on ``contractors``' columns ``read``: the rows, cached on the executors."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    texts = run_by_key(
        {"contractors": contractors},
        key="contractor_id",
        schemas={"contractors": read},
        stage=lambda bucket: fact.texts(bucket["contractors"]),
        answer=TEXTS,
        buckets=buckets,
    )
    # A text is named by its SHA-256: a compact key for the steps after this one.
    texts = texts.withColumn("doc", F.sha2("text", 256)).persist(StorageLevel.MEMORY_AND_DISK)
    sketched = run_by_key(
        {"docs": texts.select(*DOCUMENTS.names()).dropDuplicates(["doc"])},
        key="doc",
        schemas={"docs": DOCUMENTS},
        stage=lambda bucket: _sketched(bucket["docs"]),
        answer=SKETCHED,
        buckets=buckets,
    ).persist(StorageLevel.MEMORY_AND_DISK)
    compared = sketched.where(F.col("eligible"))
    bands = compared.select(
        "doc", F.posexplode("bands").alias("band", "key"), "signature"
    ).withColumn("band", F.col("band").cast("bigint"))
    giving_pairs = (
        bands.groupBy("band", "key")
        .count()
        .where(F.col("count").between(2, MAX_BUCKET))
        .select("band", "key")
    )
    in_buckets = bands.join(giving_pairs, ["band", "key"], "left_semi").withColumn(
        "_route", F.concat_ws(":", "band", "key")
    )
    within_reach = run_by_key(
        {"buckets": in_buckets.select(*IN_BUCKET.names())},
        key="_route",
        schemas={"buckets": IN_BUCKET},
        stage=lambda bucket: pairs_within_reach(bucket["buckets"], fact.threshold),
        answer=PAIRS,
        buckets=buckets,
    ).dropDuplicates(["a", "b"])
    shingles = sketched.select("doc", "shingles")
    with_shingles = (
        within_reach.join(shingles.withColumnsRenamed({"doc": "a", "shingles": "shingles_a"}), "a")
        .join(shingles.withColumnsRenamed({"doc": "b", "shingles": "shingles_b"}), "b")
        .withColumn("_pair", F.concat_ws(":", "a", "b"))
    )
    verified = run_by_key(
        {"pairs": with_shingles.select(*WITH_SHINGLES.names())},
        key="_pair",
        schemas={"pairs": WITH_SHINGLES},
        stage=lambda bucket: exact(bucket["pairs"], fact.threshold),
        answer=pl.Schema({**PAIRS, "jaccard": pl.Float64()}),
        buckets=buckets,
    )
    # Identities that gave one compared text are near copies of each other, at 1.0.
    same_text = compared.select(F.col("doc").alias("a"), F.col("doc").alias("b")).withColumn(
        "jaccard", F.lit(1.0)
    )
    holders = texts.select("doc", "contractor_id")
    held = (
        verified.unionByName(same_text)
        .join(holders.withColumnsRenamed({"doc": "a", "contractor_id": "x"}), "a")
        .join(holders.withColumnsRenamed({"doc": "b", "contractor_id": "y"}), "b")
        .where(F.col("x") != F.col("y"))
        # An identity with two texts may pair with another through both: its best pair counts.
        .groupBy(F.least("x", "y").alias("x"), F.greatest("x", "y").alias("y"))
        .agg(F.max("jaccard").alias("jaccard"))
    )
    alike = (
        held.select(F.col("x").alias("contractor_id"), F.col("y").alias("other"), "jaccard")
        .unionByName(
            held.select(F.col("y").alias("contractor_id"), F.col("x").alias("other"), "jaccard")
        )
        .persist(StorageLevel.MEMORY_AND_DISK)
    )
    try:
        alike.count()  # made once, here, from the cached steps
    finally:
        sketched.unpersist()
        texts.unpersist()
    return alike


def _sketched(docs: pl.DataFrame) -> pl.DataFrame:
    """`minhash.sketches` of one bucket of distinct texts, named by their ``doc``."""
    return pl.concat([docs.select("doc"), sketches(docs["text"])], how="horizontal")
