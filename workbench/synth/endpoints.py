"""What MDM and EDR exports record of company laptops: check-ins and endpoint events.

Every shipped laptop is managed. It checks in from the line it sits behind:
a laptop farm's home line, the team's line abroad for a laptop forwarded
there, or else the recipient's home (with co-working and travel for
legitimate people). Its inventory lists everyday software and peripherals,
and for some identities remote-control tools, keep-awake tools and an IP-KVM
(a USB gadget, a keyboard and a display that are one small computer).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl

from workbench.synth import rates
from workbench.synth.catalog import (
    ABROAD_COUNTRY,
    EVERYDAY_SOFTWARE,
    IPKVM_DEVICES,
    IPKVM_USB,
    KEEP_AWAKE_TOOLS,
    PERIPHERALS,
    RMM_TOOLS,
)
from workbench.synth.draw import positions, texts, uuids
from workbench.synth.formats import timestamp_text
from workbench.synth.habits import INSTALLED_TOOLS
from workbench.synth.logins import TRAVEL_COUNTRIES, LoginPlan, epoch
from workbench.synth.people import IP_RANGE, People
from workbench.synth.rings import farm_ips


@dataclass(frozen=True)
class Laptops:
    """Managed laptops: whose each is, its MDM id, and the line it sits behind
    (IPv4 as an integer, and its country)."""

    who: np.ndarray
    device: np.ndarray
    ip: np.ndarray
    country: np.ndarray


def laptops(
    rng: np.random.Generator,
    shipped: pl.DataFrame,
    q: People,
    h: People,
    plan: LoginPlan,
    ids: np.ndarray,
) -> Laptops:
    """Locate every shipped laptop and name it as the MDM does.

    A managed device the person logs in with keeps its id; anyone else gets a
    new one (their logins come from a personal machine's browser).

    Examples
    --------
    >>> from workbench.synth.extras import shipments
    >>> from workbench.synth.groups import layout
    >>> from workbench.synth.habits import habits
    >>> from workbench.synth.logins import login_plan
    >>> from workbench.synth.people import people
    >>> from workbench.synth.shipping import reroute
    >>> rng = np.random.default_rng(1)
    >>> q = people(rng, layout(rng, 300, 2))
    >>> ids, base, h = np.array([f"C{i:03d}" for i in range(300)]), date(2025, 1, 1), habits(rng, q)
    >>> shipped = reroute(rng, shipments(rng, q, ids, base), q, h, ids, base)
    >>> lap = laptops(rng, shipped, q, h, login_plan(rng, q), ids)
    >>> len(lap.device) == shipped.height, len(lap.device[0])
    (True, 36)
    """
    who = positions(shipped, ids)
    own = q["device"][who]
    fresh = np.asarray(uuids(rng, len(who)), dtype=object)
    device = np.where(np.asarray([len(d) == 36 for d in own], dtype=bool), own, fresh)
    ip = q["home_ip"][who].copy()
    country = q["country"][who].copy()
    rings = int(q["group"][q["kind"] == "ring"].max(initial=-1)) + 1
    farm = np.asarray([a is not None for a in q["ship_address"][who]], dtype=bool)
    ip[farm] = farm_ips(q, rings)[q["group"][who[farm]]]
    country[farm] = "US"
    sent_on = shipped.select(
        (pl.col("ship_to_country") == ABROAD_COUNTRY)
        | (pl.col("address_type") == "freight_forwarder")
    ).to_series()
    abroad = h["front"][who] & sent_on.to_numpy() & ~farm
    operator = h["operator"][who[abroad]]
    ip[abroad] = q["foreign_ip"][operator]
    country[abroad] = plan.exits.foreign[operator]
    return Laptops(who, device, ip, country)


def device_locations(
    rng: np.random.Generator, lap: Laptops, q: People, ids: np.ndarray, base: date
) -> pl.DataFrame:
    """The device_locations table: about `MDM_CHECKINS` check-ins per laptop in the window.

    Examples
    --------
    >>> lap = Laptops(np.array([0]), np.array(["d-1"]), np.array([16909060]), np.array(["US"]))
    >>> q = {"cowork_ip": np.array([-1]), "travel": np.array([False])}
    >>> t = device_locations(np.random.default_rng(1), lap, q, np.array(["C1"]), date(2025, 1, 1))
    >>> t.columns, t["egress_ip"][0]
    (['device_id', 'contractor_id', 'ts', 'egress_ip', 'country'], '1.2.3.4')
    """
    counts = np.maximum(1, rng.poisson(rates.MDM_CHECKINS, size=len(lap.who)))
    at = np.repeat(np.arange(len(lap.who)), counts)
    who = lap.who[at]
    rows = len(at)
    ip = lap.ip[at].copy()
    country = lap.country[at].copy()
    cowork = (q["cowork_ip"][who] >= 0) & (rng.random(rows) < rates.COWORK_LOGINS)
    ip[cowork] = q["cowork_ip"][who[cowork]]
    away = q["travel"][who] & (rng.random(rows) < rates.TRAVEL_LOGINS)
    ip[away] = rng.integers(IP_RANGE[0], IP_RANGE[1], size=int(away.sum()))
    country[away] = np.asarray(TRAVEL_COUNTRIES, dtype=object)[
        rng.integers(0, len(TRAVEL_COUNTRIES), size=int(away.sum()))
    ]
    seconds = epoch(base) + rng.integers(0, rates.WINDOW_DAYS * 86_400, size=rows)
    return (
        pl.DataFrame(
            {
                "device_id": texts(lap.device, at),
                "contractor_id": texts(ids, who),
                "t": seconds,
                "ip": ip,
                "country": texts(country),
            }
        )
        .sort("contractor_id", "t", "device_id")
        .select(
            "device_id",
            "contractor_id",
            timestamp_text(pl.col("t"), pl.lit(0), pl.lit(0)).alias("ts"),
            pl.format("{}.{}.{}.{}", *[(pl.col("ip") // 256**k % 256) for k in (3, 2, 1, 0)]).alias(
                "egress_ip"
            ),
            "country",
        )
    )


def _distinct(rng: np.random.Generator, rows: int, pool: int, first: np.ndarray) -> np.ndarray:
    """Per row, a random order of ``pool`` items with item ``first`` (where >= 0) leading."""
    keys = rng.random((rows, pool))
    keys[np.flatnonzero(first >= 0), first[first >= 0]] = -1.0
    return np.argsort(keys, axis=1)


def endpoint_events(
    rng: np.random.Generator, lap: Laptops, q: People, h: People, ids: np.ndarray, base: date
) -> pl.DataFrame:
    """The endpoint_events table: each laptop's software and attached hardware.

    Examples
    --------
    >>> lap = Laptops(np.array([0]), np.array(["d-1"]), np.array([1]), np.array(["US"]))
    >>> q = {"remote_tool": np.array(["anydesk"], dtype=object)}
    >>> h = {"rmm": np.array([1]), "awake": np.array([False]), "kvm": np.array([0])}
    >>> t = endpoint_events(np.random.default_rng(1), lap, q, h, np.array(["C1"]), date(2025, 1, 1))
    >>> "AnyDesk" in t["name"], sorted(t.filter(pl.col("name").str.contains("PiKVM"))["kind"])
    (True, ['display', 'hid', 'usb'])
    """
    n = len(lap.who)
    who = lap.who
    base_tool = np.full(n, -1)
    for tool in INSTALLED_TOOLS:
        base_tool[q["remote_tool"][who] == tool] = INSTALLED_TOOLS.index(tool)
    everyday = _distinct(rng, n, len(EVERYDAY_SOFTWARE), np.full(n, -1))
    peripheral = _distinct(rng, n, len(PERIPHERALS), np.full(n, -1))
    tools = _distinct(rng, n, len(RMM_TOOLS), base_tool)
    parts = [
        _software(rng, np.arange(n), texts(EVERYDAY_SOFTWARE, everyday[:, k]))
        for k in range(rates.EVERYDAY_APPS)
    ]
    kinds, names, details = (texts([p[i] for p in PERIPHERALS]) for i in range(3))
    held = rng.integers(0, 3, size=n)
    for k in range(2):
        at = np.flatnonzero(held > k)
        chosen = peripheral[at, k]
        parts.append(_part(at, kinds.gather(chosen), names.gather(chosen), details.gather(chosen)))
    for k in range(3):
        at = np.flatnonzero(h["rmm"][who] > k)
        parts.append(_software(rng, at, texts(RMM_TOOLS, tools[at, k])))
    at = np.flatnonzero(h["awake"][who])
    awake = rng.integers(0, len(KEEP_AWAKE_TOOLS), size=len(at))
    parts.append(_software(rng, at, texts(KEEP_AWAKE_TOOLS, awake)))
    at = np.flatnonzero(h["kvm"][who] >= 0)
    kvm = texts(IPKVM_DEVICES, h["kvm"][who[at]])
    for kind, name, detail in (
        ("usb", kvm, IPKVM_USB),
        ("hid", kvm + " Keyboard", "keyboard and mouse"),
        ("display", kvm, "1920x1080 HDMI capture"),
    ):
        parts.append(_part(at, kind, name, detail))
    return _events(rng, lap, ids, base, pl.concat(parts))


def _part(
    at: np.ndarray, kind: str | pl.Series, name: pl.Series, detail: str | pl.Series
) -> pl.DataFrame:
    """Events (laptop row, kind, name, detail) of one sort, a constant kind or detail repeated."""
    rows = len(at)
    return pl.DataFrame(
        {
            "at": pl.Series(at, dtype=pl.Int64),
            "kind": kind if isinstance(kind, pl.Series) else pl.Series([kind] * rows),
            "name": name,
            "detail": detail if isinstance(detail, pl.Series) else pl.Series([detail] * rows),
        },
        schema={"at": pl.Int64, "kind": pl.String, "name": pl.String, "detail": pl.String},
    )


def _software(rng: np.random.Generator, at: np.ndarray, names: pl.Series) -> pl.DataFrame:
    """Installed applications, each with a version such as ``8.0.11``."""
    numbers = pl.DataFrame(
        {
            "a": rng.integers(1, 20, len(at)),
            "b": rng.integers(0, 10, len(at)),
            "c": rng.integers(0, 30, len(at)),
        }
    )
    versions = numbers.select(pl.format("{}.{}.{}", "a", "b", "c")).to_series()
    return _part(at, "software", names, versions)


def _events(
    rng: np.random.Generator, lap: Laptops, ids: np.ndarray, base: date, events: pl.DataFrame
) -> pl.DataFrame:
    """The events of every laptop, dated in the window, sorted by contractor and time."""
    at = events["at"].to_numpy()
    seconds = epoch(base) + rng.integers(0, rates.WINDOW_DAYS * 86_400, size=len(at))
    return (
        events.with_columns(
            contractor_id=texts(ids, lap.who[at]),
            device_id=texts(lap.device, at),
            t=pl.Series(seconds),
        )
        .sort("contractor_id", "t", "kind", "name")
        .select(
            "contractor_id",
            "device_id",
            timestamp_text(pl.col("t"), pl.lit(0), pl.lit(0)).alias("ts"),
            "kind",
            "name",
            "detail",
        )
    )
