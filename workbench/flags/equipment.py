"""Equipment red flags: where company laptops are shipped, and how the address came about."""

from __future__ import annotations

from dataclasses import replace

import polars as pl

from workbench.case_tables import TableHandle
from workbench.flags.common import (
    claimed_countries,
    empty_result,
    plural,
    quote,
    refs,
    result,
    shared_values,
    squashed,
    words,
)
from workbench.flags.context import FlagContext
from workbench.normalize.country import to_iso2
from workbench.observe import shipped_to
from workbench.tables import ROW

#: Identities whose laptops go to one address before it looks like a laptop farm
#: (two can be a couple; three unrelated hires at one flat is the reported pattern).
FARM_MIN_IDENTITIES = 3


#: Addresses are compared by building: a ship-to naming the flat (or not) of the
#: contractor's own building is home.
HOME_KIND = "address_building"


def _ship_to(ctx: FlagContext, kind: str) -> pl.DataFrame:
    """Sightings of `kind` from shipments where equipment was sent (`shipped_to`)."""
    return shipped_to(ctx.observations, ctx.table("shipments"), kind)


def _shipped_away(ctx: FlagContext) -> pl.DataFrame:
    """Ship-to sightings (kind ``address``) whose building is not the contractor's home building."""

    def compute() -> pl.DataFrame:
        homes = ctx.observations.filter(
            pl.col("kind") == HOME_KIND, pl.col("source") == "contractors"
        ).select("contractor_id", "value")
        at_home = (
            _ship_to(ctx, HOME_KIND)
            .join(homes, on=["contractor_id", "value"], how="semi")
            .select("contractor_id", "raw")
        )
        return _ship_to(ctx, "address").join(at_home, on=["contractor_id", "raw"], how="anti")

    return ctx.derived("shipped_away", compute, reads_hubs=False)


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
    # `shared_values` reads only the address sightings from shipments (and the hubs):
    # a context holding just those away from home, with no copy of the case's other
    # sightings, gives what the whole case with the rest set aside would.
    return shared_values(
        replace(ctx, sightings=TableHandle(_shipped_away(ctx))),
        "address",
        label="ship-to address",
        min_identities=FARM_MIN_IDENTITIES,
        source="shipments",
    )


#: Days either side of the start date within which an address change is a reroute:
#: the laptop is on its way, the new hire's address was checked weeks before.
REROUTE_DAYS = 14

#: Address types (shipments.address_type, lower case, any punctuation) of places that
#: pass parcels on: freight forwarders, reshippers and mail-receiving agencies (CMRAs).
FORWARDING_TYPES = ("forward", "reship", "mail receiving", "cmra")


def ship_rerouted(ctx: FlagContext) -> pl.DataFrame:
    """Equipment was rerouted around the start date, sent to a forwarder, or sent abroad.

    A reroute is a new address given within `REROUTE_DAYS` of the start date
    (the hire date, or the shipping date where none is given); abroad is a
    country other than the one claimed, at an address that is not the
    contractor's home (people live where their laptops go).

    Examples
    --------
    >>> from datetime import date, datetime, timezone
    >>> ctx = FlagContext.build(
    ...     contractors={"contractor_id": ["a", "b", "c"], "hired_at": [date(2025, 3, 10)] * 3,
    ...         "country": ["US", "US", "US"]},
    ...     shipments={"contractor_id": ["a", "b", "c"], "asset_tag": ["LT-1", "LT-2", "LT-3"],
    ...         "ship_to_address": ["9 Elm St", "Unit 4, 1 Dock Rd", "12 Xinhua Rd"],
    ...         "previous_address": ["12 Oak Ave", None, None],
    ...         "requested_at": [datetime(2025, 3, 7, tzinfo=timezone.utc), None, None],
    ...         "address_type": [None, "Freight forwarder", None],
    ...         "ship_to_country": [None, None, "CN"]},
    ...     observations={"contractor_id": ["c"], "kind": ["address"], "value": ["12 xinhua rd"],
    ...         "raw": ["12 Xinhua Rd"], "source": ["shipments"]})
    >>> ship_rerouted(ctx)["evidence"].to_list()
    ['LT-1 rerouted 3 days before the start date, from 12 Oak Ave to 9 Elm St', \
'LT-2 sent to a freight forwarder: Unit 4, 1 Dock Rd', 'LT-3 shipped to CN while claiming US']
    """
    people = ctx.table("contractors").select("contractor_id", "hired_at")
    away = _shipped_away(ctx).select("contractor_id", ship_to_address="raw", away=pl.lit(True))
    shipments = (
        ctx.table("shipments")
        .join(people, on="contractor_id", how="left")
        .join(
            claimed_countries(ctx).select("contractor_id", "claimed"),
            on="contractor_id",
            how="left",
        )
        .join(away.unique(), on=["contractor_id", "ship_to_address"], how="left")
    )
    shipments = shipments.with_columns(country=to_iso2(shipments["ship_to_country"]))
    kind = words(pl.col("address_type").cast(pl.String))
    days = (
        pl.col("requested_at").dt.date() - pl.coalesce("hired_at", "shipped_at")
    ).dt.total_days()
    changed = pl.col("previous_address").is_not_null() & (
        squashed("previous_address") != squashed("ship_to_address")
    )
    late = (changed & (days.abs() <= REROUTE_DAYS)).fill_null(False)
    forwarder = kind.str.contains("|".join(FORWARDING_TYPES)).fill_null(False)
    abroad = (pl.col("away") & (pl.col("country") != pl.col("claimed"))).fill_null(False)
    item = pl.coalesce(quote(pl.col("asset_tag")), pl.lit("equipment"))
    when = (
        pl.when(days < 0)
        .then(pl.format("{} before", plural(-days, "day")))
        .when(days > 0)
        .then(pl.format("{} after", plural(days, "day")))
        .otherwise(pl.lit("on"))
    )
    # Most shipments raise nothing: the texts are written only for those that do.
    flagged = shipments.with_columns(late=late, forwarder=forwarder, abroad=abroad).filter(
        pl.col("late") | pl.col("forwarder") | pl.col("abroad")
    )
    reasons = pl.concat_list(
        pl.when("late").then(
            pl.format(
                "rerouted {} the start date, from {} to {}",
                when,
                quote(pl.col("previous_address")),
                quote(pl.col("ship_to_address")),
            )
        ),
        pl.when("forwarder").then(
            pl.format("sent to a {}: {}", quote(kind), quote(pl.col("ship_to_address")))
        ),
        pl.when("abroad").then(pl.format("shipped to {} while claiming {}", "country", "claimed")),
    ).list.drop_nulls()
    hits = flagged.select(
        "contractor_id", ROW, text=pl.format("{} {}", item, reasons.list.join(", "))
    )
    return _per_identity(hits)


def _per_identity(hits: pl.DataFrame) -> pl.DataFrame:
    """One result per identity from (contractor_id, source_row, text) shipment rows."""
    if hits.is_empty():
        return empty_result()
    return result(
        hits.sort("contractor_id", "text")
        .group_by("contractor_id", maintain_order=True)
        .agg(evidence=pl.col("text").head(3).str.join("; "), refs=refs("shipments"))
    )
