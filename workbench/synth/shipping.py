"""Where laptops really went: address changes, forwarders, mailboxes and shipments abroad.

Adds the wider shipment columns to the base shipments table. A front's laptop
is rerouted shortly before it ships: to the laptop farm, to the team's freight
forwarder, abroad near the DPRK border, or to a mailbox service. Legitimate
people reroute too (they moved, or chose their office) and a few living
abroad ship through a forwarder or a mailbox, earlier and for their own reasons.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl

from workbench.synth import rates
from workbench.synth.catalog import ABROAD_COUNTRY
from workbench.synth.contact import addresses
from workbench.synth.draw import positions
from workbench.synth.formats import address_text, timestamp_text
from workbench.synth.habits import ABROAD, FARM, FORWARDER, MAILBOX, MOVED, NOT_REROUTED
from workbench.synth.logins import epoch
from workbench.synth.people import People, objects

DAY = 86_400
#: Days before the hire date that the first address is given, at onboarding.
ONBOARDING_DAYS = (5, 40)
#: Days before shipping that a legitimate person's change of address comes.
LEGIT_CHANGE_DAYS = 60
#: Address type of each destination.
DESTINATION_TYPE = {
    NOT_REROUTED: "residential",
    FARM: "residential",
    FORWARDER: "freight_forwarder",
    MAILBOX: "mail_receiving_agency",
    ABROAD: "freight_forwarder",
}


def _team_places(rng: np.random.Generator, rings: int) -> tuple[list[tuple], list[tuple]]:
    """Each ring's freight forwarder (in the U.S.) and its contact abroad."""
    forwarders = addresses(rng, np.full(rings, "US", dtype=object))
    abroad = addresses(rng, np.full(rings, ABROAD_COUNTRY, dtype=object))
    return forwarders, abroad


def reroute(
    rng: np.random.Generator,
    shipped: pl.DataFrame,
    q: People,
    h: People,
    ids: np.ndarray,
    base: date,
) -> pl.DataFrame:
    """The shipments table with ``requested_at``, ``previous_address``, ``address_type``
    and ``ship_to_country``; rerouted laptops get their new ``ship_to_address``.

    Parameters
    ----------
    rng : the generator of the wider evidence.
    shipped : the base shipments table.
    q : the population; ``h`` its habits (``habits.habits``).
    ids : contractor ids, aligned with ``q``.
    base : first day of the activity window.

    Returns
    -------
    The shipments table in contract column order, rows as in ``shipped``.

    Examples
    --------
    >>> from workbench.synth.extras import shipments
    >>> from workbench.synth.groups import layout
    >>> from workbench.synth.habits import habits
    >>> from workbench.synth.people import people
    >>> rng = np.random.default_rng(1)
    >>> q = people(rng, layout(rng, 300, 2))
    >>> ids = np.array([f"C{i:03d}" for i in range(300)])
    >>> base = date(2025, 1, 1)
    >>> t = reroute(rng, shipments(rng, q, ids, base), q, habits(rng, q), ids, base)
    >>> t.columns[-4:]
    ['requested_at', 'previous_address', 'address_type', 'ship_to_country']
    """
    who = positions(shipped, ids)
    rows = len(who)
    code = h["reroute"][who]
    farm = np.asarray([a is not None for a in q["ship_address"][who]], dtype=bool)
    lives_at_farm = np.asarray(
        [a == b for a, b in zip(q["address"][who], q["ship_address"][who], strict=True)],
        dtype=bool,
    )
    code = np.where(((code == FARM) & lives_at_farm) | ((code == MOVED) & farm), NOT_REROUTED, code)
    ring = np.where(q["kind"][who] == "ring", q["group"][who], -1)
    rings = int(q["group"][q["kind"] == "ring"].max(initial=-1)) + 1
    forwarders, abroad = _team_places(rng, rings)
    own_country = np.where(code == ABROAD, ABROAD_COUNTRY, q["country"][who])
    own_country = np.where(np.isin(code, [FORWARDER, MAILBOX]), "US", own_country)
    destination = objects([None] * rows)
    moving = np.flatnonzero(np.isin(code, [MOVED, FORWARDER, MAILBOX, ABROAD]))
    destination[moving] = objects(addresses(rng, own_country[moving]))
    for i in np.flatnonzero((ring >= 0) & np.isin(code, [FORWARDER, ABROAD])):
        places = forwarders if code[i] == FORWARDER else abroad
        destination[i] = places[ring[i]]
    office = rng.random(rows) < 0.5
    kind = np.asarray([DESTINATION_TYPE.get(int(c), "residential") for c in code], dtype=object)
    kind[(code == MOVED) & office] = "commercial"
    style = rng.integers(0, 20, size=rows)
    rerouted = code != NOT_REROUTED
    previous = [
        address_text(q["address"][w], s) if r else ""
        for w, s, r in zip(who, style, rerouted, strict=True)
    ]
    new_text = [
        address_text(d, s) if d is not None else "" for d, s in zip(destination, style, strict=True)
    ]
    country = np.where(farm | (code == FARM), "US", own_country)
    return (
        shipped.with_columns(
            requested=_requested(rng, shipped, q, h, who, code, base),
            new=pl.Series(new_text, dtype=pl.String),
            previous_address=pl.Series(previous, dtype=pl.String),
            address_type=pl.Series(kind, dtype=pl.String),
            ship_to_country=pl.Series(country.astype(str), dtype=pl.String),
        )
        .with_columns(
            ship_to_address=pl.when(pl.col("new") != "").then("new").otherwise("ship_to_address"),
            requested_at=timestamp_text(pl.col("requested"), pl.lit(0), pl.lit(0)),
        )
        .select(
            *shipped.columns, "requested_at", "previous_address", "address_type", "ship_to_country"
        )
    )


def _requested(
    rng: np.random.Generator,
    shipped: pl.DataFrame,
    q: People,
    h: People,
    who: np.ndarray,
    code: np.ndarray,
    base: date,
) -> np.ndarray:
    """Epoch seconds at which each shipment's address was given or last changed."""
    rows = len(who)
    ships = shipped["shipped_at"].str.to_date().cast(pl.Datetime("us")).dt.epoch("s").to_numpy()
    hired = epoch(base) - q["hired_days_before"][who].astype(np.int64) * DAY
    given = hired - rng.integers(*ONBOARDING_DAYS, size=rows) * DAY
    given += rng.integers(13 * 3600, 23 * 3600, size=rows)
    late = ships - rng.integers(3600, rates.REROUTE_HOURS * 3600, size=rows)
    early = ships - rng.integers(3600, LEGIT_CHANGE_DAYS * DAY, size=rows)
    changed = np.where(h["front"][who], late, early)
    return np.where(code == NOT_REROUTED, given, changed)
