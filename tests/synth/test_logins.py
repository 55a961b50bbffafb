"""Logins: hubs, working hours, VPN and sources."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache

import numpy as np
import polars as pl

from workbench.synth.benign import plant_benign
from workbench.synth.groups import layout
from workbench.synth.logins import logins
from workbench.synth.people import people
from workbench.synth.rings import plant_rings, plant_solos


@lru_cache(maxsize=2)
def generate(n: int = 3000, rings: int = 8) -> tuple[pl.DataFrame, np.ndarray]:
    rng = np.random.default_rng(9)
    lay = layout(rng, n, rings)
    q, _ = plant_rings(rng, people(rng, lay), lay)
    q = plant_benign(rng, plant_solos(rng, q, lay), lay)
    ids = np.asarray([f"C{i:05d}" for i in range(n)])
    kinds = pl.DataFrame({"contractor_id": ids, "kind": lay.kind.astype(str)})
    return logins(rng, q, ids, date(2025, 1, 1)).join(kinds, on="contractor_id"), lay.kind


def utc_hour(ts: str) -> float:
    t = datetime.fromisoformat(ts.replace("Z", "+00:00"))
    off = t.utcoffset()
    shift = off.total_seconds() / 3600 if off is not None else 0.0
    return (t.hour + t.minute / 60 - shift) % 24


def test_hub_ips_are_shared_by_many_and_corporate_vpn_is_about_five_percent() -> None:
    frame, _ = generate()
    per_ip = frame.group_by("ip").agg(pl.col("contractor_id").n_unique().alias("n"), pl.len())
    assert per_ip["n"].max() > 300
    top3 = per_ip.sort("n", descending=True).head(3)["len"].sum() / frame.height
    assert 0.03 < top3 < 0.09


def test_fronts_work_utc_plus_9_hours() -> None:
    frame, _ = generate()
    fronts = frame.filter(pl.col("kind") == "ring")["ts"].to_list()
    hours = np.array([(utc_hour(t) + 9) % 24 for t in fronts])
    assert ((hours >= 8) & (hours <= 20)).mean() > 0.9
    legit = frame.filter(pl.col("kind") == "legit")["ts"].to_list()
    in_kst = np.array([8 <= (utc_hour(t) + 9) % 24 <= 20 for t in legit]).mean()
    assert in_kst < 0.6


def test_fronts_use_vpn_more_but_not_always() -> None:
    frame, _ = generate()
    rate = frame.group_by("kind").agg(pl.col("vpn").mean()).sort("kind")
    share = dict(zip(rate["kind"], rate["vpn"], strict=True))
    assert 0.2 < share["ring"] < 0.6
    assert share["legit"] < 0.15
    foreign = frame.filter(pl.col("kind") == "ring")["country"].is_in(["CN", "RU", "KP"]).mean()
    assert 0.03 < foreign < 0.3


def test_long_sessions_and_timestamp_styles() -> None:
    frame, _ = generate(1000, 3)
    assert (frame["session_minutes"] >= 1440).any()
    ts = frame["ts"]
    assert ts.str.ends_with("Z").any() and ts.str.contains(r"[+-]\d\d:\d\d$").any()
    assert (ts.str.len_chars() == 19).any()
