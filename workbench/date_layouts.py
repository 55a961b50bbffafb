"""Dates and times in the layouts spreadsheets and regional exports write, rewritten as ISO 8601.

The contract asks for ISO 8601, yet an HR system or a spreadsheet in the US
writes "3/27/2026 10:44 PM", one in Europe "27.03.2026 22:44", and some
"2026/03/27". A year-first date reads one way only. Whether "03/04/2026" is
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

#: Each layout's groups by their position, as `polars.Expr.str.extract` counts them.
_GROUPS = {
    layout: list(enumerate(re.findall(r"\(\?<(\w+)>", layout), start=1))
    for layout in (_YEAR_FIRST, *_NUMERIC_DATE.values())
}

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

    A year-first date is always read; a numeric date with the year last only
    when ``order`` says which field is the month. Anything else, ISO text
    included, is left as it is, for the ISO reader to read or refuse.

    Examples
    --------
    >>> s = pl.Series(["3/27/2026 10:44 PM", "2026/3/27 9:05", "12:05 am", "13:05 PM"])
    >>> as_iso(s, "month_first").to_list()
    ['2026-03-27T22:44', '2026-03-27T09:05', '12:05 am', '13:05 PM']
    >>> as_iso(pl.Series(["27.03.2026, 10:44:05 am"]), "day_first").item()
    '2026-03-27T10:44:05'
    """
    # One step at a time: each reads its input several times, and expressions nested
    # inside one another would grow with the product of those reads.
    steps: list[Callable[[pl.Expr], pl.Expr]] = [partial(_rewritten, layout=_YEAR_FIRST)]
    if order is not None:
        steps.append(partial(_rewritten, layout=_NUMERIC_DATE[order]))
    steps += [_two_digit_hour, _on_24_hours]
    frame = text.str.strip_chars().to_frame("text")
    for step in steps:
        frame = frame.select(step(pl.col("text")))
    return frame.to_series().alias(text.name)


def _rewritten(text: pl.Expr, layout: str) -> pl.Expr:
    """Text matching ``layout`` (groups year, month, day, rest) as ``YYYY-MM-DD`` then its rest.

    A comma or spaces between the date and its time ("3/27/2026, 22:44") become a "T".
    """
    parts = {group: text.str.extract(layout, index) for index, group in _GROUPS[layout]}
    rewritten = pl.concat_str(
        parts["year"],
        pl.lit("-"),
        parts["month"].str.pad_start(2, "0"),
        pl.lit("-"),
        parts["day"].str.pad_start(2, "0"),
        parts["rest"].str.replace(r"^,?\s+", "T"),
    )
    return pl.when(parts["year"].is_not_null()).then(rewritten).otherwise(text)


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
