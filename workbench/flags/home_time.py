"""The hour of day at a claimed home: each country's standard UTC offset.

A country's offset is the median of the standard offsets of its time zones in
the tz database (through pytz's country table): UTC−6 for the United States
and Canada, UTC+2 for Ukraine, UTC+1 for Germany. It ignores daylight saving
time, an hour that the broad working day it is read against
(`workbench.flags.location.HOME_DAY`) absorbs.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from datetime import datetime
from functools import cache

import polars as pl
import pytz

#: A winter day of the northern hemisphere; the standard offset is the offset less
#: its daylight saving at that moment, so the season does not matter.
_MOMENT = datetime(2025, 1, 15, 12)


@cache
def standard_offset(country: str) -> int | None:
    """Whole hours east of UTC of `country`'s median time zone (half hours rounded down);
    None for a code the tz database has no zones for.

    Examples
    --------
    >>> standard_offset("US"), standard_offset("UA"), standard_offset("IN"), standard_offset("ZZ")
    (-6, 2, 5, None)
    """
    zones = pytz.country_timezones.get(country.upper(), [])
    if not zones:
        return None
    offsets = []
    for name in zones:
        moment = pytz.timezone(name).localize(_MOMENT)
        offset, saving = moment.utcoffset(), moment.dst()
        assert offset is not None and saving is not None  # a localized moment has both
        offsets.append((offset - saving).total_seconds() / 3600)
    return int(statistics.median_low(offsets) // 1)


def home_offsets(countries: Iterable[str]) -> pl.DataFrame:
    """claimed, home_offset: `standard_offset` of each of `countries` the tz database knows.

    Examples
    --------
    >>> home_offsets(["DE", "ZZ", "JP"]).rows()
    [('DE', 1), ('JP', 9)]
    """
    known = [(code, standard_offset(code)) for code in sorted(set(countries))]
    return pl.DataFrame(
        [(code, offset) for code, offset in known if offset is not None],
        schema={"claimed": pl.String, "home_offset": pl.Int32},
        orient="row",
    )
