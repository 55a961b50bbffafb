"""Analysts' decisions come back on every rerun and follow their ring as the case grows.

The sample case is copied for each test; its ring paid into wallet 0xc407… (six
identities, C000314 among them) is confirmed, then the case changes and is run again.
"""

from __future__ import annotations

import contextlib
import io
import json
import multiprocessing
import os
import re
import shutil
import signal
import time
from pathlib import Path

import polars as pl
import pytest

from tests.conftest import SAMPLE_CASE
from tests.test_dispositions import _append_forever
from workbench import dispositions
from workbench.case_memory import remember
from workbench.cli import main
from workbench.investigation import Investigation, investigate
from workbench.lineage import legacy_ring_id
from workbench.output import write_html, write_tables

WALLET = "0xc40730c7b1ee1f64792e4231d9b3447a570a0c09"
#: A member of the wallet ring, and one of another ring (eight identities, other wallets).
WALLET_MEMBER, OTHER_RING_MEMBER = "C000314", "C000311"
HIRE = "C009001"


@pytest.fixture
def case(tmp_path: Path) -> Path:
    return Path(shutil.copytree(SAMPLE_CASE, tmp_path / "case", ignore=ignore_memory))


def ignore_memory(_folder: str, names: list[str]) -> list[str]:
    """A developer's own runs and decisions on the sample case are not copied."""
    return [n for n in names if n in {".workbench", dispositions.LEGACY_FILE_NAME}]


def cli(*args: str | Path) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main([str(a) for a in args])
    assert code == 0
    return out.getvalue()


def ring_of(inv: Investigation, contractor_id: str) -> dict:
    ring = inv.scored.filter(pl.col("contractor_id") == contractor_id)["ring_id"].item()
    return inv.ring_scores.filter(pl.col("ring_id") == ring).row(0, named=True)


def members(inv: Investigation, ring_id: str) -> list[str]:
    return inv.members.filter(pl.col("ring_id") == ring_id)["contractor_id"].to_list()


def hire_paying_into(case: Path, account: str, contractor_id: str = HIRE) -> None:
    with (case / "contractors.csv").open("a", encoding="utf-8") as rows:
        rows.write(f"{contractor_id},Nadia Reyes,nadia.reyes@example.com,,,,,2025-03-01,,,,\n")
    pay(case, contractor_id, account)


def pay(case: Path, contractor_id: str, account: str) -> None:
    with (case / "payments.csv").open("a", encoding="utf-8") as rows:
        rows.write(
            f"P0900{contractor_id},{contractor_id},2025-03-10T10:00:00Z,1500,USDT,crypto,"
            f"{account},Nadia Reyes,\n"
        )


def test_decisions_reach_contractors_csv_and_the_report(case, tmp_path):
    first = investigate(case)
    ring_id = first.ring_scores["ring_id"][0]
    member = first.members.filter(pl.col("ring_id") == ring_id)["contractor_id"][0]
    loner = first.scored.filter(pl.col("ring_id").is_null())["contractor_id"][0]
    dispositions.record(case, ring_id=ring_id, decision="confirmed", note="same laptop farm")
    dispositions.record(case, contractor_id=loner, decision="benign")

    again = investigate(case)
    write_tables(again, tmp_path / "out")
    report = write_html(again, tmp_path / "out").read_text(encoding="utf-8")

    people = pl.read_csv(tmp_path / "out" / "contractors.csv", infer_schema=False)
    decided = dict(people.select("contractor_id", "disposition").iter_rows())
    assert decided[member] == "confirmed"
    assert decided[loner] == "benign"
    assert (
        sum(v is not None for v in decided.values())
        == first.members.filter(pl.col("ring_id") == ring_id).height + 1
    )
    assert (
        again.ring_scores.filter(pl.col("ring_id") == ring_id)["disposition"].item() == "confirmed"
    )
    assert "confirmed" in report


def test_a_confirmed_ring_that_grows_keeps_its_decision_and_alerts_first(case, tmp_path):
    old, new = tmp_path / "out-1", tmp_path / "out-2"
    cli("run", case, "--out", old)
    ring = ring_of(investigate(case), WALLET_MEMBER)
    printed = cli(
        "decide", case, "--ring", ring["ring_id"], "--decision", "confirmed", "--analyst", "ana"
    )
    assert f"recorded 'confirmed' on ring {ring['lineage_id']} by ana" in printed

    hire_paying_into(case, WALLET)
    printed = cli("run", case, "--out", new)
    assert f"new member joined a confirmed ring: {HIRE} joined" in printed

    grown = pl.read_csv(new / "ring_summary.csv").filter(pl.col("lineage_id") == ring["lineage_id"])
    assert grown.select("change", "disposition", "ring_size").row(0) == ("grown", "confirmed", 7)
    assert grown["ring_id"].item() != ring["ring_id"]  # content ids stay content ids
    people = pl.read_csv(new / "contractors.csv").filter(pl.col("ring_id") == grown["ring_id"])
    assert HIRE in people["contractor_id"].to_list()
    assert set(people["disposition"]) == {"confirmed"}

    report = (new / "report.html").read_text(encoding="utf-8")
    first_alert = re.search(r'<li class="band-item[^>]*>(.*?)</li>', report, re.S).group(1)
    assert "new member joined a confirmed ring" in first_alert
    assert HIRE in first_alert and "Nadia Reyes" in first_alert

    changes = pl.read_csv(new / "changes.csv")
    assert changes.select("change", "contractor_id").rows() == [
        ("grown_ring", None),
        ("new_identity", HIRE),
    ]
    diffed = cli("diff", old, new)
    assert diffed.splitlines()[0] == "2 changes: grown ring: 1, new identity: 1"
    assert f"{HIRE} joined, tied by payment_account crypto:{WALLET}" in diffed
    assert "Since last run (run 1 of this case)" in report


def test_a_ring_judged_benign_that_grows_alerts_on_the_newcomer(case, tmp_path):
    cli("run", case, "--out", tmp_path / "out-1")
    ring = ring_of(investigate(case), WALLET_MEMBER)
    cli("decide", case, "--ring", ring["ring_id"], "--decision", "benign")
    hire_paying_into(case, WALLET)
    printed = cli("run", case, "--out", tmp_path / "out-2")
    assert f"new member joined a ring judged benign: {HIRE} joined" in printed
    grown = investigate(case)
    assert ring_of(grown, HIRE)["disposition"] == "benign"
    assert grown.newcomer_alerts.select("disposition", "newcomers").rows() == [("benign", [HIRE])]


def test_a_reconfirmed_ring_raises_no_newcomer_alert(case):
    investigate(case).decide("confirmed", contractor_id=WALLET_MEMBER)  # an identity: no ring
    hire_paying_into(case, WALLET)
    grown = investigate(case)
    ring = ring_of(grown, HIRE)
    grown.decide("confirmed", ring_id=ring["ring_id"], note="all seven")
    assert investigate(case).newcomer_alerts.is_empty()
    entry = dispositions.latest(case).filter(pl.col("target_type") == "ring").row(0, named=True)
    assert HIRE in entry["evidence"]["members"] and entry["evidence"]["score"] == ring["ring_score"]


def test_removing_a_member_keeps_the_decision_with_nothing_to_review(case):
    first = investigate(case)
    remember(first)
    ring = ring_of(first, WALLET_MEMBER)
    first.decide("confirmed", ring_id=ring["lineage_id"])
    kept = [
        line
        for line in (case / "contractors.csv").read_text(encoding="utf-8").splitlines(True)
        if not line.startswith(WALLET_MEMBER + ",")
    ]
    (case / "contractors.csv").write_text("".join(kept), encoding="utf-8")

    shrunk = investigate(case)
    after = shrunk.ring_scores.filter(pl.col("lineage_id") == ring["lineage_id"]).row(0, named=True)
    assert (after["change"], after["disposition"], after["review"]) == ("shrunk", "confirmed", None)
    assert after["ring_size"] == ring["ring_size"] - 1
    assert shrunk.newcomer_alerts.is_empty()
    assert (
        shrunk.changes.filter(pl.col("change") == "shrunk_ring")["evidence"]
        .item()
        .count(f"left: {WALLET_MEMBER}")
        == 1
    )


def test_merging_a_confirmed_ring_with_an_undecided_one_stays_confirmed_for_review(case, tmp_path):
    first = investigate(case)
    remember(first)
    confirmed, undecided = ring_of(first, WALLET_MEMBER), ring_of(first, OTHER_RING_MEMBER)
    first.decide("confirmed", ring_id=confirmed["ring_id"])
    pay(case, OTHER_RING_MEMBER, WALLET)  # a member of the other ring pays into the wallet too

    merged = investigate(case)
    ring = ring_of(merged, WALLET_MEMBER)
    assert ring["ring_id"] == ring_of(merged, OTHER_RING_MEMBER)["ring_id"]
    assert ring["change"] == "merged"
    assert ring["lineage_id"] == undecided["lineage_id"]  # it shares more members with it
    assert ring["disposition"] == "confirmed"
    parts = sorted(
        [(confirmed["lineage_id"], "confirmed"), (undecided["lineage_id"], "no decision")]
    )
    assert ring["review"] == "merged from " + ", ".join(f"{lid} ({d})" for lid, d in parts)
    alert = merged.newcomer_alerts.row(0, named=True)
    assert alert["newcomers"] == sorted(members(first, undecided["ring_id"]))
    report = write_html(merged, tmp_path / "out").read_text(encoding="utf-8")
    assert f"confirmed; review: {ring['review']}" in report

    remember(merged)  # the review mark lasts until an analyst decides on the merged ring
    assert ring_of(investigate(case), WALLET_MEMBER)["review"] == ring["review"]
    investigate(case).decide("needs review", ring_id=ring["lineage_id"])
    again = ring_of(investigate(case), WALLET_MEMBER)
    assert (again["disposition"], again["review"]) == ("needs review", None)


def test_a_decision_recorded_as_the_explorer_does_follows_the_grown_ring(case, tmp_path):
    cli("run", case, "--out", tmp_path / "out")
    ring = ring_of(investigate(case), WALLET_MEMBER)
    dispositions.record(case, ring_id=ring["ring_id"], decision="confirmed")  # a content id
    hire_paying_into(case, WALLET)
    grown = investigate(case)
    assert ring_of(grown, HIRE)["disposition"] == "confirmed"
    assert grown.newcomer_alerts["newcomers"].to_list() == [[HIRE]]


def test_a_decision_of_an_earlier_version_still_finds_its_ring(case):
    inv = investigate(case)
    ring = ring_of(inv, WALLET_MEMBER)
    old_id = legacy_ring_id(members(inv, ring["ring_id"]))
    line = {
        "target_type": "ring",
        "target_id": old_id,
        "decision": "benign",
        "note": "agency",
        "recorded_at": "2025-01-01T00:00:00+00:00",
    }
    (case / dispositions.LEGACY_FILE_NAME).write_text(json.dumps(line) + "\n", encoding="utf-8")
    assert ring_of(investigate(case), WALLET_MEMBER)["disposition"] == "benign"


def test_a_decision_write_killed_midway_loses_no_earlier_decision(case):
    inv = investigate(case)
    ring = ring_of(inv, WALLET_MEMBER)
    inv.decide("confirmed", ring_id=ring["ring_id"], note="before the crash")
    log = dispositions.path_for(case)
    child = multiprocessing.get_context("spawn").Process(target=_append_forever, args=(str(case),))
    child.start()
    deadline = time.monotonic() + 60
    while log.stat().st_size < 1_000_000 and time.monotonic() < deadline:
        time.sleep(0.01)
    os.kill(child.pid, signal.SIGKILL)
    child.join()
    again = investigate(case)
    assert ring_of(again, WALLET_MEMBER)["disposition"] == "confirmed"
    kept = dispositions.latest(case).filter(pl.col("target_id") == ring["lineage_id"])
    assert kept["note"].to_list() == ["before the crash"]
