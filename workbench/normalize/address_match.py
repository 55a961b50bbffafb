"""Spellings of one address that differ by a typo or a dropped word, given one key.

Exact keys (`workbench.normalize.address.unit_key`) break on "Colombus" for
"Columbus" or on a line that leaves out the city. Two spellings are one
address here when their numbers agree (house number, postcode, unit) and
their street names are alike: usaddress, a parser trained on U.S.
addresses, names the street in each, and they are one typo apart or close
by Jaro-Winkler similarity. Where usaddress cannot name a street (most foreign lines), every word
of the shorter line must be alike to a word of the other. Alike spellings
take the key written most often.

Only keys whose numbers another key repeats are parsed, so a case pays for
the few addresses that could be misspelt duplicates, not for every address.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import cache

import networkx as nx
import polars as pl
import usaddress
from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler

from workbench.normalize import address
from workbench.normalize.merges import MERGES_SCHEMA

#: Jaro-Winkler similarity at which two street names or words are one, typos
#: included (Splink's own threshold for names).
ALIKE = 0.92

#: Or one typo: a letter wrong, missing, added, or two letters swapped.
TYPOS = 1

#: Words shorter than this must match exactly: "hill" and "mill" are two streets.
MIN_FUZZY_LENGTH = 5

#: usaddress labels that must agree when both lines carry them.
_MUST_AGREE = ("StreetNamePreDirectional", "StreetNamePostType", "StreetNamePostDirectional")


#: Columns of `spelling_tally`: a key, the digits it holds, its least spelling and how
#: many rows wrote it.
TALLY_SCHEMA = pl.Schema(
    {"numbers": pl.String(), "key": pl.String(), "raw": pl.String(), "spellings": pl.UInt32()}
)


def spelling_merges(raw: pl.Series, keys: pl.Series) -> pl.DataFrame:
    """key → merged: the keys of ``raw`` that alike spellings replace, and by what.

    Alike spellings all take the key written most often, of equals the
    fullest (a line that kept its city), then the least.

    The answer depends on every spelling given (how often each key is
    written, and its least spelling, which is parsed), never on their order.
    It is made in two steps, so that an engine that normalises a case in parts
    makes it without the case's spellings in one place: `spelling_tally` of
    each part, then `alike_keys` of the tallies by groups of their numbers.

    Examples
    --------
    >>> raw = pl.Series(["43 Columbus Ave, Columbus OH 43206", "43 Colombus Ave, OH 43206"])
    >>> spelling_merges(raw, address.unit_key(raw)).rows()
    [('43 43206 ave colombus oh', '43 43206 ave columbus columbus oh'), \
('43 43206 ave columbus columbus oh', '43 43206 ave columbus columbus oh')]
    """
    return alike_keys(spelling_tally(raw, keys))


def spelling_tally(raw: pl.Series, keys: pl.Series) -> pl.DataFrame:
    """What some spellings say for `alike_keys` (`TALLY_SCHEMA`): each key once, with the
    digits it holds (the group its alike spellings are found in), its least spelling and
    how many of ``raw`` wrote it.

    Tallies of parts of a case, put together, are read by `alike_keys` as the
    whole case's tally: a key tallied in several parts takes the least of its
    spellings and the sum of its counts.

    Examples
    --------
    >>> raw = pl.Series(["9 Elm St, Tampa FL 33669", "9 elm st tampa fl 33669", None])
    >>> spelling_tally(raw, address.unit_key(raw)).rows()
    [('33669 9', '33669 9 elm fl st tampa', '9 Elm St, Tampa FL 33669', 2)]
    """
    return (
        pl.DataFrame({"raw": raw, "key": keys})
        .drop_nulls("key")
        .group_by("key")
        # The least spelling of a key is parsed: the first would depend on row order,
        # which a case's sightings do not keep.
        .agg(pl.col("raw").min(), pl.len().alias("spellings"))
        .select(numbers=_numbers(pl.col("key")), key="key", raw="raw", spellings="spellings")
        .cast(TALLY_SCHEMA)  # type: ignore[arg-type]
    )


def alike_keys(tally: pl.DataFrame) -> pl.DataFrame:
    """key → merged (`MERGES_SCHEMA`, sorted by key), from the `spelling_tally` rows of some
    whole groups of numbers: alike spellings are only sought among keys with the same
    numbers, so the merges of several groups are those of each group put together.

    Examples
    --------
    >>> raw = pl.Series(["43 Columbus Ave, Columbus OH 43206", "43 Colombus Ave, OH 43206"])
    >>> keys = address.unit_key(raw)
    >>> parts = pl.concat([spelling_tally(raw[:1], keys[:1]), spelling_tally(raw, keys)])
    >>> alike_keys(parts).equals(spelling_merges(raw, keys))
    True
    """
    spelled = tally.group_by("numbers", "key").agg(
        pl.col("raw").min(), pl.col("spellings").sum().cast(pl.UInt32)
    )
    crowded = spelled.filter(pl.len().over("numbers") > 1).sort("key")
    if crowded.is_empty():
        return pl.DataFrame(schema=MERGES_SCHEMA)
    return _merged(crowded).sort("key")


def merged_keys(keys: pl.Series, merges: pl.DataFrame) -> pl.Series:
    """``keys`` with those `spelling_merges` names replaced by their merged key.

    Examples
    --------
    >>> merges = pl.DataFrame({"key": ["9 elm"], "merged": ["9 elm st"]})
    >>> merged_keys(pl.Series("value", ["9 elm", "3 oak", None]), merges).to_list()
    ['9 elm st', '3 oak', None]
    """
    if merges.is_empty():
        return keys
    replaced = keys.replace_strict(merges["key"], merges["merged"], default=keys)
    return replaced.rename(keys.name)


def dwelling_key(values: pl.Series) -> pl.Series:
    """`address.unit_key` of every line, alike spellings of one dwelling merged.

    Examples
    --------
    >>> lines = ["9 Maple Dr, Tampa FL 33669", "9 maple drive tampa fl 33669",
    ...          "9 Mapel Dr, FL 33669"]
    >>> dwelling_key(pl.Series(lines)).to_list()
    ['33669 9 dr fl maple tampa', '33669 9 dr fl maple tampa', '33669 9 dr fl maple tampa']
    """
    keys = address.unit_key(values)
    return merged_keys(keys, spelling_merges(values, keys))


def _numbers(key: pl.Expr) -> pl.Expr:
    """The words of a key that hold a digit (house number, postcode, unit), sorted, the
    unit's marked as the unit's: spellings of one address must share them all, and
    house 5, flat 12 is not house 12, flat 5.

    Examples
    --------
    >>> keys = pl.Series(["33602 5 elm st tampa unit 12", "12 33602 elm st tampa unit 5"])
    >>> pl.select(_numbers(pl.lit(keys))).to_series().to_list()
    ['33602 5 unit12', '12 33602 unit5']
    """
    words = key.str.extract_all(r"\bunit [a-z]*\d[a-z0-9]*\b|\b[a-z]*\d[a-z0-9]*\b")
    return address.sorted_words(words.list.eval(pl.element().str.replace(" ", ""))).list.join(" ")


def _merged(candidates: pl.DataFrame) -> pl.DataFrame:
    """key → merged key, for the candidate keys of alike spellings."""
    worded = candidates.with_columns(
        words=pl.col("key")
        .str.split(" ")
        .list.eval(
            pl.element().filter(~pl.element().str.contains(r"\d") & (pl.element() != "unit"))
        )
    )
    pairs = (
        worded.join(worded, on="numbers", suffix="_b")
        .filter(pl.col("key") < pl.col("key_b"))
        .with_columns(
            only=pl.col("words").list.set_difference("words_b"),
            only_b=pl.col("words_b").list.set_difference("words"),
        )
        .filter(_maybe_alike(pl.col("only"), pl.col("only_b")))
    )
    graph = nx.Graph()
    columns = ("key", "raw", "words", "key_b", "raw_b", "words_b", "only", "only_b")
    for key, line, words, other, other_line, other_words, only, only_b in pairs.select(
        columns
    ).iter_rows():
        odd, rest = sorted((only, only_b), key=len)
        if odd and not any(_similar(odd[0], word) for word in rest):
            continue  # two different streets at one number: the usual case, decided cheaply
        if _alike(line, other_line, tuple(words), tuple(other_words)):
            graph.add_edge(key, other)
    weight = dict(candidates.select("key", "spellings").iter_rows())
    return pl.DataFrame(
        _without_conflicts(graph, lambda k: (-weight[k], -k.count(" "), k)),
        schema=MERGES_SCHEMA,
        orient="row",
    )


def _without_conflicts(
    graph: nx.Graph, rank: Callable[[str], tuple[int, int, str]]
) -> list[tuple[str, str]]:
    """(key, merged) pairs from a graph of alike keys: each group takes its best-ranked key,
    and a key merges into it only if every key it is alike to is alike to that one too.

    Alikeness does not carry over: "12 Main St" (no city) is alike to "12 Main St,
    Springfield" and to "12 Main St, Portland", which are not alike to each other. Such
    a line is left alone, and the two cities stay apart.

    Examples
    --------
    >>> graph = nx.Graph([("bare", "springfield"), ("bare", "portland"), ("typo", "springfield")])
    >>> fullest = {"springfield": 0, "portland": 1, "typo": 2, "bare": 3}
    >>> _without_conflicts(graph, lambda key: (fullest[key], 0, key))
    [('typo', 'springfield'), ('springfield', 'springfield')]
    """
    merges: list[tuple[str, str]] = []
    left = graph.copy()
    while left.number_of_edges():
        groups = [group for group in nx.connected_components(left) if len(group) > 1]
        for best in sorted((min(group, key=rank) for group in groups), key=rank):
            alike = set(graph[best]) | {best}
            near = sorted(left[best])
            merged = [key for key in near if set(graph[key]) <= alike]
            merges += [(key, best) for key in merged] + ([(best, best)] if merged else [])
            # A key alike to keys apart from ``best`` is left alone, now and later.
            left.remove_nodes_from([best, *near])
    return merges


def _maybe_alike(only: pl.Expr, only_b: pl.Expr) -> pl.Expr:
    """A cheap test that lets through every pair `_alike` could accept: one line's
    words are all in the other, but for at most one word long enough for a typo."""
    shorter = pl.when(only.list.len() <= only_b.list.len()).then(only).otherwise(only_b)
    return (shorter.list.len() == 0) | (
        (shorter.list.len() == 1) & (shorter.list.first().str.len_chars() >= MIN_FUZZY_LENGTH)
    )


def _alike(line: str, other: str, words: tuple[str, ...], other_words: tuple[str, ...]) -> bool:
    """Are two lines with the same numbers (and these letter words) one address?

    Where usaddress names both streets, they must be alike and their
    directionals and street types agree; a line may drop its city. Otherwise
    the lines must hold as many words, each alike to one of the other's.
    """
    mine, theirs = _street(line), _street(other)
    if not (mine and theirs):
        return len(words) == len(other_words) and _words_alike(words, other_words)
    agree = all(
        mine[label] == theirs[label] for label in _MUST_AGREE if label in mine and label in theirs
    )
    return agree and _similar(mine["StreetName"], theirs["StreetName"])


@cache
def _street(line: str) -> dict[str, str]:
    """usaddress's parts of a line, each as plain abbreviated words; empty when it names
    no street."""
    try:
        tagged, _ = usaddress.tag(line)
    except usaddress.RepeatedLabelError:
        return {}
    if "StreetName" not in tagged:
        return {}
    return {label: _plain(value) for label, value in tagged.items()}


def _plain(text: str) -> str:
    """Lower-case words without accents or punctuation, USPS-abbreviated as keys are."""
    bare = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = re.sub(r"[^a-z0-9]+", " ", bare).split()
    return " ".join(address.ABBREVIATIONS.get(word, word) for word in words)


def _similar(a: str, b: str) -> bool:
    if a == b:
        return True
    if min(len(a), len(b)) < MIN_FUZZY_LENGTH:
        return False
    return DamerauLevenshtein.distance(a, b) <= TYPOS or JaroWinkler.similarity(a, b) >= ALIKE


def _words_alike(mine: tuple[str, ...], theirs: tuple[str, ...]) -> bool:
    """Every word of the shorter list is alike to a word of the longer."""
    short, long = sorted((mine, theirs), key=len)
    return bool(short) and all(any(_similar(w, v) for v in long) for w in short)
