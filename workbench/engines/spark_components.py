"""Connected components over Spark DataFrames: alternating large-star and small-star.

The algorithm of Kiveris, Lattanzi, Mirrokni, Rastogi and Vassilvitskii,
"Connected Components in MapReduce and Beyond" (SoCC 2014). Each round is a
few joins and group-bys over the edge list, so no graph is ever gathered on
the driver; the number of rounds grows as O(log² n) however long the
component, which is what a laptop farm's chain of 100,000 logins needs.

Nodes are strings or numbers (the sharing graph of `workbench.engines.spark_flags`
hashes its nodes to 64-bit numbers). When the edges stop changing, every edge
points from a node to the smallest node of its component, which names it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

#: Rounds after which the loop stops with an error instead of running on: at
#: O(log² n) rounds, a billion nodes need fewer than a thousand.
MAX_ROUNDS = 1000


def _both_ways(edges: DataFrame) -> DataFrame:
    """Every edge in both directions, as (u, v) with u ≠ v, each pair once."""
    from pyspark.sql import functions as F

    forth = edges.select(F.col("src").alias("u"), F.col("dst").alias("v"))
    back = edges.select(F.col("dst").alias("u"), F.col("src").alias("v"))
    return forth.unionByName(back).where(F.col("u") != F.col("v")).distinct()


def _large_star(edges: DataFrame) -> DataFrame:
    """Link every larger neighbour of a node to the smallest node of its neighbourhood."""
    from pyspark.sql import functions as F

    both = _both_ways(edges)
    smallest = both.groupBy("u").agg(F.least(F.min("v"), F.first("u")).alias("m"))
    return (
        both.where(F.col("v") > F.col("u"))
        .join(smallest, "u")
        .select(F.col("v").alias("src"), F.col("m").alias("dst"))
        .distinct()
    )


def _small_star(edges: DataFrame) -> DataFrame:
    """Link a node and its smaller neighbours to the smallest of them."""
    from pyspark.sql import functions as F

    down = edges.select(
        F.greatest("src", "dst").alias("u"), F.least("src", "dst").alias("v")
    ).where(F.col("u") != F.col("v"))
    smallest = down.groupBy("u").agg(F.min("v").alias("m"))
    with_m = down.join(smallest, "u")
    neighbours = with_m.select(F.col("v").alias("src"), F.col("m").alias("dst"))
    itself = smallest.select(F.col("u").alias("src"), F.col("m").alias("dst"))
    return neighbours.unionByName(itself).where(F.col("src") != F.col("dst")).distinct()


def _same(left: DataFrame, right: DataFrame) -> bool:
    """Whether two edge lists hold the same edges (both are duplicate-free)."""
    return left.count() == right.count() and left.exceptAll(right).isEmpty()


def components(edges: DataFrame) -> DataFrame:
    """The connected component of every node that has an edge: (node, component).

    Parameters
    ----------
    edges : a DataFrame with columns ``src`` and ``dst`` (strings or numbers); direction,
        duplicates and self-loops do not matter.

    Returns
    -------
    A DataFrame (node, component), one row per node, where ``component`` is the
    smallest node of its component. Nothing is collected on the driver.

    Examples
    --------
    >>> from workbench.engines.spark_session import spark_session
    >>> spark = spark_session()
    >>> pairs = [("b", "c"), ("c", "d"), ("x", "y")]
    >>> edges = spark.createDataFrame(pairs, "src string, dst string")
    >>> sorted(tuple(row) for row in components(edges).collect())
    [('b', 'b'), ('c', 'b'), ('d', 'b'), ('x', 'x'), ('y', 'x')]
    """
    from pyspark.sql import functions as F

    current = _small_star(edges).localCheckpoint()
    for _ in range(MAX_ROUNDS):
        larger = _large_star(current).localCheckpoint()
        smaller = _small_star(larger).localCheckpoint()
        if _same(smaller, current):
            break
        current = smaller
    else:
        raise RuntimeError(f"connected components did not converge in {MAX_ROUNDS} rounds")
    roots = current.select(F.col("dst").alias("node"), F.col("dst").alias("component"))
    return (
        current.select(F.col("src").alias("node"), F.col("dst").alias("component"))
        .unionByName(roots)
        .distinct()
    )
