"""What loading a case lost (workbench.losses), and where a run says it."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from tests.test_cli import cli
from workbench.case import load_case
from workbench.investigation import investigate
from workbench.losses import loss_counts, reject_reasons, table_losses
from workbench.output import write_output

#: Logins whose every time is written day and month first with neither above 12, so that no
#: one can tell which is the month (an office export, not ISO 8601), and
#: payments whose amounts carry a currency sign next to an unreadable one.
EXPORTED = {
    "contractors.csv": "contractor_id,full_name\nc1,Ann Lee\nc2,Bo Park\nc2,Bo Park again\n",
    "logins.csv": (
        "contractor_id,ts,ip\n"
        "c1,03/04/2026 22:44,203.0.113.7\n"
        "c2,03/05/2026 01:10,203.0.113.7\n"
        "c2,03/06/2026 01:10,203.0.113.8\n"
    ),
    "payments.csv": (
        "contractor_id,paid_at,amount,account\n"
        'c1,2026-03-01,"$5,042.97",111\n'
        "c2,2026-03-01,five thousand,222\n"
    ),
}


def test_a_table_that_lost_every_row_says_so_with_its_cause_and_an_example(write_case) -> None:
    losses = table_losses(load_case(write_case(EXPORTED)))
    logins = losses.row(by_predicate=pl.col("table") == "logins", named=True)
    assert (logins["records"], logins["rejected"], logins["emptied"]) == (3, 3, 0)
    assert logins["words"] == "ts: unreadable datetime (row rejected), e.g. '03/04/2026 22:44'"


def test_a_value_left_empty_is_counted_apart_from_rejected_rows(write_case) -> None:
    losses = table_losses(load_case(write_case(EXPORTED)))
    payments = losses.row(by_predicate=pl.col("table") == "payments", named=True)
    # "$5,042.97" is read; "five thousand" is not, and its row is kept without it.
    assert (payments["rejected"], payments["emptied"]) == (0, 1)
    assert "amount: unreadable float" in payments["words"]


def test_one_cause_is_one_line_whatever_rows_it_names(write_case) -> None:
    case = load_case(write_case(EXPORTED))
    reasons = reject_reasons(case.rejects)
    duplicate = reasons.filter(reasons["table"] == "contractors")
    assert duplicate.select("reason", "count").rows() == [
        ("duplicate contractor_id (first kept, at row #)", 1)
    ]
    assert set(table_losses(case)["table"]) == {"contractors", "logins", "payments"}


def test_a_case_that_lost_nothing_has_no_losses() -> None:
    assert table_losses(load_case("sample_data/demo_case")).is_empty()


def test_the_run_summary_names_each_table_that_lost_records(write_case, tmp_path: Path) -> None:
    ran = cli("run", write_case(EXPORTED), "--out", tmp_path / "out", "--no-html")
    assert ran.code == 0, ran.err
    lines = ran.out.splitlines()
    assert (
        "  logins: 3 of 3 rows rejected — ts: unreadable datetime (row rejected),"
        " e.g. '03/04/2026 22:44'" in lines
    )
    assert "  every record and value not used is listed in rejects.csv" in lines


def test_the_run_summary_counts_the_ids_read_in_another_case(write_case, tmp_path: Path) -> None:
    files = EXPORTED | {"logins.csv": "contractor_id,ts\nC1,2025-01-02\nc2,2025-01-02\n"}
    ran = cli("run", write_case(files), "--out", tmp_path / "out", "--no-html")
    assert "  1 contractor id spelling read as another id" in ran.out
    changes = (tmp_path / "out" / "id_changes.csv").read_text(encoding="utf-8").splitlines()
    assert changes == ["table,column,given,id", "logins,contractor_id,C1,c1"]


def test_the_run_summary_escapes_control_characters_of_a_quoted_value(
    write_case, tmp_path: Path
) -> None:
    files = EXPORTED | {"logins.csv": "contractor_id,ts\nc1,\x1b[2Jsoon\n"}
    ran = cli("run", write_case(files), "--out", tmp_path / "out", "--no-html")
    assert "e.g. '\\x1b[2Jsoon'" in ran.out and "\x1b" not in ran.out


def test_the_report_says_what_was_lost_at_its_top(write_case, tmp_path: Path) -> None:
    case = write_case(EXPORTED)
    write_output(investigate(case), tmp_path / "out")
    page = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    said = loss_counts(table_losses(load_case(case)))
    assert said.startswith("contractors: 1 of 3 rows rejected; logins: 3 of 3 rows rejected")
    assert f"<th>lost on loading</th><td>{said}</td>" in page
