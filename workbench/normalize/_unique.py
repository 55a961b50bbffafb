"""Run a normaliser once per distinct value and spread the answers back.

Identifier columns repeat heavily (one IP per thousand logins), so every
normaliser computes on the unique values and joins the result back instead of
working row by row. Python-level library calls (phonenumbers, ipaddress,
schwifty) go through :func:`map_python`, which sees each distinct value once.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from workbench.distinct import distinct

#: Share of distinct values from which `on_unique` computes on every value: when
#: almost nothing repeats, finding the distinct values and joining the answers back
#: costs more than the repeats do.
MOSTLY_DISTINCT = 0.9


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
    compute : function from a series of strings to a series of the same
        length (the answer for each), answering each value on its own: where
        nearly every value is distinct (`MOSTLY_DISTINCT`), it is given all the
        non-null values, repeats included.

    Returns
    -------
    A series as long as ``values``, named like it; null where the input is null.

    Examples
    --------
    >>> on_unique(pl.Series("x", ["a", "b", "a", None]), lambda s: s.str.to_uppercase()).to_list()
    ['A', 'B', 'A', None]
    >>> on_unique(pl.Series("x", ["a", "b", "c", None]), lambda s: s.str.to_uppercase()).to_list()
    ['A', 'B', 'C', None]
    """
    text = as_text(values)
    present = text.drop_nulls()
    # An estimate is enough: either way gives the same answers, only the cost differs.
    if int(present.approx_n_unique()) >= MOSTLY_DISTINCT * len(present):  # type: ignore[arg-type]
        answers = compute(present)
        if len(present) < len(text):
            answers = answers.clear(len(text)).scatter(text.is_not_null().arg_true(), answers)
        return answers.rename(values.name)
    return _on_distinct(text, compute).rename(values.name)


def _on_distinct(text: pl.Series, compute: Callable[[pl.Series], pl.Series]) -> pl.Series:
    """``compute`` of the distinct non-null values of ``text``, joined back to every row."""
    values = distinct(text.drop_nulls())
    answers = compute(values)
    mapping = pl.DataFrame({"key": values, "value": answers})
    joined = pl.DataFrame({"key": text}).join(mapping, on="key", how="left", maintain_order="left")
    return joined["value"]


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
    # Always once per distinct value: a Python call costs more than any join.
    return _on_distinct(
        as_text(values),
        lambda distinct: pl.Series([function(v) for v in distinct.to_list()], dtype=dtype),
    ).rename(values.name)
