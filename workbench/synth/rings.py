"""Plant rings of front identities and lone fronts into the population.

A ring shares SOME of: a payment account, a device, a laptop-farm IP, a
laptop-farm address, a VoIP phone, an e-mail. Each ring draws its own subset
of these tie kinds and each member its own subset of the ring's, so no single
kind explains every ring; every member keeps at least ``RING_TIES_MIN`` ties
and the ring stays connected.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from workbench.synth import rates
from workbench.synth.contact import account_numbers, addresses, ibans, phones, wallets
from workbench.synth.draw import chance, hex_ids, pick, uuids
from workbench.synth.groups import Layout
from workbench.synth.people import People
from workbench.synth.pools import EMAIL_PROVIDERS, FACILITATORS, REMOTE_TOOLS, THEMES

#: Strong tie kinds (each alone identifies one team) and the weak one (a farm IP).
STRONG_TIES = ("account", "device", "address", "phone", "email")
TIE_KINDS = (*STRONG_TIES, "ip")


@dataclass(frozen=True)
class Ring:
    """One planted ring: its members (contractor indices) and each member's tie kinds."""

    number: int
    members: tuple[int, ...]
    ties: tuple[frozenset[str], ...]
    kinds: frozenset[str]


def member_ties(rng: np.random.Generator, number: int, size: int) -> tuple[frozenset[str], ...]:
    """Draw each member's tie kinds so every member has >= RING_TIES_MIN, one strong, all connected.

    Examples
    --------
    >>> ties = member_ties(np.random.default_rng(2), 0, 8)
    >>> len(ties), all(len(t) >= 2 and t & set(STRONG_TIES) for t in ties)
    (8, True)
    """
    extra = rng.choice(
        [k for k in TIE_KINDS if k != STRONG_TIES[number % len(STRONG_TIES)]],
        size=int(rng.integers(1, 4)),
        replace=False,
    )
    kinds = [STRONG_TIES[number % len(STRONG_TIES)], *sorted(extra.tolist())]
    ties: list[set[str]] = []
    for _ in range(size):
        k = min(len(kinds), int(rng.integers(rates.RING_TIES_MIN, 4)))
        chosen = set(rng.choice(kinds, size=k, replace=False).tolist())
        if not chosen & set(STRONG_TIES):
            chosen.add(kinds[0])
        ties.append(chosen)
    while True:
        reach = {0}
        held = set(ties[0])
        grew = True
        while grew:
            grew = False
            for i, t in enumerate(ties):
                if i not in reach and t & held:
                    reach.add(i)
                    held |= t
                    grew = True
        outside = [i for i in range(size) if i not in reach]
        if not outside:
            return tuple(frozenset(t) for t in ties)
        ties[outside[0]].add(sorted(held)[0])


def _copy(p: People) -> People:
    return {k: v.copy() for k, v in p.items()}


def plant_rings(rng: np.random.Generator, p: People, lay: Layout) -> tuple[People, list[Ring]]:
    """Return a copy of the population with rings planted, and the rings.

    Parameters
    ----------
    rng : the generator.
    p : the population from ``people``.
    lay : the layout naming ring members.

    Returns
    -------
    The changed population and one ``Ring`` per planted ring.

    Examples
    --------
    >>> from workbench.synth.groups import layout
    >>> from workbench.synth.people import people
    >>> rng = np.random.default_rng(1)
    >>> lay = layout(rng, 300, 2)
    >>> q, rings = plant_rings(rng, people(rng, lay), lay)
    >>> len(rings), all(len(r.members) >= 3 for r in rings)
    (2, True)
    """
    q = _copy(p)
    groups = lay.members("ring")
    out: list[Ring] = []
    n_r = len(groups)
    farm_ips = q["spare_ip"][:n_r]  # spare person-level IPs are distinct from all others
    devices = uuids(rng, n_r)
    farm_addr = addresses(rng, np.full(n_r, "US", dtype=object))
    voip = phones(
        rng,
        pick(rng, ["GB", "PL", "JP", "KR", "SG"], n_r),
        np.full(n_r, "voip"),
        taken=set(q["phone"].tolist()),
    )
    ring_wallets = wallets(rng, n_r)
    ring_ibans = ibans(rng, pick(rng, ["PL", "UA", "DE", "GB"], n_r))
    ring_accts = account_numbers(rng, n_r)
    photos = hex_ids(rng, n_r, 8)
    for r, members in enumerate(groups):
        ties = member_ties(rng, r, len(members))
        out.append(Ring(r, tuple(int(m) for m in members), ties, frozenset().union(*ties)))
        account, account_type, method, currency = _ring_account(
            rng, ring_ibans[r], ring_accts[r], ring_wallets[r], q["email"][members[0]]
        )
        shared_email = f"{THEMES[r % len(THEMES)]}.team{int(rng.integers(10, 99))}@" + str(
            pick(rng, ["gmail.com", "proton.me", "outlook.com"], 1)[0]
        )
        theme = THEMES[(r * 5 + 3) % len(THEMES)]
        start = int(rng.integers(100, 900))
        templated = rng.random() < rates.RING_TEMPLATE_EMAIL
        provider = pick(rng, EMAIL_PROVIDERS, len(members))
        resume = q["resume_text"][members[0]]
        handle = f"{theme}-dev{r}"
        for j, m in enumerate(members):
            t = ties[j]
            if templated:
                q["email"][m] = f"{q['first'][m].lower()}.{theme}{start + j}@{provider[j]}"
            if "account" in t:
                q["account"][m], q["account_type"][m] = account, account_type
                q["method"][m], q["currency"][m] = method, currency
            if "device" in t:
                q["shared_device"][m] = devices[r]
            if "ip" in t:
                q["farm_ip"][m] = farm_ips[r]
            if "address" in t:
                q["ship_address"][m] = farm_addr[r]
                if rng.random() < 0.3:
                    q["address"][m] = farm_addr[r]
            if "phone" in t:
                q["phone2"][m] = q["phone"][m] if rng.random() < 0.5 else ""
                q["phone"][m] = voip[r]
            if "email" in t:
                q["email2"][m] = shared_email
            if rng.random() < rates.RING_SAME_PHOTO:
                q["photo_hash"][m] = photos[r]
            if rng.random() < rates.RING_SAME_RESUME:
                q["resume_text"][m] = resume.replace("Delivered", "Successfully delivered", j % 2)
            if rng.random() < rates.RING_SHARED_GITHUB:
                q["github"][m] = handle
        q["wallet"][members] = ring_wallets[r] if rng.random() < 0.5 else q["wallet"][members]
    return _flags(rng, q, np.flatnonzero(lay.kind == "ring")), out


def _ring_account(
    rng: np.random.Generator, iban: str, acct: str, wallet: str, email: str
) -> tuple[str, str, str, str]:
    """The team's pooled account: a foreign IBAN, a US account, a wallet or a payout e-mail."""
    choice = int(rng.integers(0, 4))
    if choice == 0:
        return iban, "iban", "bank", "EUR"
    if choice == 1:
        return acct, "acct", "bank", "USD"
    if choice == 2:
        return wallet, "wallet", "crypto", "USDT" if wallet.startswith("T") else "ETH"
    return email, "email", "payoneer", "USD"


def _flags(rng: np.random.Generator, q: People, idx: np.ndarray) -> People:
    """Give fronts (ring members or lone fronts) their red flags at the ``rates`` rates."""
    n = len(idx)
    q["tz"][idx] = 9.0
    q["night"][idx] = False
    q["travel"][idx] = False
    q["vpn"][idx] = rates.RING_VPN_LOGINS
    q["foreign"][idx] = rates.RING_FOREIGN_LOGINS
    q["long_session"][idx] = chance(rng, n, rates.RING_LONG_SESSION)
    bad = chance(rng, n, rates.RING_VIDEO_BAD)
    q["video"][idx[bad]] = pick(rng, ["declined", "camera_off", "not_held"], int(bad.sum()))
    q["crypto"][idx] = chance(rng, n, rates.RING_CRYPTO)
    payee = chance(rng, n, rates.RING_OTHER_PAYEE)
    q["holder"][idx[payee]] = pick(rng, FACILITATORS, int(payee.sum()))
    tool = chance(rng, n, rates.RING_REMOTE_TOOL)
    q["remote_tool"][idx[tool]] = pick(rng, REMOTE_TOOLS[:3], int(tool.sum()))
    return q


def plant_solos(rng: np.random.Generator, p: People, lay: Layout) -> People:
    """Return a copy of the population with lone fronts: red flags, VoIP phones, no ring ties.

    Examples
    --------
    >>> from workbench.synth.groups import layout
    >>> from workbench.synth.people import people
    >>> rng = np.random.default_rng(1)
    >>> lay = layout(rng, 300, 2)
    >>> q = plant_solos(rng, people(rng, lay), lay)
    >>> bool((q["tz"][lay.kind == "solo_dprk"] == 9.0).all())
    True
    """
    q = _copy(p)
    idx = np.flatnonzero(lay.kind == "solo_dprk")
    q = _flags(rng, q, idx)
    voip = idx[chance(rng, len(idx), 0.5)]
    q["phone"][voip] = phones(
        rng, q["country"][voip], np.full(len(voip), "voip"), taken=set(q["phone"].tolist())
    )
    return q
