"""Case loading: formats, mapping, typing, rejects and one-line errors."""

from __future__ import annotations

import csv
from datetime import date, datetime, timedelta, timezone

import polars as pl
import pytest

from tests.conftest import SAMPLE_CASE
from workbench import case as case_module
from workbench.case import load_case
from workbench.errors import CaseError
from workbench.investigation import investigate
from workbench.synth import WIDER_TABLES
from workbench.tables import TABLES

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
        "endpoint_events",
        "device_locations",
        "engagements",
        "interviews",
        "identity_checks",
        "watchlist",
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


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("[columns]\ncontractors = 5\n", "[columns.'contractors'] must map column names"),
        ('[columns.contractors]\n"Worker ID" = 7\n', "[columns.'contractors'] must map column"),
        ("x = " + "[" * 2000, "its values nest too deeply"),
        ('[columns."a\\nb"]\nx = "y"\n', "column mapping for unknown table 'a\\nb'"),
        ('[infrastructure]\n"a\\nb" = "x"\n', "[infrastructure] 'a\\nb' must be a list"),
    ],
)
def test_a_hostile_case_toml_is_a_one_line_error(write_case, toml, message):
    folder = write_case({"contractors.csv": "contractor_id\nc1\n", "case.toml": toml})
    with pytest.raises(CaseError) as raised:
        load_case(folder)
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)


def test_a_mapping_cannot_rename_the_record_number(write_case):
    folder = write_case(
        {
            "contractors.csv": "contractor_id,x\nc1,y\n",
            "case.toml": '[columns.contractors]\nsource_row = "x"\n',
        }
    )
    assert load_case(folder).tables["contractors"]["source_row"].to_list() == [1]


def test_mapping_targets_are_cleaned_like_header_names(write_case):
    folder = write_case(
        {
            "contractors.csv": "Worker ID\nc1\n",
            "case.toml": '[columns.contractors]\n"Worker ID" = " Contractor ID"\n',
        }
    )
    assert load_case(folder).tables["contractors"]["contractor_id"].to_list() == ["c1"]


def test_parquet_values_of_any_type_load_or_are_rejected(tmp_path):
    folder = tmp_path / "case"
    folder.mkdir()
    pl.DataFrame(
        {
            "contractor_id": ["c1", "c2"],
            "email": [["a@x.io"], None],
            "full_name": [b"Ann", b"\xff"],
            "hired_at": [timedelta(days=1), None],
        }
    ).write_parquet(folder / "contractors.parquet")
    case = load_case(folder)
    assert case.tables["contractors"].select("email", "full_name", "hired_at").rows() == [
        ('["a@x.io"]', "Ann", None),
        (None, "\\xff", None),
    ]
    assert rejects_of(case) == [("contractors", 1, "hired_at")]


MESSY_PAYMENTS = (
    "contractor_id,paid_at,amount,account\n"
    "c1,2025-01-02T03:04:05+09:00,12.5,A1\n"
    "c1,2025-01-02T03:04:05+99:99,1,A1\n"
    "c1,2025-01-02 03:04-00:60,1,A1\n"
    "c1,10000-01-01T00:00:00Z,1,A1\n"
    "c1,9999-12-31T23:00:00-05:00,1,A1\n"
    "c1,0001-01-01T00:00:00+14:00,1,A1\n"
    "c1,2025-01-02,nan,A1\n"
    "c1,2025-01-02,inf,A1\n"
    "c1,2025-01-02,-Infinity,A1\n"
    "c1,2025-01-02,1e400,A1\n"
)


def test_impossible_offsets_and_years_reject_the_row_naming_the_column(write_case):
    case = load_case(write_case({"contractors.csv": CONTRACTORS, "payments.csv": MESSY_PAYMENTS}))
    rejected = case.rejects.filter(pl.col("column") == "paid_at")
    assert rejected.select("table", "row", "column").rows() == [
        ("payments", row, "paid_at") for row in (2, 3, 4, 5, 6)
    ]
    assert rejected["reason"][0] == (
        "unreadable datetime '2025-01-02T03:04:05+99:99' (row rejected)"
    )
    assert case.tables["payments"]["source_row"].to_list() == [1, 7, 8, 9, 10]


def test_amounts_that_are_not_finite_are_left_empty_and_listed(write_case):
    case = load_case(write_case({"contractors.csv": CONTRACTORS, "payments.csv": MESSY_PAYMENTS}))
    assert case.tables["payments"]["amount"].to_list() == [12.5, None, None, None, None]
    rejected = case.rejects.filter(pl.col("column") == "amount")
    assert rejected.select("row", "reason").rows() == [
        (7, "unreadable float 'nan' (row kept, value left empty)"),
        (8, "unreadable float 'inf' (row kept, value left empty)"),
        (9, "unreadable float '-Infinity' (row kept, value left empty)"),
        (10, "unreadable float '1e400' (row kept, value left empty)"),
    ]


def test_typed_parquet_values_outside_the_calendar_or_infinite_are_rejected(tmp_path):
    folder = tmp_path / "case"
    folder.mkdir()
    pl.DataFrame({"contractor_id": ["c1"]}).write_parquet(folder / "contractors.parquet")
    moments = pl.Series([datetime(2025, 1, 2), datetime(1, 1, 1, 1)]).dt.replace_time_zone(
        "Asia/Kolkata"
    )
    pl.DataFrame(
        {
            "contractor_id": ["c1", "c1"],
            "ts": moments,
            "session_minutes": [float("nan"), float("-inf")],
        }
    ).write_parquet(folder / "logins.parquet")
    case = load_case(folder)
    assert case.tables["logins"]["source_row"].to_list() == [1]
    assert case.tables["logins"]["session_minutes"].to_list() == [None]
    assert rejects_of(case) == [
        ("logins", 1, "session_minutes"),
        ("logins", 2, "ts"),
    ]


def test_nfc_and_nfd_spellings_of_an_id_are_one_identity(write_case):
    contractors = "contractor_id,full_name\n\u00e9mile,NFC\ne\u0301mile,NFD\n\u200bc2\ufeff,Bo\n"
    referrals = "referrer_id,contractor_id\ne\u0301mile,c2\n"
    case = load_case(write_case({"contractors.csv": contractors, "referrals.csv": referrals}))
    assert case.tables["contractors"]["contractor_id"].to_list() == ["\u00e9mile", "c2"]
    assert case.tables["referrals"].select("referrer_id", "contractor_id").rows() == [
        ("\u00e9mile", "c2")
    ]
    assert case.rejects.select("row", "reason").rows() == [
        (2, "duplicate contractor_id (first kept, at row 1)")
    ]
    assert case.id_changes.rows() == [
        ("contractors", "contractor_id", "e\u0301mile", "\u00e9mile"),
        ("contractors", "contractor_id", "\u200bc2\ufeff", "c2"),
        ("referrals", "referrer_id", "e\u0301mile", "\u00e9mile"),
    ]


def test_an_id_of_invisible_characters_only_is_missing(write_case):
    case = load_case(write_case({"contractors.csv": "contractor_id\nc1\n\u200b\u200d\n"}))
    assert case.tables["contractors"]["contractor_id"].to_list() == ["c1"]
    assert case.rejects.select("row", "reason").rows() == [(2, "missing required value")]


def test_ids_given_as_numbers_in_parquet_are_read_as_text(tmp_path):
    folder = tmp_path / "case"
    folder.mkdir()
    pl.DataFrame({"contractor_id": [17, 18]}).write_parquet(folder / "contractors.parquet")
    assert load_case(folder).tables["contractors"]["contractor_id"].to_list() == ["17", "18"]


def test_every_record_of_the_sample_case_is_accounted_for():
    case = load_case(SAMPLE_CASE)
    for table, path in case.files.items():
        with path.open(newline="", encoding="utf-8") as handle:
            records = sum(1 for _ in csv.reader(handle)) - 1
        assert case.record_counts[table] == (records, case.tables[table].height, 0)


def test_record_counts_name_every_table_and_balance_with_the_rejects(write_case):
    contractors = 'contractor_id,hired_at\nc1,2024-01-01\nc1,x\n\n"c3\nc4,someday\n'
    logins = "contractor_id,ts\nc1,2025-01-01\nghost,2025-01-01\nc1,never\n"
    case = load_case(write_case({"contractors.csv": contractors, "logins.csv": logins}))
    assert case.record_counts == {
        "contractors": (5, 2, 3),
        "payments": (0, 0, 0),
        "logins": (3, 1, 2),
        "shipments": (0, 0, 0),
        "referrals": (0, 0, 0),
        "identifiers": (0, 0, 0),
        "endpoint_events": (0, 0, 0),
        "device_locations": (0, 0, 0),
        "engagements": (0, 0, 0),
        "interviews": (0, 0, 0),
        "identity_checks": (0, 0, 0),
        "watchlist": (0, 0, 0),
    }


def test_the_wider_evidence_tables_load_typed(write_case):
    files = {
        "contractors.csv": CONTRACTORS,
        "logins.csv": "contractor_id,ts,ip,asn,isp,vpn_provider,ip_type\n"
        "c1,2025-01-02T08:00:00Z,203.0.113.9,AS9009,M247,Astrill VPN,vpn\n",
        "shipments.csv": "contractor_id,ship_to_address,requested_at,address_type\n"
        "c1,1 Dock Rd,2025-01-03T10:00:00+09:00,freight_forwarder\n",
        "endpoint_events.csv": "contractor_id,device_id,ts,kind,name,detail\n"
        "c1,L-1,2025-01-04T00:00:00Z,usb,PiKVM,1d6b:0104\n",
        "device_locations.csv": "device_id,contractor_id,ts,egress_ip,country\n"
        "L-1,c1,2025-01-05 12:00,198.51.100.4,US\n",
        "engagements.csv": "contractor_id,client,started_at,ended_at\nc1,Initech,2024-01-02,\n",
        "interviews.csv": "contractor_id,ts,camera_on,join_ip,same_person_as_previous\n"
        "c1,2023-12-20T15:00:00Z,No,203.0.113.9,\n"
        "c1,2023-12-27T15:00:00Z,yes,203.0.113.9,false\n",
        "identity_checks.csv": "contractor_id,check,result,at\n"
        "c2,e_verify,tentative_nonconfirmation,2024-02-05T16:00:00Z\n",
    }
    case = load_case(write_case(files))
    assert case.rejects.is_empty()
    tables = case.tables
    assert tables["logins"].schema["ip_type"] == pl.Categorical
    assert tables["shipments"]["requested_at"].to_list() == [
        datetime(2025, 1, 3, 1, 0, tzinfo=timezone.utc)
    ]
    assert tables["endpoint_events"]["kind"].cast(pl.String).to_list() == ["usb"]
    assert tables["device_locations"]["ts"].dt.hour().to_list() == [12]
    assert tables["engagements"].select("started_at", "ended_at").row(0) == (date(2024, 1, 2), None)
    assert tables["interviews"]["camera_on"].to_list() == [False, True]
    assert tables["interviews"]["same_person_as_previous"].to_list() == [None, False]
    assert tables["identity_checks"]["at"].dt.date().to_list() == [date(2024, 2, 5)]


def test_bad_wider_evidence_rows_are_listed_with_file_row_and_column(write_case):
    files = {
        "contractors.csv": CONTRACTORS,
        "endpoint_events.csv": "contractor_id,kind,name\nc1,software,AnyDesk\nc1,usb,\n",
        "device_locations.csv": "device_id,contractor_id,ts\n"
        "L-1,c1,last tuesday\nL-1,ghost,2025-01-05\n",
        "engagements.csv": "contractor_id,client,started_at\nc1,Initech,soon\n",
        "interviews.csv": "contractor_id,camera_on\nc1,maybe\n",
        "identity_checks.csv": "contractor_id,check,result\nc2,e_verify,\n",
    }
    case = load_case(write_case(files))
    assert rejects_of(case) == [
        ("device_locations", 1, "ts"),
        ("device_locations", 2, "contractor_id"),
        ("endpoint_events", 2, "name"),
        ("engagements", 1, "started_at"),
        ("identity_checks", 1, "result"),
        ("interviews", 1, "camera_on"),
    ]
    assert "unreadable bool 'maybe' (row kept" in case.rejects["reason"][-1]
    assert case.tables["engagements"]["client"].to_list() == ["Initech"]  # kept, date empty
    assert case.tables["interviews"]["camera_on"].to_list() == [None]
    assert case.tables["device_locations"].is_empty()
    assert case.record_counts["device_locations"] == (2, 0, 2)


def test_empty_wider_evidence_changes_no_output_of_the_sample_case(tmp_path):
    folder = tmp_path / "case"
    folder.mkdir()
    for path in SAMPLE_CASE.glob("*.csv"):
        table = pl.read_csv(path, infer_schema_length=0)
        missing = [c for c in TABLES[path.stem].names if c not in table.columns]
        table.with_columns(pl.lit(None, pl.String).alias(c) for c in missing).write_csv(
            folder / path.name
        )
    for name in WIDER_TABLES:
        (folder / f"{name}.csv").write_text(",".join(TABLES[name].names) + "\n")
    before, after = investigate(SAMPLE_CASE), investigate(folder)
    assert after.case.columns_present["logins"] == TABLES["logins"].names
    for frame in ("rings", "contractors", "links", "hubs", "flags"):
        assert getattr(after, frame).equals(getattr(before, frame)), frame


def test_of_two_unusable_tables_the_error_names_the_first_in_contract_order(write_case):
    # The logins file is the larger, so it is loaded first, yet payments comes first in
    # the contract: the error is the one a load of one table after another stops at.
    logins = "contractor_id,ip\n" + "c1,203.0.113.9\n" * 5000
    files = {
        "contractors.csv": CONTRACTORS,
        "payments.csv": "contractor_id,paid_at\nc1,2025-01-01\n",
        "logins.csv": logins,
    }
    with pytest.raises(CaseError, match="payments.csv: required column 'account' is missing"):
        load_case(write_case(files))


def test_tables_loaded_at_once_equal_tables_loaded_one_after_another(monkeypatch):
    at_once = load_case(SAMPLE_CASE)
    monkeypatch.setattr(case_module, "LOAD_THREADS", 1)
    one_by_one = load_case(SAMPLE_CASE)
    for name, frame in one_by_one.tables.items():
        assert at_once.tables[name].equals(frame), name
    assert at_once.rejects.equals(one_by_one.rejects)
    assert at_once.record_counts == one_by_one.record_counts


def test_an_id_written_in_another_case_names_the_one_contractor_it_can(write_case) -> None:
    case = load_case(
        write_case(
            {
                "contractors.csv": "contractor_id\nK845-001\nab\nAB\n",
                "logins.csv": (
                    "contractor_id,ts,ip\n"
                    "k845-001,2025-01-02T09:00:00Z,203.0.113.7\n"
                    "Ab,2025-01-02T09:00:00Z,203.0.113.7\n"
                ),
            }
        )
    )
    assert case.tables["logins"]["contractor_id"].to_list() == ["K845-001"]
    assert case.id_changes.rows() == [("logins", "contractor_id", "k845-001", "K845-001")]
    # "Ab" could be "ab" or "AB": it names neither, and its row is rejected as before.
    assert case.rejects.select("table", "row", "reason").rows() == [
        ("logins", 2, "unknown contractor_id")
    ]


def test_a_jsonl_file_with_no_readable_record_says_why(tmp_path):
    folder = tmp_path / "case"
    folder.mkdir()
    (folder / "contractors.jsonl").write_text(
        '{"contractor_id": "c1", "contractor_id": "c2"}\n[1, 2]\n'
    )
    with pytest.raises(CaseError) as raised:
        load_case(folder)
    assert str(raised.value) == (
        f"{folder / 'contractors.jsonl'}: no record could be read (2 rejected; row 1: the key"
        " 'contractor_id' is given two values: which holds is unknown)"
    )
