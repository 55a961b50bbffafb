"""Tests for workbench/dispositions.py: the append-only decision log in the case's memory."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import polars as pl
import pytest

from workbench import dispositions
from workbench.errors import CaseError

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)


def test_latest_keeps_the_newest_decision_per_target(tmp_path):
    dispositions.record(tmp_path, ring_id="r1", decision="needs review", recorded_at=T0)
    dispositions.record(
        tmp_path,
        ring_id="r1",
        decision="confirmed",
        note="shared payee",
        recorded_at=T0 + timedelta(hours=1),
    )
    dispositions.record(tmp_path, contractor_id="r1", decision="benign", recorded_at=T0)
    latest = dispositions.latest(tmp_path)
    assert latest.select("target_type", "target_id", "decision", "note").rows() == [
        ("contractor", "r1", "benign", ""),
        ("ring", "r1", "confirmed", "shared payee"),
    ]
    assert latest["recorded_at"][1] == T0 + timedelta(hours=1)


def test_an_older_time_written_later_does_not_win(tmp_path):
    dispositions.record(tmp_path, ring_id="r1", decision="confirmed", recorded_at=T0)
    dispositions.record(
        tmp_path, ring_id="r1", decision="benign", recorded_at=T0 - timedelta(days=1)
    )
    assert dispositions.latest(tmp_path)["decision"].to_list() == ["confirmed"]


def test_same_time_later_line_wins(tmp_path):
    for decision in ["benign", "confirmed", "needs review"]:
        dispositions.record(tmp_path, ring_id="r1", decision=decision, recorded_at=T0)
    assert dispositions.latest(tmp_path)["decision"].to_list() == ["needs review"]


def test_history_is_append_only_and_keeps_untrusted_text_verbatim(tmp_path):
    note = '</script><img src=x onerror=1>\n"quoted" ; =cmd|x'
    dispositions.record(tmp_path, ring_id="r<1>", decision="benign", note=note, recorded_at=T0)
    dispositions.record(tmp_path, ring_id="r<1>", decision="confirmed", recorded_at=T0)
    history = dispositions.history(tmp_path)
    assert history["decision"].to_list() == ["benign", "confirmed"]
    assert history["note"][0] == note
    assert history["target_id"][0] == "r<1>"
    assert len(dispositions.path_for(tmp_path).read_text().splitlines()) == 2


def test_naive_time_is_utc(tmp_path):
    dispositions.record(
        tmp_path, ring_id="r", decision="benign", recorded_at=datetime(2026, 1, 1, 8)
    )
    assert dispositions.latest(tmp_path)["recorded_at"][0] == datetime(
        2026, 1, 1, 8, tzinfo=timezone.utc
    )


def test_empty_case_has_no_decisions(tmp_path):
    latest = dispositions.latest(tmp_path)
    assert latest.height == 0
    assert latest.schema == dispositions.SCHEMA


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"decision": "confirmed"}, "exactly one"),
        ({"ring_id": "r", "contractor_id": "c", "decision": "confirmed"}, "exactly one"),
        ({"ring_id": "r", "decision": "guilty"}, "unknown decision"),
    ],
)
def test_bad_records_are_refused(tmp_path, kwargs, message):
    with pytest.raises(CaseError, match=message):
        dispositions.record(tmp_path, **kwargs)
    assert not dispositions.path_for(tmp_path).exists()


def test_missing_case_folder_is_refused(tmp_path):
    with pytest.raises(CaseError, match="case folder not found"):
        dispositions.record(tmp_path / "nope", ring_id="r", decision="benign")


def test_corrupt_line_is_skipped_with_a_warning_naming_file_and_line(tmp_path, caplog):
    dispositions.record(tmp_path, ring_id="r", decision="benign", recorded_at=T0)
    with dispositions.path_for(tmp_path).open("a") as handle:
        handle.write("{not json\n")
    assert dispositions.latest(tmp_path)["target_id"].to_list() == ["r"]
    assert dispositions.FILE_NAME in caplog.text and "line 2" in caplog.text


def test_a_note_with_line_separators_never_locks_the_case(tmp_path):
    note = "pasted from a r\u00e9sum\u00e9:\u2028line two\u0085line three\u2029end"
    dispositions.record(tmp_path, ring_id="R-1", decision="confirmed", note=note)
    dispositions.record(tmp_path, contractor_id="c-2", decision="benign")
    text = dispositions.path_for(tmp_path).read_text(encoding="utf-8")
    assert len(text.splitlines()) == 2  # no raw separator reaches the file
    decided = dispositions.latest(tmp_path)
    assert decided.height == 2
    assert decided.filter(pl.col("target_id") == "R-1")["note"].item() == note


def test_a_torn_line_is_skipped_set_aside_and_never_swallows_the_next(tmp_path, caplog):
    dispositions.record(tmp_path, ring_id="R-1", decision="confirmed")
    with dispositions.path_for(tmp_path).open("a", encoding="utf-8") as handle:
        handle.write('{"decision": "benign", "target_id": "R-')  # a crash mid-write
    dispositions.record(tmp_path, ring_id="R-3", decision="needs review")
    decided = dispositions.latest(tmp_path)
    assert decided["target_id"].to_list() == ["R-1", "R-3"]
    assert "line 2" in caplog.text
    side = dispositions.quarantine_path(tmp_path)
    assert side.read_text(encoding="utf-8").count("\n") == 1
    dispositions.latest(tmp_path)  # reading again sets nothing aside twice
    assert side.read_text(encoding="utf-8").count("\n") == 1


def test_a_decision_that_cannot_be_saved_says_so(tmp_path):
    dispositions.path_for(tmp_path).mkdir(parents=True)  # a folder where the log should be
    with pytest.raises(CaseError, match="not saved"):
        dispositions.record(tmp_path, ring_id="R-1", decision="confirmed")


def test_the_log_lives_in_the_case_memory_folder(tmp_path):
    dispositions.record(tmp_path, ring_id="L-1", decision="confirmed")
    assert dispositions.path_for(tmp_path) == tmp_path / ".workbench" / "decisions.jsonl"
    assert [p.name for p in tmp_path.iterdir()] == [".workbench"]


def test_each_entry_says_who_decided_when_on_what_and_on_which_evidence(tmp_path):
    evidence = {"ring_id": "R-9", "members": ["c2", "c1"], "score": 81.5}
    dispositions.record(
        tmp_path,
        ring_id="L-9",
        decision="confirmed",
        note="one wallet",
        analyst="ana",
        recorded_at=T0,
        evidence=evidence,
    )
    line = json.loads(dispositions.path_for(tmp_path).read_text(encoding="utf-8"))
    assert line == {
        "analyst": "ana",
        "decision": "confirmed",
        "evidence": {"flags": [], "members": ["c1", "c2"], "ring_id": "R-9", "score": 81.5},
        "note": "one wallet",
        "recorded_at": "2026-03-01T12:00:00+00:00",
        "target_id": "L-9",
        "target_type": "ring",
    }
    row = dispositions.latest(tmp_path).row(0, named=True)
    assert row["analyst"] == "ana" and row["evidence"]["members"] == ["c1", "c2"]
    assert len(row["entry_id"]) == dispositions.ENTRY_ID_DIGITS


def test_the_analyst_comes_from_the_option_then_the_environment_then_the_login(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(dispositions.getpass, "getuser", lambda: "login-name")
    monkeypatch.delenv(dispositions.ANALYST_VARIABLE, raising=False)
    assert dispositions.analyst_name() == "login-name"
    monkeypatch.setenv(dispositions.ANALYST_VARIABLE, "env-name")
    assert dispositions.analyst_name() == "env-name"
    assert dispositions.analyst_name("given") == "given"
    dispositions.record(tmp_path, contractor_id="c1", decision="benign")
    assert dispositions.latest(tmp_path)["analyst"].to_list() == ["env-name"]


def test_unknown_evidence_is_refused(tmp_path):
    with pytest.raises(CaseError, match="unknown evidence field 'colour'"):
        dispositions.record(tmp_path, ring_id="L-1", decision="benign", evidence={"colour": 1})


def test_the_log_of_earlier_versions_is_still_read_first(tmp_path):
    legacy = {
        "target_type": "ring",
        "target_id": "R-old",
        "decision": "confirmed",
        "note": "from the old file",
        "recorded_at": "2025-01-01T00:00:00+00:00",
    }
    (tmp_path / dispositions.LEGACY_FILE_NAME).write_text(json.dumps(legacy) + "\n")
    dispositions.record(tmp_path, contractor_id="c1", decision="benign", recorded_at=T0)
    history = dispositions.history(tmp_path)
    assert history.select("target_id", "note", "analyst").rows() == [
        ("R-old", "from the old file", None),
        ("c1", "", history["analyst"][1]),
    ]
    assert history["evidence"][0] == {"ring_id": None, "members": [], "score": None, "flags": []}


def test_a_line_whose_note_is_null_shows_no_note(tmp_path):
    line = {
        "target_type": "ring",
        "target_id": "R-1",
        "decision": "benign",
        "note": None,
        "recorded_at": "2025-01-01T00:00:00Z",
    }
    (tmp_path / dispositions.LEGACY_FILE_NAME).write_text(json.dumps(line) + "\n")
    assert dispositions.history(tmp_path)["note"].to_list() == [""]


def _append_many(case: str, writer: str, count: int) -> None:
    for n in range(count):
        dispositions.record(
            case, contractor_id=f"{writer}-{n}", decision="benign", note=writer * 500
        )


def test_two_processes_appending_at_once_lose_nothing(tmp_path):
    context = multiprocessing.get_context("spawn")
    writers = [
        context.Process(target=_append_many, args=(str(tmp_path), name, 150)) for name in "ab"
    ]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(timeout=120)
        assert writer.exitcode == 0
    history = dispositions.history(tmp_path)
    assert history.height == 300
    assert set(history["target_id"]) == {f"{w}-{n}" for w in "ab" for n in range(150)}
    assert not dispositions.quarantine_path(tmp_path).exists()


def _append_forever(case: str) -> None:
    n = 0
    while True:
        dispositions.record(case, contractor_id=f"child-{n}", decision="benign", note="x" * 50_000)
        n += 1


def test_a_writer_killed_midway_loses_no_earlier_decision(tmp_path):
    for n in range(20):
        dispositions.record(tmp_path, ring_id=f"L-{n}", decision="confirmed", note=f"kept {n}")
    log = dispositions.path_for(tmp_path)
    before = log.stat().st_size
    child = multiprocessing.get_context("spawn").Process(
        target=_append_forever, args=(str(tmp_path),)
    )
    child.start()
    deadline = time.monotonic() + 60
    while log.stat().st_size < before + 2_000_000 and time.monotonic() < deadline:
        time.sleep(0.01)
    os.kill(child.pid, signal.SIGKILL)  # kill -9, wherever it is in a write
    child.join()
    assert child.exitcode == -signal.SIGKILL
    dispositions.record(tmp_path, ring_id="L-after", decision="benign")  # the lock was released
    decided = dispositions.latest(tmp_path)
    rings = decided.filter(pl.col("target_type") == "ring")
    assert rings["target_id"].to_list() == sorted([f"L-{n}" for n in range(20)] + ["L-after"])
    assert rings.filter(pl.col("target_id") == "L-7")["note"].item() == "kept 7"
    children = decided.filter(pl.col("target_type") == "contractor")
    lines = Path(log).read_text(encoding="utf-8").split("\n")
    complete = sum(1 for line in lines if line.startswith('{"analyst"') and line.endswith("}"))
    assert children.height + rings.height == complete > 21
