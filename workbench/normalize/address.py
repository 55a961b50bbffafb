"""Postal addresses as comparison keys: one for the building, one for the unit.

Why tokens and not a parser: ``usaddress`` (a CRF model) labels U.S.
addresses well but labels foreign ones badly, and parsing every line of a
large case takes minutes, while a case mixes U.S. laptop-farm addresses with
foreign ones. What linking needs is that two spellings of one place get one
key, so this module builds an honest token key for any country, and
`workbench.normalize.address_match` calls usaddress only for the few keys
that could be misspellings of one another:

* NFKC, accents stripped, lower-case, punctuation to spaces;
* a country that ends the line after a comma dropped (`_without_country`), and
  "USA"/"United States" wherever they stand;
* ZIP+4 cut to the 5-digit ZIP; British and Canadian postcodes written without
  their space ("BS109JL", "H2X8C5") split as with it;
* U.S. state names to their two-letter codes;
* common USPS abbreviations (Street → st, Avenue → ave, North → n …);
* every unit designator (Apartment, Apt, Suite, Ste, Unit, Flat, Room, #) to
  ``unit``, with the unit number pulled out.

The building key is the remaining tokens in order; the unit key is the
building key plus ``unit <number>``, so "Apt 4" anywhere in the line gives
the same unit key. A key needs a house number and two tokens: "Springfield"
alone would tie a whole city together, and "3rd St, Los Angeles" a street.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

import polars as pl
import pycountry

from workbench.normalize import country
from workbench.normalize._unique import on_unique
from workbench.normalize.latin import without_accents
from workbench.normalize.native_names import native_names
from workbench.normalize.placeholders import placeholder_expr

#: USPS street suffixes and directionals, full word → abbreviation.
ABBREVIATIONS: dict[str, str] = {
    "street": "st",
    "str": "st",
    "avenue": "ave",
    "av": "ave",
    "road": "rd",
    "boulevard": "blvd",
    "drive": "dr",
    "lane": "ln",
    "court": "ct",
    "place": "pl",
    "terrace": "ter",
    "highway": "hwy",
    "parkway": "pkwy",
    "circle": "cir",
    "square": "sq",
    "trail": "trl",
    "way": "wy",
    "north": "n",
    "south": "s",
    "east": "e",
    "west": "w",
    "northeast": "ne",
    "northwest": "nw",
    "southeast": "se",
    "southwest": "sw",
    "floor": "fl",
    "building": "bldg",
    "mount": "mt",
    "fort": "ft",
    "saint": "st",
}

#: Words that introduce a unit (apartment, suite …) in U.S. and British usage.
UNIT_WORDS = ("apartment", "apt", "suite", "ste", "unit", "flat", "room", "rm", "#")

#: The U.S. spelled as a country adds nothing to a key. It is dropped wherever it
#: stands, not only at the end: keys sort their tokens, so a rule tied to the
#: last position would cut a key's own token on a second pass ("US:0"). The
#: tokens go in `_tokens`; the phrases here, longest first.
_COUNTRY_PHRASES = ("united states of america", "united states")
_COUNTRY_TOKENS = ("usa", "us")


#: Countries whose states or provinces end an address as a code or a name that may
#: also be a country's ("CA" California, "Georgia", "SK" Saskatchewan): such a word is
#: never taken for a country.
_STATE_COUNTRIES = ("US", "CA", "AU")


def _plain(names: Iterable[str]) -> set[str]:
    """``names`` as the lines they are compared with are cleaned: `_without_accents`,
    lower-case."""
    return set(_without_accents(pl.Series(list(names), dtype=pl.String)).str.to_lowercase())


def _address_words() -> set[str]:
    """Words an address may end with that are not countries: states, street words, units."""
    words = set(ABBREVIATIONS) | set(ABBREVIATIONS.values()) | set(UNIT_WORDS)
    for land in _STATE_COUNTRIES:
        for state in pycountry.subdivisions.get(country_code=land):
            words |= _plain([state.name]) | {state.code.split("-")[1].lower()}
    return words


#: What parts the words of a country's name ("Korea, Republic of", "Côte d'Ivoire").
_NAME_GAP = r"[\s,.'()\-]+"


@cache
def _countries() -> list[str]:
    """Countries as `_country_key` spells them.

    Countries are pycountry's (codes, names, official and common names), the
    aliases of `workbench.normalize.country` ("UK", "South Korea") and each
    country's own name in its official languages. A word that may end an
    address as something else (`_address_words`) is not one of them.
    """
    spellings = _plain([*country.spellings(), *native_names()])
    keys = {re.sub(_NAME_GAP, " ", spelling).strip() for spelling in spellings}
    return sorted(keys - _address_words() - {""})


def _country_key(text: pl.Expr) -> pl.Expr:
    """The words of lower-case, accent-free text as `_countries` spells them."""
    return text.str.replace_all(_NAME_GAP, " ").str.strip_chars()


def _without_country(lines: pl.Series) -> pl.Series:
    """Lower-case, accent-free ``lines`` without the country that ends them after a
    separator, when what is left still names a place.

    A country is cut only at the very end and after a comma (or ";", a line
    break), never inside a line ("Turkey Creek Rd", "Jordan, MN"), and only when
    the rest holds another separator or two numbers (a house number and a
    postcode): "12 Main St, Chad" keeps "chad", which may be its town. Keys hold
    no separators, so a key is never cut again.

    Examples
    --------
    >>> _without_country(pl.Series(["polna 7, 00-950 warszawa, poland", "12 main st, chad",
    ...     "1 oak rd, atlanta, georgia", "4 elm st, seoul 04500, korea, republic of"])).to_list()
    ['polna 7, 00-950 warszawa', '12 main st, chad', '1 oak rd, atlanta, georgia', \
'4 elm st, seoul 04500']
    """
    line, rest, tail = pl.col("line"), pl.col("rest"), pl.col("tail")
    countries = _countries()
    # The last part, or the last two for a name holding a comma ("Korea, Republic of").
    last = line.str.extract(r"[,;\n]([^,;\n]*)$")
    last_two = line.str.extract(r"[,;\n]([^,;\n]*[,;][^,;\n]*)$")
    frame = pl.DataFrame({"line": lines}).with_columns(
        tail=pl.when(_country_key(last_two).is_in(countries))
        .then(last_two)
        .when(_country_key(last).is_in(countries))
        .then(last)
    )
    frame = frame.with_columns(
        rest=line.str.slice(0, line.str.len_chars() - tail.str.len_chars() - 1).str.strip_chars()
    )
    place = rest.str.contains(r"[,;\n]") | (rest.str.count_matches(_NUMBER_WORD) >= 2)
    return frame.select(pl.when(place).then(rest).otherwise(line)).to_series()


#: A word holding a digit: a house number, a postcode or a part of one.
_NUMBER_WORD = r"[\p{L}\p{N}]*\d[\p{L}\p{N}]*"


@cache
def _states() -> dict[str, str]:
    """U.S. state and territory names (lower-case) → two-letter code."""
    return {
        s.name.lower(): s.code.split("-")[1].lower()
        for s in pycountry.subdivisions.get(country_code="US")
    }


def _without_accents(lines: pl.Series) -> pl.Series:
    """Lines in compatibility form with their accents dropped (`latin.without_accents`:
    "é" is "e", "Łódź" is "Lodz", "Straße" is "Strasse").

    Plain ASCII is already in that form, so only the other lines take the
    Unicode normalisations, the costliest steps of cleaning.
    """
    rows = lines.str.contains(r"[^\x00-\x7f]").fill_null(False).arg_true()
    if len(rows):
        folded = pl.select(without_accents(pl.lit(lines.gather(rows)))).to_series()
        return lines.clone().scatter(rows, folded)  # scatter works in place
    return lines


def _clean(text: pl.Expr) -> pl.Expr:
    """Lower-case, punctuation-free text of accent-free lines (U.S. state names still spelled
    out)."""
    return (
        text.str.to_lowercase()
        .str.replace_all(r"(\p{L}?)(?:straße|strasse|str\b\.?)", "${1}str")
        .str.replace_all(r"\b[a-z]{1,2}-(\d{4,5})\b", "$1")
        .str.replace_all(r"\b(\d{5})-\d{4}\b", "$1")
        # A British or Canadian postcode without its space: its last three characters
        # are the inward part ("bs109jl" is "bs10 9jl", "h2x8c5" is "h2x 8c5").
        .str.replace_all(r"\b([a-z]{1,2}\d[a-z\d]?)(\d[a-z]{2})\b", "$1 $2")
        .str.replace_all(r"\b([a-z]\d[a-z])(\d[a-z]\d)\b", "$1 $2")
        .str.replace_all(r"(\d)-([a-z])\b", "$1$2")
        .str.replace_all(r"\b(\d+[a-z]?)\s*/\s*(\d+[a-z]?)\b", "$1 # $2")
        .str.replace_all("#", " # ", literal=True)
        .str.replace_all(r"[^\p{L}\p{N}#\s]", " ")
        .str.replace_many(list(_COUNTRY_PHRASES), [" "] * len(_COUNTRY_PHRASES), leftmost=True)
        # Every run of whitespace becomes one space; written so that the single spaces
        # between words, most of the matches of "\s+", are not replaced one by one.
        .str.replace_all(r"\s{2,}|[^\S ]", " ")
        .str.strip_chars()
    )


def _abbreviate_states(cleaned: pl.Series) -> pl.Series:
    """Multi-word U.S. state names ("new york") to their codes, units marked.

    Each name is a regex pass, so only the rows that contain one of the names
    (found in one multi-pattern scan) take those passes.
    """
    spelled = {name: code for name, code in _states().items() if " " in name}
    rows = cleaned.str.contains_any(list(spelled)).fill_null(False).arg_true()
    if len(rows):
        named = cleaned.gather(rows)
        for name, code in spelled.items():
            named = named.str.replace_all(rf"\b{name}\b", code)
        cleaned = cleaned.scatter(rows, named)
    units = "|".join(w for w in UNIT_WORDS if w != "#")
    return cleaned.str.replace_all(rf"\b(?:{units})(\d)", "unit $1")


def _tokens(cleaned: pl.Expr) -> pl.Expr:
    """Space-joined tokens after abbreviation and unit-word mapping."""
    mapping = {
        **{n: c for n, c in _states().items() if " " not in n},
        **ABBREVIATIONS,
        **{w: "unit" for w in UNIT_WORDS},
        **{w: "" for w in _COUNTRY_TOKENS},
    }
    words = cleaned.str.split(" ").list.eval(
        pl.element().replace(list(mapping), list(mapping.values()))
    )
    return words.list.join(" ")


_UNIT = r"(?:^| )unit ([a-z0-9]+)"

#: A house number, or a postcode: digits with at most one letter ("12", "12b").
_NUMBER = r"^\d+[a-z]?$"
#: A postcode at the end of a line: four to five digits (U.S. ZIP, most of Europe).
_POSTCODE = r"^\d{4,5}$"


def sorted_words(words: pl.Expr) -> pl.Expr:
    """Each list of words in ascending order.

    The same as ``list.sort()``, which polars (2.1) runs slower than a sort
    inside ``list.eval``.

    Examples
    --------
    >>> pl.select(sorted_words(pl.lit(pl.Series([["st", "12", "main"]])))).item().to_list()
    ['12', 'main', 'st']
    """
    return words.list.eval(pl.element().sort())


def _number_count(words: pl.Expr) -> pl.Expr:
    """How many of an address's words are numbers: house numbers, postcodes, not "3rd"."""
    return words.list.eval(pl.element().str.contains(_NUMBER)).list.sum()


def _has_house_number(numbers: pl.Expr, words: pl.Expr) -> pl.Expr:
    """Does an address with ``numbers`` numbers (`_number_count`) among its words (in
    order, unit cut out) hold a house number?

    Two numbers are a house number and a postcode; one number is a house
    number unless it is a postcode ending the line ("Los Angeles, CA 90012").
    """
    postcode_last = words.list.last().str.contains(_POSTCODE)
    return (numbers >= 2) | ((numbers == 1) & ~postcode_last)


def _unit_keys_distinct(distinct: pl.Series) -> pl.Series:
    """Unit keys for distinct raw strings; null when the address is too vague to tie anyone."""
    plain = _without_country(_without_accents(distinct).str.to_lowercase())
    cleaned = _abbreviate_states(pl.select(_clean(pl.lit(plain))).to_series())
    frame = pl.DataFrame({"raw": distinct}).with_columns(joined=_tokens(pl.lit(cleaned)))
    frame = frame.with_columns(
        number=pl.col("joined").str.extract(_UNIT),
        words=pl.col("joined")
        .str.replace_all(_UNIT, "")
        .str.replace_all(r"(?:^| )unit(?: |$)", " ")
        .str.strip_chars()
        .str.split(" ")
        .list.eval(pl.element().filter(pl.element() != "")),
    ).with_columns(
        building=sorted_words(pl.col("words")).list.join(" "),
        # A column, as it is read twice.
        numbers=_number_count(pl.col("words")),
    )
    building = pl.col("building")
    usable = (
        ~placeholder_expr(pl.col("raw"))
        & ~placeholder_expr(building)
        & _has_house_number(pl.col("numbers"), pl.col("words"))
        & building.str.contains(r"\S \S")
    )
    unit = pl.when(pl.col("number").is_not_null()).then(building + " unit " + pl.col("number"))
    return frame.select(pl.when(usable).then(unit.otherwise(building))).to_series()


def unit_key(values: pl.Series) -> pl.Series:
    """Key of the dwelling: the building key plus the unit number, if any.

    Examples
    --------
    >>> unit_key(pl.Series(["12 Main Street, Apt 4, Springfield, IL 62704-1234",
    ...                     "12 main st. #4 springfield il 62704", "n/a"])).to_list()
    ['12 62704 il main springfield st unit 4', '12 62704 il main springfield st unit 4', None]
    """
    return on_unique(values, _unit_keys_distinct).cast(pl.String)


def building_of(unit_keys: pl.Series) -> pl.Series:
    """The building key inside each unit key (the key without its ``unit <number>``).

    A building key never holds the token ``unit`` (it is cut out with its
    number), so the suffix is unambiguous; deriving buildings from unit keys
    normalises every address once instead of twice.

    Examples
    --------
    >>> building_of(pl.Series(["12 62704 il main st unit 4", "5 10115 berlin st", None])).to_list()
    ['12 62704 il main st', '5 10115 berlin st', None]
    """
    return unit_keys.str.replace(_UNIT + "$", "")


def building_key(values: pl.Series) -> pl.Series:
    """Key of the building: same for every unit of one street address.

    Examples
    --------
    >>> building_key(pl.Series(["12 Main Street, Apt 4, Springfield, IL 62704-1234",
    ...                         "12 MAIN ST #5 Springfield Illinois 62704"])).to_list()
    ['12 62704 il main springfield st', '12 62704 il main springfield st']
    >>> european = ["Jefferson 33/59, 59-420 Wroclaw", "33 Jefferson, Wroclaw 59-420"]
    >>> building_key(pl.Series(european)).to_list()
    ['33 420 59 jefferson wroclaw', '33 420 59 jefferson wroclaw']
    """
    return building_of(unit_key(values))
