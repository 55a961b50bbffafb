"""Equipment red flags: where company laptops are shipped."""

from __future__ import annotations

from dataclasses import replace

import polars as pl

from workbench.flags.common import empty_result, quote, refs, result, shared_values
from workbench.flags.context import FlagContext

#: Identities whose laptops go to one address before it looks like a laptop farm
#: (two can be a couple; three unrelated hires at one flat is the reported pattern).
FARM_MIN_IDENTITIES = 3


#: Addresses are compared by building: a ship-to naming the flat (or not) of the
#: contractor's own building is home.
HOME_KIND = "address_building"


def _shipped_away(ctx: FlagContext) -> pl.DataFrame:
    """Ship-to sightings (kind ``address``) whose building is not the contractor's home building."""
    buildings = ctx.observations.filter(pl.col("kind") == HOME_KIND)
    homes = buildings.filter(pl.col("source") == "contractors").select("contractor_id", "value")
    at_home = (
        buildings.filter(pl.col("source") == "shipments")
        .join(homes, on=["contractor_id", "value"], how="semi")
        .select("contractor_id", "raw")
    )
    ships = ctx.observations.filter(
        (pl.col("kind") == "address") & (pl.col("source") == "shipments")
    )
    return ships.join(at_home, on=["contractor_id", "raw"], how="anti")


def ship_to_not_home(ctx: FlagContext) -> pl.DataFrame:
    """Company equipment was shipped to an address other than the contractor's home.

    Examples
    --------
    >>> ctx = FlagContext.build(observations={"contractor_id": ["a"] * 4 + ["b"] * 4,
    ...     "kind": ["address", "address_building"] * 4,
    ...     "value": ["k1", "b1", "k2", "b2", "k3", "b3", "k3 unit 4", "b3"],
    ...     "raw": ["h", "h", "s", "s", "H", "H", "S", "S"],
    ...     "source": (["contractors"] * 2 + ["shipments"] * 2) * 2})
    >>> ship_to_not_home(ctx)["evidence"].to_list()
    ['equipment shipped to k2, not the home address']
    """
    homes = ctx.observations.filter(
        (pl.col("kind") == HOME_KIND) & (pl.col("source") == "contractors")
    )
    away = _shipped_away(ctx).join(
        homes.select("contractor_id").unique(), on="contractor_id", how="semi"
    )
    if away.is_empty():
        return empty_result()
    stats = (
        away.sort("contractor_id", "value")
        .group_by("contractor_id", maintain_order=True)
        .agg(where=quote(pl.col("value").first()), refs=refs(pl.col("source")))
    )
    return result(
        stats.with_columns(
            evidence=pl.format("equipment shipped to {}, not the home address", "where")
        )
    )


def ship_to_shared(ctx: FlagContext) -> pl.DataFrame:
    """Equipment for several identities was shipped to one address that is not their home.

    Relatives receiving laptops at their own home are not a laptop farm.

    Examples
    --------
    >>> ctx = FlagContext.build(observations={"contractor_id": ["a", "b", "c"],
    ...     "kind": ["address"] * 3, "value": ["k9"] * 3, "raw": ["x"] * 3,
    ...     "source": ["shipments"] * 3})
    >>> ship_to_shared(ctx)["evidence"][0]
    'ship-to address k9 shared with 2 other identities (b, c)'
    """
    away = _shipped_away(ctx)
    others = ctx.observations.filter(
        (pl.col("kind") != "address") | (pl.col("source") != "shipments")
    )
    return shared_values(
        replace(ctx, observations=pl.concat([others, away])),
        "address",
        label="ship-to address",
        min_identities=FARM_MIN_IDENTITIES,
        source="shipments",
    )
