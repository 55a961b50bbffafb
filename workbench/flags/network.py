"""Network red flags: read the results of the other flags (they run last)."""

from __future__ import annotations

import polars as pl

from workbench.flags.common import MAX_NAMED, empty_result, referral_edges, refs, result
from workbench.flags.context import FlagContext

#: Other flags a referral partner must carry: one weak flag (a declined video)
#: is common among honest colleagues, two independent ones are not.
PARTNER_MIN_FLAGS = 2

#: A partner's flags that are not counted: they are about referrals themselves (the
#: infrastructure a partner shares with whoever it referred, or was referred by), so the
#: referral being judged would count as evidence on itself.
REFERRAL_FLAGS = ("REFERRAL_SHARED_INFRA",)


def referral_chain(ctx: FlagContext) -> pl.DataFrame:
    """Referred by, or referred, an identity that carries other red flags.

    Examples
    --------
    >>> flagged = pl.DataFrame({"contractor_id": ["b", "b"], "code": ["VPN_HEAVY", "VOIP_PHONE"]})
    >>> ctx = FlagContext.build(referrals={"referrer_id": ["b"], "contractor_id": ["a"]})
    >>> from dataclasses import replace
    >>> referral_chain(replace(ctx, flagged=flagged))["evidence"].to_list()
    ['referred by b (VOIP_PHONE, VPN_HEAVY)']
    """
    flagged = (
        ctx.prior_flags()
        .filter(~pl.col("code").is_in(REFERRAL_FLAGS))
        .group_by("contractor_id")
        .agg(codes=pl.col("code").unique().sort())
        .filter(pl.col("codes").list.len() >= PARTNER_MIN_FLAGS)
        .select(partner="contractor_id", codes=pl.col("codes").list.join(", "))
    )
    edges = referral_edges(ctx)
    hits = edges.join(flagged, on="partner")
    if hits.is_empty():
        return empty_result()
    stats = (
        hits.with_columns(text=pl.format("{} {} ({})", "role", "partner", "codes"))
        .sort("contractor_id", "role", "partner", descending=[False, True, False])
        .group_by("contractor_id", maintain_order=True)
        .agg(
            evidence=pl.col("text").head(MAX_NAMED).str.join("; "),
            refs=refs("referrals", "row"),
        )
    )
    return result(stats)
