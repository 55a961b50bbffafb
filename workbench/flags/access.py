"""Access red flags: remote tools, VPNs, VoIP numbers, shared devices and IPs."""

from __future__ import annotations

import polars as pl

from workbench.flags.common import (
    MAX_NAMED,
    consecutive_pairs,
    empty_result,
    passing,
    plural,
    quote,
    refs,
    result,
    shared_by_several,
    shared_values,
    with_canonical,
)
from workbench.flags.context import FlagContext
from workbench.normalize.phone import number_type
from workbench.tables import ROW

#: What source systems write when no remote tool was seen.
NO_TOOL = ("", "none", "no", "n/a", "na", "-", "false", "0", "null")

#: Share of logins through a VPN that is a habit, not a hotel Wi-Fi.
VPN_SHARE = 0.5

#: Logins needed before the VPN share means anything.
VPN_MIN_LOGINS = 5

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
        .filter(pl.col("tool").is_not_null(), ~pl.col("tool").is_in(NO_TOOL))
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


def vpn_heavy(ctx: FlagContext) -> pl.DataFrame:
    """A large share of logins comes through a VPN or anonymiser.

    Examples
    --------
    >>> ctx = FlagContext.build(logins={"contractor_id": ["a"] * 6,
    ...     "vpn": [True, True, True, False, True, None]})
    >>> vpn_heavy(ctx)["evidence"].to_list()
    ['4 of 5 logins via VPN']
    """
    logins = ctx.table("logins").select("contractor_id", "vpn", ROW).drop_nulls("vpn")
    enough = (pl.col("total") >= VPN_MIN_LOGINS) & (pl.col("hits") >= VPN_SHARE * pl.col("total"))
    stats = (
        passing(logins, enough, among=pl.col("vpn"), total=pl.len(), hits=pl.col("vpn").sum())
        .group_by("contractor_id")
        .agg(
            pl.col("total", "hits").first(),
            refs=refs("logins", pl.col(ROW).filter(pl.col("vpn"))),
        )
    )
    return result(
        stats.with_columns(evidence=pl.format("{} of {} logins via VPN", "hits", "total"))
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

    return ctx.derived("phone_types", compute)


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
        with_canonical(ctx, "logins", "ip", "ip")
        .select("contractor_id", "ts", ROW, value="canonical")
        .filter(pl.col("ts").is_not_null())
        .join(shared_by_several(ctx, "ip", "logins"), on="value", how="semi")
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
    stats = (
        sides.sort("contractor_id", "value", "other")
        .group_by("contractor_id", maintain_order=True)
        .agg(
            ip=quote(pl.col("value").first()),
            others=pl.col("other").unique(maintain_order=True).head(MAX_NAMED).str.join(", "),
            refs=refs("logins", "row"),
        )
    )
    return result(
        stats.with_columns(
            evidence=pl.format(
                "IP {} used within {} min by {}", "ip", pl.lit(SHARED_IP_WINDOW_MINUTES), "others"
            )
        )
    )
