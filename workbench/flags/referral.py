"""Referral red flags: who vouched for whom, and what else the two share."""

from __future__ import annotations

import polars as pl

from workbench.flags.common import (
    HELD_COLUMNS,
    MAX_NAMED,
    MAX_REFS,
    empty_result,
    quote,
    referral_edges,
    refs,
    result,
    sightings,
)
from workbench.flags.context import FlagContext
from workbench.observe import shipped_to

#: Kinds of infrastructure one team shares: a login IP, a device, a payout account
#: or a ship-to address (an address is compared where equipment went, never as a home).
INFRASTRUCTURE_KINDS = ("ip", "device", "payment_account", "address")

#: The kind that tells a household: identities whose homes are in one building.
HOME_KIND = "address_building"


def _households(ctx: FlagContext, edges: pl.DataFrame) -> pl.DataFrame:
    """(contractor_id, partner) of referral pairs whose claimed homes are in one building."""
    homes = ctx.observations.filter(
        pl.col("kind") == HOME_KIND, pl.col("source") == "contractors"
    ).select("contractor_id", "value")
    return (
        edges.select("contractor_id", "partner")
        .join(homes, on="contractor_id")
        .join(homes.rename({"contractor_id": "partner"}), on=["partner", "value"], how="semi")
        .select("contractor_id", "partner")
        .unique()
    )


def referral_shared_infra(ctx: FlagContext) -> pl.DataFrame:
    """Referred by, or referred, an identity it also shares infrastructure with (an IP, a device…).

    Relatives refer relatives and share a home; two identities that claim
    separate homes yet share a login IP, a laptop, a payout account or a
    ship-to address vouched for their own team. Pairs whose homes are in one
    building, and values too widely shared to be evidence, are left out.

    Examples
    --------
    >>> ctx = FlagContext.build(referrals={"referrer_id": ["a", "c"], "contractor_id": ["b", "d"]},
    ...     observations={"contractor_id": ["a", "b", "c", "d"], "kind": ["ip"] * 4,
    ...         "value": ["1.2.3.4", "1.2.3.4", "5.5.5.5", "6.6.6.6"], "source": ["logins"] * 4})
    >>> referral_shared_infra(ctx)["evidence"].to_list()
    ['referred b, and shares ip 1.2.3.4 with them', \
'referred by a, and shares ip 1.2.3.4 with them']
    """
    edges = referral_edges(ctx)
    if edges.is_empty():
        return empty_result()
    members = edges["contractor_id"].unique()
    # An address counts where equipment went (`shipped_to`), never where someone said
    # they live: not a claimed home, an identifiers row or the address a reroute replaced.
    held = pl.concat(
        [
            sightings(ctx, kind, columns=HELD_COLUMNS, holders=members)
            if kind != "address"
            else shipped_to(sightings(ctx, kind, holders=members), ctx.table("shipments")).select(
                HELD_COLUMNS
            )
            for kind in INFRASTRUCTURE_KINDS
        ]
    )
    theirs = held.select(partner="contractor_id", kind="kind", value="value").unique()
    shared = (
        edges.join(_households(ctx, edges), on=["contractor_id", "partner"], how="anti")
        .join(held, on="contractor_id")
        .join(theirs, on=["partner", "kind", "value"], how="semi")
    )
    if shared.is_empty():
        return empty_result()
    pairs = (
        shared.sort(
            "contractor_id",
            "role",
            "partner",
            "kind",
            "value",
            descending=[False, True, False, False, False],
        )
        .group_by("contractor_id", "role", "partner", maintain_order=True)
        .agg(
            what=pl.format("{} {}", "kind", quote(pl.col("value")))
            .unique(maintain_order=True)
            .head(3)
            .str.join(", "),
            referral=pl.format("referrals:{}", "row").first(),
            held=refs(pl.col("source")),
        )
        .with_columns(
            text=pl.format("{} {}, and shares {} with them", "role", "partner", "what"),
            refs=pl.format("{};{}", "referral", "held"),
        )
    )
    return result(
        pairs.group_by("contractor_id", maintain_order=True).agg(
            evidence=pl.col("text").head(MAX_NAMED).str.join("; "),
            refs=pl.col("refs").str.join(";").str.split(";").list.head(MAX_REFS).list.join(";"),
        )
    )
