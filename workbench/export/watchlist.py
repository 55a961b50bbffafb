"""A watchlist made from rings: their members' strong identifiers, for other cases.

The list it makes is a case's ``watchlist`` table as it is (see
`workbench.watchlist` and docs/exports.md): load it into another case, or
check cases against it with ``workbench sweep``.
"""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from workbench.kinds import Kind, kind_for
from workbench.run_frames import Ring
from workbench.watchlist import WATCHLIST_SCHEMA

#: A kind goes on a ring's watchlist when one shared value of it ties two people at
#: least this strongly: e-mails, phones, accounts, devices, handles, photos, addresses.
#: Login IPs (VPN exits, carrier NAT), payee names and e-mail templates are shared by
#: strangers too often to raise a strong red flag wherever they appear again.
LISTED_MIN_STRENGTH = 0.5

#: Holders named in a listed value's note; the rest are counted.
NOTE_HOLDERS = 5


def listable(kind: Kind) -> bool:
    """Whether a ring's values of this kind go on its watchlist (see `LISTED_MIN_STRENGTH`).

    Examples
    --------
    >>> from workbench.kinds import KINDS
    >>> listable(KINDS["payment_account"]), listable(KINDS["ip"]), listable(KINDS["ip_net"])
    (True, False, False)
    """
    return kind.ties and kind.derived_from is None and kind.strength >= LISTED_MIN_STRENGTH


def ring_watchlist(rings: Iterable[Ring]) -> pl.DataFrame:
    """A watchlist of rings' identifiers: every value of a `listable` kind a member holds.

    Values the run judged infrastructure (a payroll provider's account, a VPN
    exit) are left out: they would flag strangers. A concentration (a
    farm's address) stays.

    Parameters
    ----------
    rings : ring views of one run (`workbench.investigation.Investigation.ring`).

    Returns
    -------
    `WATCHLIST_SCHEMA`: kind, value (canonical), source (the ring and its
    case), note (the members holding it) and last_seen (the members' latest
    sighting, a date); by ring, kind and value.

    Examples
    --------
    >>> from workbench.investigation import investigate
    >>> inv = investigate("sample_data/demo_case")
    >>> listed = ring_watchlist([inv.ring(inv.ring_scores["ring_id"][0])])
    >>> listed.columns, "payment_account" in set(listed["kind"])
    (['kind', 'value', 'source', 'note', 'last_seen'], True)
    """
    empty = pl.DataFrame(schema=WATCHLIST_SCHEMA)
    return pl.concat([empty, *(_one_ring(ring) for ring in rings)])


def _one_ring(ring: Ring) -> pl.DataFrame:
    investigation = ring.investigation
    infrastructure = investigation.hubs.filter(pl.col("verdict") == "infrastructure")
    sightings = ring.sightings
    kinds = [k for k in sightings["kind"].unique().sort().to_list() if listable(kind_for(k))]
    size = ring.member_ids.len()
    holders = pl.col("holders")
    return (
        sightings.filter(pl.col("kind").is_in(kinds))
        .join(infrastructure.select("kind", "value"), on=["kind", "value"], how="anti")
        .group_by("kind", "value")
        .agg(
            holders=pl.col("contractor_id").unique().sort(),
            last_seen=pl.col("seen_at").max().dt.date(),
        )
        .select(
            "kind",
            "value",
            source=pl.lit(f"ring {ring.ring_id} of case {investigation.case.path.name}"),
            note=pl.format(
                "held by {} of {} members ({}{})",
                holders.list.len(),
                pl.lit(size),
                holders.list.head(NOTE_HOLDERS).list.join(", "),
                pl.when(holders.list.len() > NOTE_HOLDERS)
                .then(pl.lit(", …"))
                .otherwise(pl.lit("")),
            ),
            last_seen="last_seen",
        )
        .sort("kind", "value")
    )
