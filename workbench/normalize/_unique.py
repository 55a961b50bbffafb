"""Run a normaliser once per distinct value and spread the answers back.

Identifier columns repeat heavily (one IP per thousand logins), so every
normaliser computes on the unique values and joins the result back instead of
working row by row. Python-level library calls (phonenumbers, ipaddress,
schwifty) go through :func:`map_python`, which sees each distinct value once.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl


def as_text(values: pl.Series) -> pl.Series:
    """Return ``values`` as a String series (numbers read from CSV become text).

    Examples
    --------
    >>> as_text(pl.Series([1, None])).to_list()
    ['1', None]
    """
    return values if values.dtype == pl.String else values.cast(pl.String)


def on_unique(values: pl.Series, compute: Callable[[pl.Series], pl.Series]) -> pl.Series:
    """Apply ``compute`` to the distinct non-null values and map results back.

    Parameters
    ----------
    values : any series of text.
    compute : function from a series of distinct strings to a series of the
        same length (the answer for each).

    Returns
    -------
    A series as long as ``values``, named like it; null where the input is null.

    Examples
    --------
    >>> on_unique(pl.Series("x", ["a", "b", "a", None]), lambda s: s.str.to_uppercase()).to_list()
    ['A', 'B', 'A', None]
    """
    text = as_text(values)
    distinct = text.drop_nulls().unique()
    answers = compute(distinct)
    mapping = pl.DataFrame({"key": distinct, "value": answers})
    joined = pl.DataFrame({"key": text}).join(mapping, on="key", how="left", maintain_order="left")
    return joined["value"].rename(values.name)


def map_python(
    values: pl.Series,
    function: Callable[[str], object],
    dtype: pl.DataType | type[pl.DataType] = pl.String,
) -> pl.Series:
    """Call a Python ``function`` once per distinct non-null value.

    Examples
    --------
    >>> map_python(pl.Series(["ab", "ab", "c"]), lambda v: v[::-1]).to_list()
    ['ba', 'ba', 'c']
    """
    return on_unique(
        values,
        lambda distinct: pl.Series([function(v) for v in distinct.to_list()], dtype=dtype),
    )
