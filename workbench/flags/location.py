"""Location and time red flags: where and when an identity logs in."""

from __future__ import annotations

from functools import cache
from ipaddress import ip_network

import polars as pl

from workbench.distinct import distinct
from workbench.flags.common import (
    HELD_COLUMNS,
    MAX_NAMED,
    MAX_REFS,
    claimed_countries,
    consecutive_pairs,
    empty_result,
    ip_addresses,
    login_countries,
    passing,
    plural,
    quote,
    refs,
    result,
    sightings,
    through_personal_ip,
)
from workbench.flags.context import FlagContext
from workbench.flags.home_time import home_offsets
from workbench.kinds import KINDS
from workbench.link import habitual
from workbench.normalize.country import to_iso2
from workbench.tables import ROW

#: Share of an identity's geolocated logins outside the claimed country that is
#: more than a trip: two weeks abroad a year is ~4 %, living elsewhere is most.
GEO_MISMATCH_SHARE = 0.4

#: Logins abroad needed before the share means anything.
GEO_MISMATCH_MIN = 5

#: Countries whose logins are a strong DPRK indicator.
DPRK_COUNTRIES = ("KP",)

#: Published DPRK address space (ranges kept as first/last IPv4 integers):
#: 175.45.176.0/22 is Star JV (AS131279), the DPRK's only allocation (APNIC;
#: Dyn Research Oct 2017, Team Cymru 2022); 210.52.109.0/24 (China Netcom,
#: leased to the DPRK) and 77.94.35.0/24 (SatGate, Russia) are cited in Recorded
#: Future's 2017 reports on DPRK internet use.
DPRK_NETWORKS = ("175.45.176.0/22", "210.52.109.0/24", "77.94.35.0/24")
DPRK_RANGES = tuple(
    (net, int(ip_network(net).network_address), int(ip_network(net).broadcast_address))
    for net in DPRK_NETWORKS
)

#: Countries from which DPRK IT workers are reported to work (2022/2023 advisories).
HOST_COUNTRIES = ("CN", "RU")

#: Logins from a host country needed, for someone who does not claim it: one is a trip.
HOST_COUNTRY_MIN = 3

#: Local hours [start, end) of an office day: 09:00–18:00.
OFFICE_HOURS = (9, 18)

#: UTC offsets of the East-Asian office days looked for: UTC+8 (China), UTC+9
#: (Pyongyang, Seoul) and UTC+10 (Vladivostok), where the public reports place the
#: workers. UTC+7 is left out: an office day there is exactly a night shift on the
#: U.S. East Coast (21:00–06:00), and on a generated case of 100k it raised the
#: flag on 0.4 % more legitimate identities and on no more fronts.
EAST_ASIA_OFFSETS = (8, 9, 10)

#: Pyongyang's UTC offset, the zone the reports name: its office day is tried first,
#: so that evidence names it whenever it fits.
PYONGYANG_OFFSET = 9

#: Share of logins inside one of those office days
#: (a night-shift worker in the Americas still logs in at other hours too).
UTC9_SHARE = 0.7

#: Logins needed before an hour profile means anything.
UTC9_MIN_LOGINS = 10

#: Local hours [start, end) of a morning at home. Logins open sessions, and
#: sessions open in the morning: a Kyiv working day that starts at 08:00 opens at
#: 05:00–06:00 UTC, inside Pyongyang's office day.
HOME_MORNING = (7, 13)

#: Local hours [start, end) of a night at home.
HOME_NIGHT = (0, 6)

#: Logins that mostly (this share or more) fall in the claimed home's
#: `HOME_MORNING`, at its `standard_offset`, are an ordinary morning there,
#: however well they also fit an East-Asian office day: a European who logs in
#: each morning...
HOME_SHARE = 0.5

#: ...unless this share of them or more falls in its `HOME_NIGHT`: an East-Asian
#: day seen from Europe runs from the small hours into the morning.
NIGHT_SHARE = 0.2

# ISO alpha-2 codes by region, joined below.
AMERICAS = "US CA MX GT BZ SV HN NI CR PA CU DO HT JM BS BB TT PR"
SOUTH_AMERICA = "CO VE EC PE BO CL AR UY PY BR GY SR"
EUROPE = "GB IE FR DE NL BE LU CH AT IT ES PT DK NO SE FI IS PL CZ SK HU RO BG GR HR SI RS BA ME"
EUROPE_EAST = "MK AL EE LV LT UA BY MD"
#: Claimed countries for which East-Asian office hours fall in the evening, the
#: night or the early morning (the Americas and Europe); `HOME_SHARE` tells a
#: European's ordinary mornings apart.
AMERICAS_EUROPE = frozenset(f"{AMERICAS} {SOUTH_AMERICA} {EUROPE} {EUROPE_EAST}".split())

#: A session this long (a day) means a machine kept logged in, not a person (the 2022
#: advisory: logged in "continuously for one or more days at a time").
LONG_SESSION_MINUTES = 1440

#: Long sessions needed: one forgotten logout is common.
LONG_SESSION_MIN = 2

#: Two logins from different countries within this window cannot be one traveller.
TRAVEL_WINDOW_HOURS = 2

#: Country hops needed: one hop can be a geolocation error of a mobile carrier.
TRAVEL_MIN_HOPS = 2


def _ipv4_int(ip: pl.Expr) -> pl.Expr:
    """IPv4 dotted quad as an integer (null for anything else)."""
    octets = ip.str.extract_groups(r"^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$")
    parts = [octets.struct.field(str(i)).cast(pl.Int64) for i in (1, 2, 3, 4)]
    return parts[0] * 16777216 + parts[1] * 65536 + parts[2] * 256 + parts[3]


def dprk_range(ip: pl.Expr) -> pl.Expr:
    """The published DPRK range an IPv4 address falls in, or null.

    Examples
    --------
    >>> pl.select(dprk_range(pl.lit("175.45.178.9"))).item()
    '175.45.176.0/22'
    """
    # One lookup of the address's block: the address is parsed once, not once per network.
    bits, networks = _dprk_blocks()
    block = _ipv4_int(ip) // (1 << bits)
    return block.replace_strict(
        list(networks), list(networks.values()), default=None, return_dtype=pl.String
    )


@cache
def _dprk_blocks() -> tuple[int, dict[int, str]]:
    """(bits, networks): the low bits of an IPv4 address below the smallest DPRK network
    (every network is a whole number of blocks of that size), and each block of those
    networks (an address shifted right by ``bits``) → its network."""
    bits = 32 - max(ip_network(net).prefixlen for net in DPRK_NETWORKS)
    networks = {
        block: net
        for net, first, last in DPRK_RANGES
        for block in range(first >> bits, (last >> bits) + 1)
    }
    return bits, networks


def geo_mismatch(ctx: FlagContext) -> pl.DataFrame:
    """A large share of logins comes from a country other than the one claimed.

    Logins through hub IPs (a corporate VPN exit) are not counted.

    Examples
    --------
    >>> ctx = FlagContext.build(contractors={"contractor_id": ["a"], "country": ["US"]},
    ...     logins={"contractor_id": ["a"] * 6, "country": ["CN"] * 5 + ["US"]})
    >>> geo_mismatch(ctx)["evidence"].to_list()
    ['5 of 6 logins from outside claimed US (CN)']
    """
    logins = (
        login_countries(ctx)
        .select("contractor_id", "country", ROW)  # before the filter copies them
        .filter(through_personal_ip(ctx), pl.col("country").is_not_null())
    )
    joined = logins.join(claimed_countries(ctx).drop("claimed_row"), on="contractor_id")
    abroad = pl.col("country") != pl.col("claimed")
    enough = (pl.col("away") >= GEO_MISMATCH_MIN) & (
        pl.col("away") >= GEO_MISMATCH_SHARE * pl.col("total")
    )
    stats = (
        passing(joined, enough, among=abroad, total=pl.len(), away=abroad.sum())
        .group_by("contractor_id")
        .agg(
            pl.col("claimed", "total", "away").first(),
            where=pl.col("country").filter(abroad).unique().sort().head(5).str.join(", "),
            refs=refs("logins", pl.col(ROW).filter(abroad)),
        )
    )
    return result(
        stats.with_columns(
            evidence=pl.format(
                "{} of {} logins from outside claimed {} ({})",
                "away",
                "total",
                "claimed",
                "where",
            )
        )
    )


def high_risk_geo(ctx: FlagContext) -> pl.DataFrame:
    """Logins come from North Korea or from published DPRK address ranges.

    Examples
    --------
    >>> ctx = FlagContext.build(logins={"contractor_id": ["a", "b"],
    ...     "ip": ["175.45.176.12", "8.8.8.8"], "country": ["CN", "US"]})
    >>> high_risk_geo(ctx)["evidence"].to_list()
    ['1 of 1 login from DPRK (175.45.176.12 in 175.45.176.0/22)']
    """
    # The address as the normaliser reads it: a port, an IPv4-mapped IPv6 or padded octets
    # still fall in the range, and text it rejects ("175.45.176.300") falls in none.
    addresses = ip_addresses(ctx, "logins", "ip")
    ips = distinct(addresses).drop_nulls().to_frame("ip")
    nets = ips.with_columns(net=dprk_range(pl.col("ip"))).filter(pl.col("net").is_not_null())
    logins = login_countries(ctx).with_columns(
        ip=addresses, net=addresses.replace_strict(nets["ip"], nets["net"], default=None)
    )
    risky = pl.col("country").is_in(DPRK_COUNTRIES) | pl.col("net").is_not_null()
    hits = passing(logins, pl.col("hits") > 0, among=risky, total=pl.len(), hits=risky.sum())
    detail = (
        pl.when(pl.col("net").is_not_null())
        .then(pl.format("{} in {}", pl.col("ip"), pl.col("net")))
        .otherwise(pl.format("{} geolocated {}", pl.col("ip").fill_null("?"), pl.col("country")))
    )
    stats = (
        hits.with_columns(risky=risky, detail=detail)
        .sort(ROW)
        .group_by("contractor_id")
        .agg(
            pl.col("total", "hits").first(),
            detail=pl.col("detail")
            .filter(pl.col("risky"))
            .unique(maintain_order=True)
            .head(3)
            .str.join(", "),
            refs=refs("logins", pl.col(ROW).filter(pl.col("risky"))),
        )
    )
    return result(
        stats.with_columns(
            evidence=pl.format(
                "{} of {} from DPRK ({})", "hits", plural("total", "login"), "detail"
            )
        )
    )


def host_country_logins(ctx: FlagContext) -> pl.DataFrame:
    """Repeated logins from China or Russia by someone who claims to live elsewhere.

    Examples
    --------
    >>> ctx = FlagContext.build(contractors={"contractor_id": ["a", "b"], "country": ["US", "CN"]},
    ...     logins={"contractor_id": ["a"] * 3 + ["b"] * 3, "country": ["CN"] * 6})
    >>> host_country_logins(ctx)["evidence"].to_list()
    ['3 logins from CN while claiming US']
    """
    # Few logins come from a host country: they are picked out before any join.
    hosted = login_countries(ctx).filter(pl.col("country").is_in(HOST_COUNTRIES))
    hits = hosted.join(claimed_countries(ctx), on="contractor_id").filter(
        pl.col("country") != pl.col("claimed")
    )
    stats = (
        hits.sort(ROW)
        .group_by("contractor_id")
        .agg(
            n=pl.len(),
            where=pl.col("country").unique().sort().str.join(", "),
            claimed=pl.col("claimed").first(),
            refs=refs("logins"),
        )
        .filter(pl.col("n") >= HOST_COUNTRY_MIN)
    )
    return result(
        stats.with_columns(
            evidence=pl.format("{} logins from {} while claiming {}", "n", "where", "claimed")
        )
    )


def _office_day(offset: int) -> tuple[int, int]:
    """UTC hours [start, end) of `OFFICE_HOURS` in UTC+`offset`, wrapping past midnight."""
    start, end = OFFICE_HOURS
    return (start - offset) % 24, (end - offset) % 24


def _in_office_day(hour: pl.Expr, offset: int) -> pl.Expr:
    """A UTC hour falls inside the office day of UTC+`offset`."""
    start, end = _office_day(offset)
    if start < end:
        return hour.is_between(start, end - 1)
    return (hour >= start) | (hour < end)


def utc9_hours(ctx: FlagContext) -> pl.DataFrame:
    """Logins fit an East-Asian office day, not a working day at the claimed home in the
    Americas or Europe.

    The office day of UTC+9 is tried first, then those of the nearer offsets of
    `EAST_ASIA_OFFSETS`; the first that holds enough of an identity's logins is
    the one reported. Logins that mostly fall in the claimed home's morning,
    with few at night there (`HOME_SHARE`, `NIGHT_SHARE`, at the country's
    `standard_offset`), are ordinary there and raise nothing: a European's
    mornings fit Pyongyang's afternoons too. (The code keeps its first name,
    UTC+9, so that weight settings and earlier runs still match.)

    Examples
    --------
    >>> from datetime import datetime, timezone
    >>> ts = [datetime(2025, 3, d, 2, tzinfo=timezone.utc) for d in range(1, 11)]
    >>> ctx = FlagContext.build(contractors={"contractor_id": ["a", "b"], "country": ["US", "DE"]},
    ...     logins={"contractor_id": ["a"] * 10 + ["b"] * 10, "ts": ts + [t.replace(hour=23)
    ...     for t in ts]})
    >>> utc9_hours(ctx)["evidence"].to_list()
    ['10 of 10 logins at 00–09 UTC (09–18 in UTC+9) while claiming US \
(in UTC-6 there: 0 in its morning, 0 at night)', '10 of 10 logins at 23–08 UTC (09–18 in UTC+10) \
while claiming DE (in UTC+1 there: 0 in its morning, 10 at night)']
    """
    claimed = claimed_countries(ctx).filter(pl.col("claimed").is_in(sorted(AMERICAS_EUROPE)))
    local = (pl.col("hour") + pl.col("home_offset")) % 24
    # A query, not a frame: counted over every login without holding 15M joined rows,
    # and read again for the few identities it flags.
    joined = (
        ctx.table("logins")
        .lazy()
        .select("contractor_id", "ts", ROW)
        .drop_nulls("ts")
        .join(claimed.lazy(), on="contractor_id")
        .join(home_offsets(claimed["claimed"].unique()).lazy(), on="claimed", how="left")
        .with_columns(hour=pl.col("ts").dt.convert_time_zone("UTC").dt.hour().cast(pl.Int32))
        .with_columns(
            morning=local.is_between(HOME_MORNING[0], HOME_MORNING[1] - 1).fill_null(False),
            night=local.is_between(HOME_NIGHT[0], HOME_NIGHT[1] - 1).fill_null(False),
        )
    )
    inside = {offset: _in_office_day(pl.col("hour"), offset) for offset in EAST_ASIA_OFFSETS}
    preferred = sorted(
        EAST_ASIA_OFFSETS, key=lambda offset: (abs(offset - PYONGYANG_OFFSET), offset)
    )
    fits = {offset: pl.col(f"in_{offset}") >= UTC9_SHARE * pl.col("total") for offset in preferred}
    chosen = pl.coalesce(pl.when(fits[offset]).then(pl.lit(offset)) for offset in preferred)
    counts = {f"in_{offset}": expr.sum() for offset, expr in inside.items()}
    stats = (
        joined.group_by("contractor_id")
        .agg(pl.len().alias("total"), pl.col("morning", "night").sum(), **counts)
        .filter(
            (pl.col("total") >= UTC9_MIN_LOGINS)
            & (
                (pl.col("morning") < HOME_SHARE * pl.col("total"))
                | (pl.col("night") >= NIGHT_SHARE * pl.col("total"))
            )
        )
        .with_columns(offset=chosen)
        .filter(pl.col("offset").is_not_null())
        .with_columns(
            hits=pl.coalesce(
                pl.when(pl.col("offset") == offset).then(pl.col(f"in_{offset}"))
                for offset in preferred
            )
        )
        .collect()
    )
    if stats.is_empty():
        return empty_result()
    flagged = stats["contractor_id"].implode()
    rows = (
        joined.filter(pl.col("contractor_id").is_in(flagged))
        .join(stats.lazy().select("contractor_id", "offset"), on="contractor_id")
        .collect()
    )
    hit = pl.coalesce(
        pl.when(pl.col("offset") == offset).then(expr) for offset, expr in inside.items()
    )
    evidence = (
        rows.filter(hit)
        .group_by("contractor_id")
        .agg(pl.col("claimed", "home_offset").first(), refs=refs("logins"))
        .join(stats, on="contractor_id")
    )
    windows = pl.DataFrame(
        [(offset, *_office_day(offset)) for offset in EAST_ASIA_OFFSETS],
        schema={"offset": pl.Int32, "start": pl.Int32, "end": pl.Int32},
        orient="row",
    )
    start, end = OFFICE_HOURS
    return result(
        evidence.join(windows, on="offset").with_columns(
            evidence=pl.format(
                "{} of {} logins at {}–{} UTC ({}–{} in UTC+{}) while claiming {} "
                "(in UTC{} there: {} in its morning, {} at night)",
                "hits",
                "total",
                pl.col("start").cast(pl.String).str.zfill(2),
                pl.col("end").cast(pl.String).str.zfill(2),
                pl.lit(f"{start:02d}"),
                pl.lit(f"{end:02d}"),
                "offset",
                "claimed",
                pl.when(pl.col("home_offset") >= 0)
                .then(pl.format("+{}", "home_offset"))
                .otherwise(pl.col("home_offset").cast(pl.String))
                .fill_null("?"),
                "morning",
                "night",
            )
        )
    )


def long_sessions(ctx: FlagContext) -> pl.DataFrame:
    """Sessions repeatedly outlast any working day, as on a machine kept on for remote operators.

    Examples
    --------
    >>> ctx = FlagContext.build(logins={"contractor_id": ["a", "a", "b"],
    ...     "session_minutes": [1500.0, 2900.0, 1500.0]})
    >>> long_sessions(ctx)["evidence"].to_list()
    ['2 sessions of a day or more (longest 48.3 h)']
    """
    hits = (
        ctx.table("logins")
        .select("contractor_id", "session_minutes", ROW)
        .filter(pl.col("session_minutes") >= LONG_SESSION_MINUTES)
    )
    stats = (
        hits.sort(ROW)
        .group_by("contractor_id")
        .agg(n=pl.len(), longest=pl.col("session_minutes").max(), refs=refs("logins"))
        .filter(pl.col("n") >= LONG_SESSION_MIN)
    )
    return result(
        stats.with_columns(
            evidence=pl.format(
                "{} sessions of a day or more (longest {} h)",
                "n",
                (pl.col("longest") / 60).round(1),
            )
        )
    )


def impossible_travel(ctx: FlagContext) -> pl.DataFrame:
    """One account repeatedly logs in from different countries faster than anyone can travel.

    Examples
    --------
    >>> from datetime import datetime, timezone
    >>> ts = [datetime(2025, 3, 1, h, tzinfo=timezone.utc) for h in (1, 2, 3)]
    >>> ctx = FlagContext.build(logins={"contractor_id": ["a"] * 3, "ts": ts,
    ...     "country": ["US", "CN", "US"]})
    >>> impossible_travel(ctx)["evidence"].to_list()
    ['2 country changes within 2 h (US→CN, CN→US)']
    """
    logins = (
        login_countries(ctx)
        .select("contractor_id", "ts", "country", ROW)  # before the filter copies them
        .filter(
            through_personal_ip(ctx), pl.col("country").is_not_null(), pl.col("ts").is_not_null()
        )
    )
    pairs = consecutive_pairs(logins, group="contractor_id", order=["ts", ROW]).filter(
        pl.col("country") != pl.col("prev_country"),
        (pl.col("ts") - pl.col("prev_ts")) <= pl.duration(hours=TRAVEL_WINDOW_HOURS),
    )
    if pairs.is_empty():
        return empty_result()
    stats = (
        pairs.group_by("contractor_id", maintain_order=True)
        .agg(
            n=pl.len(),
            hops=pl.format("{}→{}", "prev_country", "country").head(3).str.join(", "),
            refs=refs("logins"),
        )
        .filter(pl.col("n") >= TRAVEL_MIN_HOPS)
    )
    return result(
        stats.with_columns(
            evidence=pl.format(
                "{} country changes within {} h ({})", "n", pl.lit(TRAVEL_WINDOW_HOURS), "hops"
            )
        )
    )


#: Share of a device's check-ins made away from where its holder mostly logs in
#: from that is systematic, not a trip or a geolocation slip.
DEVICE_AWAY_SHARE = 0.5

#: Check-ins away needed before the share means anything.
DEVICE_AWAY_MIN = 3

#: Geolocated logins needed before "where the holder mostly logs in from" means anything.
DEVICE_LOGINS_MIN = 5


def _check_ins(ctx: FlagContext) -> pl.DataFrame:
    """MDM check-ins with an ISO country, those through hub IPs (a corporate VPN) left out."""
    hubs = ctx.hubs.filter(pl.col("kind") == "ip")["value"].implode()
    rows = ctx.table("device_locations")
    return (
        rows.select(
            "contractor_id",
            "device_id",
            "ts",
            ROW,
            canonical=ip_addresses(ctx, "device_locations", "egress_ip"),
        )
        .with_columns(country=to_iso2(rows["country"]))
        .filter(
            ~pl.col("canonical").is_in(hubs).fill_null(False),
            pl.col("country").is_not_null(),
            pl.col("ts").is_not_null(),
        )
        .drop("canonical")
    )


def device_away(ctx: FlagContext) -> pl.DataFrame:
    """The company device checks in from one country while its holder mostly logs in from another.

    A laptop forwarded abroad while logins still look local, or logins from
    abroad while the laptop sits at a farm, both split the two. Logins and
    check-ins through hub IPs (a corporate VPN exit) are left out.

    Examples
    --------
    >>> from datetime import datetime, timedelta, timezone
    >>> t = [datetime(2025, 3, 1, tzinfo=timezone.utc) + timedelta(days=d) for d in range(5)]
    >>> ctx = FlagContext.build(
    ...     device_locations={"device_id": ["d1"] * 3, "contractor_id": ["a"] * 3, "ts": t[:3],
    ...                       "country": ["CN"] * 3},
    ...     logins={"contractor_id": ["a"] * 5, "ts": t, "country": ["US"] * 4 + ["CN"]})
    >>> device_away(ctx)["evidence"].to_list()
    ['3 of 3 device check-ins from CN while 4 of 5 logins came from US (device d1)']
    """
    check_ins = _check_ins(ctx)
    logins = (
        login_countries(ctx)
        .select("contractor_id", "country")  # before the filter copies them
        .filter(through_personal_ip(ctx), pl.col("country").is_not_null())
        .join(check_ins.select("contractor_id").unique(), on="contractor_id", how="semi")
    )
    home = (
        logins.group_by("contractor_id", "country")
        .agg(n=pl.len())
        .sort("contractor_id", "n", "country", descending=[False, True, False])
        .group_by("contractor_id", maintain_order=True)
        .agg(main=pl.col("country").first(), main_n=pl.col("n").first(), logins=pl.col("n").sum())
        .filter(pl.col("logins") >= DEVICE_LOGINS_MIN)
    )
    away = pl.col("country") != pl.col("main")
    enough = (pl.col("away") >= DEVICE_AWAY_MIN) & (
        pl.col("away") >= DEVICE_AWAY_SHARE * pl.col("total")
    )
    stats = (
        passing(
            check_ins.join(home, on="contractor_id"),
            enough,
            among=away,
            total=pl.len(),
            away=away.sum(),
        )
        .filter(away)
        .sort(ROW)
        .group_by("contractor_id")
        .agg(
            pl.col("total", "away", "main", "main_n", "logins").first(),
            where=pl.col("country").unique().sort().head(MAX_NAMED).str.join(", "),
            devices=quote(pl.col("device_id").drop_nulls().unique().sort().head(3).str.join(", ")),
            refs=refs("device_locations"),
        )
    )
    return result(
        stats.with_columns(
            evidence=pl.format(
                "{} of {} device check-ins from {} while {} of {} logins came from {} (device {})",
                "away",
                "total",
                "where",
                "main_n",
                "logins",
                "main",
                "devices",
            )
        )
    )


#: Kinds one person keeps for themself: sharing one across claimed countries is a contradiction.
PERSONAL_KINDS = ("device", "phone", "email")

#: Kinds whose home line an identity keeps (`Kind.habitual_strength`): most of its
#: sightings, come back to (`workbench.link.habitual`). Only such holdings count, so a
#: VPN exit or a café that someone passed through never does.
HOME_LINE_KINDS = tuple(name for name, kind in KINDS.items() if kind.habitual_strength)


def claims_split(ctx: FlagContext) -> pl.DataFrame:
    """A device, phone or mailbox is shared with identities that claim another country.

    Relatives who share a laptop or a phone live in one country; fronts of one
    operator claim several (the advisories' "inconsistencies in nationality
    and location"). Values too widely shared to be evidence are left out.

    Examples
    --------
    >>> ctx = FlagContext.build(
    ...     contractors={"contractor_id": ["a", "b", "c"], "country": ["US", "JP", "US"]},
    ...     observations={"contractor_id": ["a", "b", "c"], "kind": ["phone"] * 3,
    ...                   "value": ["+15550100"] * 3, "source": ["contractors"] * 3,
    ...                   "source_row": [1, 2, 3]})
    >>> claims_split(ctx)["evidence"].to_list()[:2]
    ['phone +15550100 also given by 1 identity claiming JP, while claiming US', \
'phone +15550100 also given by 2 identities claiming US, while claiming JP']
    """
    held = pl.concat(sightings(ctx, kind, columns=HELD_COLUMNS) for kind in PERSONAL_KINDS)
    return _split_across_claims(ctx, held, noun=pl.col("kind"), shared="given by")


def home_line_split(ctx: FlagContext) -> pl.DataFrame:
    """The identity's home line is also the home line of identities that claim another
    country.

    A household's router serves people of one country; a team's exit serves fronts
    claiming several. A line counts only where it is most of each holder's logins
    (`HOME_LINE_KINDS`). Weaker than a shared laptop: a small firm's VPN exit can be
    the main line of its staff in several countries. Values too widely shared to be
    evidence are left out.

    Examples
    --------
    >>> ctx = FlagContext.build(
    ...     contractors={"contractor_id": ["a", "b"], "country": ["US", "KR"]},
    ...     observations={"contractor_id": ["a", "b"], "kind": ["ip", "ip"],
    ...                   "value": ["198.51.100.7"] * 2, "source": ["logins"] * 2,
    ...                   "sightings": [12, 9]})
    >>> home_line_split(ctx)["evidence"].to_list()[0]
    'home line 198.51.100.7 also the home line of 1 identity claiming KR, while claiming US'
    """
    held = pl.concat(_home_lines(ctx, kind) for kind in HOME_LINE_KINDS)
    return _split_across_claims(ctx, held, noun=pl.lit("home line"), shared="the home line of")


def _home_lines(ctx: FlagContext, kind: str) -> pl.DataFrame:
    """Sightings of `kind` at values that are their identity's habit, hub values removed.

    The habit is read among the identity's sightings at values no hub holds: a login
    through a mobile carrier's NAT or a VPN exit says nothing of where someone is, so
    ten logins from a residential line beside eleven through such exits make it the
    identity's line.
    """
    seen = sightings(ctx, kind, columns=[*HELD_COLUMNS, "sightings"])
    habits = (
        seen.group_by("value", "contractor_id")
        .agg(pl.col("sightings").sum())
        .filter(habitual())
        .select("value", "contractor_id")
    )
    return seen.join(habits, on=["value", "contractor_id"], how="semi")


def _split_across_claims(
    ctx: FlagContext, held: pl.DataFrame, *, noun: pl.Expr, shared: str
) -> pl.DataFrame:
    """Flag each holder of a value (sightings) also held under another claimed country, with
    the evidence "<noun> <value> also <shared> <n> claiming <other>, while claiming <own>"."""
    held = held.select(HELD_COLUMNS).join(
        claimed_countries(ctx).select("contractor_id", "claimed"), on="contractor_id"
    )
    # Only values held under two or more claims can split; the rest, nearly all,
    # are set aside before anything is paired.
    contested = (
        held.group_by("kind", "value")
        .agg(pl.col("claimed").n_unique().alias("claims"))
        .filter(pl.col("claims") >= 2)
    )
    held = held.join(contested, on=["kind", "value"], how="semi")
    claims = held.group_by("kind", "value", other_claim="claimed").agg(
        n=pl.col("contractor_id").n_unique()
    )
    split = (
        held.join(claims, on=["kind", "value"])
        .filter(pl.col("other_claim") != pl.col("claimed"))
        .group_by("contractor_id", "kind", "value", "claimed", "other_claim")
        .agg(pl.col("n").first(), refs(pl.col("source")))
    )
    if split.is_empty():
        return empty_result()
    texts = split.sort("contractor_id", "kind", "value", "other_claim").with_columns(
        text=pl.format(
            "{} {} also {} {} claiming {}, while claiming {}",
            noun,
            quote(pl.col("value")),
            pl.lit(shared),
            pl.when(pl.col("n") == 1)
            .then(pl.lit("1 identity"))
            .otherwise(pl.format("{} identities", "n")),
            "other_claim",
            "claimed",
        )
    )
    return result(
        texts.group_by("contractor_id", maintain_order=True).agg(
            evidence=pl.col("text").head(3).str.join("; "),
            refs=pl.col("refs")
            .str.join(";")
            .str.split(";")
            .list.unique(maintain_order=True)
            .list.head(MAX_REFS)
            .list.join(";"),
        )
    )
