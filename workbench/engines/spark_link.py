"""The link stage on Spark, by its own polars definitions.

`workbench.link.link` runs in steps, each with its own locality:

1. `held_by_kind`, each identity's holding of each value and whether it is
   the identity's habit, reads only that identity's sightings: it runs by
   buckets of contractor ids;
2. `value_ties`, the hub counts, pairs and holders of each shared value,
   reads only that value's holdings, and so does `value_reach`, how far each
   shared value reaches: both run by buckets of values;
3. `concentrations`, the verdict on a value held by three identities or more,
   reads its holders' other holdings and how far those reach: every holder's
   holdings are sent to the bucket of each judged value it holds, and each
   bucket judges its own values;
4. `judged_links` ties a concentration's holders on the driver, from the
   verdicts, the pairs (links.csv, which the analyst's layer reads anyway)
   and the holders of the concentrated values.

Only those are gathered on the driver: the sightings' holdings stay on the
executors.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import polars as pl

from workbench.concentration import (
    HOLDINGS_SCHEMA,
    REACH_SCHEMA,
    VERDICT_SCHEMA,
    Conduct,
    concentrations,
    value_reach,
)
from workbench.engines.spark_keyed import run_by_key, to_spark
from workbench.engines.spark_observe import collect_as
from workbench.kinds import KINDS, Kind
from workbench.link import (
    HELD_SCHEMA,
    HUB_COUNTS,
    LINK_SCHEMA,
    Links,
    Ties,
    held_by_kind,
    judged_links,
    referral_holdings,
    shipment_holdings,
    value_ties,
)
from workbench.observe import shipment_sightings

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

#: The columns of the sightings and of the shipments that `shipment_holdings` reads.
SHIPPED_SIGHTINGS = pl.Schema(
    {
        "contractor_id": pl.String(),
        "kind": pl.String(),
        "value": pl.String(),
        "raw": pl.String(),
        "source": pl.String(),
    }
)
SHIPMENTS = pl.Schema(
    {"contractor_id": pl.String(), "ship_to_address": pl.String(), "previous_address": pl.String()}
)

#: The column of a bucket's ties that says which frame of `Ties` a row belongs to.
PART = "_part"
COUNTED, PAIRS, HOLDINGS = "counted", "pairs", "holdings"

#: One bucket's ties: the three frames' columns (``kind`` and ``value`` shared), and `PART`.
TIES_ANSWER = pl.Schema({PART: pl.String(), **HUB_COUNTS, **LINK_SCHEMA, **HOLDINGS_SCHEMA})

#: The column that routes a holding to the bucket of a judged value its holder holds.
ROUTE = "_judged"

#: Separates a judged value's kind from its value in `ROUTE`. Two values that happen to
#: give one route share a bucket, which judges both: routing is all it decides.
_ROUTE_SEPARATOR = "\x1f"

#: A holding as a bucket of judged values sees it: its value's reach, and whether the
#: value is the one the row was routed for.
ROUTED_SCHEMA = pl.Schema(
    {
        ROUTE: pl.String(),
        **HOLDINGS_SCHEMA,
        "holders": pl.UInt32(),
        "crowded": pl.Boolean(),
        "witness": pl.Boolean(),
        "routed_for": pl.Boolean(),
    }
)


def link_on_spark(
    sightings: DataFrame,
    *,
    policy: pl.DataFrame,
    named: pl.DataFrame,
    referrals: pl.DataFrame | None = None,
    shipments: DataFrame | None = None,
    conduct: Conduct | None = None,
    kinds: Mapping[str, Kind] = KINDS,
    buckets: int,
) -> Links:
    """`workbench.link.link` over Spark sightings, with one machine's answer.

    Parameters
    ----------
    sightings : the sightings on Spark (`workbench.observe.OBSERVATION_SCHEMA`,
        its ``sightings`` as a long), as `workbench.engines.spark_observe`
        leaves them on the executors; without ``raw`` and ``source``, no
        equipment shipment is evidence.
    policy : `workbench.link.link_policy` of the case.
    named : kind, value of the values named as known infrastructure
        (`workbench.link.named_values`).
    referrals : as `workbench.link.link` takes them: each one is a link.
    shipments : the shipments table on Spark (`SHIPMENTS` read), as
        `workbench.link.link` takes it.
    conduct, kinds : as `workbench.link.link` takes them.
    buckets : how many buckets identities, values and judged values are hashed into.

    Returns
    -------
    `workbench.link.Links`, as `link` gives them on the whole case. Gathered on
    the driver: the pairs, the values past their hub limit, the verdicts and the
    holders of the concentrated values; every identity's holdings, its
    shipments among them, stay on Spark.

    Examples
    --------
    >>> from workbench.engines.spark_session import spark_session
    >>> from workbench.link import link_policy, named_values
    >>> obs = pl.DataFrame({"contractor_id": ["a", "b", "c"], "kind": "device",
    ...     "value": ["d1", "d1", "d2"], "sightings": [1, 1, 1]}, schema=SIGHTINGS)
    >>> links = link_on_spark(to_spark(spark_session(), obs), policy=link_policy(obs),
    ...     named=named_values(None), buckets=2)
    >>> links.links.rows()
    [('a', 'b', 'device', 'd1', 0.9)]
    """
    from pyspark.sql import functions as F

    spark = sightings.sparkSession
    tied = sightings.where(F.col("kind").isin(policy["kind"].to_list()))
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
    ).persist()
    counted, pairs = (
        collect_as(_part(answered, part, schema), schema, schema.names())
        for part, schema in ((COUNTED, HUB_COUNTS), (PAIRS, LINK_SCHEMA))
    )
    shared = _part(answered, HOLDINGS, HOLDINGS_SCHEMA)
    # Read by every step of the verdicts: made once.
    shipped = _shipment_holdings(sightings, shipments, buckets=buckets).persist()
    holdings = shared.unionByName(to_spark(spark, referral_holdings(referrals))).unionByName(
        shipped
    )
    strengths = dict(policy.select("kind", "strength").iter_rows())
    verdicts = _verdicts(
        holdings, counted, strengths=strengths, conduct=conduct, kinds=kinds, buckets=buckets
    )
    concentrated = to_spark(spark, verdicts.filter("concentrated").select("kind", "value"))
    # Every holding of a concentrated value, the shipments and referrals among them.
    held_concentrated = collect_as(
        holdings.join(concentrated, ["kind", "value"], "left_semi"),
        HOLDINGS_SCHEMA,
        HOLDINGS_SCHEMA.names(),
    )
    answered.unpersist()
    shipped.unpersist()
    return judged_links(
        Ties(counted, pairs, held_concentrated),
        policy,
        named=named,
        referrals=referrals,
        kinds=kinds,
        conduct=conduct,
        verdicts=verdicts,
    )


def _shipment_holdings(
    sightings: DataFrame, shipments: DataFrame | None, *, buckets: int
) -> DataFrame:
    """`shipment_holdings` on Spark, by buckets of identities: only the sightings it reads
    (`shipment_sightings`) leave the JVM."""
    from pyspark.sql import functions as F

    spark = sightings.sparkSession
    if shipments is None or not set(SHIPPED_SIGHTINGS.names()) <= set(sightings.columns):
        return to_spark(spark, pl.DataFrame(schema=HOLDINGS_SCHEMA))
    shipped = sightings
    for column, value in shipment_sightings().items():
        shipped = shipped.where(F.col(column) == value)
    return run_by_key(
        {
            "observations": shipped.select(*SHIPPED_SIGHTINGS.names()),
            "shipments": shipments.select(*SHIPMENTS.names()),
        },
        key="contractor_id",
        schemas={"observations": SHIPPED_SIGHTINGS, "shipments": SHIPMENTS},
        stage=lambda bucket: shipment_holdings(bucket["observations"], bucket["shipments"]),
        answer=HOLDINGS_SCHEMA,
        buckets=buckets,
    )


def _verdicts(
    holdings: DataFrame,
    counted: pl.DataFrame,
    *,
    strengths: Mapping[str, float],
    conduct: Conduct | None,
    kinds: Mapping[str, Kind],
    buckets: int,
) -> pl.DataFrame:
    """`concentrations` of every holding on Spark (`VERDICT_SCHEMA`, gathered and sorted):
    how far each value reaches by buckets of values, then each judged value in the
    bucket that its holders' holdings are sent to."""
    from pyspark.sql import functions as F

    crowded = counted.select("kind", "value")
    reach = run_by_key(
        {"holdings": holdings},
        key="value",
        schemas={"holdings": HOLDINGS_SCHEMA},
        stage=lambda bucket: value_reach(bucket["holdings"], strengths, kinds, crowded=crowded),
        answer=REACH_SCHEMA,
        buckets=buckets,
    ).persist()
    judged = reach.where(F.col("judged")).select(
        "kind", "value", F.concat_ws(_ROUTE_SEPARATOR, "kind", "value").alias(ROUTE)
    )
    # Each holder of a judged value, once per judged value it holds.
    holders = holdings.join(judged, ["kind", "value"]).select(
        ROUTE, F.col("contractor_id").alias("_holder")
    )
    reached = holdings.join(reach.drop("judged"), ["kind", "value"])
    routed = holders.join(reached, holders["_holder"] == reached["contractor_id"]).select(
        ROUTE,
        *(name for name in ROUTED_SCHEMA.names() if name not in (ROUTE, "routed_for")),
        (F.concat_ws(_ROUTE_SEPARATOR, "kind", "value") == F.col(ROUTE)).alias("routed_for"),
    )
    answered = run_by_key(
        {"routed": routed},
        key=ROUTE,
        schemas={"routed": ROUTED_SCHEMA},
        stage=lambda bucket: _judge(bucket["routed"], strengths, kinds, conduct),
        answer=VERDICT_SCHEMA,
        buckets=buckets,
    )
    verdicts = collect_as(answered, VERDICT_SCHEMA, ("kind", "value"))
    reach.unpersist()
    return verdicts


def _judge(
    routed: pl.DataFrame,
    strengths: Mapping[str, float],
    kinds: Mapping[str, Kind],
    conduct: Conduct | None,
) -> pl.DataFrame:
    """`concentrations` of one bucket's judged values, from their holders' holdings."""
    holdings = routed.select(HOLDINGS_SCHEMA.names()).unique()
    reach = (
        routed.group_by("kind", "value")
        .agg(pl.col("holders", "crowded", "witness").first(), judged=pl.col("routed_for").any())
        .select(REACH_SCHEMA.names())
    )
    return concentrations(holdings, strengths, kinds, conduct=conduct, reach=reach)


def _part(answered: DataFrame, part: str, schema: pl.Schema) -> DataFrame:
    """The rows of one `PART` of the buckets' ties, with that frame's columns."""
    from pyspark.sql import functions as F

    return answered.where(F.col(PART) == part).select(*schema.names())


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
