"""Dates and times in the layouts of spreadsheets, logs and regional exports, as ISO 8601.

The contract asks for ISO 8601, yet an HR system or a spreadsheet in the US
writes "3/27/2026 10:44 PM", one in Europe "27.03.2026 22:44", a mail or web
server "Fri, 27 Mar 2026 22:44:28 +0000", a log system seconds since 1970,
a sheet saved as csv its date serials.
Those read one way only (`as_iso`). Whether "03/04/2026" is
the 3rd of April or the 4th of March cannot be told from the value, so it is
decided for a whole column, never value by value: month first when some date
of the column has a second field above 12 and none a first field above 12,
day first the other way round, and neither when no field or both fields pass
12 (`DayMonthEvidence.order`). A column read neither way keeps those values
unreadable, and the loader lists them in rejects.csv, rather than guess.

The evidence is a pair of maxima, so it can be gathered in parts (a Spark
engine's batches) and merged (`DayMonthEvidence.merged`) before any value is
read: every part of a column is then read the same way.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Literal, NamedTuple

import polars as pl

#: Which field of a numeric date such as "03/04/2026" is the month.
DateOrder = Literal["month_first", "day_first"]

#: The largest number a day or a month field may hold.
MAX_DAY, MAX_MONTH = 31, 12

#: Two one- or two-digit fields and a four-digit year, separated by "/", "." or "-".
_FIELDS = r"^(?<first>\d{1,2})[/.-](?<second>\d{1,2})[/.-](?<year>\d{4})(?<rest>.*)$"

#: The same, named as each order reads it.
_NUMERIC_DATE: dict[DateOrder, str] = {
    "month_first": _FIELDS.replace("first>", "month>").replace("second>", "day>"),
    "day_first": _FIELDS.replace("first>", "day>").replace("second>", "month>"),
}

#: A year first, then month and day, separated by "/" or ".".
_YEAR_FIRST = r"^(?<year>\d{4})[/.](?<month>\d{1,2})[/.](?<day>\d{1,2})(?<rest>.*)$"

#: ISO 8601's basic format, without separators: "20260327", "20260327T224428Z".
_BASIC = r"^(?<year>\d{4})(?<month>\d{2})(?<day>\d{2})(?<rest>(?:T\d{4}.*)?)$"

#: An optional weekday, then day, month name and year: "Fri, 27 Mar 2026 22:44:28 +0000"
#: (e-mail and web servers' layout, RFC 2822), "27-Mar-2026", "27 March 2026".
_DAY_MONTH_NAME = (
    r"^(?:[A-Za-z]+,?\s+)?(?<day>\d{1,2})[\s-]+(?<month>[A-Za-z]{3,9})\.?[\s,-]+"
    r"(?<year>\d{4})(?<rest>.*)$"
)

#: An optional weekday, then month name, day and year: "Mar 27, 2026 10:44 PM",
#: "Friday, March 27th, 2026".
_MONTH_NAME_DAY = (
    r"^(?:[A-Za-z]+,?\s+)?(?<month>[A-Za-z]{3,9})\.?\s+(?<day>\d{1,2})(?:st|nd|rd|th)?,?\s+"
    r"(?<year>\d{4})(?<rest>.*)$"
)

#: The layouts read whatever a column says, in the order they are tried.
_ONE_WAY_LAYOUTS = (_YEAR_FIRST, _BASIC, _DAY_MONTH_NAME, _MONTH_NAME_DAY)

#: Each layout's groups by their position, as `polars.Expr.str.extract` counts them.
_GROUPS = {
    layout: list(enumerate(re.findall(r"\(\?<(\w+)>", layout), start=1))
    for layout in (*_ONE_WAY_LAYOUTS, *_NUMERIC_DATE.values())
}

#: English month names, in full and cut to three letters ("sept" too), by number.
MONTHS: dict[str, str] = {
    spelling: f"{number:02d}"
    for number, name in enumerate(
        (
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ),
        start=1,
    )
    for spelling in (name, name[:3], *(["sept"] if name == "september" else []))
}

#: Seconds since 1970 (9 or 10 digits: the years 1973 to 2286), with a fraction, or
#: milliseconds (13 digits; a number column that also holds blanks gives them as
#: floats, "1774651468000.0"), as log systems write a moment.
_EPOCH_SECONDS = r"^(?<seconds>\d{9,10})(?:\.(?<fraction>\d{1,6}))?$"
_EPOCH_MILLISECONDS = r"^(?<millis>\d{13})(?:\.0+)?$"

#: A spreadsheet's date serial, as a csv saved from a sheet whose date cells were not
#: formatted writes it: days since 1899-12-30, a fraction of a day for the time. Five
#: digits from 20000 to 79999 are the years 1954 to 2119.
_SHEET_SERIAL = r"^(?<days>[2-7]\d{4})(?<fraction>\.\d{1,9})?$"
_SHEET_EPOCH = datetime(1899, 12, 30)

#: A time written without colons after an ISO date and "T": "2026-03-27T224428Z",
#: "2026-03-27T2244".
_DATE_T, _HOUR_MINUTE, _TIME_END = (
    r"^(?<date>\d{4}-\d{2}-\d{2}T)",
    r"(?<hour>\d{2})(?<minute>\d{2})",
    r"(?<tail>[^\d:].*|)$",
)
_BASIC_TIME = {
    _DATE_T
    + _HOUR_MINUTE
    + r"(?<second>\d{2})"
    + _TIME_END: "${date}${hour}:${minute}:${second}${tail}",
    _DATE_T + _HOUR_MINUTE + _TIME_END: "${date}${hour}:${minute}${tail}",
}

#: An offset after a space: "22:44:28 +0000".
_SPACED_OFFSET = r"\s+(?<offset>[+-]\d{2}:?\d{2})$"

#: An ISO date, then an hour written with one digit: "2026-03-27 9:05".
_ONE_DIGIT_HOUR = r"^(?<date>\d{4}-\d{2}-\d{2})[ T](?<hour>\d):"

#: An ISO date, then a time on the 12-hour clock: "2026-03-27 10:44 PM", "… 9:05:30.5 a.m.".
_TWELVE_HOUR = (
    r"^(?<date>\d{4}-\d{2}-\d{2})[ T](?<hour>\d{1,2})(?<clock>:\d{2}(?::\d{2}(?:\.\d+)?)?)"
    r"\s*(?<half>[AaPp])\.?[Mm]\.?$"
)


class DayMonthEvidence(NamedTuple):
    """The largest first and second fields among a column's numeric dates.

    "27/03/2026" gives 27 and 3. A column without numeric dates gives 0 and 0.

    Examples
    --------
    >>> DayMonthEvidence(3, 27).order, DayMonthEvidence(27, 3).order
    ('month_first', 'day_first')
    >>> DayMonthEvidence(12, 4).order is None  # every field could be a month
    True
    >>> DayMonthEvidence(3, 27).merged(DayMonthEvidence(4, 1))
    DayMonthEvidence(first=4, second=27)
    """

    first: int = 0
    second: int = 0

    @property
    def order(self) -> DateOrder | None:
        """The order the fields are in; None when the column does not tell."""
        if self.first > MAX_MONTH >= self.second:
            return "day_first"
        if self.second > MAX_MONTH >= self.first:
            return "month_first"
        return None

    def merged(self, other: DayMonthEvidence) -> DayMonthEvidence:
        """The evidence of two parts of one column taken together."""
        return DayMonthEvidence(max(self.first, other.first), max(self.second, other.second))


def day_month_evidence(text: pl.Series) -> DayMonthEvidence:
    """What a column's numeric dates say of their order; fields above 31 (typos) are left out.

    Examples
    --------
    >>> day_month_evidence(pl.Series(["3/27/2026 22:44", "12/1/2026", "2026-03-04", None]))
    DayMonthEvidence(first=12, second=27)
    >>> day_month_evidence(pl.Series(["45/03/2026", "soon"]))
    DayMonthEvidence(first=0, second=0)
    """
    trimmed = text.str.strip_chars()
    first, second = (trimmed.str.extract(_FIELDS, group).cast(pl.Int64) for group in (1, 2))
    real = first.is_between(1, MAX_DAY) & second.is_between(1, MAX_DAY)
    return DayMonthEvidence(
        int(first.filter(real).max() or 0),  # type: ignore[arg-type]
        int(second.filter(real).max() or 0),  # type: ignore[arg-type]
    )


def as_iso(text: pl.Series, order: DateOrder | None) -> pl.Series:
    """Dates in other layouts rewritten year-month-day, and 12-hour times on the 24-hour clock.

    Read whatever the column says: a year first ("2026/03/27"), ISO's basic
    format ("20260327T224428Z"), an English month name ("Fri, 27 Mar 2026
    22:44:28 +0000", "Mar 27, 2026 10:44 PM"), seconds or milliseconds since
    1970 ("1774651468"), and a spreadsheet's date serial ("46108.5"). A
    numeric date with the year last is read only when ``order`` says which
    field is the month. Anything else, ISO text included, is left as it is,
    for the ISO reader to read or refuse.

    Examples
    --------
    >>> s = pl.Series(["3/27/2026 10:44 PM", "2026/3/27 9:05", "12:05 am", "13:05 PM"])
    >>> as_iso(s, "month_first").to_list()
    ['2026-03-27T22:44', '2026-03-27T09:05', '12:05 am', '13:05 PM']
    >>> as_iso(pl.Series(["27.03.2026, 10:44:05 am"]), "day_first").item()
    '2026-03-27T10:44:05'
    >>> as_iso(pl.Series(["Fri, 27 Mar 2026 22:44:28 +0000", "20260327T2244Z", "1774651468.5"]),
    ...        None).to_list()
    ['2026-03-27T22:44:28+0000', '2026-03-27T22:44Z', '2026-03-27T22:44:28.500000Z']
    """
    # One step at a time, and only where some value has its layout: each step reads
    # its input several times, and expressions nested inside one another would grow
    # with the product of those reads.
    layouts = [*_ONE_WAY_LAYOUTS, *([_NUMERIC_DATE[order]] if order else [])]
    steps: list[tuple[str, Callable[[pl.Expr], pl.Expr]]] = [
        (f"{_EPOCH_SECONDS}|{_EPOCH_MILLISECONDS}", _from_epoch),
        (_SHEET_SERIAL, _from_sheet_serial),
        *((layout, partial(_rewritten, layout=layout)) for layout in layouts),
        (_DATE_T + _HOUR_MINUTE, _colons_in_time),
        (_ONE_DIGIT_HOUR, _two_digit_hour),
        (_TWELVE_HOUR, _on_24_hours),
        (_SPACED_OFFSET, _offset_joined),
    ]
    written = text.str.strip_chars()
    for layout, step in steps:
        if written.str.contains(layout).any():
            written = written.to_frame("text").select(step(pl.col("text"))).to_series()
    return written.alias(text.name)


def _rewritten(text: pl.Expr, layout: str) -> pl.Expr:
    """Text matching ``layout`` (groups year, month, day, rest) as ``YYYY-MM-DD`` then its rest.

    A comma or spaces between the date and its time ("3/27/2026, 22:44") become a "T".
    """
    parts = {group: text.str.extract(layout, index) for index, group in _GROUPS[layout]}
    month = parts["month"]
    month_number = (
        pl.when(month.str.contains(r"^\d+$"))
        .then(month.str.pad_start(2, "0"))
        .otherwise(month.str.to_lowercase().replace_strict(MONTHS, default=None))
    )
    rewritten = pl.concat_str(
        parts["year"],
        pl.lit("-"),
        month_number,
        pl.lit("-"),
        parts["day"].str.pad_start(2, "0"),
        parts["rest"].str.replace(r"^,?\s+", "T"),
    )
    return pl.when(parts["year"].is_not_null()).then(rewritten).otherwise(text)


def _from_epoch(text: pl.Expr) -> pl.Expr:
    """Seconds or milliseconds since 1970 as an ISO moment in UTC, to the microsecond."""
    seconds = text.str.extract(_EPOCH_SECONDS, 1).cast(pl.Int64)
    fraction = text.str.extract(_EPOCH_SECONDS, 2).fill_null("").str.pad_end(6, "0")
    micros = seconds * 1_000_000 + fraction.cast(pl.Int64)
    millis = text.str.extract(_EPOCH_MILLISECONDS, 1).cast(pl.Int64)
    moment = pl.from_epoch(pl.coalesce(micros, millis * 1000), time_unit="us")
    written = moment.dt.to_string("%Y-%m-%dT%H:%M:%S%.6fZ")
    return pl.when(moment.is_not_null()).then(written).otherwise(text)


def _from_sheet_serial(text: pl.Expr) -> pl.Expr:
    """A spreadsheet's date serial as an ISO moment, to the second (1899-12-30 is day 0)."""
    days = text.str.extract(_SHEET_SERIAL, 1).cast(pl.Int64)
    fraction = text.str.extract(_SHEET_SERIAL, 2).fill_null("0").cast(pl.Float64)
    moment = pl.lit(_SHEET_EPOCH) + pl.duration(
        days=days, seconds=(fraction * 86_400).round().cast(pl.Int64)
    )
    written = moment.dt.to_string("%Y-%m-%dT%H:%M:%SZ")
    return pl.when(days.is_not_null()).then(written).otherwise(text)


def _colons_in_time(text: pl.Expr) -> pl.Expr:
    """A time of ISO's basic format after a "T" ("T224428"), with its colons."""
    for layout, written in _BASIC_TIME.items():
        text = text.str.replace(layout, written)
    return text


def _offset_joined(text: pl.Expr) -> pl.Expr:
    """An offset after a space ("22:44:28 +0000") joined to the time it follows."""
    return text.str.replace(_SPACED_OFFSET, "${offset}")


def _two_digit_hour(text: pl.Expr) -> pl.Expr:
    """An hour written with one digit after an ISO date, written with two."""
    return text.str.replace(_ONE_DIGIT_HOUR, "${date}T0${hour}:")


def _on_24_hours(text: pl.Expr) -> pl.Expr:
    """An ISO date with a time on the 12-hour clock, the time on the 24-hour clock.

    12 AM is midnight and 12 PM noon; an hour of 0 or above 12 with AM or PM
    is unreadable (null).
    """
    hour = text.str.extract(_TWELVE_HOUR, 2).cast(pl.Int64)
    afternoon = text.str.extract(_TWELVE_HOUR, 4).str.to_lowercase() == "p"
    on_24 = hour % 12 + pl.when(afternoon).then(12).otherwise(0)
    rewritten = pl.concat_str(
        text.str.extract(_TWELVE_HOUR, 1),
        pl.lit("T"),
        on_24.cast(pl.String).str.pad_start(2, "0"),
        text.str.extract(_TWELVE_HOUR, 3),
    )
    return (
        pl.when(hour.is_null())
        .then(text)
        .when(hour.is_between(1, 12))
        .then(rewritten)
        .otherwise(pl.lit(None, pl.String))
    )
