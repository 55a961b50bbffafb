"""Tests for workbench/coerce.py: timestamps match the calendar, booleans use one vocabulary."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.coerce import coerce, parse_dates, parse_datetimes
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
