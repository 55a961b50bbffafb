"""Planted rings: every member tied to the team, ties varied, red flags present."""

from __future__ import annotations

import re
from collections import Counter

import numpy as np
import phonenumbers
import polars as pl
import pytest

from workbench.synth import SynthSummary, synthesize
from workbench.synth.groups import layout
from workbench.synth.people import people
from workbench.synth.rings import (
    STRONG_TIES,
    member_ties,
    plant_rings,
    plant_solos,
    ring_theme,
)


def crude(kind: str, raw: str) -> str | None:
    """A deliberately simple canonical form, enough to show raw spellings coincide."""
    raw = raw.strip()
    if not raw or raw.startswith("00000000-"):
        return None
    if kind == "phone":
        try:
            num = phonenumbers.parse("+" + raw[2:] if raw.startswith("00") else raw, "US")
        except phonenumbers.NumberParseException:
            return None
        return phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164)
    if kind == "email":
        local, _, domain = raw.lower().partition("@")
        local = local.split("+")[0]
        return (local.replace(".", "") if domain == "gmail.com" else local) + "@" + domain
    if kind == "address":
        words = re.sub(r"[^a-z0-9 ]", " ", raw.lower()).split()
        return f"{words[0]} {words[1]} {words[-1][:5]}"
    text = re.sub(r"^(iban|acct#?|account no\.?|trc20:)\s*", "", raw.lower())
    return re.sub(r"[^a-z0-9]", "", text)


def observations(folder) -> pl.DataFrame:
    c = pl.read_csv(folder / "contractors.csv", infer_schema_length=0).fill_null("")
    rows = []
    for col in ("email", "phone"):
        for cid, v in zip(c["contractor_id"], c[col], strict=True):
            rows += [(cid, col, crude(col, x)) for x in v.split(";")]
    rows += [
        (cid, "address", crude("address", v))
        for cid, v in zip(c["contractor_id"], c["address"], strict=True)
    ]
    for table, col, kind in (
        ("payments", "account", "account"),
        ("logins", "device_id", "device"),
        ("logins", "ip", "ip"),
        ("shipments", "ship_to_address", "address"),
        ("shipments", "previous_address", "address"),
        ("interviews", "join_ip", "ip"),
        ("device_locations", "egress_ip", "ip"),
        ("device_locations", "device_id", "device"),
    ):
        t = pl.read_csv(folder / f"{table}.csv", infer_schema_length=0).fill_null("")
        t = t.unique(["contractor_id", col])
        rows += [
            (cid, kind, crude(kind, v)) for cid, v in zip(t["contractor_id"], t[col], strict=True)
        ]
    ids = pl.read_csv(folder / "identifiers.csv", infer_schema_length=0).fill_null("")
    reads = {"email": "email", "reference_email": "email", "reference_phone": "phone"}
    rows += [
        (cid, kind, crude(reads.get(kind, kind), v))
        for cid, kind, v in ids.select("contractor_id", "kind", "value").unique().iter_rows()
    ]
    return pl.DataFrame(rows, schema=["cid", "kind", "value"], orient="row").drop_nulls().unique()


@pytest.fixture(scope="module")
def obs(small_case_dir) -> pl.DataFrame:
    return observations(small_case_dir)


def test_every_ring_member_shares_a_strong_identifier_with_a_teammate(
    small_case: SynthSummary, obs: pl.DataFrame
) -> None:
    truth = pl.read_csv(small_case.truth_path).filter(pl.col("group_kind") == "ring")
    strong = obs.filter(pl.col("kind") != "ip")
    for ring in truth.partition_by("group_id"):
        members = set(ring["contractor_id"])
        mine = strong.filter(pl.col("cid").is_in(members))
        shared = mine.group_by("kind", "value").agg(pl.col("cid").n_unique().alias("n"))
        tied = mine.join(shared.filter(pl.col("n") > 1), on=["kind", "value"])
        assert set(tied["cid"]) == members


def test_no_single_kind_explains_every_ring(small_case: SynthSummary, obs: pl.DataFrame) -> None:
    truth = pl.read_csv(small_case.truth_path).filter(pl.col("group_kind") == "ring")
    tied = (
        obs.join(truth, left_on="cid", right_on="contractor_id")
        .group_by("group_id", "kind", "value")
        .agg(pl.col("cid").n_unique().alias("n"))
        .filter(pl.col("n") > 1)
    )
    per_ring = tied.group_by("group_id").agg(pl.col("kind").unique().sort())
    kinds = [set(k) for k in per_ring["kind"]]
    assert len({frozenset(k) for k in kinds}) > 1


def test_member_ties_are_shared_strong_and_connected() -> None:
    for number in range(20):
        size = 3 + number % 10
        ties = member_ties(np.random.default_rng(number), number, size)
        holders = Counter(t for member in ties for t in member)
        shared = [{t for t in member if holders[t] > 1} for member in ties]
        assert all(len(s) >= 2 and {k for k, _ in s} & set(STRONG_TIES) for s in shared)
        reach, held = {0}, set(shared[0])
        for _ in ties:
            for i, s in enumerate(shared):
                if s & held:
                    reach.add(i)
                    held |= s
        assert reach == set(range(size))


def test_devices_belong_to_operators_not_the_whole_team() -> None:
    ties = [member_ties(np.random.default_rng(n), 1, 12) for n in range(10)]
    values = {v for ring in ties for member in ring for k, v in member if k == "device"}
    assert values == {0, 1, 2}


def test_fronts_carry_red_flags_at_rates_not_certainty() -> None:
    rng = np.random.default_rng(3)
    lay = layout(rng, 3000, 12)
    q, rings = plant_rings(rng, people(rng, lay), lay)
    q = plant_solos(rng, q, lay)
    front = np.isin(lay.kind, ["ring", "solo_dprk"])
    bad_video = np.isin(q["video"][front], ["declined", "camera_off", "not_held"]).mean()
    assert 0.4 < bad_video < 0.85
    assert (q["tz"][front] == 9.0).all()
    assert 0.2 < (q["remote_tool"][front] != "").mean() < 0.65
    legit = lay.kind == "legit"
    assert (q["remote_tool"][legit] != "").mean() < 0.1
    assert sum(len(r.members) for r in rings) == int((lay.kind == "ring").sum())


def test_no_identifier_or_payee_crosses_two_rings(tmp_path) -> None:
    case = synthesize(tmp_path / "c", contractors=2500, rings=14, seed=3)
    truth = pl.read_csv(case.truth_path).filter(pl.col("group_kind") == "ring")
    obs = observations(case.out_dir)
    pay = pl.read_csv(case.files["payments"], infer_schema_length=0).fill_null("")
    names = pl.read_csv(case.files["contractors"], infer_schema_length=0)["full_name"]
    own = set(names.str.to_lowercase())  # people may share a name; facilitators must not
    holders = pay.filter(~pl.col("account_holder").str.to_lowercase().is_in(own)).select(
        pl.col("contractor_id").alias("cid"),
        pl.lit("holder").alias("kind"),
        pl.col("account_holder").str.to_lowercase().alias("value"),
    )
    crossing = (
        pl.concat([obs, holders.unique()])
        .join(truth, left_on="cid", right_on="contractor_id")
        .group_by("kind", "value")
        .agg(pl.col("group_id").n_unique().alias("rings"))
        .filter(pl.col("rings") > 1, pl.col("kind") != "ip")
    )
    assert crossing.height == 0, crossing
    themes = {ring_theme(n) for n in range(200)}
    assert len(themes) == 200
