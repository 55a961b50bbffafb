"""Near-duplicate texts on Spark, by the steps of `workbench.flags.minhash.near_duplicates`.

Each step reads one kind of key, so each runs in Spark buckets of that key:

1. the texts compared, cleaned, by buckets of identities (`NearDuplicateTexts.texts`);
2. each distinct text's sketch, by buckets of texts (`minhash.sketches`);
3. the candidate pairs, by buckets of LSH band keys (`minhash.band_pairs`);
4. the candidates' signature check, then their exact Jaccard similarity, by
   buckets of pairs (`minhash.estimated`, `minhash.exact`), each pair joined
   with the two sketches it reads.

The pairs of texts are then turned into pairs of their holders by joins. No
step holds every text in one place: the whole case's résumés, 26 GB at 50M
identities, never meet in one worker.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import polars as pl

from workbench.engines.spark_keyed import run_by_key
from workbench.flags.context import NearDuplicateTexts
from workbench.flags.minhash import SKETCH_SCHEMA, band_pairs, estimated, exact, sketches

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

#: The texts compared, by identity (`NearDuplicateTexts.texts`).
TEXTS = pl.Schema({"contractor_id": pl.String(), "text": pl.String()})

#: A distinct text, named by a digest of it: what step 2 reads.
DOCUMENTS = pl.Schema({"doc": pl.String(), "text": pl.String()})

#: A distinct text's sketch (`minhash.sketches`).
SKETCHED = pl.Schema({"doc": pl.String(), **SKETCH_SCHEMA})

#: One band key of a text compared, with the (band, key) it is routed by.
BANDS = pl.Schema(
    {"doc": pl.String(), "band": pl.Int64(), "key": pl.Int64(), "_route": pl.String()}
)

#: Two texts, a < b.
PAIRS = pl.Schema({"a": pl.String(), "b": pl.String()})

#: The fact: each identity whose text is a near copy of another's, both ways.
ALIKE = pl.Schema({"contractor_id": pl.String(), "other": pl.String(), "jaccard": pl.Float64()})


def near_duplicates_on_spark(
    fact: NearDuplicateTexts,
    contractors: DataFrame,
    *,
    schema: pl.Schema,
    buckets: int,
) -> tuple[DataFrame, pl.Schema]:
    """``fact`` over the whole case, as `NearDuplicateTexts.compute` makes it on one machine.

    Parameters
    ----------
    fact : the texts compared, and the similarity they must reach.
    contractors : the contractors table on Spark.
    schema : its polars schema as one machine loads it.
    buckets : how many buckets identities, texts, band keys and pairs are hashed into.

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
    >>> found, _ = near_duplicates_on_spark(fact, to_spark(spark_session(), people),
    ...     schema=people.schema, buckets=2)
    >>> sorted((row.contractor_id, row.other) for row in found.collect())
    [('a', 'b'), ('b', 'a')]
    """
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    read = pl.Schema({"contractor_id": pl.String(), fact.column: schema[fact.column]})
    texts = run_by_key(
        {"contractors": contractors.select(*read.names())},
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
    bands = compared.select("doc", F.posexplode("bands").alias("band", "key")).select(
        "doc",
        F.col("band").cast("bigint").alias("band"),
        "key",
        F.concat_ws(":", "band", "key").alias("_route"),
    )
    candidates = run_by_key(
        {"bands": bands},
        key="_route",
        schemas={"bands": BANDS},
        stage=lambda bucket: band_pairs(bucket["bands"]),
        answer=PAIRS,
        buckets=buckets,
    ).dropDuplicates(["a", "b"])
    within_reach = _by_pair(
        candidates,
        sketched,
        "signature",
        stage=lambda pairs: estimated(pairs, fact.threshold),
        answer=PAIRS,
        buckets=buckets,
    )
    verified = _by_pair(
        within_reach,
        sketched,
        "shingles",
        stage=lambda pairs: exact(pairs, fact.threshold),
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
    return alike, ALIKE


def _sketched(docs: pl.DataFrame) -> pl.DataFrame:
    """`minhash.sketches` of one bucket of distinct texts, named by their ``doc``."""
    return pl.concat([docs.select("doc"), sketches(docs["text"])], how="horizontal")


def _by_pair(
    pairs: DataFrame,
    sketched: DataFrame,
    column: str,
    *,
    stage: Callable[[pl.DataFrame], pl.DataFrame],
    answer: pl.Schema,
    buckets: int,
) -> DataFrame:
    """``stage`` on ``pairs`` by buckets of pairs, each pair given ``column`` of both texts'
    sketches (``{column}_a``, ``{column}_b``)."""
    from pyspark.sql import functions as F

    part = sketched.select("doc", column)
    joined = pairs.join(part.withColumnsRenamed({"doc": "a", column: f"{column}_a"}), "a").join(
        part.withColumnsRenamed({"doc": "b", column: f"{column}_b"}), "b"
    )
    read = pl.Schema({**PAIRS, f"{column}_a": pl.Binary(), f"{column}_b": pl.Binary()})
    return run_by_key(
        {"pairs": joined.select(*read.names()).withColumn("_pair", F.concat_ws(":", "a", "b"))},
        key="_pair",
        schemas={"pairs": pl.Schema({**read, "_pair": pl.String()})},
        stage=lambda bucket: stage(bucket["pairs"]),
        answer=answer,
        buckets=buckets,
    )
