"""Dates and times in spreadsheet and regional layouts (`workbench.date_layouts`), read by the
loader in the order the whole column tells."""

from __future__ import annotations

from datetime import date, datetime, timezone

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.coerce import coerce, day_month_by_column, parse_dates, parse_datetimes
from workbench.date_layouts import DayMonthEvidence, day_month_evidence
from workbench.tables import ROW, TABLES


def utc(*fields: int) -> datetime:
    return datetime(*fields, tzinfo=timezone.utc)


def test_a_us_export_is_read_month_first_once_one_date_says_so():
    texts = ["3/27/2026 10:44 PM", "03/04/2026 09:00", "3/4/2026, 12:05 AM", "03/04/2026 12:30 pm"]
    assert parse_datetimes(pl.Series(texts)).to_list() == [
        utc(2026, 3, 27, 22, 44),
        utc(2026, 3, 4, 9, 0),
        utc(2026, 3, 4, 0, 5),
        utc(2026, 3, 4, 12, 30),
    ]


def test_a_european_export_is_read_day_first_once_one_date_says_so():
    texts = ["27.03.2026 22:44", "04.03.2026 9:05:30", "04-03-2026"]
    assert parse_datetimes(pl.Series(texts)).to_list() == [
        utc(2026, 3, 27, 22, 44),
        utc(2026, 3, 4, 9, 5, 30),
        utc(2026, 3, 4),
    ]


@pytest.mark.parametrize(
    "texts",
    [
        ["03/04/2026", "05/06/2026 10:00"],  # every field could be a month
        ["03/27/2026", "27/03/2026", "04/05/2026"],  # one value each way: the column mixes both
    ],
)
def test_a_column_that_does_not_tell_its_order_is_not_read_by_guessing(texts):
    assert parse_datetimes(pl.Series(texts)).to_list() == [None] * len(texts)


def test_year_first_dates_read_whatever_the_column_says():
    texts = ["2026/03/27 22:44", "2026.3.4", "2026/3/4 7:15 am"]
    assert parse_datetimes(pl.Series(texts)).to_list() == [
        utc(2026, 3, 27, 22, 44),
        utc(2026, 3, 4),
        utc(2026, 3, 4, 7, 15),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Fri, 27 Mar 2026 22:44:28 +0000", utc(2026, 3, 27, 22, 44, 28)),
        ("Fri, 27 Mar 2026 22:44:28 GMT", utc(2026, 3, 27, 22, 44, 28)),
        ("27-Mar-2026", utc(2026, 3, 27)),
        ("27 March 2026 07:00 -0500", utc(2026, 3, 27, 12, 0)),
        ("Mar 27, 2026 10:44 PM", utc(2026, 3, 27, 22, 44)),
        ("Friday, September 4th, 2026", utc(2026, 9, 4)),
        ("Sept. 4, 2026", utc(2026, 9, 4)),
        ("20260327", utc(2026, 3, 27)),
        ("20260327T224428Z", utc(2026, 3, 27, 22, 44, 28)),
        ("20260327T2244+0900", utc(2026, 3, 27, 13, 44)),
        ("1774651468", utc(2026, 3, 27, 22, 44, 28)),
        ("1774651468.25", utc(2026, 3, 27, 22, 44, 28, 250000)),
        ("1774651468250", utc(2026, 3, 27, 22, 44, 28, 250000)),
        ("46108", utc(2026, 3, 27)),  # a spreadsheet's date serial: days since 1899-12-30
        ("46108.75", utc(2026, 3, 27, 18, 0)),
        ("12345", None),  # 1933: five digits, but no serial a hiring record holds
        ("Mars 27, 2026", None),  # not an English month
        ("27 Mar 26", None),  # a two-digit year: the century is a guess
        ("17746514", None),  # eight digits: not a date, nor seconds since 1970
        ("20261327", None),
    ],
)
def test_layouts_that_read_one_way_are_read_in_any_column(text, expected):
    assert parse_datetimes(pl.Series([text])).to_list() == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-04 12:00 AM", utc(2026, 3, 4, 0, 0)),
        ("2026-03-04 12:00 PM", utc(2026, 3, 4, 12, 0)),
        ("2026-03-04 1:00 p.m.", utc(2026, 3, 4, 13, 0)),
        ("2026-03-04 11:59:59.5 pm", utc(2026, 3, 4, 23, 59, 59, 500000)),
        ("2026-03-04 13:00 PM", None),
        ("2026-03-04 0:30 AM", None),
    ],
)
def test_the_twelve_hour_clock_reads_noon_and_midnight_and_refuses_other_hours(text, expected):
    assert parse_datetimes(pl.Series([text])).to_list() == [expected]


def test_fields_no_calendar_has_do_not_decide_a_columns_order():
    # "45/03/2026" is a typo, not a day-first date: the other values stay month-first.
    evidence = day_month_evidence(pl.Series(["45/03/2026", "03/27/2026", "03/04/2026"]))
    assert evidence == DayMonthEvidence(first=3, second=27)
    assert evidence.order == "month_first"


def test_iso_text_is_read_as_before_beside_another_layout():
    texts = ["2026-03-04T09:00:00+09:00", "3/27/2026 22:44", None]
    assert parse_datetimes(pl.Series(texts)).to_list() == [
        utc(2026, 3, 4, 0, 0),
        utc(2026, 3, 27, 22, 44),
        None,
    ]


def test_dates_follow_their_column_as_timestamps_do():
    assert parse_dates(pl.Series(["4.3.1990", "27.12.1985", "1990-03-04"])).to_list() == [
        date(1990, 3, 4),
        date(1985, 12, 27),
        date(1990, 3, 4),
    ]


def test_the_loader_rejects_rows_whose_order_the_column_cannot_tell_quoting_them():
    raw = pl.DataFrame(
        {"contractor_id": ["c1", "c2"], "ts": ["03/04/2026 10:00", "05/06/2026"], ROW: [1, 2]}
    )
    rejected = coerce(raw, TABLES["logins"]).rejects
    assert rejected.select("row", "column", "reason").rows() == [
        (1, "ts", "unreadable datetime '03/04/2026 10:00' (row rejected)"),
        (2, "ts", "unreadable datetime '05/06/2026' (row rejected)"),
    ]


days = st.dates(min_value=date(1950, 1, 1), max_value=date(2060, 12, 31))
us_or_european = st.sampled_from(
    [("month_first", "{m}/{d}/{y}"), ("day_first", "{d}.{m}.{y}"), ("day_first", "{d}/{m}/{y}")]
)


@settings(max_examples=200, deadline=None)
@given(us_or_european, st.lists(days, min_size=1, max_size=40), st.data())
def test_a_table_typed_in_parts_reads_as_the_whole_table_given_the_whole_columns_evidence(
    layout, dates, data
):
    # A Spark engine types a source batch by batch: with the evidence of every batch merged,
    # each batch reads its numeric dates as the whole column does, decided or not.
    _, written = layout
    texts = [written.format(m=d.month, d=d.day, y=d.year) for d in dates]
    raw = pl.DataFrame(
        {"contractor_id": ["c1"] * len(texts), "ts": texts, ROW: range(1, len(texts) + 1)}
    )
    whole = coerce(raw, TABLES["logins"])
    cuts = sorted(data.draw(st.lists(st.integers(0, len(texts)), max_size=4)))
    parts = [raw[a:b] for a, b in zip([0, *cuts], [*cuts, len(texts)], strict=True)]
    merged = DayMonthEvidence()
    for part in parts:
        merged = merged.merged(day_month_by_column(part, TABLES["logins"])["ts"])
    typed = [coerce(part, TABLES["logins"], {"ts": merged}) for part in parts]
    assert pl.concat([t.frame for t in typed]).equals(whole.frame)
    assert pl.concat([t.rejects for t in typed]).equals(whole.rejects)
    if merged.order is not None:  # a column that tells its order reads every date right
        assert whole.frame["ts"].dt.date().to_list() == dates


def test_seconds_since_1970_in_a_typed_number_column_are_read_as_moments():
    raw = pl.DataFrame({"contractor_id": ["c1", "c2"], "ts": [1774651468, 5], ROW: [1, 2]})
    typed = coerce(raw, TABLES["logins"])
    assert typed.frame["ts"].to_list() == [utc(2026, 3, 27, 22, 44, 28)]
    assert typed.rejects["reason"].to_list() == ["unreadable datetime '5' (row rejected)"]
