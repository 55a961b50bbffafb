"""Generate the shipments, referrals and identifiers tables."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import polars as pl

from workbench.synth import rates
from workbench.synth.draw import unique_ints
from workbench.synth.formats import address_text, email_variants, spell
from workbench.synth.people import People
from workbench.synth.rings import Ring

LEGIT_REFERRAL = 0.02  # a few legitimate people were referred by a colleague
LEGIT_SECOND_EMAIL = 0.10  # identifiers exports list a second e-mail for some people


def shipments(rng: np.random.Generator, q: People, ids: np.ndarray, base: date) -> pl.DataFrame:
    """Laptops shipped: farm-tied fronts to the farm, others now and then to their home.

    Examples
    --------
    >>> from workbench.synth.groups import layout
    >>> from workbench.synth.people import people
    >>> rng = np.random.default_rng(1)
    >>> q = people(rng, layout(rng, 300, 2))
    >>> t = shipments(rng, q, np.array([f"C{i}" for i in range(300)]), date(2025, 1, 1))
    >>> t.columns
    ['contractor_id', 'shipped_at', 'asset_tag', 'ship_to_address', 'ship_to_name']
    """
    n = len(ids)
    farm = np.asarray([a is not None for a in q["ship_address"]])
    who = np.flatnonzero(farm | (rng.random(n) < rates.SHIPMENT_RATE))
    tags = unique_ints(rng, len(who), 10**6, 10**7)
    style = rng.integers(0, 20, size=len(who))
    days = rng.integers(3, 15, size=len(who))
    names = q["full_name"][who]
    upper = rng.random(len(who)) < 0.2
    return pl.DataFrame(
        {
            "contractor_id": ids[who],
            "shipped_at": [
                (base - timedelta(days=int(h) - int(d))).isoformat()
                for h, d in zip(q["hired_days_before"][who], days, strict=True)
            ],
            "asset_tag": [f"LT-{t}" for t in tags],
            "ship_to_address": [
                address_text(q["ship_address"][i] if farm[i] else q["address"][i], s)
                for i, s in zip(who, style, strict=True)
            ],
            "ship_to_name": [nm.upper() if u else nm for nm, u in zip(names, upper, strict=True)],
        },
        schema={
            c: pl.String
            for c in ("contractor_id", "shipped_at", "asset_tag", "ship_to_address", "ship_to_name")
        },
    ).sort("shipped_at", "contractor_id")


def referrals(
    rng: np.random.Generator, rings: list[Ring], ids: np.ndarray, legit: np.ndarray
) -> pl.DataFrame:
    """Referrals: ring members refer one another; a few legitimate people refer colleagues.

    Examples
    --------
    >>> r = Ring(0, (0, 1, 2), (frozenset(),) * 3)
    >>> t = referrals(np.random.default_rng(1), [r], np.array(["A", "B", "C", "D"]), np.array([3]))
    >>> t.columns
    ['referrer_id', 'contractor_id']
    """
    pairs: list[tuple[str, str]] = []
    for ring in rings:
        for j, m in enumerate(ring.members[1:], start=1):
            if rng.random() < rates.RING_REFERRAL:
                pairs.append((ids[ring.members[int(rng.integers(0, j))]], ids[m]))
    referred = legit[rng.random(len(legit)) < LEGIT_REFERRAL]
    if len(legit) > 1:
        sponsors = legit[rng.integers(0, len(legit), size=len(referred))]
        pairs += [(ids[s], ids[r]) for s, r in zip(sponsors, referred, strict=True) if s != r]
    return pl.DataFrame(
        pairs, schema={"referrer_id": pl.String, "contractor_id": pl.String}, orient="row"
    ).sort("contractor_id", "referrer_id")


def identifiers(rng: np.random.Generator, q: People, ids: np.ndarray, base: date) -> pl.DataFrame:
    """The long-form identifiers table: second e-mails and GitHub handles seen elsewhere.

    Examples
    --------
    >>> from workbench.synth.groups import layout
    >>> from workbench.synth.people import people
    >>> rng = np.random.default_rng(1)
    >>> q = people(rng, layout(rng, 300, 2))
    >>> t = identifiers(rng, q, np.array([f"C{i}" for i in range(300)]), date(2025, 1, 1))
    >>> sorted(set(t["kind"].to_list()))
    ['email', 'github']
    """
    n = len(ids)
    second = q["email2"] != ""
    real = np.asarray(["@" in e for e in q["email"]], dtype=bool)
    own = (rng.random(n) < LEGIT_SECOND_EMAIL) & (q["kind"] == "legit") & real
    gh = (q["github"] != "") & (rng.random(n) < 0.5)
    email_rows = np.concatenate([np.flatnonzero(second), np.flatnonzero(own)])
    email_values = np.concatenate([q["email2"][second], q["email"][own]])
    frame = pl.DataFrame(
        {
            "contractor_id": np.concatenate([ids[email_rows], ids[gh]]),
            "kind": ["email"] * len(email_rows) + ["github"] * int(gh.sum()),
            "value": pl.concat(
                [
                    spell(
                        pl.Series(email_values.astype(str)),
                        rng.integers(0, 8, len(email_rows)),
                        email_variants,
                    ),
                    pl.Series([f"github.com/{h}" for h in q["github"][gh]], dtype=pl.String),
                ]
            ),
            "observed_at": [
                (base + timedelta(days=int(d))).isoformat() + "T00:00:00Z"
                for d in rng.integers(0, rates.WINDOW_DAYS, len(email_rows) + int(gh.sum()))
            ],
        },
        schema={c: pl.String for c in ("contractor_id", "kind", "value", "observed_at")},
    )
    return frame.sort("contractor_id", "kind", "value")
