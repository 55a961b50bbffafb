"""Everyone as an ordinary individual: names, contacts, accounts, devices, habits.

``people`` returns a dict of equal-length numpy arrays (one entry per contractor);
``rings`` and ``benign`` then return changed copies for the planted groups.
"""

from __future__ import annotations

import numpy as np

from workbench.synth import rates
from workbench.synth.contact import account_numbers, addresses, ibans, phones, wallets
from workbench.synth.draw import chance, hex_ids, pick, unique_ints, uuids
from workbench.synth.groups import Layout
from workbench.synth.pools import (
    CLIENTS,
    COUNTRIES,
    EMAIL_PROVIDERS,
    EMPLOYERS,
    FIRST_NAMES,
    FRONT_COUNTRIES,
    LAST_NAMES,
    LEGIT_COUNTRIES,
    REMOTE_TOOLS,
    SKILLS,
)

People = dict[str, np.ndarray]

#: Person-level IPv4 addresses come from 1.0.0.0 - 191.255.255.255 (shared exits lie above).
IP_RANGE = (0x01000000, 0xC0000000)


def objects(items: list) -> np.ndarray:
    """A 1-d object array holding ``items`` as they are (tuples stay tuples).

    Examples
    --------
    >>> objects([(1, 2), (3, 4)]).shape
    (2,)
    """
    out = np.empty(len(items), dtype=object)
    for i, item in enumerate(items):
        out[i] = item
    return out


def names(rng: np.random.Generator, countries: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """First and last names from the culture of each claimed country.

    Examples
    --------
    >>> first, last = names(np.random.default_rng(1), np.array(["JP"]))
    >>> last[0] in LAST_NAMES["jp"]
    True
    """
    n = len(countries)
    first = np.empty(n, dtype=object)
    last = np.empty(n, dtype=object)
    culture = np.asarray([COUNTRIES[c][0] for c in countries.tolist()], dtype=object)
    # a multicultural workforce: a fifth of people carry a name from another culture
    mixed = chance(rng, n, 0.2)
    culture[mixed] = pick(rng, sorted(FIRST_NAMES), int(mixed.sum()))
    for cult in sorted(set(culture.tolist())):
        rows = culture == cult
        first[rows] = pick(rng, FIRST_NAMES[cult], int(rows.sum()))
        last[rows] = pick(rng, LAST_NAMES[cult], int(rows.sum()))
    return first, last


def mailbox(email: str) -> str:
    """The mailbox an address delivers to: gmail ignores dots, so two spellings are one person.

    Examples
    --------
    >>> mailbox("andriy.tkachenko@gmail.com") == mailbox("andriytkachenko@gmail.com")
    True
    """
    local, _, domain = email.lower().partition("@")
    return (local.replace(".", "") if domain == "gmail.com" else local) + "@" + domain


def name_emails(rng: np.random.Generator, first: np.ndarray, last: np.ndarray) -> np.ndarray:
    """Distinct e-mails derived from names at common providers.

    Examples
    --------
    >>> ann, lee = np.array(["Ann", "Ann"]), np.array(["Lee", "Lee"])
    >>> e = name_emails(np.random.default_rng(1), ann, lee)
    >>> len(set(e.tolist())), all("lee" in x for x in e)
    (2, True)
    """
    n = len(first)
    style = rng.integers(0, 4, size=n)
    digits = np.where(chance(rng, n, 0.5), rng.integers(1, 9999, size=n), -1)
    provider = pick(rng, EMAIL_PROVIDERS, n)
    seen: set[str] = set()
    out = np.empty(n, dtype=object)
    for i in range(n):
        f, la = first[i].lower(), last[i].lower()
        local = (f"{f}.{la}", f"{f}{la}", f"{f[0]}.{la}", f"{f}_{la}")[style[i]]
        local += str(digits[i]) if digits[i] >= 0 else ""
        email = f"{local}@{provider[i]}"
        k = 1
        while mailbox(email) in seen:
            email = f"{local}{i % 97 + k}@{provider[i]}"
            k += 1
        seen.add(mailbox(email))
        out[i] = email
    return out


def resumes(rng: np.random.Generator, n: int) -> np.ndarray:
    """Short plain-text resumes assembled from skills, years and titles.

    Examples
    --------
    >>> "years" in resumes(np.random.default_rng(1), 1)[0]
    True
    """
    titles = (
        "Senior software engineer",
        "Full-stack developer",
        "Backend engineer",
        "Mobile developer",
        "DevOps engineer",
        "Data engineer",
    )
    t = pick(rng, titles, n)
    years = rng.integers(2, 16, size=n)
    skills = rng.integers(0, len(SKILLS), size=(n, 3))
    projects = rng.integers(2, 40, size=n)
    employer = rng.integers(0, len(EMPLOYERS), size=n)
    stay = rng.integers(1, 9, size=n)
    return np.asarray(
        [
            f"{t[i]} with {years[i]} years of experience in {SKILLS[skills[i, 0]]}, "
            f"{SKILLS[skills[i, 1]]} and {SKILLS[skills[i, 2]]}. Delivered {projects[i]} projects."
            f" Previously at {EMPLOYERS[employer[i]]} for {stay[i]} years."
            for i in range(n)
        ],
        dtype=object,
    )


def payees(rng: np.random.Generator, first: np.ndarray, last: np.ndarray) -> np.ndarray:
    """Name on each person's account: their own, or now and then a spouse's or their company's.

    Examples
    --------
    >>> payees(np.random.default_rng(1), np.array(["Ann"]), np.array(["Lee"])).tolist()
    ['Ann Lee']
    """
    own = np.asarray([f"{f} {la}" for f, la in zip(first, last, strict=True)], dtype=object)
    other = np.flatnonzero(chance(rng, len(first), rates.LEGIT_OTHER_PAYEE))
    spouse = pick(rng, FIRST_NAMES["en"], len(other))
    company = rng.random(len(other)) < 0.5
    own[other] = [
        f"{last[i]} Consulting LLC" if c else f"{s} {last[i]}"
        for i, s, c in zip(other, spouse, company, strict=True)
    ]
    return own


def people(rng: np.random.Generator, lay: Layout) -> People:
    """Draw every contractor as an ordinary, legitimate individual.

    Parameters
    ----------
    rng : the generator.
    lay : group layout; fronts claim the countries fronts claim.

    Returns
    -------
    Arrays keyed by attribute name, one entry per contractor.

    Examples
    --------
    >>> from workbench.synth.groups import layout
    >>> rng = np.random.default_rng(1)
    >>> p = people(rng, layout(rng, 300, 2))
    >>> len(p["email"]) == 300 == len(set(p["email"].tolist()))
    True
    """
    n = lay.size
    country = pick(rng, [c for c, _ in LEGIT_COUNTRIES], n, [w for _, w in LEGIT_COUNTRIES])
    front = np.isin(lay.kind, ["ring", "solo_dprk"])
    country[front] = pick(
        rng, [c for c, _ in FRONT_COUNTRIES], int(front.sum()), [w for _, w in FRONT_COUNTRIES]
    )
    for kind in ("family", "cowork", "agency"):  # a household, a space, an agency: one country
        for members in lay.members(kind):
            country[members] = country[members[0]]
    first, last = names(rng, country)
    email = name_emails(rng, first, last)
    voip = chance(rng, n, rates.LEGIT_VOIP)
    ptype = np.where(voip, "voip", np.where(chance(rng, n, 0.75), "mobile", "fixed"))
    iban = ibans(rng, country)
    acct = account_numbers(rng, n)
    wallet = wallets(rng, n)
    e_wallet = chance(rng, n, 0.25) | np.isin(country, ["IN", "BR", "JP", "KR", "SG"])
    account = np.where(e_wallet, email, np.where(iban != "", iban, acct))
    account_type = np.where(e_wallet, "email", np.where(iban != "", "iban", "acct"))
    method = np.where(e_wallet, pick(rng, ["paypal", "payoneer", "wise"], n), "bank")
    currency = np.asarray(
        [
            {"DE": "EUR", "PL": "PLN", "GB": "GBP", "CA": "CAD"}.get(c, "USD")
            for c in country.tolist()
        ],
        dtype=object,
    )
    currency[account_type == "email"] = "USD"
    video = np.where(chance(rng, n, 0.9), "completed", "unknown").astype(object)
    bad = chance(rng, n, rates.LEGIT_VIDEO_BAD)
    video[bad] = pick(rng, ["declined", "camera_off", "not_held"], int(bad.sum()))
    ips = unique_ints(rng, 3 * n, *IP_RANGE)
    tool = np.where(chance(rng, n, rates.LEGIT_REMOTE_TOOL), pick(rng, REMOTE_TOOLS, n), "")
    github = np.where(
        chance(rng, n, rates.LEGIT_GITHUB),
        [
            f"{f.lower()}{la.lower()[:3]}-{d}"
            for f, la, d in zip(
                first, last, unique_ints(rng, n, 10, max(10**5, 50 * n)), strict=True
            )
        ],
        "",
    )
    hired = rng.integers(0, 900, size=n)
    return {
        "kind": lay.kind,
        "group": lay.group,
        "group_id": lay.group_id,
        "country": country,
        "first": first,
        "last": last,
        "full_name": np.asarray(
            [f"{f} {la}" for f, la in zip(first, last, strict=True)], dtype=object
        ),
        "email": email,
        "email2": np.full(n, "", dtype=object),
        "phone": phones(rng, country, ptype),
        "phone2": np.full(n, "", dtype=object),
        "address": objects(addresses(rng, country)),
        "account": account.astype(object),
        "account_type": account_type.astype(object),
        "method": method.astype(object),
        "currency": currency,
        "holder": payees(rng, first, last),
        "account_country": country.copy(),
        "wallet": wallet,
        "crypto": chance(rng, n, rates.LEGIT_CRYPTO),
        "device": np.where(
            chance(rng, n, rates.MANAGED_DEVICES), uuids(rng, n), hex_ids(rng, n, 8)
        ).astype(object),
        "home_ip": ips[:n],
        "foreign_ip": ips[n : 2 * n],
        "spare_ip": ips[2 * n :],
        "tz": np.asarray([COUNTRIES[c][1] for c in country.tolist()]),
        "night": chance(rng, n, rates.LEGIT_NIGHT_SHIFT),
        "travel": chance(rng, n, rates.LEGIT_TRAVEL),
        "vpn": np.where(chance(rng, n, rates.LEGIT_VPN_PEOPLE), rates.LEGIT_VPN_LOGINS, 0.0),
        "foreign": np.zeros(n),
        "long_session": np.zeros(n, dtype=bool),
        "remote_tool": tool.astype(object),
        "github": github.astype(object),
        "photo_hash": np.where(chance(rng, n, 0.7), hex_ids(rng, n, 8), "").astype(object),
        "resume_text": resumes(rng, n),
        "hired_days_before": hired,
        "client": pick(rng, CLIENTS, n),
        "video": video,
        "farm_ip": np.full(n, -1, dtype=np.int64),
        "shared_device": np.full(n, "", dtype=object),
        "ship_address": np.full(n, None, dtype=object),
        "cowork_ip": np.full(n, -1, dtype=np.int64),
        "placeholder": np.zeros(n, dtype=bool),
    }
