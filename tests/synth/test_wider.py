"""The wider evidence: IP intelligence, MDM / EDR, shipping and hiring records.

Every signal reaches part of the fronts and some legitimate people, at the
rates of `workbench.synth.rates`; leaving the wider evidence out changes no
other value of the case.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from tests.synth.signals import SIGNALS, read, signals
from workbench.case import load_case
from workbench.cli import main
from workbench.synth import WIDER_TABLES, SynthSummary, synthesize
from workbench.synth import rates as r
from workbench.synth.catalog import VPN_SHARES
from workbench.tables import TABLES

#: Columns the wider evidence adds to the base tables.
WIDER_COLUMNS = {
    "contractors": ("cover_letter",),
    "logins": ("asn", "isp", "vpn_provider", "ip_type"),
    "shipments": ("requested_at", "previous_address", "address_type", "ship_to_country"),
}
#: Signals too rare among legitimate people to be seen at this size (expected under three).
RARE_AMONG_LEGIT = ("w2_complaint",)


@pytest.fixture(scope="module")
def medium(tmp_path_factory: pytest.TempPathFactory) -> SynthSummary:
    """12,000 identities with 30 rings: enough fronts (about 300) to measure rates."""
    folder = tmp_path_factory.mktemp("wider") / "case"
    return synthesize(folder, contractors=12_000, rings=30, seed=5)


@pytest.fixture(scope="module")
def measured(medium: SynthSummary) -> pl.DataFrame:
    return signals(medium.out_dir, medium.truth_path)


def share(table: pl.DataFrame, signal: str, front: bool) -> float:
    return float(table.filter(pl.col("front") == front)[signal].mean())  # type: ignore[arg-type]


def test_every_wider_table_loads_clean_with_its_types(small_case: SynthSummary) -> None:
    case = load_case(small_case.out_dir)
    assert case.rejects.is_empty()
    for table in WIDER_TABLES:
        assert case.tables[table].height > 0, table
        assert set(case.columns_present[table]) == set(TABLES[table].names), table
    interviews = case.tables["interviews"]
    assert interviews.schema["camera_on"] == pl.Boolean
    assert interviews.schema["same_person_as_previous"] == pl.Boolean
    assert case.tables["shipments"].schema["requested_at"] == pl.Datetime("us", "UTC")
    assert case.tables["engagements"].schema["started_at"] == pl.Date
    assert set(case.tables["endpoint_events"]["kind"].cast(pl.String)) == {
        "software",
        "usb",
        "hid",
        "display",
    }
    assert set(case.tables["logins"]["ip_type"].cast(pl.String).drop_nulls()) == {
        "residential",
        "hosting",
        "mobile",
        "vpn",
    }
    kinds = set(case.tables["identifiers"]["kind"])
    assert {"reference_email", "reference_phone"} <= kinds


def test_opting_out_writes_none_of_the_wider_evidence(tmp_path: Path) -> None:
    s = synthesize(tmp_path / "c", contractors=300, rings=2, seed=4, wider_evidence=False)
    assert not set(s.files) & set(WIDER_TABLES)
    for table, columns in WIDER_COLUMNS.items():
        written = pl.read_csv(s.files[table], infer_schema_length=0).columns
        assert not set(written) & set(columns), table
    kinds = set(pl.read_csv(s.files["identifiers"])["kind"])
    assert kinds == {"email", "github"}


def test_the_wider_evidence_changes_no_other_value(tmp_path: Path) -> None:
    wide = synthesize(tmp_path / "wide", contractors=1500, rings=5, seed=8)
    plain = synthesize(tmp_path / "plain", contractors=1500, rings=5, seed=8, wider_evidence=False)
    for table in ("contractors", "payments", "logins", "referrals"):
        before = read(plain.out_dir, table)
        assert read(wide.out_dir, table).select(before.columns).equals(before), table
    before = read(plain.out_dir, "identifiers")
    after = read(wide.out_dir, "identifiers")
    assert after.join(before, on=before.columns, how="anti")["kind"].unique().sort().to_list() == [
        "reference_email",
        "reference_phone",
    ]
    assert after.join(before, on=before.columns, how="semi").height == before.height
    before = read(plain.out_dir, "shipments")
    after = read(wide.out_dir, "shipments")
    changed = after.join(before, on=before.columns, how="anti")
    assert changed.height > 0 and changed["previous_address"].is_not_null().all()
    assert after.drop(WIDER_COLUMNS["shipments"], "ship_to_address").equals(
        before.drop("ship_to_address")
    )


@pytest.mark.parametrize("signal", SIGNALS)
def test_each_signal_reaches_part_of_the_fronts_and_some_legitimate_people(
    measured: pl.DataFrame, signal: str
) -> None:
    fronts, legit = share(measured, signal, True), share(measured, signal, False)
    assert 0 < fronts < 1 and legit < fronts, (fronts, legit)
    assert legit < 0.06, legit  # every signal is rare among legitimate people
    if signal not in RARE_AMONG_LEGIT:
        assert legit > 0, "legitimate people show it too, now and then"


def test_rates_follow_the_named_constants(measured: pl.DataFrame) -> None:
    assert share(measured, "astrill_login", True) == pytest.approx(r.FRONT_ASTRILL, abs=0.08)
    legit_astrill = r.LEGIT_VPN_PEOPLE * VPN_SHARES[0] / sum(VPN_SHARES)
    assert share(measured, "astrill_login", False) == pytest.approx(legit_astrill, abs=0.003)
    assert share(measured, "concurrent_2", True) == pytest.approx(r.FRONT_CONCURRENT, abs=0.08)
    assert share(measured, "concurrent_2", False) == pytest.approx(r.LEGIT_CONCURRENT, abs=0.01)
    assert share(measured, "concurrent_3", False) == pytest.approx(
        r.LEGIT_CONCURRENT_THREE, abs=0.003
    )


def test_ip_intelligence_names_one_network_per_address(medium: SynthSummary) -> None:
    logins = read(medium.out_dir, "logins")
    resolved = logins.filter(pl.col("asn").is_not_null())
    assert resolved.group_by("ip").agg(pl.col("asn").n_unique())["asn"].max() == 1
    vpn = logins.filter(pl.col("ip_type") == "vpn")
    assert vpn["vpn_provider"].is_not_null().all()
    assert logins.filter(pl.col("ip_type") != "vpn")["vpn_provider"].is_null().all()
    unresolved = logins["ip_type"].is_null().mean()
    assert unresolved == pytest.approx(r.NETWORK_UNKNOWN, abs=0.005)


def test_an_ipkvm_shows_as_a_gadget_a_keyboard_and_a_display(medium: SynthSummary) -> None:
    events = read(medium.out_dir, "endpoint_events")
    kvm = events.filter(pl.col("name").str.contains("KVM|TinyPilot"))
    kinds = kvm.group_by("device_id").agg(pl.col("kind").unique().sort())
    assert kinds.height > 0
    assert kinds["kind"].to_list() == [["display", "hid", "usb"]] * kinds.height
    assert kvm.filter(pl.col("kind") == "usb")["detail"].str.starts_with("1d6b:0104").all()


def test_farm_laptops_check_in_from_the_farm_line(medium: SynthSummary) -> None:
    truth = pl.read_csv(medium.truth_path)
    checkins = read(medium.out_dir, "device_locations").join(truth, on="contractor_id")
    farm = (
        checkins.filter(pl.col("group_kind") == "ring")
        .group_by("egress_ip")
        .agg(pl.col("contractor_id").n_unique().alias("n"), pl.col("group_id").n_unique())
        .filter(pl.col("n") >= 2)
    )
    assert farm.height > 0 and (farm["group_id"] == 1).all()  # a farm line serves one team
    devices = checkins.group_by("device_id").agg(pl.col("contractor_id").n_unique())
    assert (devices["contractor_id"] == 1).all()  # one assigned user per laptop


def test_interviews_follow_the_video_outcome(medium: SynthSummary) -> None:
    people = read(medium.out_dir, "contractors").select("contractor_id", "video_interview")
    calls = read(medium.out_dir, "interviews").join(people, on="contractor_id")
    camera = calls.group_by("video_interview").agg(pl.col("camera_on").unique().sort())
    seen = dict(zip(camera["video_interview"], camera["camera_on"].to_list(), strict=True))
    assert "not_held" not in seen
    assert seen["completed"] == ["true"] and seen["declined"] == ["false"]
    assert seen["camera_off"] == ["false", "true"] and seen["unknown"] == [None]


def test_fronts_reroute_just_before_shipping_and_others_earlier(measured: pl.DataFrame) -> None:
    assert share(measured, "rerouted_late", True) > 0.2
    assert share(measured, "rerouted_late", False) < 0.003


def test_team_values_stay_within_the_team(medium: SynthSummary) -> None:
    truth = pl.read_csv(medium.truth_path)
    refs = read(medium.out_dir, "identifiers").filter(pl.col("kind") == "reference_email")
    shared = (
        refs.with_columns(key=pl.col("value").str.to_lowercase().str.replace(r"\+jobs@", "@"))
        .join(truth, on="contractor_id")
        .group_by("key")
        .agg(
            pl.col("contractor_id").n_unique().alias("n"),
            pl.col("group_id").n_unique().alias("groups"),
            pl.col("group_kind").unique().alias("kinds"),
        )
        .filter(pl.col("n") >= 2)
    )
    team = shared.filter(pl.col("kinds").list.contains("ring"))
    assert team.height > 0 and (team["groups"] == 1).all()
    others = shared.filter(~pl.col("kinds").list.contains("ring"))
    assert (others["n"] == 2).all()  # former colleagues: pairs


def test_a_team_sends_one_letter_renamed(medium: SynthSummary) -> None:
    truth = pl.read_csv(medium.truth_path)
    letters = (
        read(medium.out_dir, "contractors")
        .join(truth, on="contractor_id")
        .filter(pl.col("group_kind") == "ring", pl.col("cover_letter").is_not_null())
    )
    letters = letters.with_columns(
        body=pl.Series(
            [
                letter.replace(name, "NAME")
                for letter, name in letters.select("cover_letter", "full_name").iter_rows()
            ]
        )
    )
    copies = letters.group_by("group_id", "body").len().filter(pl.col("len") >= 2)
    assert copies.height > 0
    assert copies["group_id"].n_unique() == copies.height  # one shared letter per team


def test_the_cli_leaves_the_wider_evidence_out_on_request(tmp_path: Path) -> None:
    code = main(["synth", str(tmp_path / "c"), "--contractors", "250", "--no-wider-evidence"])
    assert code == 0
    assert sorted(p.stem for p in (tmp_path / "c").iterdir()) == sorted(
        t for t in TABLES if t not in (*WIDER_TABLES, "watchlist")
    )
