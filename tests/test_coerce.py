"""Timestamp reading: the fast exact path and the lenient path agree with the calendar."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.coerce import parse_dates, parse_datetimes

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
