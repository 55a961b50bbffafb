"""The link stage on Spark, by its own polars definitions.

`workbench.link.link` runs in three steps, each with its own locality:

1. `held_by_kind`, each identity's holding of each value and whether it is
   the identity's habit, reads only that identity's sightings: it runs by
   buckets of contractor ids;
2. `value_ties`, the hub counts, pairs and holders of each shared value,
   reads only that value's holdings: it runs by buckets of values;
3. `judged_links`, the verdicts on values held by three identities or more,
   reads each holder's other shared values: it runs on the driver, on the
   holdings and pairs gathered there (the pairs are links.csv, which the
   analyst's layer reads anyway).

The first two are where linking grows with the case (sightings, then the
pairs of every shared value), and they run on the executors.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from workbench.concentration import HOLDINGS_SCHEMA
from workbench.engines.spark_keyed import run_by_key
from workbench.engines.spark_observe import collect_as
from workbench.link import (
    HELD_SCHEMA,
    HUB_COUNTS,
    LINK_SCHEMA,
    Ties,
    held_by_kind,
    value_ties,
)

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

#: The columns of the sightings that linking reads.
SIGHTINGS = pl.Schema(
    {
        "kind": pl.String(),
        "value": pl.String(),
        "contractor_id": pl.String(),
        "sightings": pl.UInt32(),
    }
)

#: The column of a bucket's ties that says which frame of `Ties` a row belongs to.
PART = "_part"
COUNTED, PAIRS, HOLDINGS = "counted", "pairs", "holdings"

#: One bucket's ties: the three frames' columns (``kind`` and ``value`` shared), and `PART`.
TIES_ANSWER = pl.Schema({PART: pl.String(), **HUB_COUNTS, **LINK_SCHEMA, **HOLDINGS_SCHEMA})

#: How one machine orders the rows of each frame of `Ties` (any order gives the same links).
ORDERS = {
    COUNTED: ("kind", "value"),
    PAIRS: ("contractor_a", "contractor_b", "kind", "value"),
    HOLDINGS: ("kind", "value", "contractor_id"),
}


def ties_on_spark(
    observations: DataFrame, policy: pl.DataFrame, *, named: pl.DataFrame, buckets: int
) -> Ties:
    """`workbench.link.value_ties` of `workbench.link.held_by_kind` over Spark sightings.

    Parameters
    ----------
    observations : the sightings (`workbench.observe.OBSERVATION_SCHEMA`, its
        ``sightings`` as a long), as `workbench.engines.spark_observe.observe_on_spark`
        leaves them on the executors.
    policy : `workbench.link.link_policy` of the case.
    named : kind, value of the values named as known infrastructure.
    buckets : how many buckets identities, then values, are hashed into.

    Returns
    -------
    The `Ties` of one machine, gathered on the driver and sorted; the sightings
    and each identity's holdings stay on the executors.

    Examples
    --------
    >>> from workbench.engines.spark_keyed import to_spark
    >>> from workbench.engines.spark_session import spark_session
    >>> from workbench.link import link_policy, named_values
    >>> obs = pl.DataFrame({"contractor_id": ["a", "b", "c"], "kind": "device",
    ...     "value": ["d1", "d1", "d2"], "sightings": [1, 1, 1]}, schema=SIGHTINGS)
    >>> ties = ties_on_spark(to_spark(spark_session(), obs), link_policy(obs),
    ...     named=named_values(None), buckets=2)
    >>> ties.pairs.rows()
    [('a', 'b', 'device', 'd1', 0.9)]
    """
    from pyspark.sql import functions as F

    tied = observations.where(F.col("kind").isin(policy["kind"].to_list()))
    held = run_by_key(
        {"observations": tied.select(*SIGHTINGS.names())},
        key="contractor_id",
        schemas={"observations": SIGHTINGS},
        stage=lambda bucket: _holdings(bucket["observations"], policy),
        answer=HELD_SCHEMA,
        buckets=buckets,
        orders={"observations": list(SIGHTINGS.names())},
    )
    answered = run_by_key(
        {"held": held},
        key="value",
        schemas={"held": HELD_SCHEMA},
        stage=lambda bucket: _ties(bucket["held"], policy, named),
        answer=TIES_ANSWER,
        buckets=buckets,
        orders={"held": ["kind", "value", "contractor_id"]},
    )
    found = collect_as(answered, TIES_ANSWER, [PART])
    schemas = {COUNTED: HUB_COUNTS, PAIRS: LINK_SCHEMA, HOLDINGS: HOLDINGS_SCHEMA}
    parts = {
        part: found.filter(pl.col(PART) == part).select(schema.names()).sort(ORDERS[part])
        for part, schema in schemas.items()
    }
    return Ties(parts[COUNTED], parts[PAIRS], parts[HOLDINGS])


def _holdings(sightings: pl.DataFrame, policy: pl.DataFrame) -> pl.DataFrame:
    """`held_by_kind` on one bucket of identities, as one frame of `HELD_SCHEMA`."""
    held = held_by_kind(sightings, policy)
    return pl.concat(
        [
            pl.DataFrame(schema=HELD_SCHEMA),
            *(
                frame.with_columns(kind=pl.lit(kind)).select(HELD_SCHEMA.names())
                for kind, frame in held.items()
            ),
        ]
    )


def _ties(held: pl.DataFrame, policy: pl.DataFrame, named: pl.DataFrame) -> pl.DataFrame:
    """`value_ties` on one bucket of values: the three frames in one, `PART` telling them apart."""
    by_kind = {
        str(kind): frame.drop("kind")
        for (kind,), frame in held.partition_by("kind", as_dict=True, maintain_order=True).items()
    }
    ties = value_ties(by_kind, policy, named=named)
    return pl.concat(
        [
            ties.counted.with_columns(pl.lit(COUNTED).alias(PART)),
            ties.pairs.with_columns(pl.lit(PAIRS).alias(PART)),
            ties.holdings.with_columns(pl.lit(HOLDINGS).alias(PART)),
        ],
        how="diagonal",
    )
