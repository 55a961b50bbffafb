"""Grouping on Spark: connected components of the strong ties, then each component split by
`workbench.rings.group_rings` itself.

`group_rings` treats each connected component of strong ties (and of the
holders of a concentrated value) on its own: a small one is a ring, a large
one is cut at bridges and into seeded communities. So the components are
found over DataFrames (`workbench.engines.spark_components`), and each bucket
of whole components runs `group_rings` on its own ties: the rings are those
of one machine.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from workbench.engines.spark_components import components
from workbench.engines.spark_keyed import run_by_key
from workbench.rings import group_rings

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

#: The column that routes a tie or a holding to its bucket: the least id of its component.
COMPONENT = "component"

#: One row per member of a ring, as `group_rings` gives it.
MEMBER_SCHEMA = pl.Schema({"ring_id": pl.String(), "contractor_id": pl.String()})

#: The ties and holdings a bucket sees, as `group_rings` takes them.
PAIR_SCHEMA = pl.Schema(
    {"contractor_a": pl.String(), "contractor_b": pl.String(), "weight": pl.Float64()}
)
UNIT_SCHEMA = pl.Schema({"kind": pl.String(), "value": pl.String(), "contractor_id": pl.String()})


def group_on_spark(
    pairs: DataFrame,
    units: DataFrame,
    *,
    threshold: float,
    max_ring_size: int,
    seed: int,
    buckets: int,
) -> DataFrame:
    """`group_rings` over Spark tables: (ring_id, contractor_id), one row per member.

    Parameters
    ----------
    pairs : contractor_a, contractor_b, weight (`workbench.link.pair_weights`).
    units : kind, value, contractor_id of the holders of concentrated values.
    threshold, max_ring_size, seed : as `group_rings` takes them.
    buckets : how many buckets the components are hashed into; one component,
        however large, is split in one Python call.

    Returns
    -------
    The members `group_rings` gives on the whole case, in Spark's order.
    Nothing is collected on the driver.

    Examples
    --------
    >>> from workbench.engines.spark_session import spark_session
    >>> spark = spark_session()
    >>> pairs = spark.createDataFrame([("a", "b", 0.9), ("b", "c", 0.8), ("x", "y", 0.2)],
    ...     "contractor_a string, contractor_b string, weight double")
    >>> units = spark.createDataFrame([("ip", "1", "x"), ("ip", "1", "y")],
    ...     "kind string, value string, contractor_id string")
    >>> found = group_on_spark(pairs, units, threshold=0.5, max_ring_size=10, seed=7, buckets=2)
    >>> rings: dict[str, list[str]] = {}
    >>> for row in found.collect():
    ...     rings.setdefault(row.ring_id, []).append(row.contractor_id)
    >>> sorted(sorted(members) for members in rings.values())
    [['a', 'b', 'c'], ['x', 'y']]
    """
    from pyspark.sql import functions as F

    strong = pairs.where(F.col("weight") >= threshold)
    # A unit's holders belong together whatever their ties: each is linked to the first.
    first = units.groupBy("kind", "value").agg(F.min("contractor_id").alias("first"))
    bonds = units.join(first, ["kind", "value"]).select(
        F.col("first").alias("src"), F.col("contractor_id").alias("dst")
    )
    edges = strong.select(
        F.col("contractor_a").alias("src"), F.col("contractor_b").alias("dst")
    ).unionByName(bonds)
    found = components(edges).withColumnRenamed(COMPONENT, "_of")
    routed_pairs = strong.join(found, strong["contractor_a"] == found["node"]).select(
        *PAIR_SCHEMA.names(), F.col("_of").alias(COMPONENT)
    )
    routed_units = units.join(found, units["contractor_id"] == found["node"]).select(
        *UNIT_SCHEMA.names(), F.col("_of").alias(COMPONENT)
    )

    def group_bucket(bucket: dict[str, pl.DataFrame]) -> pl.DataFrame:
        return group_rings(
            bucket["pairs"].drop(COMPONENT),
            threshold=threshold,
            max_ring_size=max_ring_size,
            seed=seed,
            units=bucket["units"].drop(COMPONENT),
        )

    return run_by_key(
        {"pairs": routed_pairs, "units": routed_units},
        key=COMPONENT,
        schemas={
            "pairs": pl.Schema({**PAIR_SCHEMA, COMPONENT: pl.String()}),
            "units": pl.Schema({**UNIT_SCHEMA, COMPONENT: pl.String()}),
        },
        stage=group_bucket,
        answer=MEMBER_SCHEMA,
        buckets=buckets,
    )
