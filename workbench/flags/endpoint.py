"""Endpoint red flags: what an MDM or EDR export saw on a company device.

Event names are matched as letters and digits only, lower case ("Chrome
Remote Desktop Host" is ``chromeremotedesktophost``), so spelling variants of
one product meet.
"""

from __future__ import annotations

import re

import polars as pl

from workbench.flags.common import MAX_NAMED, MAX_REFS, empty_result, quote, refs, result, squashed
from workbench.flags.context import FlagContext
from workbench.tables import ROW

#: Event kinds that describe attached hardware: an IP-KVM shows up as a keyboard and a display.
HARDWARE_EVENTS = ("usb", "hid", "display")

#: IP-KVM devices, matched inside a hardware event's name or detail: the products
#: public reports name, any KVM (the laptop farms of 2025 used KVM switches), and
#: the USB id 1d6b:0104 (Linux Foundation multifunction composite gadget) that
#: PiKVM-style devices present themselves with.
IPKVM_NAMES = ("pikvm", "jetkvm", "tinypilot", "kvm", "1d6b0104")

#: Remote-control software, matched inside a software event's name.
REMOTE_TOOLS = (
    "anydesk",
    "teamviewer",
    "rustdesk",
    "chromeremotedesktop",
    "splashtop",
    "screenconnect",
    "logmein",
    "gotoassist",
    "gotoresolve",
    "zohoassist",
    "remotepc",
    "ultraviewer",
    "parsec",
    "nomachine",
    "radmin",
    "ammyy",
    "supremo",
    "dwservice",
    "meshagent",
    "realvnc",
    "tightvnc",
    "ultravnc",
    "tigervnc",
    "hoptodesk",
    "aeroadmin",
)

#: Different remote-control tools on one device that make a stack (Mandiant: several
#: remote-administration tools on one system).
REMOTE_TOOLS_MIN = 2

#: Share of a case's devices a tool is on from which it is the company's own
#: fleet tool (installed by IT everywhere), not the worker's choice.
FLEET_TOOL_SHARE = 0.5

#: Devices a case needs before a tool's share of them says anything about the fleet.
FLEET_MIN_DEVICES = 20

#: Keep-awake tools and mouse jigglers (software, or hardware posing as a mouse),
#: matched inside any event's name. "Awake" alone is left out: PowerToys ships one
#: that many developers use.
KEEP_AWAKE_TOOLS = (
    "jiggle",
    "mousemover",
    "movemouse",
    "caffeine",
    "amphetamine",
    "keepawake",
    "keepingyouawake",
    "stayawake",
    "nosleep",
    "dontsleep",
)

#: Key of a device for events that name none: the identity's unnamed device.
NO_DEVICE = "(no device id)"


def _events(ctx: FlagContext) -> pl.DataFrame:
    """Endpoint events with `event` (kind, lower case), `device` and `squashed` name + detail."""

    def compute() -> pl.DataFrame:
        events = ctx.table("endpoint_events")
        text = pl.concat_str(
            pl.col("name").fill_null(""), pl.col("detail").fill_null(""), separator=" "
        )
        return events.select(
            "contractor_id",
            "name",
            ROW,
            event=pl.col("kind").cast(pl.String).str.strip_chars().str.to_lowercase(),
            device=pl.col("device_id").fill_null(NO_DEVICE),
            squashed=squashed(text),
        )

    return ctx.derived("endpoint_events", compute, reads_hubs=False)


def _matching(names: tuple[str, ...]) -> pl.Expr:
    """The first of `names` found inside the squashed text, or null."""
    pattern = "(" + "|".join(re.escape(name) for name in names) + ")"
    return pl.col("squashed").str.extract(pattern, 1)


def _per_device(hits: pl.DataFrame, label: str, *, counted: bool = False) -> pl.DataFrame:
    """One result row per identity from (contractor_id, device, what, name, source_row) hits.

    The evidence names up to `MAX_NAMED` things found per device, as the case
    wrote them; with ``counted``, it starts with how many different things.
    """
    devices = (
        hits.sort("contractor_id", "device", ROW)
        .group_by("contractor_id", "device", maintain_order=True)
        .agg(
            n=pl.col("what").n_unique(),
            found=pl.col("name").unique().sort().head(MAX_NAMED),
            refs=refs("endpoint_events"),
        )
        .with_columns(
            text=pl.format(
                "{}{} on device {}: {}",
                pl.format("{} ", "n") if counted else pl.lit(""),
                pl.lit(label),
                quote(pl.col("device")),
                quote(pl.col("found").list.join(", ")),
            )
        )
    )
    return result(
        devices.group_by("contractor_id", maintain_order=True).agg(
            evidence=pl.col("text").head(MAX_NAMED).str.join("; "),
            refs=pl.col("refs").str.join(";").str.split(";").list.head(MAX_REFS).list.join(";"),
        )
    )


def _kvm_in_logins(ctx: FlagContext) -> pl.DataFrame:
    """Identities whose logins already name an IP-KVM as their remote tool (REMOTE_TOOL says so)."""
    pattern = "|".join(re.escape(name) for name in IPKVM_NAMES)
    logins = ctx.table("logins").select("contractor_id", "remote_tool")
    return (
        logins.filter(squashed("remote_tool").str.contains(pattern))
        .select("contractor_id")
        .unique()
    )


def ip_kvm(ctx: FlagContext) -> pl.DataFrame:
    """IP-KVM hardware (PiKVM, TinyPilot, JetKVM, a KVM switch) is attached to a company device.

    An IP-KVM lets someone elsewhere type and watch on the laptop as if seated
    at it, below any remote-access software the company could block. Where the
    identity's logins already name an IP-KVM as their remote tool, that one
    fact is left to REMOTE_TOOL, so that it counts once.

    Examples
    --------
    >>> ctx = FlagContext.build(endpoint_events={"contractor_id": ["a", "b", "c"],
    ...     "device_id": ["d1", "d2", "d3"], "kind": ["hid", "hid", "software"],
    ...     "name": ["PiKVM Keyboard", "Logitech K120", "qemu-kvm"]})
    >>> ip_kvm(ctx)["evidence"].to_list()
    ['IP-KVM hardware on device d1: PiKVM Keyboard']
    """
    events = _events(ctx).filter(pl.col("event").is_in(HARDWARE_EVENTS))
    hits = (
        events.with_columns(what=_matching(IPKVM_NAMES))
        .filter(pl.col("what").is_not_null())
        .join(_kvm_in_logins(ctx), on="contractor_id", how="anti")
    )
    if hits.is_empty():
        return empty_result()
    return _per_device(hits, "IP-KVM hardware")


def remote_tool_stack(ctx: FlagContext) -> pl.DataFrame:
    """Several different remote-control tools are installed on one company device.

    One remote-support tool is common; a second and a third, beside whatever
    the company installs on every device, serve someone who works the laptop
    from elsewhere. Tools on most of a large fleet's devices are the company's
    own and are not counted.

    Examples
    --------
    >>> ctx = FlagContext.build(endpoint_events={"contractor_id": ["a", "a", "b"],
    ...     "device_id": ["d1", "d1", "d2"], "kind": ["software"] * 3,
    ...     "name": ["AnyDesk", "RustDesk 1.2", "AnyDesk"]})
    >>> remote_tool_stack(ctx)["evidence"].to_list()
    ['2 remote-control tools on device d1: AnyDesk, RustDesk 1.2']
    """
    events = _events(ctx)
    tools = (
        events.filter(pl.col("event") == "software")
        .with_columns(what=_matching(REMOTE_TOOLS))
        .filter(pl.col("what").is_not_null())
    )
    devices = events.select(pl.col("device").n_unique()).item()
    if devices >= FLEET_MIN_DEVICES:
        spread = tools.group_by("what").agg(share=pl.col("device").n_unique() / devices)
        fleet = spread.filter(pl.col("share") >= FLEET_TOOL_SHARE).select("what")
        tools = tools.join(fleet, on="what", how="anti")
    stacked = tools.filter(
        pl.col("what").n_unique().over("contractor_id", "device") >= REMOTE_TOOLS_MIN
    )
    if stacked.is_empty():
        return empty_result()
    distinct = stacked.sort("name").unique(["contractor_id", "device", "what"], keep="first")
    return _per_device(distinct, "remote-control tools", counted=True)


def keep_awake(ctx: FlagContext) -> pl.DataFrame:
    """A keep-awake tool or mouse jiggler runs on a company device, so it looks busy unattended.

    Examples
    --------
    >>> ctx = FlagContext.build(endpoint_events={"contractor_id": ["a", "b"],
    ...     "device_id": ["d1", "d2"], "kind": ["usb", "software"],
    ...     "name": ["Mouse Jiggler MJ-3", "Slack"]})
    >>> keep_awake(ctx)["evidence"].to_list()
    ['keep-awake tool on device d1: Mouse Jiggler MJ-3']
    """
    hits = _events(ctx).with_columns(what=_matching(KEEP_AWAKE_TOOLS))
    hits = hits.filter(pl.col("what").is_not_null())
    if hits.is_empty():
        return empty_result()
    return _per_device(hits, "keep-awake tool")
