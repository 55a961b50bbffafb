"""Case loading: formats, mapping, typing, rejects and one-line errors."""

from __future__ import annotations

from datetime import date, datetime, timezone

import polars as pl
import pytest

from workbench.case import load_case
from workbench.errors import CaseError

CONTRACTORS = "contractor_id,full_name,hired_at\nc1,Ann Lee,2024-01-02\nc2,Bob Roy,2024-02-03\n"


def rejects_of(case) -> list[tuple]:
    return case.rejects.select("table", "row", "column").rows()


def test_loads_every_table_with_contract_columns_and_row_numbers(write_case):
    case = load_case(write_case({"contractors.csv": CONTRACTORS}))
    contractors = case.tables["contractors"]
    assert contractors["contractor_id"].to_list() == ["c1", "c2"]
    assert contractors["source_row"].to_list() == [1, 2]
    assert contractors["hired_at"].to_list() == [date(2024, 1, 2), date(2024, 2, 3)]
    assert contractors["email"].dtype == pl.String and contractors["email"].null_count() == 2
    assert set(case.tables) == {
        "contractors",
        "payments",
        "logins",
        "shipments",
        "referrals",
        "identifiers",
    }
    assert case.tables["logins"].schema["ts"] == pl.Datetime("us", "UTC")
    assert case.rejects.is_empty()


def test_timestamps_with_and_without_offsets_become_utc(write_case):
    logins = (
        "contractor_id,ts\n"
        "c1,2025-03-04T09:12:00+09:00\n"
        "c1,2025-03-04 09:12:00Z\n"
        "c1,2025-03-04T09:12:00\n"
        "c1,2025-03-04T09:12:00.5-0500\n"
    )
    case = load_case(write_case({"contractors.csv": CONTRACTORS, "logins.csv": logins}))
    utc = timezone.utc
    assert case.tables["logins"]["ts"].to_list() == [
        datetime(2025, 3, 4, 0, 12, tzinfo=utc),
        datetime(2025, 3, 4, 9, 12, tzinfo=utc),
        datetime(2025, 3, 4, 9, 12, tzinfo=utc),
        datetime(2025, 3, 4, 14, 12, 0, 500000, tzinfo=utc),
    ]


def test_booleans_and_numbers_are_coerced(write_case):
    logins = (
        "contractor_id,ts,vpn,session_minutes\n"
        'c1,2025-01-01,Yes,"1,500.5"\n'
        "c1,2025-01-01,0,12\n"
        "c1,2025-01-01,TRUE,\n"
        "c1,2025-01-01,no,1\n"
    )
    case = load_case(write_case({"contractors.csv": CONTRACTORS, "logins.csv": logins}))
    assert case.tables["logins"]["vpn"].to_list() == [True, False, True, False]
    assert case.tables["logins"]["session_minutes"].to_list() == [1500.5, 12.0, None, 1.0]


def test_bad_rows_go_to_rejects_and_the_rest_loads(write_case):
    contractors = CONTRACTORS + "c1,Again,2024-03-03\n,No Id,\nc3,Cy,someday\n"
    payments = (
        "contractor_id,paid_at,account\n"
        "c1,2025-01-01,ACCT 1\n"
        "c2,yesterday,ACCT 2\n"
        "c2,2025-01-01,\n"
        "ghost,2025-01-01,ACCT 3\n"
    )
    case = load_case(write_case({"contractors.csv": contractors, "payments.csv": payments}))
    assert case.tables["contractors"]["contractor_id"].to_list() == ["c1", "c2", "c3"]
    assert case.tables["contractors"]["hired_at"].to_list()[2] is None
    assert case.tables["payments"]["account"].to_list() == ["ACCT 1"]
    assert rejects_of(case) == [
        ("contractors", 3, "contractor_id"),
        ("contractors", 4, "contractor_id"),
        ("contractors", 5, "hired_at"),
        ("payments", 2, "paid_at"),
        ("payments", 3, "account"),
        ("payments", 4, "contractor_id"),
    ]
    reasons = case.rejects["reason"].to_list()
    assert reasons[0] == "duplicate contractor_id (first kept, at row 1)"
    assert reasons[1] == "missing required value"
    assert "row kept" in reasons[2] and "row rejected" in reasons[3]
    assert reasons[5] == "unknown contractor_id"


def test_referrals_reject_unknown_referrers(write_case):
    referrals = "referrer_id,contractor_id\nc1,c2\nnobody,c2\n"
    case = load_case(write_case({"contractors.csv": CONTRACTORS, "referrals.csv": referrals}))
    assert case.tables["referrals"].height == 1
    assert rejects_of(case) == [("referrals", 2, "referrer_id")]


def test_a_row_naming_two_unknown_contractors_is_rejected_once_for_the_first(write_case):
    referrals = "referrer_id,contractor_id\nc1,c2\nnobody,ghost\nc1,ghost\nnobody,c1\n"
    case = load_case(write_case({"contractors.csv": CONTRACTORS, "referrals.csv": referrals}))
    assert case.tables["referrals"]["source_row"].to_list() == [1]
    assert rejects_of(case) == [
        ("referrals", 2, "referrer_id"),
        ("referrals", 3, "contractor_id"),
        ("referrals", 4, "referrer_id"),
    ]


def test_csv_record_with_too_many_fields_is_rejected_not_fatal(write_case):
    logins = "contractor_id,ts\nc1,2025-01-01\nc1,2025-01-02,extra\nc2,2025-01-03\n"
    case = load_case(write_case({"contractors.csv": CONTRACTORS, "logins.csv": logins}))
    assert case.tables["logins"]["contractor_id"].to_list() == ["c1", "c2"]
    assert rejects_of(case) == [("logins", 2, "")]


def test_jsonl_and_parquet_load_like_csv(write_case, tmp_path):
    jsonl = (
        '{"contractor_id": "c1", "full_name": "Ann", "hired_at": "2024-01-02"}\n'
        "{broken\n"
        '{"contractor_id": "c2", "full_name": null, "extra": [1, 2]}\n'
    )
    case = load_case(write_case({"contractors.jsonl": jsonl}))
    assert case.tables["contractors"]["contractor_id"].to_list() == ["c1", "c2"]
    assert rejects_of(case) == [("contractors", 2, "")]
    assert case.ignored_columns["contractors"] == ("extra",)

    folder = tmp_path / "pq"
    folder.mkdir()
    pl.DataFrame({"contractor_id": ["c1"], "hired_at": [date(2024, 1, 2)]}).write_parquet(
        folder / "contractors.parquet"
    )
    pl.DataFrame(
        {
            "contractor_id": ["c1", "c1"],
            "ts": [datetime(2025, 1, 1, 9), datetime(2025, 1, 1, 10)],
            "vpn": [True, False],
            "session_minutes": [5, 6],
        }
    ).write_parquet(folder / "logins.parquet")
    typed = load_case(folder)
    assert typed.tables["contractors"]["hired_at"].to_list() == [date(2024, 1, 2)]
    assert typed.tables["logins"]["ts"].dt.hour().to_list() == [9, 10]
    assert typed.tables["logins"]["session_minutes"].to_list() == [5.0, 6.0]


def test_column_mapping_from_case_toml_and_argument(write_case):
    folder = write_case(
        {
            "contractors.csv": "Worker ID,Name\nc1,Ann\n",
            "case.toml": '[columns.contractors]\n"Worker ID" = "contractor_id"\n',
        }
    )
    case = load_case(folder, mapping={"contractors": {"name": "full_name"}})
    assert case.tables["contractors"]["full_name"].to_list() == ["Ann"]


def test_header_names_are_cleaned(write_case):
    folder = write_case({"contractors.csv": "\ufeffContractor ID , Full Name\r\nc1,Ann\r\n"})
    assert load_case(folder).tables["contractors"]["full_name"].to_list() == ["Ann"]


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"payments.csv": "contractor_id\n"}, "no contractors table"),
        (
            {"contractors.csv": "full_name\nAnn\n"},
            "contractors.csv: required column 'contractor_id'",
        ),
        (
            {
                "contractors.csv": CONTRACTORS,
                "payments.csv": "contractor_id,paid_at\nc1,2025-01-01\n",
            },
            "payments.csv: required column 'account' is missing",
        ),
        (
            {"contractors.csv": CONTRACTORS, "contractors.jsonl": '{"contractor_id": "x"}\n'},
            "two files for table 'contractors'",
        ),
        ({"contractors.csv": b"contractor_id,full_name\nc1,Jos\xe9\n"}, "not UTF-8"),
        ({"contractors.csv": ""}, "contractors.csv: the file is empty"),
        ({"contractors.parquet": b"not parquet"}, "contractors.parquet: not a readable parquet"),
        (
            {"contractors.csv": "contractor_id,Contractor ID\nc1,c2\n"},
            "'contractor_id' appears more than once",
        ),
    ],
)
def test_unusable_cases_are_one_line_errors_naming_the_file(write_case, files, message):
    with pytest.raises(CaseError) as raised:
        load_case(write_case(files))
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)


def test_missing_folder_is_an_error(tmp_path):
    with pytest.raises(CaseError, match="no such case folder"):
        load_case(tmp_path / "nope")


def test_jsonl_records_may_hold_line_separators_inside_strings(write_case):
    jsonl = (
        '{"contractor_id": "c1", "full_name": "Ann\u2028Lee\u0085x\u000cy"}\r\n'
        '{"contractor_id": "c2", "full_name": "Bob"}\n'
    )
    case = load_case(write_case({"contractors.jsonl": jsonl}))
    assert case.rejects.is_empty()
    assert case.tables["contractors"]["full_name"].to_list() == [
        "Ann\u2028Lee\u0085x\u000cy",
        "Bob",
    ]


def test_semicolon_separated_exports_load(write_case):
    folder = write_case({"contractors.csv": "contractor_id;full_name\nc1;Ann\nc2;Bob;extra\n"})
    case = load_case(folder)
    assert case.tables["contractors"]["full_name"].to_list() == ["Ann"]
    assert rejects_of(case) == [("contractors", 2, "")]


def test_table_file_names_match_whatever_their_case(write_case):
    case = load_case(write_case({"Contractors.CSV": "contractor_id\nc1\n"}))
    assert case.tables["contractors"]["contractor_id"].to_list() == ["c1"]


def test_a_table_that_leads_out_of_the_case_or_is_no_file_stops_the_load(write_case, tmp_path):
    outside = tmp_path / "secret.csv"
    outside.write_text("contractor_id\nleaked\n", encoding="utf-8")
    linked = write_case({}, name="linked")
    (linked / "contractors.csv").symlink_to(outside)
    with pytest.raises(CaseError, match="leads out of the case folder"):
        load_case(linked)
    folder = write_case({}, name="folder")
    (folder / "contractors.csv").mkdir()
    with pytest.raises(CaseError, match="not a regular file"):
        load_case(folder)


def test_a_case_toml_that_is_no_regular_file_stops_the_load(write_case):
    folder = write_case({"contractors.csv": "contractor_id\nc1\n"})
    (folder / "case.toml").symlink_to("/dev/zero")
    with pytest.raises(CaseError, match="not a regular file"):
        load_case(folder)
