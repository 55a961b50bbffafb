"""Tests for workbench/readers.py: csv, parquet and jsonl read as text, losing nothing."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbench.errors import CaseError
from workbench.readers import clean_column_name, csv_separator, read_table_file, unix_line_ends


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def rows(frame: pl.DataFrame) -> list[dict[str, object]]:
    return frame.sort("source_row").to_dicts()


@pytest.mark.parametrize(
    ("header", "separator"),
    [("a,b", ","), ("a;b", ";"), ("a\tb", "\t"), ("a;b,c", ","), ("a", ","), ("", ",")],
)
def test_separator_is_read_from_the_header(header: str, separator: str) -> None:
    assert csv_separator(f"{header}\n1;2\t3\n") == separator


@pytest.mark.parametrize("separator", [";", "\t"])
def test_european_csv_keeps_decimal_commas_as_text(tmp_path: Path, separator: str) -> None:
    text = f"\ufeffContractor ID{separator}Amount\nc1{separator}12,5\nc2{separator}\n"
    raw = read_table_file(write(tmp_path, "payments.csv", text), "payments")
    assert rows(raw.frame) == [
        {"source_row": 1, "contractor_id": "c1", "amount": "12,5"},
        {"source_row": 2, "contractor_id": "c2", "amount": None},
    ]
    assert raw.rejects.height == 0


def test_csv_values_stay_text_exactly_as_written(tmp_path: Path) -> None:
    text = "contractor_id,zip,vpn\r\nc1,00501,TRUE\r\nc2, 7 ,1\r\n"
    raw = read_table_file(write(tmp_path, "t.CSV", text), "logins")
    assert raw.frame.schema["zip"] == pl.String
    assert raw.frame.sort("source_row")["zip"].to_list() == ["00501", " 7 "]
    assert raw.frame["vpn"].to_list() == ["TRUE", "1"]


def test_csv_with_too_many_fields_rejects_only_that_record(tmp_path: Path) -> None:
    text = "a,b\n1,2,3\n4\n5,6\n"
    raw = read_table_file(write(tmp_path, "t.csv", text), "referrals")
    assert rows(raw.frame) == [
        {"a": "4", "b": None, "source_row": 2},
        {"a": "5", "b": "6", "source_row": 3},
    ]
    assert raw.rejects.rows() == [
        ("referrals", 1, "", "record has 3 fields but the header has 2"),
    ]


def test_jsonl_reads_objects_as_text_and_rejects_other_lines(tmp_path: Path) -> None:
    lines = [
        '{"contractor_id": "c1", "vpn": true, "Minutes ": 12.5}',
        "[1, 2]",
        "",
        "{not json",
        '{"contractor_id": "c2", "device": {"os": "x", "id": null}, "vpn": null}\r',
        '{"contractor_id": "c3\u2028and more"}',
    ]
    raw = read_table_file(write(tmp_path, "t.jsonl", "\n".join(lines)), "logins")
    assert raw.frame.columns == ["contractor_id", "vpn", "minutes", "device", "source_row"]
    assert rows(raw.frame) == [
        {"contractor_id": "c1", "vpn": "true", "minutes": "12.5", "device": None, "source_row": 1},
        {
            "contractor_id": "c2",
            "vpn": None,
            "minutes": None,
            "device": '{"id": null, "os": "x"}',
            "source_row": 5,
        },
        {
            "contractor_id": "c3\u2028and more",
            "vpn": None,
            "minutes": None,
            "device": None,
            "source_row": 6,
        },
    ]
    assert [row[:3] for row in raw.rejects.rows()] == [("logins", 2, ""), ("logins", 4, "")]
    assert raw.rejects["reason"][0] == "not a JSON object"
    assert raw.rejects["reason"][1].startswith("not valid JSON (")


def test_parquet_keeps_its_types_and_cleans_names(tmp_path: Path) -> None:
    moment = datetime(2025, 1, 2, 9, tzinfo=UTC)
    path = tmp_path / "logins.parquet"
    pl.DataFrame({"Contractor ID": ["c1"], "TS": [moment], "Minutes": [30]}).write_parquet(path)
    raw = read_table_file(path, "logins")
    assert raw.frame.schema["ts"] == pl.Datetime("us", "UTC")
    assert raw.frame.row(0) == (1, "c1", moment, 30)
    assert raw.frame.columns == ["source_row", "contractor_id", "ts", "minutes"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("t.csv", b"a,b\nc1,x\nc2,\xff\n", r"not UTF-8 text \(invalid byte at line 3\)"),
        ("t.csv", " \n", "the file is empty"),
        ("t.csv", "Contractor ID,contractor_id\nc1,c2\n", "column 'contractor_id' appears more"),
        ("t.parquet", "a,b\n1,2\n", "not a readable parquet file"),
        ("t.jsonl", b'{"a": "\xe9"}\n', "not UTF-8 text"),
    ],
)
def test_unreadable_files_raise_a_case_error_naming_the_file(
    tmp_path: Path, name: str, content: str | bytes, message: str
) -> None:
    path = write(tmp_path, name, content)
    with pytest.raises(CaseError, match=message) as error:
        read_table_file(path, "t")
    assert str(error.value).startswith(f"{path}: ")


def test_a_missing_file_is_a_case_error(tmp_path: Path) -> None:
    with pytest.raises(CaseError, match="cannot be read"):
        read_table_file(tmp_path / "absent.csv", "t")


@given(st.text(max_size=30))
def test_clean_column_names_are_lower_snake_case_and_stable(name: str) -> None:
    cleaned = clean_column_name(name)
    assert all(c.isascii() and (c.isdigit() or c.islower() or c == "_") for c in cleaned)
    assert not cleaned.startswith("_") and not cleaned.endswith("_")
    assert clean_column_name(cleaned) == cleaned


def test_classic_mac_line_ends_lose_no_record(tmp_path):
    path = write(tmp_path, "contractors.csv", "contractor_id,email\rc1,a@x.io\rc2,b@y.io\r")
    raw = read_table_file(path, "contractors")
    assert raw.frame.select("source_row", "contractor_id", "email").rows() == [
        (1, "c1", "a@x.io"),
        (2, "c2", "b@y.io"),
    ]


def test_an_unbalanced_quote_rejects_its_record_and_loses_no_other(tmp_path):
    text = (
        'contractor_id,full_name,email\r\nc1,"Ann Lee,a@x.io\r\n'
        "c2,Bo Kim,b@y.io\r\nc3,Cy,c@z.io\r\n"
    )
    raw = read_table_file(write(tmp_path, "contractors.csv", text), "contractors")
    assert raw.frame.select("source_row", "contractor_id", "email").rows() == [
        (2, "c2", "b@y.io"),
        (3, "c3", "c@z.io"),
    ]
    assert raw.rejects.select("row", "reason").rows() == [
        (1, "the record on line 2 cannot be read (unexpected end of data)")
    ]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("contractors.csv", "contractor_id,Source Row\nc1,5\n"),
        ("contractors.jsonl", '{"contractor_id": "c1", "source_row": 9}\n'),
    ],
)
def test_a_column_named_like_the_record_number_stops_the_load(
    tmp_path: Path, name: str, content: str
) -> None:
    with pytest.raises(CaseError, match="column 'source_row' is reserved"):
        read_table_file(write(tmp_path, name, content), "contractors")


def test_a_parquet_column_named_like_the_record_number_stops_the_load(tmp_path: Path) -> None:
    path = tmp_path / "contractors.parquet"
    pl.DataFrame({"contractor_id": ["c1"], "source_row": [7]}).write_parquet(path)
    with pytest.raises(CaseError, match="column 'source_row' is reserved"):
        read_table_file(path, "contractors")


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("contractor_id,full_name,full_name", "column 'full_name' appears more than once"),
        ("contractor_id,,", "two columns have no name"),
    ],
)
def test_a_repeated_csv_header_stops_the_load_whatever_the_reader(
    tmp_path: Path, header: str, message: str
) -> None:
    for records in ("c1,a,b\n", 'c1,a,b\n"c2\n'):  # the fast reader, then the ragged one
        path = write(tmp_path, "contractors.csv", f"{header}\n{records}")
        with pytest.raises(CaseError, match=message):
            read_table_file(path, "contractors")


def test_cr_line_ends_lose_no_record_when_a_value_holds_a_line_break(tmp_path: Path) -> None:
    text = 'contractor_id,full_name\rc1,"Ann\nLee"\rc2,Bo\r'
    raw = read_table_file(write(tmp_path, "contractors.csv", text), "contractors")
    assert raw.frame.select("source_row", "full_name").rows() == [(1, "Ann\nLee"), (2, "Bo")]
    assert raw.records == 2


def test_a_ragged_csv_with_a_lone_cr_reads_it_as_a_line_end(tmp_path: Path) -> None:
    text = "contractor_id,full_name\nc1,a,extra\nc2,x\ry\n"
    raw = read_table_file(write(tmp_path, "contractors.csv", text), "contractors")
    assert raw.frame.select("source_row", "contractor_id").rows() == [(2, "c2"), (3, "y")]
    assert raw.rejects.select("row", "reason").rows() == [
        (1, "record has 3 fields but the header has 2")
    ]
    assert raw.records == 3


def test_a_blank_line_is_a_record_whichever_reader_reads_it(tmp_path: Path) -> None:
    for text in ("a,b\n1,2\n\n3,4\n", 'a,b\n"1,2\n\n3,4\n', "a,b\n1,2,x\n\n3,4\n"):
        raw = read_table_file(write(tmp_path, "t.csv", text), "t")
        assert raw.records == 3, text
        assert raw.frame.height + raw.rejects.height == 3, text
        assert sorted([*raw.frame["source_row"], *raw.rejects["row"]]) == [1, 2, 3], text


def test_a_field_longer_than_the_csv_module_reads_by_default_is_read(tmp_path: Path) -> None:
    text = f'a,b\n1,2,3\n"{"x" * 200_000}\n{"y" * 100}",4\n5,6\n'
    raw = read_table_file(write(tmp_path, "t.csv", text), "t")
    assert raw.frame.select("source_row", "b").rows() == [(2, "4"), (3, "6")]
    assert raw.frame["a"][0] == "x" * 200_000 + "\n" + "y" * 100
    assert raw.rejects["row"].to_list() == [1]


def test_a_quote_left_open_loses_its_record_alone_and_an_inch_mark_none(tmp_path: Path) -> None:
    text = (
        'contractor_id,full_name,address\nc1,Ann,Unit 4" Oak Rd\nc2,Bob,"3 Elm St\n'
        'c3,Cy,9 Oak\nc4,Dee,"5 Pine St\nApt 2"\nc5,Eve,"1 Elm" St\nc6,Fay,2 Elm St\n'
    )
    raw = read_table_file(write(tmp_path, "contractors.csv", text), "contractors")
    assert raw.frame.select("source_row", "contractor_id", "address").rows() == [
        (1, "c1", 'Unit 4" Oak Rd'),
        (3, "c3", "9 Oak"),
        (4, "c4", "5 Pine St\nApt 2"),
        (6, "c6", "2 Elm St"),
    ]
    assert raw.rejects["row"].to_list() == [2, 5]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('{"contractor_id": "\\ud800"}', "surrogates not allowed"),
        ('{"a": ' + "[" * 100_000 + "]" * 100_000 + "}", "recursion"),
        ('{"a": ' + "9" * 5000 + "}", "4300 digits"),
        ('{"\\udc00": "c1"}', "surrogates not allowed"),
    ],
)
def test_json_lines_python_cannot_hold_are_rejected_alone(
    tmp_path: Path, line: str, reason: str
) -> None:
    text = f'{line}\n{{"contractor_id": "c2"}}\n'
    raw = read_table_file(write(tmp_path, "t.jsonl", text), "contractors")
    assert raw.frame.select("source_row", "contractor_id").rows() == [(2, "c2")]
    assert raw.rejects["row"].to_list() == [1]
    assert (
        raw.rejects["reason"][0].startswith("not readable JSON")
        and reason in (raw.rejects["reason"][0])
    )


def test_jsonl_lines_may_end_in_cr(tmp_path: Path) -> None:
    text = '{"contractor_id": "c1"}\r{"contractor_id": "c2"}\r'
    raw = read_table_file(write(tmp_path, "t.jsonl", text), "contractors")
    assert raw.frame.select("source_row", "contractor_id").rows() == [(1, "c1"), (2, "c2")]


def test_parquet_columns_polars_cannot_cast_to_text_are_read_as_json_text(tmp_path: Path) -> None:
    path = tmp_path / "contractors.parquet"
    pl.DataFrame(
        {
            "contractor_id": ["c1", "c2"],
            "tags": [{"a": 1}, None],
            "emails": [["x@y.io", "z@y.io"], []],
            "notice": [timedelta(days=1), None],
            "photo": [b"\xff", b"ok"],
        }
    ).write_parquet(path)
    frame = read_table_file(path, "contractors").frame
    assert frame.drop("source_row").rows() == [
        ("c1", '{"a": 1}', '["x@y.io", "z@y.io"]', "1 day, 0:00:00", "\\xff"),
        ("c2", None, "[]", None, "ok"),
    ]


def test_a_parquet_file_that_makes_polars_panic_is_one_line_and_prints_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    def panicking_reader(path: Path) -> pl.DataFrame:
        os.write(2, b"thread '<unnamed>' panicked at decode.rs:1:1:\nstack backtrace:\n")
        raise pl.exceptions.PanicException("assertion `left == right` failed\n  left: 0")

    path = write(tmp_path, "contractors.parquet", b"PAR1")
    monkeypatch.setattr(pl, "read_parquet", panicking_reader)
    with pytest.raises(CaseError, match=r"not a readable parquet file \(assertion `left == r"):
        read_table_file(path, "contractors")
    assert capfd.readouterr().err == ""


def test_what_native_code_prints_while_a_parquet_file_is_read_still_shows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    def chatty_reader(path: Path) -> pl.DataFrame:
        os.write(2, b"a warning\n")
        return pl.DataFrame({"contractor_id": ["c1"]})

    monkeypatch.setattr(pl, "read_parquet", chatty_reader)
    read_table_file(write(tmp_path, "contractors.parquet", b""), "contractors")
    assert capfd.readouterr().err == "a warning\n"


def test_utf16_files_are_named_as_such(tmp_path: Path) -> None:
    path = write(tmp_path, "contractors.csv", "contractor_id\nc1\n".encode("utf-16"))
    with pytest.raises(CaseError, match="UTF-16 or UTF-32 text, not UTF-8"):
        read_table_file(path, "contractors")


@given(st.lists(st.sampled_from(["a", "\r", "\n", "\r\n", '"', ","]), max_size=30))
def test_line_ends_become_newlines_and_nothing_else_changes(pieces: list[str]) -> None:
    text = "".join(pieces)
    unix = unix_line_ends(text)
    assert "\r" not in unix.replace("\r\n", "")
    assert unix.replace("\r\n", "\n") == text.replace("\r\n", "\n").replace("\r", "\n")


def test_a_jsonl_key_given_two_values_rejects_its_record(tmp_path: Path) -> None:
    text = (
        '{"contractor_id": "c1", "email": "a@x.io", "email": "b@y.io"}\n'
        '{"contractor_id": "c2", "contractor_id": "c2"}\n'
        '{"contractor_id": "c3", "contractor_id": "c4"}\n'
    )
    raw = read_table_file(write(tmp_path, "contractors.jsonl", text), "contractors")
    assert raw.frame.select("source_row", "contractor_id").rows() == [(2, "c2")]
    assert raw.rejects.select("row", "reason").rows() == [
        (1, "the key 'email' is given two values: which holds is unknown"),
        (3, "the key 'contractor_id' is given two values: which holds is unknown"),
    ]


def test_bytes_that_are_no_utf8_keep_their_difference(tmp_path: Path) -> None:
    path = tmp_path / "contractors.parquet"
    pl.DataFrame(
        {"contractor_id": [b"c1", b"c2"], "device_id": [b"\xff1", b"\xfe1"]}
    ).write_parquet(path)
    raw = read_table_file(path, "contractors")
    assert raw.frame["device_id"].to_list() == ["\\xff1", "\\xfe1"]
