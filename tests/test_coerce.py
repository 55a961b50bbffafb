"""Tests for workbench/coerce.py: timestamps match the calendar, booleans use one vocabulary."""

from __future__ import annotations

import math
import unicodedata
from datetime import date, datetime, timedelta, timezone

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.coerce import (
    canonical_ids,
    coerce,
    common_iso,
    exact_iso,
    parse_dates,
    parse_datetimes,
    per_distinct,
)
from workbench.tables import TABLES

moments = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2090, 1, 1))
offsets = st.integers(min_value=-12 * 60, max_value=14 * 60).map(lambda m: m - m % 15)
layouts = st.sampled_from(["T", " "])
suffixes = st.sampled_from(["offset", "offset-nocolon", "Z", "none", " UTC"])


def iso(moment: datetime, offset: int, sep: str, suffix: str) -> str:
    text = moment.strftime(f"%Y-%m-%d{sep}%H:%M:%S")
    if moment.microsecond:
        text += f".{moment.microsecond:06d}"
    if suffix in ("offset", "offset-nocolon"):
        sign = "+" if offset >= 0 else "-"
        hours, minutes = divmod(abs(offset), 60)
        colon = ":" if suffix == "offset" else ""
        return f"{text}{sign}{hours:02d}{colon}{minutes:02d}"
    return text + {"Z": "Z", "none": "", " UTC": " UTC"}[suffix]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(moments, offsets, layouts, suffixes), min_size=1, max_size=30))
def test_every_iso_spelling_reads_as_the_same_utc_instant(cases):
    texts = [iso(*case) for case in cases]
    expected = [
        (m - timedelta(minutes=o if s.startswith("offset") else 0)).replace(tzinfo=timezone.utc)
        for m, o, _, s in cases
    ]
    assert parse_datetimes(pl.Series(texts)).to_list() == expected


def test_unreadable_text_is_null_not_an_error():
    values = pl.Series(["soon", "2025-13-01T00:00:00Z", "", None, "2025-02-29T00:00:00"])
    assert parse_datetimes(values).to_list() == [None] * 5


dates_or_text = st.one_of(
    st.dates().map(lambda d: f" {d.isoformat()} "),
    st.from_regex(r"\A[0-9+-]{1,4}-[0-9]{1,2}-[0-9]{1,3}\Z"),
    st.text(max_size=12),
)


@given(st.lists(dates_or_text, max_size=20))
def test_date_fast_path_reads_what_the_timestamp_reader_reads(values: list[str]) -> None:
    text = pl.Series(values, dtype=pl.String)
    assert parse_dates(text).to_list() == parse_datetimes(text).dt.date().to_list()


def logins_with_vpn(vpn: pl.Series) -> pl.DataFrame:
    rows = len(vpn)
    return pl.DataFrame(
        {
            "contractor_id": [f"c{i}" for i in range(rows)],
            "ts": ["2025-01-02T09:00:00Z"] * rows,
            "vpn": vpn,
            "source_row": range(1, rows + 1),
        }
    )


def test_vpn_reads_every_word_of_the_vocabulary_and_reports_the_rest():
    words = ["true", "t", "Y", " yes ", "1", "FALSE", "f", "n", "No", "0", "maybe", "", None]
    out = coerce(logins_with_vpn(pl.Series(words)), TABLES["logins"])
    assert out.frame["vpn"].to_list() == [True] * 5 + [False] * 5 + [None] * 3
    assert out.frame["source_row"].to_list() == list(range(1, 14))
    assert out.rejects.rows() == [
        ("logins", 11, "vpn", "unreadable bool 'maybe' (row kept, value left empty)")
    ]


def test_vpn_given_as_booleans_or_numbers_is_read_as_is():
    for given_values in (pl.Series([True, False, None]), pl.Series([1, 0, None])):
        out = coerce(logins_with_vpn(given_values), TABLES["logins"])
        assert out.frame["vpn"].to_list() == [True, False, None]
        assert out.rejects.height == 0


@pytest.mark.parametrize(
    "text",
    [
        "2025-01-02T03:04:05+99:99",
        "2025-01-02T03:04:05+14:01",
        "2025-01-02T03:04:05-1500",
        "2025-01-02T03:04:05+05:60",
        "2025-01-02 03:04+99:99",
        "2025-01-02 03:04:05.5 +2400",
    ],
)
def test_offsets_no_time_zone_uses_are_unreadable(text: str) -> None:
    assert parse_datetimes(pl.Series([text])).to_list() == [None]


@pytest.mark.parametrize(
    ("text", "hour"),
    [
        ("2025-01-02T03:04:05+14:00", 13),
        ("2025-01-02T03:04:05-12:00", 15),
        ("2025-01-02 03:04-0930", 12),
    ],
)
def test_offsets_time_zones_use_are_read(text: str, hour: int) -> None:
    assert parse_datetimes(pl.Series([text])).dt.hour().to_list() == [hour]


def coerced_payments(column: str, values: pl.Series) -> pl.DataFrame:
    raw = pl.DataFrame(
        {
            "contractor_id": ["c1"] * len(values),
            "paid_at": ["2025-01-02"] * len(values),
            "account": ["A1"] * len(values),
            column: values,
            "source_row": range(1, len(values) + 1),
        }
    )
    return coerce(raw, TABLES["payments"])


def test_moments_outside_the_years_0001_to_9999_in_utc_reject_the_row() -> None:
    texts = ["10000-01-01T00:00:00Z", "9999-12-31T23:00-05:00", "0001-01-01T00:00+14:00"]
    out = coerced_payments("paid_at", pl.Series([*texts, "9999-12-31T23:59:59.999999Z"]))
    assert out.frame["source_row"].to_list() == [4]
    assert out.rejects.select("row", "column").rows() == [
        (1, "paid_at"),
        (2, "paid_at"),
        (3, "paid_at"),
    ]


def test_dates_outside_the_calendar_are_left_empty() -> None:
    raw = pl.DataFrame(
        {
            "contractor_id": ["c1", "c2", "c3"],
            "hired_at": ["9999-12-31", "9999-12-31T23:00-05:00", "10000-01-01"],
            "source_row": [1, 2, 3],
        }
    )
    out = coerce(raw, TABLES["contractors"])
    assert out.frame["hired_at"].to_list() == [date(9999, 12, 31), None, None]
    assert out.rejects["row"].to_list() == [2, 3]


@pytest.mark.parametrize(
    "values",
    [
        pl.Series(["nan", "NaN", "inf", "-inf", "Infinity", "1e309", "-1e309"]),
        pl.Series([math.nan, math.inf, -math.inf]),
    ],
)
def test_amounts_that_are_not_finite_are_unreadable(values: pl.Series) -> None:
    out = coerced_payments("amount", values)
    assert out.frame["amount"].null_count() == len(values)
    assert out.rejects["row"].to_list() == list(range(1, len(values) + 1))
    assert out.rejects["reason"].str.ends_with("(row kept, value left empty)").all()


@given(st.lists(st.text(max_size=12), max_size=20))
def test_canonical_ids_are_idempotent_and_merge_spellings_of_one_text(ids: list[str]) -> None:
    nfd = [unicodedata.normalize("NFD", i) for i in ids]
    once = pl.select(canonical_ids(pl.lit(pl.Series(ids, dtype=pl.String)))).to_series()
    twice = pl.select(canonical_ids(pl.lit(once))).to_series()
    decomposed = pl.select(canonical_ids(pl.lit(pl.Series(nfd, dtype=pl.String)))).to_series()
    assert once.to_list() == twice.to_list() == decomposed.to_list()
    assert not once.str.contains(r"\p{Cf}|^\s|\s$").any()


def test_ids_are_respelt_only_where_needed_and_the_changes_are_listed() -> None:
    raw = pl.DataFrame(
        {
            "referrer_id": [" c1 ", "e\u0301", "\u00e9", None],
            "contractor_id": ["c2", "c2\u200b", "c2", "c2"],
            "source_row": [1, 2, 3, 4],
        }
    )
    out = coerce(raw, TABLES["referrals"])
    assert out.frame.select("referrer_id", "contractor_id").rows() == [
        ("c1", "c2"),
        ("\u00e9", "c2"),
        ("\u00e9", "c2"),
    ]
    assert out.id_changes.rows() == [
        ("referrals", "contractor_id", "c2\u200b", "c2"),
        ("referrals", "referrer_id", "e\u0301", "\u00e9"),
    ]


iso_pieces = st.tuples(
    st.sampled_from(
        ["2025-03-04", "2024-02-29", "2025-02-30", "0001-01-01", "+2025-1-04", "é25-03-04"]
    ),
    st.sampled_from(["T", " ", "t", "x", "é", ""]),
    st.sampled_from(["09:12:00", "23:59:60", "09:12", "9:12:00", "09:12:0"]),
    st.sampled_from(["", ".5", ".1234567", ".1234567890", "..5", "5"]),
    st.sampled_from(["", "Z", "z", "+09:00", "-0930", "+14:01", "+99:99", " UTC", "Z5", "é"]),
)


@given(st.lists(iso_pieces.map("".join), min_size=1, max_size=30))
def test_the_fast_reader_reads_what_the_exact_reader_reads(texts: list[str]) -> None:
    text = pl.Series(texts, dtype=pl.String)
    fast = common_iso(text)
    exact = pl.select(exact_iso(pl.lit(text))).to_series()
    with_t = text.str.slice(10, 1) == "T"
    assert fast.filter(with_t).to_list() == exact.filter(with_t).to_list()
    assert fast.filter(~with_t).null_count() == (~with_t).sum()


@given(st.lists(st.sampled_from(["2025-03-04", " 2025-03-04", "soon", "", None]), max_size=30))
def test_reading_each_distinct_value_once_reads_every_value_alike(values: list[str | None]):
    text = pl.Series("hired_at", values, dtype=pl.String)
    assert per_distinct(text, parse_dates).to_list() == parse_dates(text).to_list()


@pytest.mark.parametrize(
    "given_values",
    [["usb", "hid", "usb"], ["usb", "", None], [" usb", "hid ", ""], ["\u00a0usb", "hid", "hid"]],
)
def test_text_is_trimmed_and_blank_text_is_empty_in_every_column_type(
    given_values: list[str | None],
) -> None:
    raw = pl.DataFrame(
        {
            "contractor_id": ["c1"] * 3,
            "ts": ["2025-01-02T09:00:00Z"] * 3,
            "user_agent": given_values,  # a category
            "remote_tool": given_values,  # text
            "source_row": [1, 2, 3],
        }
    )
    frame = coerce(raw, TABLES["logins"]).frame
    expected = [(v or "").strip() or None for v in given_values]
    assert frame["remote_tool"].to_list() == expected
    assert frame["user_agent"].dtype == pl.Categorical
    assert frame["user_agent"].cast(pl.String).to_list() == expected


def test_a_zoned_moment_in_a_date_column_keeps_its_utc_date_as_its_text_does() -> None:
    # 22:00 in New York on 27 March is 28 March in UTC, the date the text gives.
    moment = datetime(2026, 3, 27, 22, tzinfo=timezone(timedelta(hours=-4)))
    typed = pl.DataFrame(
        {
            "contractor_id": ["c1"],
            "hired_at": pl.Series([moment]).dt.convert_time_zone("America/New_York"),
        }
    )
    written = pl.DataFrame({"contractor_id": ["c1"], "hired_at": ["2026-03-27T22:00:00-04:00"]})
    for raw in (typed, written):
        out = coerce(raw.with_row_index("source_row", 1), TABLES["contractors"])
        assert out.frame["hired_at"].to_list() == [date(2026, 3, 28)]


def test_epoch_milliseconds_in_a_float_column_are_moments() -> None:
    # pandas writes an integer column that has a blank anywhere as floats.
    raw = pl.DataFrame(
        {
            "source_row": [1, 2],
            "contractor_id": ["c1", "c1"],
            "ts": [1774651468000.0, 1774651469000.0],
        }
    )
    out = coerce(raw, TABLES["logins"])
    assert out.frame["ts"].dt.to_string("%Y-%m-%dT%H:%M:%S").to_list() == [
        "2026-03-27T22:44:28",
        "2026-03-27T22:44:29",
    ]
    assert out.rejects.is_empty()
