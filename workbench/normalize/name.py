"""Personal names as sorted tokens, and a tolerant "same person?" test.

Names are compared, never linked on: many people share a name. The canonical
form ignores what varies between exports of one name (accents, case,
punctuation, "Last, First" order) so a payee can be checked against the
contractor the money was meant for; the test also forgives one slip of the
keyboard in a name typed by hand, a nickname, and a name a bank wrote in its
own script.
"""

from __future__ import annotations

import itertools
import re
from functools import cache, lru_cache
from typing import NamedTuple

import polars as pl
from nicknames import NickNamer
from rapidfuzz.distance import OSA, Indel, Levenshtein
from rapidfuzz.process import cpdist

from workbench.normalize._unique import as_text, map_python, on_unique
from workbench.normalize.latin import without_accents
from workbench.normalize.placeholders import placeholder_expr
from workbench.normalize.romanize import (
    READINGS_KEPT,
    family_name_first,
    folded,
    readings,
    sound,
)

#: Shortest word in which a slip is forgiven (`slipped`). In shorter words one
#: letter is what sets two names apart: Yan and Yang, Li and Lin, Jon and Joan.
#: A trailing letter on a longer word is forgiven even where it makes another
#: name (Chen and Cheng, Eric and Erica): such pairs are rare among a person's
#: payees, hand-typed slips are not.
SLIP_MIN_LETTERS = 4


def _plain(text: pl.Expr) -> pl.Expr:
    """Text without accents (`latin.without_accents`: "ł", "đ", "ø", "ß" as the plain
    letters they are written with), lower-case."""
    return without_accents(text).str.to_lowercase()


def _words(text: pl.Expr) -> pl.Expr:
    """Word tokens in the order written, punctuation gone."""
    cleaned = text.str.replace_all(r"[^\p{L}\p{N}\s]", " ")
    return cleaned.str.split(" ").list.eval(pl.element().filter(pl.element() != ""))


def _tokens(text: pl.Expr) -> pl.Expr:
    """Sorted word tokens: NFKC, accents stripped, lower-case, punctuation gone."""
    return _words(_plain(text)).list.sort()


def parts(values: pl.Series) -> pl.DataFrame:
    """First and last name as written: "Last, First" or "First [Middle] Last".

    A single word is a last name. Placeholders give nulls.

    Examples
    --------
    >>> parts(pl.Series(["John Q. Smith", "Smith, John", "Núñez", "n/a"])).rows()
    [('john', 'smith'), ('john', 'smith'), (None, 'nunez'), (None, None)]
    """
    raw = pl.col("raw")
    plain = _plain(raw.str.strip_chars())
    comma = plain.str.contains(",")
    halves = plain.str.split_exact(",", 1)
    before = _words(halves.struct.field("field_0"))
    after = _words(halves.struct.field("field_1"))
    words = _words(plain)
    forename = (
        pl.when(comma).then(after.list.first()).when(words.list.len() >= 2).then(words.list.first())
    )
    surname = pl.when(comma).then(before.list.join(" ")).otherwise(words.list.last())
    usable = ~placeholder_expr(raw.fill_null(""))
    return pl.DataFrame({"raw": as_text(values)}).select(
        forename=pl.when(usable).then(forename).cast(pl.String),
        surname=pl.when(usable & (surname != "")).then(surname).cast(pl.String),
    )


def _canonical_distinct(distinct: pl.Series) -> pl.Series:
    """Canonical name for distinct raw strings."""
    frame = pl.DataFrame({"raw": distinct}).with_columns(
        joined=_tokens(pl.col("raw")).list.join(" ")
    )
    joined = pl.col("joined")
    usable = ~placeholder_expr(pl.col("raw")) & ~placeholder_expr(joined) & (joined != "")
    return frame.select(pl.when(usable).then(joined)).to_series()


def canonical(values: pl.Series) -> pl.Series:
    """Accent-free, lower-case, punctuation-free name with its words sorted.

    Examples
    --------
    >>> canonical(pl.Series(["Smith, John", "john  SMITH", "José Núñez", "n/a"])).to_list()
    ['john smith', 'john smith', 'jose nunez', None]
    """
    return on_unique(values, _canonical_distinct).cast(pl.String)


def latin_forms(ids: pl.Series, names: pl.Series) -> pl.DataFrame:
    """Each name as it is written in Latin letters, words separated by spaces: its
    `canonical` form and, for a name written in another script, each of its `readings`
    (how it is spelt in e-mail addresses and handles). One row per (id, form); a
    placeholder name gives none.

    Examples
    --------
    >>> names = pl.Series(["Smith, John", "김민준", "n/a"])
    >>> latin_forms(pl.Series("id", ["a", "b", "c"]), names).sort(pl.all()).rows()
    [('a', 'john smith'), ('b', 'kim min jeon'), ('b', '김민준')]
    """
    people = pl.DataFrame({ids.name: ids, "form": canonical(names), "name": names})
    people = people.filter(pl.col("form").is_not_null())
    # Python reads only the names in another script: their canonical form is not ASCII.
    other_script = people.filter(pl.col("form").str.len_bytes() > pl.col("form").str.len_chars())
    read = other_script.select(
        ids.name,
        form=map_python(
            other_script["name"],
            lambda name: [" ".join(words) for words in readings(name)],
            dtype=pl.List(pl.String),
        ),
    ).explode("form")
    return pl.concat([people.select(ids.name, "form"), read])


def _shares_word(mine: pl.Expr, theirs: pl.Expr) -> pl.Expr:
    """The two token lists have a full word (not an initial) in common."""
    common = mine.list.set_intersection(theirs)
    return common.list.eval(pl.element().str.len_chars() > 1).list.any()


def _covered(mine: pl.Expr, theirs: pl.Expr) -> pl.Expr:
    """Every token of ``mine`` is in ``theirs`` or is the initial of one of them."""
    extra = mine.list.set_difference(theirs)
    initials = theirs.list.eval(pl.element().str.slice(0, 1))
    only_initials = extra.list.eval(pl.element().str.len_chars() == 1).list.all()
    return only_initials & (extra.list.set_difference(initials).list.len() == 0)


def slipped(a: pl.Series, b: pl.Series) -> pl.Series:
    """Are two words one slip of the keyboard apart?

    A slip is a letter dropped, added or doubled, or two neighbouring letters
    swapped, in words of at least `SLIP_MIN_LETTERS` letters. A mistyped
    letter is not one: a single other letter is what sets many names apart
    (Yang and Wang, Karen and Karin, Martin and Marvin). Each distinct pair
    is compared once; a null word is no slip.

    Examples
    --------
    >>> slipped(pl.Series(["clak", "sarrah", "wrigth", "yang", "karen", "jon", None]),
    ...         pl.Series(["clark", "sarah", "wright", "wang", "karin", "john", "x"])).to_list()
    [True, True, True, False, False, False, False]
    """
    pairs = pl.DataFrame({"a": as_text(a), "b": as_text(b)})
    shorter = pl.min_horizontal(pl.col("a").str.len_chars(), pl.col("b").str.len_chars())
    tried = pairs.filter(shorter >= SLIP_MIN_LETTERS).unique()
    words = (tried["a"].to_list(), tried["b"].to_list())
    # A letter in or out is one Indel edit; a swap is one OSA edit but two Levenshtein
    # ones, where a mistyped letter is one of each.
    dropped_or_added = cpdist(*words, scorer=Indel.distance) == 1
    swapped = (cpdist(*words, scorer=OSA.distance) == 1) & (
        cpdist(*words, scorer=Levenshtein.distance) == 2
    )
    verdicts = tried.with_columns(slip=pl.Series(dropped_or_added | swapped, dtype=pl.Boolean))
    return (
        pairs.join(verdicts, on=["a", "b"], how="left", maintain_order="left")["slip"]
        .fill_null(False)
        .rename(as_text(a).name)
    )


def _letters(text: pl.Expr) -> pl.Expr:
    """The letters and digits of a name in the order written: no spaces, no punctuation."""
    return _plain(text).str.replace_all(r"[^\p{L}\p{N}]", "")


@cache
def _nick_namer() -> NickNamer:
    return NickNamer()


@cache
def _nicknames_of(word: str) -> frozenset[str]:
    """The nicknames of a given name, read once per word."""
    return frozenset(_nick_namer().nicknames_of(word))


def relatives(a: pl.Series, b: pl.Series) -> pl.Series:
    """Do two names share a family name (`_kin`), in any script and any reading of it
    (`romanize.readings`)?

    The family name may come last ("Pooja Nair"), first ("Choi Ji-min"), or first of two
    ("Maria Lopez Sanchez"), romanised otherwise ("Lysenko", "Лисенко"), in its feminine
    form ("Dabrowska", "Dabrowski"), written apart ("Dela Cruz", "Delacruz"), or as one
    half of a double name ("Kowalska-Nowak", "Nowak"). A given
    name shared by strangers is none: it comes first in both ("John Baker", "John
    Smith"), or is hyphenated ("Lee Min-jun", "Park Min-jun"). A household pays into one
    account: a spouse's, a parent's. Null where either name is unusable.

    Examples
    --------
    >>> relatives(pl.Series(["Pooja Nair", "Eun-ji Choi", "Maria Lopez Sanchez", "John Baker",
    ...     "Анастасія Ткаченко", "Wei Zhang", "Joanna Dabrowska", "中村 結衣", "Lee Min-jun"]),
    ...     pl.Series(["Amit Nair", "Choi Sung-min", "Jose Lopez", "John Smith",
    ...     "Oleksandr Tkachenko", "Mary Smith", "Lukasz Dabrowski", "Shota Nakamura",
    ...     "Park Min-jun"])).to_list()
    [True, True, True, False, True, False, True, True, False]
    """
    pairs = pl.DataFrame({"a": as_text(a), "b": as_text(b)})
    usable = canonical(pairs["a"]).is_not_null() & canonical(pairs["b"]).is_not_null()
    tried = pairs.filter(usable).unique()
    verdicts = [
        any(
            _kin(_family_words(one, mine), _family_words(other, theirs))
            for mine in readings(one)
            for theirs in readings(other)
        )
        for one, other in tried.iter_rows()
    ]
    found = tried.with_columns(kin=pl.Series(verdicts, dtype=pl.Boolean))
    joined = pairs.join(found, on=["a", "b"], how="left", maintain_order="left")
    return (
        pl.select(pl.when(pl.lit(usable)).then(joined["kin"])).to_series().rename(as_text(a).name)
    )


class _FamilyWords(NamedTuple):
    """The words of one reading of a name that may be its family name, as `_family_key`s
    with their places, and whether the others are known to be given names."""

    words: tuple[tuple[int, str], ...]
    known: bool


@lru_cache(maxsize=READINGS_KEPT)
def _family_words(name: str, words: tuple[str, ...]) -> _FamilyWords:
    """``words``, one reading of ``name``, that may be its family name: a name in Hangul,
    kana or Han characters is written family name first; a hyphenated given name
    (`_hyphenated_given`) is none; in other names any word may be the family name. Each
    two neighbours written together count too ("dela cruz")."""
    if family_name_first(name):
        places, known = {0}, True
    else:
        given = {
            word
            for at, token in enumerate(name.split())
            if _hyphenated_given(at, token)
            for word in readings(token)[0]
        }
        places = {at for at, word in enumerate(words) if word not in given}
        known = bool(given) and bool(places)
        if not known:
            places = set(range(len(words)))
    single = [(at, word) for at, word in enumerate(words) if at in places and len(word) > 1]
    together = [
        (at, first + second)
        for at, (first, second) in enumerate(itertools.pairwise(words))
        if {at, at + 1} <= places
    ]
    return _FamilyWords(tuple((at, _family_key(word)) for at, word in single + together), known)


#: A hyphen between two letters.
_HYPHENATED = re.compile(r"\w-\w")

#: A run of vowels: a syllable's core.
_VOWELS = re.compile(r"[aeiouy]+")


def _hyphenated_given(at: int, token: str) -> bool:
    """Is ``token``, word ``at`` of a name, a hyphenated given name? The first word is:
    given names come first ("Jean-Pierre Dupont", "Seo-yeon Park"). Later, one of single
    syllables is, as Korean and Chinese given names are written after the family name
    ("Lee Min-jun", "Wang Hsiao-ming"); longer halves are two family names joined
    ("Anna Kowalska-Nowak", "Mary Smith-Jones").

    Examples
    --------
    >>> [_hyphenated_given(1, t) for t in ("Min-jun", "Kowalska-Nowak", "Smith")]
    [True, False, False]
    """
    if not _HYPHENATED.search(token):
        return False
    return at == 0 or all(len(_VOWELS.findall(word)) <= 1 for word in readings(token)[0])


def _kin(mine: _FamilyWords, theirs: _FamilyWords) -> bool:
    """Do two names share a family name: a word of each with one `_family_key`, unless it
    is the first word of both and neither name tells its given names apart, as strangers
    of one given name are written ("John Baker", "John Smith")?"""
    unsure = not (mine.known or theirs.known)
    return any(
        word == other
        for at, word in mine.words
        for their_at, other in theirs.words
        if not (unsure and at == their_at == 0)
    )


#: Feminine endings of Slavic family names after "sk", "ck" or "zk", and the masculine
#: ones they stand for: Kowalska and Kowalski, Kovalska and Kovalskyi, Bely and Belaya.
_SK_ENDING = re.compile(r"(?<=[scz]k)(a|aya|aia|aja|i|y|iy|yi|yy|ii|ij|yj)$")

#: The feminine "a" of East Slavic and Bulgarian family names: Ivanova and Ivanov,
#: Pushkina and Pushkin, Koroleva and Korolev.
_OV_ENDING = re.compile(r"(?<=ov|ev|in|yn)a$")


@cache
def _family_key(word: str) -> str:
    """A family name as its spellings share it: the letters romanisations write either way
    `romanize.folded` ("Lysenko" and "Lisenko"), without the feminine or masculine ending
    (`_SK_ENDING`, `_OV_ENDING`: "Dabrowska" and "Dabrowski"). Not its sound: strangers'
    names sound alike more often than they are spelt so (Brian and Brown)."""
    return _OV_ENDING.sub("", _SK_ENDING.sub("", folded(word)))


def _typed_alike(pairs: pl.DataFrame) -> pl.Series:
    """Whether each pair of names (raw_a, raw_b, their words left and right) is one name
    typed with one slip: all words but one shared, that one `slipped`; or only spaces moved."""
    left, right = pl.col("left"), pl.col("right")
    mine, theirs = left.list.set_difference(right), right.list.set_difference(left)
    one_word = (
        _shares_word(left, right)
        & (left.list.len() == right.list.len())
        & (mine.list.len() == 1)
        & (theirs.list.len() == 1)
    )
    words = pairs.select(
        mine=pl.when(one_word).then(mine.list.first()),
        theirs=pl.when(one_word).then(theirs.list.first()),
    )
    respaced = pairs.select(_letters(pl.col("raw_a")) == _letters(pl.col("raw_b"))).to_series()
    return respaced | slipped(words["mine"], words["theirs"])


def _word_alike(mine: str, theirs: str) -> bool:
    """One word, spelt alike, romanised otherwise or given as a nickname (the ``nicknames``
    package's table of English given names: "jim" and "james", "jon" and "john")."""
    if mine == theirs or sound(mine) == sound(theirs):
        return True
    return theirs in _nicknames_of(mine) or mine in _nicknames_of(theirs)


def _words_covered(mine: tuple[str, ...], theirs: tuple[str, ...]) -> bool:
    """Every word of ``mine`` is alike one of ``theirs`` (`_word_alike`), or two of them
    written together ("Minseo" and "Min-seo"), or is the initial of one, and at least one
    full word is."""
    joined = [first + second for first, second in itertools.pairwise(theirs)]
    full = False
    for word in mine:
        if len(word) == 1:
            if not any(other.startswith(word) for other in theirs):
                return False
        elif any(_word_alike(word, other) for other in (*theirs, *joined) if len(other) > 1):
            full = True
        else:
            return False
    return full


def _sound_alike(pairs: pl.DataFrame) -> pl.Series:
    """Whether each pair of names (raw_a, raw_b) is one name romanised twice, written in
    another script, or given with a nickname beside an initial: the words of one are all
    alike the other's (`_words_covered`). A bank writes a payee in its own script
    ("Олена Петренко", "최성민"), a platform in Latin letters, and two romanisations of
    one name differ in vowels, doubled letters and spaces ("Dmitriy" and "Dmytro", "Gim
    Minseo" and "Kim Min-seo"). Two strangers' names seldom sound alike word for word.
    """
    tried = pairs.select("raw_a", "raw_b").unique()
    verdicts = [
        any(
            _words_covered(mine, theirs) or _words_covered(theirs, mine)
            for mine in readings(a)
            for theirs in readings(b)
        )
        for a, b in tried.iter_rows()
    ]
    found = tried.with_columns(alike=pl.Series(verdicts, dtype=pl.Boolean))
    joined = pairs.join(found, on=["raw_a", "raw_b"], how="left", maintain_order="left")
    return joined["alike"].fill_null(False)


def similar(a: pl.Series, b: pl.Series) -> pl.Series:
    """Do two names plausibly denote one person?

    True when the token sets are equal, or one name's tokens are all found in
    the other's (a missing middle name, an initial for a first name), as long
    as the two share at least one full word. A name typed with one slip is
    the same name too: all its words but one are the other's, and that one is
    a slip away from its counterpart (`slipped`: "Lisa Clak", "Lakshmi enon"),
    or only its spaces differ ("LisaClark", "LisaC lark"). A name written in
    another script, romanised otherwise or given with a nickname is the same
    name when each of its words sounds like one of the other's or is its
    nickname (`_sound_alike`: "Олена Петренко" and "Olena Petrenko", "Dmytro"
    and "Dmitriy Kravchenko", "Jim Harris" and "James Harris"). Null where
    either name is unusable.

    Examples
    --------
    >>> similar(pl.Series(["Smith, John", "J. Smith", "John Q. Smith", "Jane Doe", "Lisa Clak"]),
    ...         pl.Series(["john smith", "John Smith", "John Smith", "John Smith", "Lisa Clark"])
    ...         ).to_list()
    [True, True, True, False, True]
    >>> similar(pl.Series(["Jim Harris", "최성민", "Наталія Коваленко", "王伟"]),
    ...         pl.Series(["James Harris", "Choi Sung-min", "Kovalenko Nataliia", "John Smith"])
    ...         ).to_list()
    [True, True, True, False]
    """
    # The words of each name as columns: they are read several times below.
    frame = pl.DataFrame({"a": canonical(a), "b": canonical(b)}).with_columns(
        left=pl.col("a").str.split(" "), right=pl.col("b").str.split(" ")
    )
    left, right = pl.col("left"), pl.col("right")
    same = (pl.col("a") == pl.col("b")) | (
        _shares_word(left, right) & (_covered(left, right) | _covered(right, left))
    )
    usable = pl.col("a").is_not_null() & pl.col("b").is_not_null()
    verdicts = frame.select(pl.when(usable).then(same)).to_series()
    # Only the usable pairs not found the same are read again, for a slip or another script.
    undecided = (~verdicts).fill_null(False).arg_true()
    if len(undecided):
        rest = frame[undecided].with_columns(
            raw_a=as_text(a)[undecided], raw_b=as_text(b)[undecided]
        )
        verdicts = verdicts.scatter(undecided, _typed_alike(rest) | _sound_alike(rest))
    return verdicts.rename(as_text(a).name)
