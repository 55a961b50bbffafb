"""Tests for workbench/case_memory.py: each remembered run, kept in the case's .workbench/."""

from __future__ import annotations

import os

import polars as pl
import pytest

from workbench import case_memory
from workbench.case import load_case
from workbench.errors import CaseError
from workbench.investigation import investigate

#: Two rings: a and b share a phone, c and d a device; e is alone.
CASE = {
    "contractors.csv": (
        "contractor_id,full_name,phone\n"
        "a,Ann Lee,+1 415 555 0134\n"
        "b,Bo Park,(415) 555-0134\n"
        "c,Cy Diaz,\n"
        "d,Di Ng,\n"
        "e,Ed Moe,\n"
    ),
    "logins.csv": (
        "contractor_id,ts,device_id\nc,2025-01-02T09:00:00Z,dev-77\nd,2025-01-02T10:00:00Z,dev-77\n"
    ),
}


def test_each_remembered_run_gets_the_next_number_and_is_read_back(write_case):
    case = write_case(CASE)
    first = investigate(case)
    assert first.previous is None
    assert case_memory.remember(first) == case_memory.runs_path(case) / "000001"
    again = investigate(case)
    assert again.previous is not None and again.previous.number == 1
    assert sorted(again.previous.rings["members"].to_list()) == [["a", "b"], ["c", "d"]]
    assert again.previous.rings["lineage_id"].to_list() == first.lineage["lineage_id"].to_list()
    assert again.lineage["change"].to_list() == ["same", "same"]
    assert case_memory.remember(again).name == "000002"
    assert case_memory.previous_run(case).number == 2


def test_a_run_folder_left_half_written_by_a_crash_is_never_read(write_case):
    case = write_case(CASE)
    case_memory.remember(investigate(case))
    crashed = case_memory.runs_path(case) / ".new-crashed"
    crashed.mkdir()
    (crashed / "rings.parquet").write_bytes(b"PAR1 torn")
    assert case_memory.previous_run(case).number == 1
    assert case_memory.remember(investigate(case)).name == "000002"
    assert not crashed.exists()  # cleared under the lock by the next remembered run


def test_an_unreadable_run_is_skipped_with_a_warning(write_case, caplog):
    case = write_case(CASE)
    case_memory.remember(investigate(case))
    broken = case_memory.runs_path(case) / "000002"
    broken.mkdir()
    (broken / "rings.parquet").write_bytes(b"not parquet")
    assert case_memory.previous_run(case).number == 1
    assert "000002" in caplog.text and "cannot be read" in caplog.text


def test_the_case_loader_never_reads_the_memory_folder(write_case):
    case = write_case(CASE)
    before = load_case(case)
    memory = case / ".workbench"
    memory.mkdir()
    (memory / "contractors.csv").write_text("contractor_id\nintruder\n", encoding="utf-8")
    (memory / "decisions.jsonl").write_text("{torn", encoding="utf-8")
    after = load_case(case)
    assert after.tables["contractors"].equals(before.tables["contractors"])
    assert after.rejects.height == before.rejects.height == 0


def test_a_case_folder_that_cannot_be_written_says_so(write_case):
    case = write_case(CASE)
    inv = investigate(case)
    (case / ".workbench").write_text("a file where the folder should be", encoding="utf-8")
    with pytest.raises(CaseError, match="this run was not remembered"):
        case_memory.remember(inv)


def test_seen_rings_finds_content_ids_of_any_earlier_run(write_case):
    case = write_case(CASE)
    first = investigate(case)
    case_memory.remember(first)
    ring = first.ring_scores["ring_id"][0]
    seen = case_memory.seen_rings(case, [ring, "R-none"])
    assert seen["ring_id"].to_list() == [ring]
    assert seen["lineage_id"].to_list() == first.ring_scores["lineage_id"][:1].to_list()
    assert case_memory.seen_rings(case, []).is_empty()


def test_the_memory_holds_each_identity_and_flag(write_case):
    case = write_case(CASE)
    first = investigate(case)
    folder = case_memory.remember(first)
    identities = pl.read_parquet(folder / "identities.parquet")
    assert sorted(identities["contractor_id"]) == ["a", "b", "c", "d", "e"]
    assert pl.read_parquet(folder / "flags.parquet").columns == [
        "contractor_id",
        "code",
        "evidence",
    ]
    assert sorted(os.listdir(folder)) == ["flags.parquet", "identities.parquet", "rings.parquet"]
