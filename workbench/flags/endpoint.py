"""Endpoint red flags: what an MDM or EDR export saw on a company device.

Event names are matched as letters and digits only, lower case ("Chrome
Remote Desktop Host" is ``chromeremotedesktophost``), so spelling variants of
one product meet.
"""

from __future__ import annotations

import re

import polars as pl

from workbench.flags.common import MAX_NAMED, MAX_REFS, empty_result, quote, refs, result, squashed
from workbench.flags.context import CaseWide, FlagContext
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


def _remote_tools(ctx: FlagContext) -> pl.DataFrame:
    """contractor_id, device, what, name, `ROW`: the software events that name a remote-control
    tool (`what`, its entry in `REMOTE_TOOLS`)."""
    return (
        _events(ctx)
        .filter(pl.col("event") == "software")
        .select("contractor_id", "device", "name", ROW, what=_matching(REMOTE_TOOLS))
        .filter(pl.col("what").is_not_null())
    )


def _fleet_counts(ctx: FlagContext) -> pl.DataFrame:
    """what, with_tool, devices: for every entry of `REMOTE_TOOLS`, how many of the
    identities' devices it is on, and how many devices they have in all. A device is an
    identity's (two identities' events never make one device), so the counts of parts of
    the identities add up to the whole case's."""
    device = pl.struct("contractor_id", "device")
    devices = _events(ctx).select(device.n_unique()).item()
    on = _remote_tools(ctx).group_by("what").agg(with_tool=device.n_unique())
    return (
        pl.DataFrame({"what": list(REMOTE_TOOLS)})
        .join(on, on="what", how="left")
        .select("what", pl.col("with_tool").fill_null(0), devices=pl.lit(devices, pl.UInt32))
        .cast({"with_tool": pl.UInt32})
    )


def _unlike_the_fleet(tools: pl.DataFrame, counts: pl.DataFrame) -> pl.DataFrame:
    """The rows of ``tools`` (`_remote_tools`) whose tool is not the fleet's: on at least
    `FLEET_TOOL_SHARE` of the devices of a case of at least `FLEET_MIN_DEVICES`
    (`_fleet_counts`, summed over the parts of the case)."""
    whole = counts.group_by("what").agg(pl.col("with_tool", "devices").sum())
    fleet = whole.filter(
        pl.col("devices") >= FLEET_MIN_DEVICES,
        pl.col("with_tool") >= FLEET_TOOL_SHARE * pl.col("devices"),
    )
    return tools.join(fleet.select("what"), on="what", how="anti")


#: Whether a remote-control tool is the company's own, installed on most of the
#: case's devices: the devices of the whole case decide it, however an engine splits it.
REMOTE_TOOLS_BEYOND_FLEET = CaseWide(
    "remote_tools_beyond_fleet",
    rows=_remote_tools,
    evidence=_fleet_counts,
    combine=_unlike_the_fleet,
    on="what",
    tables=("endpoint_events",),
)


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
    tools = ctx.case_wide(REMOTE_TOOLS_BEYOND_FLEET)
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
