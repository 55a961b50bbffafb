"""Countries as ISO 3166 alpha-2, from codes or English names.

A lookup table is built once from pycountry (alpha-2, alpha-3, name, official
and common names) plus the everyday aliases pycountry lacks ("USA", "U.K.",
"South Korea", "Russia" …). Keys are compared lower-cased with punctuation
removed, so "U.S." and "us" are one key. The whole column is then translated
by one polars ``replace_strict``; nothing is looked up row by row.

Caveat: "NA" is a placeholder before it is Namibia; write "NAM" or "Namibia".
"""

from __future__ import annotations

from functools import cache

import polars as pl
import pycountry

from workbench.normalize._unique import as_text, on_unique
from workbench.normalize.placeholders import placeholder_expr

#: Names people use that pycountry does not list, mapped to alpha-2.
ALIASES: dict[str, str] = {
    "america": "US",
    "united states of america": "US",
    "usa": "US",
    "us": "US",
    "uk": "GB",
    "great britain": "GB",
    "britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "korea": "KR",
    "republic of korea": "KR",
    "rok": "KR",
    "north korea": "KP",
    "dprk": "KP",
    "democratic peoples republic of korea": "KP",
    "prc": "CN",
    "peoples republic of china": "CN",
    "mainland china": "CN",
    "russia": "RU",
    "vietnam": "VN",
    "iran": "IR",
    "syria": "SY",
    "laos": "LA",
    "moldova": "MD",
    "czech republic": "CZ",
    "turkey": "TR",
    "turkiye": "TR",
    "holland": "NL",
    "the netherlands": "NL",
    "uae": "AE",
    "emirates": "AE",
    "ivory coast": "CI",
    "cote divoire": "CI",
    "burma": "MM",
    "macau": "MO",
    "vatican": "VA",
}

_PUNCTUATION = r"[^\p{L}\p{N}\s]"


def _key(text: pl.Expr) -> pl.Expr:
    """Lookup key: lower-case, no punctuation, single spaces, no leading "the"."""
    return (
        text.str.to_lowercase()
        .str.replace_all(_PUNCTUATION, "")
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
        .str.strip_prefix("the ")
    )


@cache
def _spellings() -> dict[str, str]:
    """Every known spelling → alpha-2 (pycountry codes and names first, aliases on top)."""
    spellings: dict[str, str] = {}
    for country in pycountry.countries:
        for field in ("alpha_2", "alpha_3", "name", "official_name", "common_name"):
            spelling = getattr(country, field, None)
            if spelling:
                spellings[spelling] = country.alpha_2
    spellings.update(ALIASES)
    return spellings


def spellings() -> list[str]:
    """Every spelling of a country `to_iso2` reads: pycountry's codes, names, official and
    common names, and the `ALIASES`.

    Examples
    --------
    >>> {"Poland", "POL", "PL", "Republic of Poland", "uk"} <= set(spellings())
    True
    """
    return list(_spellings())


@cache
def _lookup() -> dict[str, str]:
    """Every known key → alpha-2."""
    spellings = _spellings()
    keys = pl.select(_key(pl.lit(pl.Series(list(spellings), dtype=pl.String)))).to_series()
    return dict(zip(keys.to_list(), spellings.values(), strict=True))


def _iso2_distinct(distinct: pl.Series) -> pl.Series:
    """Alpha-2 for distinct raw strings."""
    lookup = _lookup()
    text = pl.lit(distinct).str.strip_chars()
    key = _key(text)
    code = key.replace_strict(
        list(lookup), list(lookup.values()), default=None, return_dtype=pl.String
    )
    # ":NA" keys as "na", the placeholder "NA" (not available), not Namibia.
    placeholder = placeholder_expr(text) | placeholder_expr(key)
    return pl.select(pl.when(~placeholder).then(code)).to_series()


def to_iso2(values: pl.Series) -> pl.Series:
    """ISO 3166 alpha-2 code of each country given as a code or an English name.

    Parameters
    ----------
    values : raw country strings ("US", "USA", "U.S.", "Korea, Republic of" …).

    Returns
    -------
    A String series of the same length; null when the country is unknown.

    Examples
    --------
    >>> to_iso2(pl.Series(["U.S.", "South Korea", "Korea, Republic of", "jpn", "Atlantis"])
    ... ).to_list()
    ['US', 'KR', 'KR', 'JP', None]
    """
    return on_unique(as_text(values), _iso2_distinct).cast(pl.String).rename(values.name)
