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
from workbench.synth.pools import (
    EMAIL_PROVIDERS,
    FACILITATORS,
    FIRST_NAMES,
    LAST_NAMES,
    REMOTE_TOOLS,
    THEMES,
)

#: Strong tie kinds (each alone identifies one team) and the weak one (a farm IP).
STRONG_TIES = ("account", "device", "address", "phone", "email")
TIE_KINDS = (*STRONG_TIES, "ip")


#: How many identities share one value of each kind. Operators run a few profiles each
#: (advisories), so a machine, a VoIP line or a contact e-mail serves about four; a
#: facilitator's account serves up to eight; a laptop farm's address and IP serve the team.
VALUE_SPAN = {"device": 4, "phone": 4, "email": 4, "account": 8, "address": 12, "ip": 12}
#: Most values of one kind a ring can need.
MAX_VALUES = -(-12 // min(VALUE_SPAN.values()))

Tie = tuple[str, int]  # (kind, which of the ring's values of that kind)


@dataclass(frozen=True)
class Ring:
    """One planted ring: its members (contractor indices) and each member's ties."""

    number: int
    members: tuple[int, ...]
    ties: tuple[frozenset[Tie], ...]

    @property
    def kinds(self) -> frozenset[str]:
        """The tie kinds this ring uses."""
        return frozenset(k for t in self.ties for k, _ in t)


def _shared(ties: list[set[Tie]]) -> dict[Tie, int]:
    counts: dict[Tie, int] = {}
    for t in ties:
        for tie in t:
            counts[tie] = counts.get(tie, 0) + 1
    return {tie: c for tie, c in counts.items() if c > 1}


def _component(ties: list[set[Tie]], live: dict[Tie, int]) -> tuple[set[int], set[Tie]]:
    reach, held = {0}, {t for t in ties[0] if t in live}
    grew = True
    while grew:
        grew = False
        for i, t in enumerate(ties):
            if i not in reach and t & held:
                reach.add(i)
                held |= {x for x in t if x in live}
                grew = True
    return reach, held


def member_ties(rng: np.random.Generator, number: int, size: int) -> tuple[frozenset[Tie], ...]:
    """Draw each member's ties: >= RING_TIES_MIN shared ones, one strong, the ring connected.

    A tie is ``(kind, value)``; member ``j`` holds value ``j % values`` of a kind,
    where ``values`` is how many of that kind the ring needs (see ``VALUE_SPAN``).

    Examples
    --------
    >>> ties = member_ties(np.random.default_rng(2), 0, 8)
    >>> len(ties), all(len(t) >= 2 and {k for k, _ in t} & set(STRONG_TIES) for t in ties)
    (8, True)
    """
    first = STRONG_TIES[number % len(STRONG_TIES)]
    extra = rng.choice(
        [k for k in TIE_KINDS if k != first], size=int(rng.integers(1, 4)), replace=False
    )
    kinds = [first, *sorted(extra.tolist())]

    def tie(kind: str, member: int) -> Tie:
        return (kind, member % -(-size // VALUE_SPAN[kind]))

    ties: list[set[Tie]] = []
    for j in range(size):
        k = min(len(kinds), int(rng.integers(rates.RING_TIES_MIN, 4)))
        ties.append({tie(x, j) for x in rng.choice(kinds, size=k, replace=False).tolist()})
    for _ in range(4 * size):
        live = _shared(ties)
        weak = [
            j
            for j, t in enumerate(ties)
            if len(t & live.keys()) < rates.RING_TIES_MIN
            or not {k for k, _ in t & live.keys()} & set(STRONG_TIES)
        ]
        reach, held = _component(ties, live)
        candidates = weak or [i for i in range(size) if i not in reach]
        if not candidates:
            return tuple(frozenset(t) for t in ties)
        j = candidates[0]
        own = [tie(k, j) for k in kinds if tie(k, j) not in ties[j]]
        near = [tie(k, j - 1) for k in kinds if tie(k, j - 1) not in ties[j]]
        options = sorted(own, key=lambda t: t[0] == "ip") + sorted(held - ties[j]) + near
        ties[j].add(options[0])
    raise ValueError("could not connect the ring")


def farm_ips(q: People, rings: int) -> np.ndarray:
    """The laptop farm's home IP of each ring (spare person-level IPs, distinct from all others).

    Every ring's farm has one line, whether or not a member's logins use it.

    Examples
    --------
    >>> farm_ips({"spare_ip": np.array([7, 8, 9])}, 2).tolist()
    [7, 8]
    """
    return q["spare_ip"][:rings]


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
    farm_ip = farm_ips(q, n_r)
    slots = n_r * MAX_VALUES
    devices = np.asarray(uuids(rng, slots), dtype=object).reshape(n_r, MAX_VALUES)
    farm_addr = addresses(rng, np.full(n_r, "US", dtype=object))
    voip = phones(
        rng,
        np.repeat(pick(rng, ["GB", "PL", "JP", "KR", "SG"], n_r), MAX_VALUES),
        np.full(slots, "voip"),
        taken=set(q["phone"].tolist()),
    ).reshape(n_r, MAX_VALUES)
    ring_wallets = wallets(rng, slots).reshape(n_r, MAX_VALUES)
    ring_ibans = ibans(rng, pick(rng, ["PL", "UA", "DE", "GB"], slots)).reshape(n_r, MAX_VALUES)
    ring_accts = account_numbers(rng, slots).reshape(n_r, MAX_VALUES)
    photos = hex_ids(rng, n_r, 8)
    for r, members in enumerate(groups):
        ties = member_ties(rng, r, len(members))
        out.append(Ring(r, tuple(int(m) for m in members), ties))
        accounts = [
            _ring_account(
                rng, ring_ibans[r, v], ring_accts[r, v], ring_wallets[r, v], q["email"][members[v]]
            )
            for v in range(MAX_VALUES)
        ]
        provider = pick(rng, ["gmail.com", "proton.me", "outlook.com"], 1)[0]
        theme = ring_theme(r)
        shared_emails = [
            f"{word}.{theme}{int(rng.integers(10, 99))}@{provider}"
            for word in ("team", "ops", "hr")
        ]
        start = int(rng.integers(100, 900))
        templated = rng.random() < rates.RING_TEMPLATE_EMAIL
        providers = pick(rng, EMAIL_PROVIDERS, len(members))
        resume = q["resume_text"][members[0]]
        handle = f"{theme}-dev{r}"
        for j, m in enumerate(members):
            t = dict(sorted(ties[j], reverse=True))
            if templated:
                q["email"][m] = f"{q['first'][m].lower()}.{theme}{start + j}@{providers[j]}"
            if "account" in t:
                account, account_type, method, currency = accounts[t["account"]]
                q["account"][m], q["account_type"][m] = account, account_type
                q["method"][m], q["currency"][m] = method, currency
            if "device" in t:
                q["shared_device"][m] = devices[r, t["device"]]
            if "ip" in t:
                q["farm_ip"][m] = farm_ip[r]
            if "address" in t:
                q["ship_address"][m] = farm_addr[r]
                if rng.random() < 0.3:
                    q["address"][m] = farm_addr[r]
            if "phone" in t:
                q["phone2"][m] = q["phone"][m] if rng.random() < 0.5 else ""
                q["phone"][m] = voip[r, t["phone"]]
            if "email" in t:
                q["email2"][m] = shared_emails[t["email"]]
            if rng.random() < rates.RING_SAME_PHOTO:
                q["photo_hash"][m] = photos[r]
            if rng.random() < rates.RING_SAME_RESUME:
                q["resume_text"][m] = resume.replace("Delivered", "Successfully delivered", j % 2)
            if rng.random() < rates.RING_SHARED_GITHUB:
                q["github"][m] = handle
        if rng.random() < 0.5:  # the team's own wallet for crypto payouts
            q["wallet"][members] = ring_wallets[r, -1]
    members = np.flatnonzero(lay.kind == "ring")
    facilitators = np.asarray(payee_names(rng, max(n_r, 1), companies=True), dtype=object)
    return _flags(rng, q, members, facilitators[np.maximum(lay.group[members], 0)]), out


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


def ring_theme(number: int) -> str:
    """The theme word of ring ``number``'s e-mails: a word, plus letters once words run out.

    Examples
    --------
    >>> ring_theme(0), ring_theme(len(THEMES)), ring_theme(27 * len(THEMES))
    ('smartcoder', 'smartcodera', 'smartcoderaa')
    """
    word, rest = THEMES[number % len(THEMES)], number // len(THEMES)
    suffix = ""
    while rest:  # bijective base 26: a ... z, aa, ab ...
        rest, letter = divmod(rest - 1, 26)
        suffix = "abcdefghijklmnopqrstuvwxyz"[letter] + suffix
    return word + suffix


def payee_names(rng: np.random.Generator, n: int, companies: bool) -> list[str]:
    """``n`` distinct facilitator names: companies (one per ring) or people (one per lone front).

    Examples
    --------
    >>> payee_names(np.random.default_rng(1), 2, companies=True)[0]
    'Christina M. Chapman'
    >>> len(set(payee_names(np.random.default_rng(1), 500, companies=False)))
    500
    """
    out = list(FACILITATORS[:n]) if companies else []
    seen = set(out)
    firsts = sorted({f for pool in FIRST_NAMES.values() for f in pool})
    lasts = sorted({la for pool in LAST_NAMES.values() for la in pool})
    kinds = ("Trading Co", "Tech Ltd", "Consulting LLC", "Holdings")
    while len(out) < n:
        f, la = firsts[rng.integers(len(firsts))], lasts[rng.integers(len(lasts))]
        initial = "ABCDEFGHJKLMNPRSTW"[rng.integers(18)]
        name = f"{la} {kinds[rng.integers(4)]}" if companies else f"{f} {initial}. {la}"
        name = name if name not in seen else f"{name} {len(out)}"
        seen.add(name)
        out.append(name)
    return out


def _flags(rng: np.random.Generator, q: People, idx: np.ndarray, payees: np.ndarray) -> People:
    """Give fronts their red flags at the ``rates`` rates; ``payees`` is each one's facilitator."""
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
    q["holder"][idx[payee]] = payees[payee]
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
    q = _flags(rng, q, idx, np.asarray(payee_names(rng, len(idx), companies=False), dtype=object))
    voip = idx[chance(rng, len(idx), 0.5)]
    q["phone"][voip] = phones(
        rng, q["country"][voip], np.full(len(voip), "voip"), taken=set(q["phone"].tolist())
    )
    return q
