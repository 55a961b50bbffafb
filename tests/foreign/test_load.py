"""A foreign case loads cleanly, and its planted bad rows are each reported, not lost."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.foreign.foreign_case import ForeignCase, write_foreign_case
from workbench.case import load_case
from workbench.cli import main


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> ForeignCase:
    return write_foreign_case(tmp_path_factory.mktemp("clean") / "case", seed=5, people=400)


@pytest.fixture(scope="module")
def dirty(tmp_path_factory: pytest.TempPathFactory) -> ForeignCase:
    folder = tmp_path_factory.mktemp("dirty") / "case"
    return write_foreign_case(folder, seed=5, people=400, bad_rows=True)


def test_clean_foreign_case_loads_without_rejects(clean: ForeignCase) -> None:
    case = load_case(clean.path)
    assert case.rejects.height == 0, case.rejects.head(10)
    assert case.tables["contractors"].height == len(clean.kinds)
    assert set(case.files) == {"contractors", "payments", "logins", "shipments", "referrals"}


def test_every_value_of_the_foreign_formats_is_read(clean: ForeignCase) -> None:
    tables = load_case(clean.path).tables
    logins, payments = tables["logins"], tables["payments"]
    assert logins["ts"].null_count() == 0  # mapped from event_time through case.toml
    assert logins["vpn"].null_count() < logins.height  # TRUE/False/1/0 read as booleans
    assert logins["vpn"].sum() > 0
    assert payments["paid_at"].null_count() == 0
    assert str(logins["ts"].dtype).startswith("Datetime")


def test_mixed_offsets_become_one_utc_instant(tmp_path: Path) -> None:
    folder = write_foreign_case(tmp_path / "case", seed=8, people=60).path
    raw = (folder / "logins.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    written = [row[2] for row in csv.reader(io.StringIO(raw.decode("utf-8-sig")))][1:]
    assert any(t.endswith("Z") for t in written) and any(" " in t for t in written)
    expected = [_utc(t) for t in written]
    logins = load_case(folder).tables["logins"].sort("source_row")
    assert logins["source_row"].to_list() == list(range(1, len(written) + 1))
    assert [t.replace(tzinfo=UTC) for t in logins["ts"].dt.replace_time_zone(None)] == expected


def _utc(text: str) -> datetime:
    """Python's own reading of an ISO 8601 text: no offset means UTC."""
    moment = datetime.fromisoformat(text)
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)


def test_planted_bad_rows_are_each_rejected_with_table_row_and_column(dirty: ForeignCase) -> None:
    case = load_case(dirty.path)
    found = set(case.rejects.select("table", "row", "column").iter_rows())
    assert set(dirty.planted) <= found, case.rejects
    assert len(found) == len(dirty.planted), case.rejects
    assert case.tables["contractors"].height == len(dirty.kinds)
    assert "EMP-NOBODY" not in case.tables["logins"]["contractor_id"].to_list()


def test_workbench_check_lists_the_rejects_and_the_ignored_columns(
    dirty: ForeignCase, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(dirty.path)]) == 0
    out = capsys.readouterr().out
    assert "rejects: 3" in out
    for table, _, column in dirty.planted:
        assert f"{table}.{column}" in out
    assert "source_system" in out and "batch_ref" in out


def test_a_line_separator_inside_a_jsonl_string_keeps_the_record(tmp_path: Path) -> None:
    folder = tmp_path / "case"
    folder.mkdir()
    records = [
        {"contractor_id": "EMP-00001", "full_name": "Ana\u2028Lee"},
        {"contractor_id": "EMP-00002", "full_name": "Bo\u2029Kim", "notes": "x\x85y"},
        {"contractor_id": "EMP-00003", "full_name": "Cy Park"},
    ]
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    (folder / "contractors.jsonl").write_text(text, encoding="utf-8")
    case = load_case(folder)
    assert case.rejects.height == 0, case.rejects.rows()
    assert case.tables["contractors"]["contractor_id"].to_list() == [
        "EMP-00001",
        "EMP-00002",
        "EMP-00003",
    ]
    assert case.tables["contractors"]["source_row"].to_list() == [1, 2, 3]
