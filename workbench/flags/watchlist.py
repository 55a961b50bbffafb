"""Watchlist red flag: an identity holds a value the analyst listed as known bad."""

from __future__ import annotations

import polars as pl

from workbench.flags.common import empty_result, quote, refs, result
from workbench.flags.context import FlagContext
from workbench.kinds import kind_for
from workbench.tables import ROW
from workbench.watchlist import hits


def watchlist_hit(ctx: FlagContext) -> pl.DataFrame:
    """An identifier of the identity is on the case's watchlist (a sanctions list's wallet,
    another case's confirmed ring), in whatever spelling.

    Examples
    --------
    >>> ctx = FlagContext.build(
    ...     watchlist={"kind": ["phone"], "value": ["+1 (415) 555-0134"], "source": ["ring R-1"],
    ...         "note": ["held by 3 of 5 members"]},
    ...     observations={"contractor_id": ["a", "b"], "kind": ["phone", "phone"],
    ...         "value": ["+14155550134", "+12125550188"], "raw": ["415.555.0134", "x"],
    ...         "source": ["contractors"] * 2})
    >>> watchlist_hit(ctx).select("contractor_id", "evidence", "refs").rows()
    [('a', 'Phone 415.555.0134 is on the watchlist: ring R-1 (held by 3 of 5 members)', \
'contractors:1;watchlist:1')]
    """
    found = hits(ctx.table("watchlist"), ctx.observations)
    if found.is_empty():
        return empty_result()
    labels = {kind: kind_for(kind).label for kind in found["kind"].unique().to_list()}
    # One sentence per listed value, quoting the identity's first spelling of it.
    texts = found.unique(
        ["contractor_id", "kind", "value", "listed_by"], keep="first", maintain_order=True
    ).with_columns(
        text=pl.format(
            "{} {} is on the watchlist: {}{}",
            pl.col("kind").replace_strict(labels),
            quote(pl.col("raw")),
            quote(pl.col("listed_by").fill_null("a source not named")),
            pl.when(pl.col("note").is_not_null())
            .then(pl.format(" ({})", quote(pl.col("note"))))
            .otherwise(pl.lit("")),
        )
    )
    rows = pl.concat(
        [
            found.select("contractor_id", table="source", row=ROW),
            found.select("contractor_id", table=pl.lit("watchlist"), row="watchlist_row"),
        ]
    )
    pointers = rows.group_by("contractor_id").agg(refs(pl.col("table"), "row"))
    return result(
        texts.group_by("contractor_id", maintain_order=True)
        .agg(evidence=pl.col("text").unique(maintain_order=True).str.join("; "))
        .join(pointers, on="contractor_id")
    )
