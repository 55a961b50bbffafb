"""Personal details from identity documents: dates of birth and national id numbers.

Both are compared between identities, typos included, by the record linkage
of `workbench.person_match`; neither is corrected here. A date of birth that
is no real date ("1985-02-30") is still evidence when two identities give it,
so only its separators and the order of its parts are made uniform.
"""

from __future__ import annotations

import polars as pl

from workbench.normalize._unique import on_unique
from workbench.normalize.placeholders import placeholder_expr

#: Year first, as in ISO 8601 and in most exports: 1985-07-04, 1985/7/4, 19850704.
_YEAR_FIRST = r"^((?:19|20)\d\d)\D?(\d{1,2})\D?(\d{1,2})$"
#: Year last: 7/4/1985 (month first, as in the US) or 14/03/1985 (day first, told
#: apart when the first part is above 12, or when dots part them: 04.03.1985).
_YEAR_LAST = r"^(\d{1,2})\D(\d{1,2})\D((?:19|20)\d\d)$"
MONTHS = 12


def _date_distinct(distinct: pl.Series) -> pl.Series:
    text = pl.lit(distinct).str.strip_chars().str.replace(r"[T ].*$", "")
    first = text.str.extract_groups(_YEAR_FIRST)
    last = text.str.extract_groups(_YEAR_LAST)
    year_first = pl.concat_str(
        first.struct["1"], first.struct["2"].str.zfill(2), first.struct["3"].str.zfill(2)
    )
    # Dots part day, month and year: no one writes a month first with them (04.03.1985).
    dotted = text.str.contains(r"^\d{1,2}\.\d{1,2}\.")
    day_first = (last.struct["1"].cast(pl.Int32, strict=False) > MONTHS) | dotted
    month, day = (
        pl.when(day_first).then(last.struct[a]).otherwise(last.struct[b]).str.zfill(2)
        for a, b in (("2", "1"), ("1", "2"))
    )
    year_last = pl.concat_str(last.struct["3"], month, day)
    usable = ~placeholder_expr(text)
    return pl.select(pl.when(usable).then(pl.coalesce(year_first, year_last))).to_series()


def date_of_birth(values: pl.Series) -> pl.Series:
    """Eight digits: year, month, day; null when no year, month and day can be read.

    Examples
    --------
    >>> date_of_birth(pl.Series(["1985-07-04", "19850704", "07/04/1985", "14.03.1985",
    ...                          "04.07.1985", "1985-02-30", "July 4th", "0000-00-00"])).to_list()
    ['19850704', '19850704', '19850704', '19850314', '19850704', '19850230', None, None]
    """
    return on_unique(values, _date_distinct).cast(pl.String)


def _id_distinct(distinct: pl.Series) -> pl.Series:
    text = pl.lit(distinct).str.to_uppercase().str.replace_all(r"[^\p{L}\p{N}]", "")
    usable = (
        (text.str.len_chars() >= 4) & ~placeholder_expr(text) & ~placeholder_expr(pl.lit(distinct))
    )
    return pl.select(pl.when(usable).then(text)).to_series()


def national_id(values: pl.Series) -> pl.Series:
    """Upper-case letters and digits of an id number, separators dropped.

    Null for placeholders and for fewer than four characters.

    Examples
    --------
    >>> national_id(pl.Series(["078-05-1120", "078 05 1120", "ab 12 34 56 c", "000-00-0000",
    ...                        "12"])).to_list()
    ['078051120', '078051120', 'AB123456C', None, None]
    """
    return on_unique(values, _id_distinct).cast(pl.String)
