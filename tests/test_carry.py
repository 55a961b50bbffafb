"""Tests for workbench/carry.py: each rule by which a decision follows its ring across runs."""

from __future__ import annotations

from datetime import datetime, timezone

import polars as pl

from workbench import dispositions
from workbench.carry import DECIDED_SCHEMA, carry, follow, ring_decisions
from workbench.case_memory import RING_MEMORY, Remembered
from workbench.lineage import EARLIER_SCHEMA, legacy_ring_id, match_rings
from workbench.rings import ring_id

T0 = datetime(2026, 3, 1, tzinfo=timezone.utc)
NO_DECISIONS = pl.DataFrame(schema=DECIDED_SCHEMA)


def state(lineage: str, members: list[str], disposition: str | None = None, **more) -> dict:
    """One ring of the previous run with what it carried."""
    return {
        "ring_id": ring_id(members),
        "lineage_id": lineage,
        "change": "same",
        "ring_score": 80.0,
        "members": sorted(members),
        "disposition": disposition,
        "review": more.get("review", []),
        "decided_members": more.get("decided", sorted(members) if disposition else []),
        "basis": more.get("basis", "e-" + lineage if disposition else None),
    }


def rerun(before: list[dict], *rings: list[str], decided: pl.DataFrame = NO_DECISIONS) -> dict:
    """Carry the previous run's decisions to these rings; the result by sorted members."""
    earlier = pl.DataFrame(before, schema=RING_MEMORY)
    members = pl.DataFrame(
        [(ring_id(m), c) for m in rings for c in m],
        schema={"ring_id": pl.String, "contractor_id": pl.String},
        orient="row",
    )
    past = earlier.select("ring_id", "lineage_id", contractor_id="members").explode("contractor_id")
    lineage = match_rings(past.select(EARLIER_SCHEMA.names()), members).filter(
        pl.col("change") != "gone"
    )
    found = carry(lineage, members, earlier, decided)
    return {
        ring: found.filter(pl.col("ring_id") == ring_id(ring)).row(0, named=True)
        for ring in map(tuple, rings)
    }


def test_a_grown_confirmed_ring_keeps_its_decision_and_names_the_newcomer():
    ring = rerun([state("L-a", ["a", "b"], "confirmed")], ["a", "b", "n"])[("a", "b", "n")]
    assert (ring["lineage_id"], ring["change"], ring["disposition"]) == (
        "L-a",
        "grown",
        "confirmed",
    )
    assert ring["newcomers"] == ["n"]
    assert ring["review"] == []


def test_a_grown_benign_ring_keeps_its_decision_and_names_the_newcomer():
    # A front that joins an agency the analyst cleared must not hide under that decision.
    ring = rerun([state("L-a", ["a", "b"], "benign")], ["a", "b", "n"])[("a", "b", "n")]
    assert (ring["change"], ring["disposition"], ring["newcomers"]) == ("grown", "benign", ["n"])


def test_a_grown_ring_that_needs_review_names_no_newcomer():
    ring = rerun([state("L-a", ["a", "b"], "needs review")], ["a", "b", "n"])[("a", "b", "n")]
    assert (ring["disposition"], ring["newcomers"]) == ("needs review", [])


def test_a_benign_ring_merged_with_an_undecided_one_names_the_undecided_members():
    before = [state("L-a", ["a", "b", "c"], "benign"), state("L-b", ["d", "e"])]
    ring = rerun(before, list("abcde"))[tuple("abcde")]
    assert (ring["disposition"], ring["newcomers"]) == ("benign", ["d", "e"])


def test_a_shrunk_ring_keeps_its_decision_with_nothing_to_review():
    ring = rerun([state("L-a", ["a", "b", "c"], "confirmed")], ["a", "b"])[("a", "b")]
    assert (ring["change"], ring["disposition"], ring["review"], ring["newcomers"]) == (
        "shrunk",
        "confirmed",
        [],
        [],
    )


def test_a_merge_of_a_confirmed_and_an_undecided_ring_stays_confirmed_for_review():
    before = [state("L-a", ["a", "b"], "confirmed"), state("L-b", ["c", "d", "e"])]
    ring = rerun(before, ["a", "b", "c", "d", "e"])[("a", "b", "c", "d", "e")]
    assert (ring["lineage_id"], ring["change"], ring["disposition"]) == (
        "L-b",
        "merged",
        "confirmed",
    )
    assert ring["review"] == ["merged from L-a (confirmed), L-b (no decision)"]
    assert ring["newcomers"] == ["c", "d", "e"]


def test_a_merge_of_two_confirmed_rings_needs_no_review():
    before = [state("L-a", ["a", "b"], "confirmed"), state("L-b", ["c", "d"], "confirmed")]
    ring = rerun(before, ["a", "b", "c", "d"])[("a", "b", "c", "d")]
    assert (ring["disposition"], ring["review"], ring["newcomers"]) == ("confirmed", [], [])


def test_a_merge_carries_the_strongest_decision():
    before = [state("L-a", ["a", "b"], "benign"), state("L-b", ["c", "d"], "needs review")]
    ring = rerun(before, ["a", "b", "c", "d"])[("a", "b", "c", "d")]
    assert ring["disposition"] == "needs review"
    assert ring["review"] == ["merged from L-a (benign), L-b (needs review)"]


def test_every_part_of_a_split_carries_the_decision_for_review():
    found = rerun([state("L-x", list("abcde"), "confirmed")], ["a", "b", "c"], ["d", "e"])
    for part in found.values():
        assert part["change"] == "split"
        assert part["disposition"] == "confirmed"
        assert part["review"] == ["split from L-x (confirmed)"]
        assert part["newcomers"] == []
    assert {p["lineage_id"] for p in found.values()} == {"L-x", "L-" + ring_id(["d", "e"])[2:]}


def test_a_newer_analyst_decision_replaces_what_was_carried_and_clears_review():
    carried = state("L-b", list("abcd"), "confirmed", review=["merged from …"], basis="e-old")
    newer = pl.DataFrame(
        [("L-b", "benign", "e-new", list("abcde"))], schema=NO_DECISIONS.schema, orient="row"
    )
    ring = rerun([carried], list("abcde"), decided=newer)[tuple("abcde")]
    assert (ring["disposition"], ring["review"], ring["basis"]) == ("benign", [], "e-new")


def test_the_decision_a_state_rests_on_does_not_clear_its_review_again():
    carried = state("L-b", list("abcd"), "confirmed", review=["merged from …"], basis="e-1")
    same = pl.DataFrame(
        [("L-b", "confirmed", "e-1", ["a", "b"])], schema=NO_DECISIONS.schema, orient="row"
    )
    ring = rerun([carried], list("abcd"), decided=same)[tuple("abcd")]
    assert ring["review"] == ["merged from …"]  # lasts until an analyst decides again


def test_a_reconfirmation_on_the_grown_ring_ends_the_newcomer_alert():
    before = [state("L-a", ["a", "b"], "confirmed")]
    again = pl.DataFrame(
        [("L-a", "confirmed", "e-2", ["a", "b", "n"])], schema=NO_DECISIONS.schema, orient="row"
    )
    assert rerun(before, ["a", "b", "n"])[("a", "b", "n")]["newcomers"] == ["n"]
    assert rerun(before, ["a", "b", "n"], decided=again)[("a", "b", "n")]["newcomers"] == []


def test_decisions_on_content_ids_and_old_style_ids_find_their_lineage():
    log = pl.DataFrame(
        {
            "target_id": [ring_id(["a", "b"]), legacy_ring_id(["c", "d"]), "R-unknown", "L-z"],
            "decision": ["confirmed", "benign", "benign", "needs review"],
            "recorded_at": [T0] * 4,
            "entry_id": ["e1", "e2", "e3", "e4"],
            "evidence": [{"ring_id": None, "members": []}] * 4,
        }
    )
    known = pl.DataFrame(
        {
            "ring_id": [ring_id(["a", "b"]), legacy_ring_id(["c", "d"])],
            "lineage_id": ["L-ab", "L-cd"],
            "members": [["a", "b"], ["c", "d"]],
        }
    )
    assert ring_decisions(log, known).rows() == [
        ("L-ab", "confirmed", "e1", ["a", "b"]),
        ("L-cd", "benign", "e2", ["c", "d"]),
        ("L-z", "needs review", "e4", None),
    ]


def test_follow_reads_the_log_and_the_previous_run(tmp_path):
    members = pl.DataFrame(
        {"ring_id": [ring_id(["a", "b", "n"])] * 3, "contractor_id": ["a", "b", "n"]}
    )
    dispositions.record(
        tmp_path, ring_id="L-a", decision="confirmed", evidence={"members": ["a", "b"]}
    )
    previous = Remembered(
        number=1,
        rings=pl.DataFrame([state("L-a", ["a", "b"])], schema=RING_MEMORY),
        identities=pl.DataFrame(),
        flags=pl.DataFrame(),
    )
    found = follow(tmp_path, members, previous, dispositions.history(tmp_path))
    assert found.select("lineage_id", "change", "disposition", "newcomers").row(0) == (
        "L-a",
        "grown",
        "confirmed",
        ["n"],
    )
