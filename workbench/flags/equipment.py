"""Equipment red flags: where company laptops are shipped."""

from __future__ import annotations

import polars as pl

from workbench.flags.common import empty_result, quote, refs, result, shared_values
from workbench.flags.context import FlagContext

#: Identities whose laptops go to one address before it looks like a laptop farm
#: (two can be a couple; three unrelated hires at one flat is the reported pattern).
FARM_MIN_IDENTITIES = 3


def ship_to_not_home(ctx: FlagContext) -> pl.DataFrame:
    """Company equipment was shipped to an address other than the contractor's home.

    Examples
    --------
    >>> ctx = FlagContext.build(observations={"contractor_id": ["a", "a", "b", "b"],
    ...     "kind": ["address"] * 4, "value": ["k1", "k2", "k3", "k3"],
    ...     "source": ["contractors", "shipments", "contractors", "shipments"]})
    >>> ship_to_not_home(ctx)["evidence"].to_list()
    ['equipment shipped to k2, not the home address']
    """
    addresses = ctx.observations.filter(pl.col("kind") == "address")
    homes = addresses.filter(pl.col("source") == "contractors").select("contractor_id", "value")
    ships = addresses.filter(pl.col("source") == "shipments").join(
        homes.select("contractor_id").unique(), on="contractor_id", how="semi"
    )
    away = ships.join(homes, on=["contractor_id", "value"], how="anti")
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
    """Equipment for three or more identities was shipped to one address (a laptop farm).

    Examples
    --------
    >>> ctx = FlagContext.build(observations={"contractor_id": ["a", "b", "c"],
    ...     "kind": ["address"] * 3, "value": ["k9"] * 3, "source": ["shipments"] * 3})
    >>> ship_to_shared(ctx)["evidence"][0]
    'ship-to address k9 shared with 2 other identities (b, c)'
    """
    return shared_values(
        ctx,
        "address",
        label="ship-to address",
        min_identities=FARM_MIN_IDENTITIES,
        source="shipments",
    )
