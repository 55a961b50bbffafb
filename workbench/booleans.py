"""Yes/no text read one way everywhere: case columns, settings and notebook parameters.

One vocabulary, `TRUE_WORDS` and `FALSE_WORDS`, compared after trimming and
lower-casing. `parse_bool` reads one value and refuses any other word;
`bool_expr` reads a polars column and leaves any other word null, so that the
caller can report it (case loading turns it into a reject entry).
"""

from __future__ import annotations

import polars as pl

#: Words read as true (trimmed, any case): what spreadsheets, databases and people write.
TRUE_WORDS = ("true", "t", "yes", "y", "1")
#: Words read as false, one for each word in `TRUE_WORDS`.
FALSE_WORDS = ("false", "f", "no", "n", "0")

_MEANING = dict.fromkeys(TRUE_WORDS, True) | dict.fromkeys(FALSE_WORDS, False)


def parse_bool(value: object) -> bool:
    """A bool, or text in the vocabulary (a bool is returned as it is).

    Parameters
    ----------
    value : a bool, or anything whose text is one of `TRUE_WORDS` or
        `FALSE_WORDS` once trimmed and lower-cased (so the number 1 is true).

    Returns
    -------
    True or False.

    Raises
    ------
    ValueError
        For any other value, naming the words that are understood.

    Examples
    --------
    >>> parse_bool(" Yes "), parse_bool("f"), parse_bool(1), parse_bool(False)
    (True, False, True, False)
    >>> parse_bool("maybe")
    Traceback (most recent call last):
    ...
    ValueError: 'maybe' is not yes or no (true: true, t, yes, y, 1; false: false, f, no, n, 0)
    """
    if isinstance(value, bool):
        return value
    meaning = _MEANING.get(str(value).strip().lower())
    if meaning is None:
        raise ValueError(
            f"{value!r} is not yes or no "
            f"(true: {', '.join(TRUE_WORDS)}; false: {', '.join(FALSE_WORDS)})"
        )
    return meaning


def bool_expr(text: pl.Expr) -> pl.Expr:
    """`parse_bool` as a polars expression: the same words, and null for any other.

    Parameters
    ----------
    text : an expression of any type; it is read as text.

    Returns
    -------
    A Boolean expression, null where ``text`` is null or not in the vocabulary.

    Examples
    --------
    >>> s = pl.Series(["TRUE", " n ", "1", "maybe", None])
    >>> pl.select(bool_expr(pl.lit(s))).to_series().to_list()
    [True, False, True, None, None]
    """
    word = text.cast(pl.String).str.strip_chars().str.to_lowercase()
    return (
        pl.when(word.is_in(TRUE_WORDS))
        .then(True)
        .when(word.is_in(FALSE_WORDS))
        .then(False)
        .otherwise(None)
    )
