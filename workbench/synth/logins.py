"""Generate the logins table: vectorised over rows, driven by per-person habits."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timezone

import numpy as np
import polars as pl

from workbench.synth import rates
from workbench.synth.draw import texts, unique_ints
from workbench.synth.formats import timestamp_text
from workbench.synth.network import NETWORK_COLUMNS, Networks, login_networks
from workbench.synth.people import IP_RANGE, People
from workbench.synth.pools import COUNTRIES, PLACEHOLDER_DEVICE, USER_AGENTS

#: UTC offset (minutes) the source system writes for logins geolocated to a country.
OFFSETS = {c: int(v[1] * 60) for c, v in COUNTRIES.items()} | {
    "CN": 480,
    "RU": 180,
    "KP": 540,
    "NL": 60,
    "FR": 60,
    "ES": 60,
    "IT": 60,
    "MX": -360,
    "TH": 420,
    "PT": 0,
}
VPN_EXIT_COUNTRIES = ("US", "NL", "SG", "JP", "DE", "GB")  # where commercial VPNs exit
TRAVEL_COUNTRIES = ("FR", "ES", "IT", "MX", "TH", "PT")
#: Where fronts' direct (non-VPN) logins come from: mostly China, some Russia, rarely the DPRK.
FOREIGN_COUNTRIES = (("CN", 0.65), ("RU", 0.30), ("KP", 0.05))
SOURCES = ("home", "corp", "nat", "vpn", "cowork", "farm", "foreign", "travel")
#: Shared exits (corporate VPN, carrier NAT, commercial VPN) live apart from people's IPs.
SHARED_IP_RANGE = (0xC0000000, 0xDF000000)
TS_STYLES = (0.5, 0.3, 0.2)  # share of timestamps written with Z, with an offset, naive


def epoch(day: date) -> int:
    """Unix seconds of midnight UTC of ``day``.

    Examples
    --------
    >>> epoch(date(1970, 1, 2))
    86400
    """
    return int(datetime(day.year, day.month, day.day, tzinfo=timezone.utc).timestamp())


def source_shares(rng: np.random.Generator, q: People) -> np.ndarray:
    """Per-person probabilities of each login source in ``SOURCES`` (rows sum to 1).

    Examples
    --------
    >>> from workbench.synth.groups import layout
    >>> from workbench.synth.people import people
    >>> rng = np.random.default_rng(1)
    >>> s = source_shares(rng, people(rng, layout(rng, 300, 2)))
    >>> bool(np.allclose(s.sum(axis=1), 1.0))
    True
    """
    n = len(q["kind"])
    corp = (rng.random(n) < rates.CORP_VPN_USERS) & np.isin(
        q["kind"], ["legit", "agency", "cowork"]
    )
    nat = rng.random(n) < rates.NAT_USERS
    shares = np.zeros((n, len(SOURCES)))
    shares[:, 1] = corp * (rates.CORP_VPN_LOGINS / rates.CORP_VPN_USERS)
    shares[:, 2] = nat * rates.NAT_LOGINS
    shares[:, 3] = q["vpn"]
    shares[:, 4] = (q["cowork_ip"] >= 0) * rates.COWORK_LOGINS
    shares[:, 5] = (q["farm_ip"] >= 0) * rates.FARM_LOGINS
    shares[:, 6] = q["foreign"]
    shares[:, 7] = q["travel"] * rates.TRAVEL_LOGINS
    busy = shares.sum(axis=1)
    scale = np.where(busy > 0.9, 0.9 / np.maximum(busy, 1e-9), 1.0)
    shares *= scale[:, None]
    shares[:, 0] = 1.0 - shares.sum(axis=1)
    return shares


#: Contractors generated per chunk: bounds memory (about 1 GB) whatever the case size.
LOGIN_CHUNK = 50_000


@dataclass(frozen=True)
class Exits:
    """Addresses shared across people: corporate VPN, carrier NAT, commercial VPN exits."""

    corp: np.ndarray
    nat: np.ndarray
    vpn: np.ndarray
    foreign: np.ndarray  # per person: the country a front's direct logins come from


def exits(rng: np.random.Generator, q: People) -> Exits:
    """Draw the shared exit addresses of a population, sized by its head count.

    Examples
    --------
    >>> from workbench.synth.groups import layout
    >>> from workbench.synth.people import people
    >>> rng = np.random.default_rng(1)
    >>> e = exits(rng, people(rng, layout(rng, 3000, 2)))
    >>> len(e.corp), len(e.nat), len(e.vpn)
    (3, 2, 12)
    """
    n = len(q["kind"])
    vpn_pool = max(4, int(n * rates.LEGIT_VPN_PEOPLE) // rates.COMMERCIAL_VPN_USERS_PER_EXIT)
    nat_pool = max(1, int(n * rates.NAT_USERS) // rates.NAT_PEOPLE_PER_IP)
    shared = unique_ints(rng, rates.CORP_VPN_EXITS + nat_pool + vpn_pool, *SHARED_IP_RANGE)
    corp, nat, vpn = np.split(shared, [rates.CORP_VPN_EXITS, rates.CORP_VPN_EXITS + nat_pool])
    foreign = np.asarray([c for c, _ in FOREIGN_COUNTRIES], dtype=object)[
        rng.choice(len(FOREIGN_COUNTRIES), size=n, p=[w for _, w in FOREIGN_COUNTRIES])
    ]
    return Exits(corp, nat, vpn, foreign)


@dataclass(frozen=True)
class LoginPlan:
    """Per-person source shares (cumulative over ``SOURCES``) and the shared exits."""

    cum: np.ndarray
    exits: Exits


def login_plan(rng: np.random.Generator, q: People) -> LoginPlan:
    """Draw where a population logs in from: each person's source shares, then the exits.

    Examples
    --------
    >>> from workbench.synth.groups import layout
    >>> from workbench.synth.people import people
    >>> rng = np.random.default_rng(1)
    >>> plan = login_plan(rng, people(rng, layout(rng, 300, 2)))
    >>> plan.cum.shape, len(plan.exits.vpn)
    ((300, 8), 4)
    """
    cum = np.cumsum(source_shares(rng, q), axis=1)
    return LoginPlan(cum, exits(rng, q))


def _addresses(
    rng: np.random.Generator, q: People, ex: Exits, who: np.ndarray, source: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """IPv4 (as int) and geolocated country of each login, from its source."""
    ip = q["home_ip"][who]
    country = q["country"][who]
    at = np.flatnonzero(source == SOURCES.index("corp"))
    ip[at], country[at] = ex.corp[rng.integers(0, len(ex.corp), len(at))], "US"
    at = np.flatnonzero(source == SOURCES.index("nat"))
    ip[at] = ex.nat[who[at] % len(ex.nat)]
    at = np.flatnonzero(source == SOURCES.index("vpn"))
    exit_ = rng.integers(0, len(ex.vpn), len(at))
    ip[at] = ex.vpn[exit_]
    country[at] = np.asarray(VPN_EXIT_COUNTRIES, dtype=object)[exit_ % len(VPN_EXIT_COUNTRIES)]
    at = np.flatnonzero(source == SOURCES.index("cowork"))
    ip[at] = q["cowork_ip"][who[at]]
    at = np.flatnonzero(source == SOURCES.index("farm"))
    ip[at], country[at] = q["farm_ip"][who[at]], "US"
    at = np.flatnonzero(source == SOURCES.index("foreign"))
    ip[at], country[at] = q["foreign_ip"][who[at]], ex.foreign[who[at]]
    at = np.flatnonzero(source == SOURCES.index("travel"))
    ip[at] = rng.integers(IP_RANGE[0], IP_RANGE[1], len(at))
    country[at] = np.asarray(TRAVEL_COUNTRIES, dtype=object)[rng.integers(0, 6, len(at))]
    return ip, country


def logins(rng: np.random.Generator, q: People, ids: np.ndarray, base: date) -> pl.DataFrame:
    """One row per login, in contract columns, sorted by contractor then time.

    Parameters
    ----------
    rng : the generator.
    q : the population with all groups planted.
    ids : contractor ids, aligned with ``q`` and in sorted order.
    base : first day of the activity window.

    Returns
    -------
    The logins table (all chunks of ``login_chunks``).

    Examples
    --------
    >>> from workbench.synth.groups import layout
    >>> from workbench.synth.people import people
    >>> rng = np.random.default_rng(1)
    >>> q = people(rng, layout(rng, 300, 2))
    >>> t = logins(rng, q, np.array([f"C{i:03d}" for i in range(300)]), date(2025, 1, 1))
    >>> t.columns[:3], t.height > 300 * 10
    (['contractor_id', 'ts', 'ip'], True)
    """
    return pl.concat(list(login_chunks(rng, q, ids, base)))


def login_chunks(
    rng: np.random.Generator,
    q: People,
    ids: np.ndarray,
    base: date,
    *,
    plan: LoginPlan | None = None,
    network: Networks | None = None,
) -> Iterator[pl.DataFrame]:
    """The logins table in chunks of LOGIN_CHUNK contractors, each sorted by contractor, time.

    ``plan`` is drawn first when not given; with ``network``, each login also
    carries what an IP-intelligence feed says of it (`NETWORK_COLUMNS`), drawn
    from the feed's own generator so that every other column stays the same.

    Examples
    --------
    >>> from workbench.synth.groups import layout
    >>> from workbench.synth.people import people
    >>> rng = np.random.default_rng(1)
    >>> q = people(rng, layout(rng, 300, 2))
    >>> len(list(login_chunks(rng, q, np.array([f"C{i}" for i in range(300)]), date(2025, 1, 1))))
    1
    """
    n = len(q["kind"])
    plan = plan if plan is not None else login_plan(rng, q)
    extra = NETWORK_COLUMNS if network is not None else ()
    devices = texts([*q["device"], *q["shared_device"], PLACEHOLDER_DEVICE])
    agents = texts([*USER_AGENTS, ""])
    tools = texts([*q["remote_tool"], ""])
    for lo in range(0, n, LOGIN_CHUNK):
        block = np.arange(lo, min(n, lo + LOGIN_CHUNK))
        counts = np.maximum(1, rng.poisson(rates.LOGINS_PER_CONTRACTOR, size=len(block)))
        who = np.repeat(block, counts)
        yield _chunk(rng, q, plan, who, base, network).pipe(
            lambda f: f.select(
                texts(ids, f["who"].to_numpy()).alias("contractor_id"),
                "ts",
                "ip",
                devices.gather(f["device_at"].to_numpy()).alias("device_id"),
                agents.gather(f["agent_at"].to_numpy()).alias("user_agent"),
                "country",
                "vpn",
                tools.gather(f["tool_at"].to_numpy()).alias("remote_tool"),
                "session_minutes",
                *extra,
            )
        )


def _chunk(
    rng: np.random.Generator,
    q: People,
    plan: LoginPlan,
    who: np.ndarray,
    base: date,
    network: Networks | None,
) -> pl.DataFrame:
    """Numeric columns of one chunk of logins, sorted by contractor, time, ip."""
    n, rows = len(q["kind"]), len(who)
    u = rng.random(rows)
    source = np.zeros(rows, dtype=np.int8)
    for c in range(len(SOURCES) - 1):
        source += u > plan.cum[who, c]
    ip, country = _addresses(rng, q, plan.exits, who, source)
    shared = (q["shared_device"][who] != "") & (rng.random(rows) < rates.SHARED_DEVICE_LOGINS)
    device_at = np.where(shared, n + who, who)
    zero = q["placeholder"][who] & (rng.random(rows) < rates.PLACEHOLDER_DEVICE_LOGINS)
    device_at[zero] = 2 * n
    hour = np.where(q["night"][who], rng.uniform(21, 30, rows), rng.uniform(8.5, 18.5, rows))
    seconds = (
        epoch(base)
        + rng.integers(0, rates.WINDOW_DAYS, rows) * 86400
        + ((hour - q["tz"][who]) * 3600).astype(np.int64)
    )
    minutes = np.clip(rng.lognormal(np.log(150), 0.6, rows), 5, 900)
    long = q["long_session"][who] & (rng.random(rows) < rates.LONG_SESSION_LOGINS)
    minutes[long] = rng.uniform(1440, 3000, int(long.sum()))
    tool_at = np.where(rng.random(rows) < rates.REMOTE_TOOL_LOGINS, who, n)
    agent_at = np.where(
        rng.random(rows) < rates.USER_AGENT_SEEN,
        (who * 7 + (rng.random(rows) < 0.1)) % len(USER_AGENTS),
        len(USER_AGENTS),
    )
    countries = texts(country)
    feed = (
        login_networks(network, who, texts(SOURCES, source), ip, countries)
        if network is not None
        else pl.DataFrame()
    )
    return (
        pl.DataFrame(
            {
                "who": who,
                "t": seconds,
                "o": countries.replace_strict(OFFSETS, return_dtype=pl.Int64),
                "s": rng.choice(3, size=rows, p=TS_STYLES),
                "ip": ip,
                "device_at": device_at,
                "agent_at": agent_at,
                "country": countries,
                "vpn": np.isin(source, [SOURCES.index("corp"), SOURCES.index("vpn")]),
                "tool_at": tool_at,
                "session_minutes": np.round(minutes).astype(np.int64),
            }
        )
        .hstack(feed.get_columns())
        .sort("who", "t", "ip")
        .with_columns(
            timestamp_text(pl.col("t"), pl.col("o"), pl.col("s")).alias("ts"),
            pl.format("{}.{}.{}.{}", *[(pl.col("ip") // 256**k % 256) for k in (3, 2, 1, 0)]).alias(
                "ip"
            ),
        )
    )
