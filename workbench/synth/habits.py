"""What each identity's wider records will show, drawn once per person.

Fronts and legitimate people draw from the same vocabularies at the rates of
``rates`` (fronts more often, never always). The table makers (``network``,
``shipping``, ``endpoints``, ``hiring``, ``references``, ``letters``) read
these habits and only decide how the records are written.
"""

from __future__ import annotations

import numpy as np

from workbench.synth import rates
from workbench.synth.catalog import IPKVM_DEVICES, VPN_PROVIDERS, VPN_SHARES
from workbench.synth.draw import chance
from workbench.synth.people import People
from workbench.synth.rings import VALUE_SPAN

#: Group kinds whose identities are fronts.
FRONT_KINDS = ("ring", "solo_dprk")

#: Where a laptop goes instead of the address first given (``reroute``).
NOT_REROUTED, MOVED, FORWARDER, MAILBOX, ABROAD, FARM = range(6)
#: Where an identity joins its interviews from (``join``).
FROM_HOME, FROM_VPN, FROM_ABROAD = range(3)
#: Countries whose documents people show when they are not from where they live.
DOCUMENT_COUNTRIES = ("US", "CA", "GB", "IN", "CN", "MX", "PH", "UA", "PL", "BR", "KR", "JP")

#: A person's base remote tool (logins) that an inventory lists as installed software.
INSTALLED_TOOLS = ("anydesk", "teamviewer")

#: Profiles one operator runs (as one machine serves about four, ``rings.VALUE_SPAN``).
OPERATOR_SPAN = VALUE_SPAN["device"]


def operators(q: People) -> np.ndarray:
    """Each identity's operator: in a ring, the member whose line runs its slot of
    `OPERATOR_SPAN` members (in contractor order); anyone else operates alone.

    Examples
    --------
    >>> q = {"kind": np.array(["ring"] * 5 + ["legit"]), "group": np.array([0] * 5 + [-1])}
    >>> operators(q).tolist()
    [0, 0, 0, 0, 4, 5]
    """
    n = len(q["kind"])
    out = np.arange(n)
    ring = np.flatnonzero(q["kind"] == "ring")
    order = ring[np.lexsort((ring, q["group"][ring]))]
    groups = q["group"][order]
    starts = np.r_[0, np.flatnonzero(np.diff(groups)) + 1]
    position = np.arange(len(order)) - np.repeat(starts, np.diff(np.r_[starts, len(order)]))
    out[order] = order[np.arange(len(order)) - position % OPERATOR_SPAN]
    return out


def _rate(front: np.ndarray, for_fronts: float, for_legit: float) -> np.ndarray:
    return np.where(front, for_fronts, for_legit)


def habits(rng: np.random.Generator, q: People) -> People:
    """Draw every identity's wider-evidence habits.

    Parameters
    ----------
    rng : the generator of the wider evidence (not the one of the base tables).
    q : the population with all groups planted.

    Returns
    -------
    Arrays keyed by habit, one entry per contractor: ``front``, ``provider``
    (index into ``VPN_PROVIDERS``), ``hosted``, ``kvm`` (index into
    ``IPKVM_DEVICES`` or -1), ``rmm`` (remote-control tools installed),
    ``awake``, ``reroute``, ``concurrent`` (extra clients at once), ``past``,
    ``rounds``, ``join``, ``operator`` (see `operators`), ``other_person``,
    ``tnc``, ``ssn`` (0 match, 1 mismatch, 2 no record), ``w2``, ``document`` (country of the ID
    document, empty when unchecked), ``referenced``, ``reference_failed``,
    ``shared_referee``, ``letter``, ``template``, ``team_letter``.

    Examples
    --------
    >>> from workbench.synth.groups import layout
    >>> from workbench.synth.people import people
    >>> rng = np.random.default_rng(1)
    >>> h = habits(rng, people(rng, layout(rng, 300, 2)))
    >>> len(h["provider"]), set(h["reroute"].tolist()) <= set(range(6))
    (300, True)
    """
    n = len(q["kind"])
    front = np.isin(q["kind"], FRONT_KINDS)
    shares = np.asarray(VPN_SHARES) / sum(VPN_SHARES)
    provider = rng.choice(len(VPN_PROVIDERS), size=n, p=shares)
    provider[front & chance(rng, n, rates.FRONT_ASTRILL)] = VPN_PROVIDERS.index("Astrill VPN")
    kvm = (q["remote_tool"] == "ipkvm") | chance(
        rng, n, _rate(front, rates.FRONT_IPKVM, rates.LEGIT_IPKVM)
    )
    two = _rate(front, rates.FRONT_RMM_TWO, rates.LEGIT_RMM_TWO)
    one = _rate(front, rates.FRONT_RMM_ONE, rates.LEGIT_RMM_ONE)
    u = rng.random(n)
    rmm = np.where(u < two, rng.integers(2, 4, size=n), (u < two + one).astype(np.int64))
    rmm = np.maximum(rmm, np.isin(q["remote_tool"], INSTALLED_TOOLS))
    u = rng.random(n)
    legit_clients = (u < rates.LEGIT_CONCURRENT).astype(np.int64) + (
        u < rates.LEGIT_CONCURRENT_THREE
    )
    front_clients = chance(rng, n, rates.FRONT_CONCURRENT) * rng.integers(1, 4, size=n)
    documents = np.asarray(DOCUMENT_COUNTRIES, dtype=object)
    pick = rng.integers(0, len(documents), size=n)
    pick = np.where(documents[pick] == q["country"], (pick + 1) % len(documents), pick)
    elsewhere = chance(rng, n, _rate(front, rates.FRONT_DOC_ELSEWHERE, rates.LEGIT_DOC_ELSEWHERE))
    checked = chance(rng, n, rates.ID_DOCUMENT_CHECKED)
    us = q["country"] == "US"
    ssn = chance(rng, n, _rate(front, rates.FRONT_SSN_MISMATCH, rates.LEGIT_SSN_MISMATCH)) & us
    return {
        "front": front,
        "provider": provider,
        "hosted": front & chance(rng, n, rates.FRONT_HOSTED),
        "kvm": np.where(kvm, rng.integers(0, len(IPKVM_DEVICES), size=n), -1),
        "rmm": rmm,
        "awake": chance(rng, n, _rate(front, rates.FRONT_KEEP_AWAKE, rates.LEGIT_KEEP_AWAKE)),
        "reroute": _reroutes(rng, q, front),
        "concurrent": np.where(front, front_clients, legit_clients),
        "past": chance(rng, n, rates.LEGIT_PAST_ENGAGEMENT),
        "rounds": rng.integers(rates.INTERVIEW_ROUNDS[0], rates.INTERVIEW_ROUNDS[1] + 1, size=n),
        "join": _joins(rng, q, front),
        "operator": operators(q),
        "other_person": chance(
            rng, n, _rate(front, rates.FRONT_OTHER_PERSON, rates.LEGIT_OTHER_PERSON)
        ),
        "tnc": us & chance(rng, n, _rate(front, rates.FRONT_TNC, rates.LEGIT_TNC)),
        "ssn": np.where(ssn, np.where(front, rng.integers(1, 3, size=n), 1), 0),
        "w2": us & chance(rng, n, _rate(front, rates.FRONT_W2_COMPLAINT, rates.LEGIT_W2_COMPLAINT)),
        "document": np.where(checked, np.where(elsewhere, documents[pick], q["country"]), ""),
        "referenced": chance(rng, n, rates.REFERENCE_CHECKED),
        "reference_failed": chance(
            rng, n, _rate(front, rates.FRONT_REFERENCE_FAILED, rates.LEGIT_REFERENCE_FAILED)
        ),
        "shared_referee": (q["kind"] == "ring") & chance(rng, n, rates.RING_SHARED_REFEREE),
        "letter": chance(rng, n, rates.COVER_LETTER_RATE),
        "template": ~front & chance(rng, n, rates.LEGIT_TEMPLATE_LETTER),
        "team_letter": (q["kind"] == "ring") & chance(rng, n, rates.RING_SAME_LETTER),
    }


def _reroutes(rng: np.random.Generator, q: People, front: np.ndarray) -> np.ndarray:
    """Where each identity's laptop would be rerouted (``NOT_REROUTED`` … ``FARM``)."""
    n = len(front)
    farm = np.asarray([a is not None for a in q["ship_address"]], dtype=bool)
    u, v = rng.random(n), rng.random(n)
    away = np.where(
        v < rates.REROUTE_FORWARDER,
        FORWARDER,
        np.where(v < rates.REROUTE_FORWARDER + rates.REROUTE_ABROAD, ABROAD, MAILBOX),
    )
    fronts = np.where(u < rates.FRONT_REROUTE, np.where(farm, FARM, away), NOT_REROUTED)
    legit = np.where(
        u < rates.LEGIT_FORWARDER,
        np.where(v < 0.5, FORWARDER, MAILBOX),
        np.where(u < rates.LEGIT_FORWARDER + rates.LEGIT_REROUTE, MOVED, NOT_REROUTED),
    )
    return np.where(front, fronts, legit)


def _joins(rng: np.random.Generator, q: People, front: np.ndarray) -> np.ndarray:
    """Where each identity joins its interviews from: ``FROM_HOME``, ``FROM_VPN`` or
    ``FROM_ABROAD``."""
    n = len(front)
    u = rng.random(n)
    fronts = np.where(
        u < rates.FRONT_INTERVIEW_VPN,
        FROM_VPN,
        np.where(
            u < rates.FRONT_INTERVIEW_VPN + rates.FRONT_INTERVIEW_FOREIGN, FROM_ABROAD, FROM_HOME
        ),
    )
    legit = np.where((q["vpn"] > 0) & (u < rates.LEGIT_INTERVIEW_VPN), FROM_VPN, FROM_HOME)
    return np.where(front, fronts, legit)
