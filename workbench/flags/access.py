"""Access red flags: remote tools, VPNs, VoIP numbers, shared devices and IPs."""

from __future__ import annotations

import re

import polars as pl

from workbench.flags.common import (
    MAX_NAMED,
    claimed_countries,
    consecutive_pairs,
    empty_result,
    ip_addresses,
    passing,
    plural,
    quote,
    refs,
    result,
    shared_by_several,
    shared_values,
    values_where,
)
from workbench.flags.context import CaseWide, FlagContext
from workbench.flags.location import dprk_range
from workbench.normalize.country import to_iso2
from workbench.normalize.phone import number_type
from workbench.tables import ROW

#: What source systems write when they saw nothing (no remote tool, no VPN provider): a
#: plain no, or one of the placeholders people and feeds type for no value.
NOTHING_SEEN = (
    "", "-", "--", "?", "0", "false", "n.a.", "n/a", "na", "nil", "no", "none", "null", "unknown",
)  # fmt: skip

#: Share of logins through a VPN that is a habit, not a hotel Wi-Fi.
VPN_SHARE = 0.5

#: Logins needed before the VPN share means anything.
VPN_MIN_LOGINS = 5

#: IP types (logins.ip_type) of addresses that hide where someone is: VPN exits,
#: proxies, Tor, and hosting providers' networks (a rented server, not a home).
ANONYMISING_IP_TYPES = ("vpn", "hosting", "proxy", "tor")

#: VPN services public reports name as the scheme's, matched inside the VPN
#: provider or ISP an IP feed gives (lower case).
SCHEME_VPN_PROVIDERS = ("astrill",)

#: Logins through such a service before it is a habit, not one misread feed entry.
SCHEME_VPN_MIN_LOGINS = 2

#: Two identities on one IP within this many minutes sit behind one connection.
SHARED_IP_WINDOW_MINUTES = 60


def remote_tool(ctx: FlagContext) -> pl.DataFrame:
    """Logins went through a remote-access tool (RDP, AnyDesk, TeamViewer, IP-KVM …).

    Examples
    --------
    >>> ctx = FlagContext.build(logins={"contractor_id": ["a", "a", "b"],
    ...     "remote_tool": ["AnyDesk", "ipkvm", "none"]})
    >>> remote_tool(ctx)["evidence"].to_list()
    ['2 logins via remote tools (anydesk, ipkvm)']
    """
    tool = pl.col("remote_tool").str.strip_chars().str.to_lowercase()
    hits = (
        ctx.table("logins")
        .select("contractor_id", ROW, tool=tool)
        .filter(pl.col("tool").is_not_null(), ~pl.col("tool").is_in(NOTHING_SEEN))
    )
    stats = (
        hits.sort(ROW)
        .group_by("contractor_id")
        .agg(
            n=pl.len(),
            tools=quote(pl.col("tool").unique().sort().head(MAX_NAMED).str.join(", ")),
            refs=refs("logins"),
        )
    )
    return result(
        stats.with_columns(
            evidence=pl.format("{} via remote tools ({})", plural("n", "login"), "tools")
        )
    )


def _names_something(text: pl.Expr) -> pl.Expr:
    """The text is not what source systems write when they saw nothing."""
    return ~text.is_in(NOTHING_SEEN)


def _anonymising(ctx: FlagContext) -> pl.DataFrame:
    """Logins with `hit` (a VPN was seen, a VPN provider is named or the IP type anonymises),
    `known` (any of the three describes the login) and `via` (the provider or type named)."""

    def compute() -> pl.DataFrame:
        logins = ctx.table("logins")
        providers = values_where(logins, "vpn_provider", _names_something)
        typed = values_where(logins, "ip_type", _names_something)
        types = values_where(logins, "ip_type", lambda text: text.is_in(ANONYMISING_IP_TYPES))
        named = pl.col("vpn_provider").is_in(providers).fill_null(False)
        anonymising_type = pl.col("ip_type").is_in(types).fill_null(False)
        # Written out as text once chosen: most logins name nothing, and stay null.
        via = (
            pl.when(named)
            .then(pl.col("vpn_provider"))
            .when(anonymising_type)
            .then(pl.col("ip_type"))
            .cast(pl.String)
            .str.strip_chars()
        )
        return logins.select(
            "contractor_id",
            ROW,
            hit=pl.col("vpn").fill_null(False) | named | anonymising_type,
            known=pl.col("vpn").is_not_null()
            | named
            | pl.col("ip_type").is_in(typed).fill_null(False),
            via=via,
        )

    return ctx.derived("anonymising", compute, reads_hubs=False)


def vpn_heavy(ctx: FlagContext) -> pl.DataFrame:
    """A large share of logins comes through a VPN, an anonymiser or a hosting provider's network.

    A login counts when the source system saw a VPN (`vpn`), or an IP feed
    names a VPN provider (`vpn_provider`) or types the address as anonymising
    (`ip_type`); logins none of these describe are left out of the share.

    Examples
    --------
    >>> ctx = FlagContext.build(logins={"contractor_id": ["a"] * 6,
    ...     "vpn": [True, True, True, False, True, None]})
    >>> vpn_heavy(ctx)["evidence"].to_list()
    ['4 of 5 logins via VPN']
    >>> ctx = FlagContext.build(logins={"contractor_id": ["a"] * 5,
    ...     "ip_type": ["hosting"] * 3 + ["residential"] * 2})
    >>> vpn_heavy(ctx)["evidence"].to_list()
    ['3 of 5 logins via VPN (hosting)']
    """
    described = _anonymising(ctx).filter(pl.col("known"))
    enough = (pl.col("total") >= VPN_MIN_LOGINS) & (pl.col("hits") >= VPN_SHARE * pl.col("total"))
    stats = (
        passing(described, enough, among=pl.col("hit"), total=pl.len(), hits=pl.col("hit").sum())
        .group_by("contractor_id")
        .agg(
            pl.col("total", "hits").first(),
            via=quote(pl.col("via").drop_nulls().unique().sort().head(MAX_NAMED).str.join(", ")),
            refs=refs("logins", pl.col(ROW).filter(pl.col("hit"))),
        )
    )
    detail = pl.when(pl.col("via") != "").then(pl.format(" ({})", "via")).otherwise(pl.lit(""))
    return result(
        stats.with_columns(evidence=pl.format("{} of {} logins via VPN{}", "hits", "total", detail))
    )


def scheme_vpn(ctx: FlagContext) -> pl.DataFrame:
    """Logins come through a VPN service that public reports name as the scheme's (Astrill).

    The service is looked for in the VPN provider and the ISP an IP feed names.

    Examples
    --------
    >>> ctx = FlagContext.build(logins={"contractor_id": ["a", "a", "b", "c"],
    ...     "vpn_provider": ["Astrill VPN", None, "NordVPN", "Astrill"],
    ...     "isp": [None, "Astrill Systems Corp.", None, None]})
    >>> scheme_vpn(ctx)["evidence"].to_list()
    ['2 logins via Astrill Systems Corp., Astrill VPN']
    """
    logins = ctx.table("logins")
    pattern = "|".join(re.escape(name) for name in SCHEME_VPN_PROVIDERS)
    columns = ("vpn_provider", "isp")
    named = {c: values_where(logins, c, lambda text: text.str.contains(pattern)) for c in columns}
    hits = logins.filter(pl.any_horizontal(pl.col(c).is_in(named[c]) for c in columns)).select(
        "contractor_id",
        ROW,
        names=pl.concat_list(
            pl.when(pl.col(c).is_in(named[c])).then(pl.col(c).cast(pl.String)) for c in columns
        ).list.drop_nulls(),
    )
    stats = (
        hits.sort(ROW)
        .group_by("contractor_id")
        .agg(
            n=pl.len(),
            names=pl.col("names").explode().unique().sort().head(MAX_NAMED),
            refs=refs("logins"),
        )
        .filter(pl.col("n") >= SCHEME_VPN_MIN_LOGINS)
    )
    return result(
        stats.with_columns(
            evidence=pl.format("{} logins via {}", "n", quote(pl.col("names").list.join(", ")))
        )
    )


def _interview_addresses(ctx: FlagContext) -> pl.DataFrame:
    """contractor_id, `ROW` of the interview, ip: the address each interview was joined
    from (`ip_addresses`: an unusable one, such as "unknown", is left out)."""
    interviews = ctx.table("interviews").select(
        "contractor_id", ROW, ip=ip_addresses(ctx, "interviews", "join_ip")
    )
    return interviews.filter(pl.col("ip").is_not_null())


def _login_countries(ctx: FlagContext) -> pl.DataFrame:
    """ip, country (as written), n, anonymising: the logins at each address
    (`ip_addresses`), by the country their source recorded, and whether any of them was
    anonymised (`_anonymising`)."""
    logins = ctx.table("logins").select(ip=ip_addresses(ctx, "logins", "ip"), country="country")
    marks = _anonymising(ctx).select(anonymising="hit")
    return (
        pl.concat([logins, marks], how="horizontal")
        .lazy()  # grouped on the streaming engine: about twice as fast over 15M logins
        .filter(pl.col("ip").is_not_null())
        .group_by("ip", "country")
        .agg(n=pl.len(), anonymising=pl.col("anonymising").any())
        .collect()
    )


def _interview_ip_facts(interviews: pl.DataFrame, logins: pl.DataFrame) -> pl.DataFrame:
    """contractor_id, `ROW`, ip, country, anonymising, net: each interview's address
    (`_interview_addresses`) and what the case's logins say of it (`_login_countries`,
    summed): the country of most logins, whether any was anonymised, and the DPRK range
    it is in (`dprk_range`)."""
    ips = interviews.select(pl.col("ip").unique())
    seen = logins.filter(pl.col("ip").is_in(ips["ip"].implode()))
    # Countries read before they are counted: "US" and "United States" are one country.
    per_country = (
        seen.with_columns(country=to_iso2(seen["country"]))
        .group_by("ip", "country")
        .agg(pl.col("n").sum(), pl.col("anonymising").any())
    )
    facts = (
        per_country.sort(
            "ip",
            pl.col("country").is_null(),
            "n",
            "country",
            descending=[False, False, True, False],
        )
        .group_by("ip", maintain_order=True)
        .agg(pl.col("country").first(), pl.col("anonymising").any())
    )
    nets = ips.with_columns(net=dprk_range(pl.col("ip")))
    return interviews.join(
        facts.join(nets, on="ip", how="full", coalesce=True), on="ip", how="left"
    )


#: What the whole case's logins say of each interview's address: the logins of other
#: identities, however many share the address, tell whether it is a VPN or abroad.
INTERVIEW_IP_FACTS = CaseWide(
    "interview_ip_facts",
    rows=_interview_addresses,
    evidence=_login_countries,
    combine=_interview_ip_facts,
    on="ip",
    tables=("interviews", "logins"),
    kinds=("ip",),
)


def interview_ip(ctx: FlagContext) -> pl.DataFrame:
    """An interview was joined from a VPN or hosting address, or from abroad.

    What an address is comes from the case's own logins (the country and the
    VPN marks their source systems recorded for it) and from the published
    DPRK ranges; an address nothing is known of raises nothing.

    Examples
    --------
    >>> ctx = FlagContext.build(contractors={"contractor_id": ["a", "b"], "country": ["US", "US"]},
    ...     interviews={"contractor_id": ["a", "b"], "join_ip": ["5.6.7.8", "9.9.9.9"]},
    ...     logins={"contractor_id": ["x", "y"], "ip": ["5.6.7.8", "9.9.9.9"],
    ...         "country": ["CN", "US"], "vpn": [True, False]})
    >>> interview_ip(ctx)["evidence"].to_list()
    ['interview joined from 5.6.7.8 (CN, VPN) while claiming US']
    """
    described = ctx.case_wide(INTERVIEW_IP_FACTS).join(
        claimed_countries(ctx).select("contractor_id", "claimed"),
        on="contractor_id",
        how="left",
    )
    abroad = pl.col("country").is_not_null() & (pl.col("country") != pl.col("claimed"))
    hit = (pl.col("anonymising") | abroad | pl.col("net").is_not_null()).fill_null(False)
    what = pl.concat_list(
        pl.col("country"),
        pl.when(pl.col("anonymising")).then(pl.lit("VPN")),
        pl.when(pl.col("net").is_not_null()).then(pl.format("DPRK range {}", "net")),
    ).list.drop_nulls()
    claim = pl.when(pl.col("claimed").is_not_null()).then(
        pl.format(" while claiming {}", "claimed")
    )
    text = pl.format(
        "interview joined from {} ({}){}",
        quote(pl.col("ip")),
        what.list.join(", "),
        claim.otherwise(pl.lit("")),
    )
    hits = described.filter(hit).with_columns(text=text)
    if hits.is_empty():
        return empty_result()
    return result(
        hits.sort("contractor_id", "text")
        .group_by("contractor_id", maintain_order=True)
        .agg(
            evidence=pl.col("text").unique(maintain_order=True).head(3).str.join("; "),
            refs=refs("interviews"),
        )
    )


def phone_types(ctx: FlagContext) -> pl.DataFrame:
    """Each distinct phone number of the case and its phonenumbers type, computed once per run.

    Examples
    --------
    >>> ctx = FlagContext.build(observations={"contractor_id": ["a"], "kind": ["phone"],
    ...     "value": ["+445612345678"]})
    >>> phone_types(ctx).rows()
    [('+445612345678', 'voip')]
    """

    def compute() -> pl.DataFrame:
        numbers = ctx.observations.filter(pl.col("kind") == "phone").select(
            pl.col("value").unique().sort()
        )
        return numbers.with_columns(type=number_type(numbers["value"]))

    return ctx.derived("phone_types", compute, reads_hubs=False)


def voip_phone(ctx: FlagContext) -> pl.DataFrame:
    """A phone number given is a VoIP number (easy to get under any name).

    Examples
    --------
    >>> ctx = FlagContext.build(observations={"contractor_id": ["a", "b"],
    ...     "kind": ["phone", "phone"], "value": ["+445612345678", "+12015550123"]})
    >>> voip_phone(ctx)["evidence"].to_list()
    ['VoIP number +445612345678']
    """
    return _phones_of_type(ctx, "voip", "VoIP number {}")


def unassigned_phone(ctx: FlagContext) -> pl.DataFrame:
    """A phone number given could be dialled but no carrier could have assigned it.

    An unassigned area code or a local number without one is made up, or
    mistyped; the same made-up digits given by several identities tie them.

    Examples
    --------
    >>> ctx = FlagContext.build(observations={"contractor_id": ["a", "b"],
    ...     "kind": ["phone", "phone"], "value": ["+14776200304", "+12015550123"]})
    >>> unassigned_phone(ctx)["evidence"].to_list()
    ['number +14776200304 is not assigned by any carrier (possible, but not valid)']
    """
    return _phones_of_type(
        ctx, "unknown", "number {} is not assigned by any carrier (possible, but not valid)"
    )


def _phones_of_type(ctx: FlagContext, wanted: str, evidence: str) -> pl.DataFrame:
    """Identities giving a phone number of type ``wanted``; ``evidence`` formats the numbers."""
    phones = ctx.observations.filter(pl.col("kind") == "phone")
    typed = phone_types(ctx).filter(pl.col("type") == wanted)
    hits = phones.join(typed, on="value", how="semi")
    if hits.is_empty():
        return empty_result()
    stats = (
        hits.sort("contractor_id", "value")
        .group_by("contractor_id", maintain_order=True)
        .agg(
            numbers=quote(pl.col("value").unique(maintain_order=True).str.join(", ")),
            refs=refs(pl.col("source")),
        )
    )
    return result(stats.with_columns(evidence=pl.format(evidence, "numbers")))


def shared_device(ctx: FlagContext) -> pl.DataFrame:
    """The same device is used by several identities.

    Examples
    --------
    >>> ctx = FlagContext.build(observations={"contractor_id": ["a", "b"],
    ...     "kind": ["device", "device"], "value": ["d-77", "d-77"], "source": ["logins"] * 2})
    >>> shared_device(ctx)["contractor_id"].to_list()
    ['a', 'b']
    """
    return shared_values(ctx, "device", label="device")


def shared_ip_window(ctx: FlagContext) -> pl.DataFrame:
    """Several identities log in from one (non-hub) IP address close together in time.

    Examples
    --------
    >>> from datetime import datetime, timezone
    >>> t = [datetime(2025, 3, 1, 9, m, tzinfo=timezone.utc) for m in (0, 20, 30)]
    >>> ids, ips = ["a", "b", "c"], ["1.2.3.4", "1.2.3.4", "5.6.7.8"]
    >>> ctx = FlagContext.build(logins={"contractor_id": ids, "ip": ips, "ts": t},
    ...     observations={"contractor_id": ids, "kind": ["ip"] * 3, "value": ips,
    ...                   "source": ["logins"] * 3})
    >>> shared_ip_window(ctx)["evidence"].to_list()
    ['IP 1.2.3.4 used within 60 min by b', 'IP 1.2.3.4 used within 60 min by a']
    """
    # Only IPs of several identities can pair two of them: the rest need no sorting.
    ips = (
        ctx.table("logins")
        .select("contractor_id", "ts", ROW, value=ip_addresses(ctx, "logins", "ip"))
        .lazy()
        .filter(pl.col("ts").is_not_null())
        .join(shared_by_several(ctx, "ip", "logins").lazy(), on="value", how="semi")
        .collect()
    )
    pairs = consecutive_pairs(ips, group="value", order=["ts", ROW]).filter(
        pl.col("contractor_id") != pl.col("prev_contractor_id"),
        (pl.col("ts") - pl.col("prev_ts")) <= pl.duration(minutes=SHARED_IP_WINDOW_MINUTES),
    )
    if pairs.is_empty():
        return empty_result()
    sides = pl.concat(
        [
            pairs.select("contractor_id", "value", other="prev_contractor_id", row=ROW),
            pairs.select(
                contractor_id="prev_contractor_id",
                value="value",
                other="contractor_id",
                row=f"prev_{ROW}",
            ),
        ]
    )
    # One clause per IP, naming those met on it (a query: the streaming engine sorts
    # and groups the millions of sides of a large case in less CPU time).
    per_ip = (
        sides.lazy()
        .sort("contractor_id", "value", "other")
        .group_by("contractor_id", "value", maintain_order=True)
        .agg(others=pl.col("other").unique(maintain_order=True).head(MAX_NAMED).str.join(", "))
        .with_columns(
            text=pl.format(
                "IP {} used within {} min by {}",
                quote(pl.col("value")),
                pl.lit(SHARED_IP_WINDOW_MINUTES),
                "others",
            )
        )
        .collect()
    )
    return result(
        per_ip.group_by("contractor_id", maintain_order=True)
        .agg(evidence=pl.col("text").head(MAX_NAMED).str.join("; "))
        .join(sides.group_by("contractor_id").agg(refs("logins", "row")), on="contractor_id")
    )
