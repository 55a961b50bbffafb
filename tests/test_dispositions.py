"""Tests for workbench/dispositions.py: append-only decisions beside a case."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

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
    assert len((tmp_path / dispositions.FILE_NAME).read_text().splitlines()) == 2


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
    assert not (tmp_path / dispositions.FILE_NAME).exists()


def test_missing_case_folder_is_refused(tmp_path):
    with pytest.raises(CaseError, match="case folder not found"):
        dispositions.record(tmp_path / "nope", ring_id="r", decision="benign")


def test_corrupt_line_is_skipped_with_a_warning_naming_file_and_line(tmp_path, caplog):
    dispositions.record(tmp_path, ring_id="r", decision="benign", recorded_at=T0)
    with (tmp_path / dispositions.FILE_NAME).open("a") as handle:
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
    dispositions.path_for(tmp_path).mkdir()  # a folder where the log should be
    with pytest.raises(CaseError, match="not saved"):
        dispositions.record(tmp_path, ring_id="R-1", decision="confirmed")
