"""Distinct values and distinct rows, found the quick way.

Polars (2.1) finds the distinct values of a long text column three to four
times as fast in a lazy query as with ``Series.unique``, and a frame's
distinct rows about twice as fast as with ``DataFrame.unique`` (measured in
docs/benchmarks.md). The answers are the same sets; like polars' own, they
come in no set order, so a caller that needs one sorts them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import polars as pl


def distinct(values: pl.Series) -> pl.Series:
    """``values.unique()``: each distinct value once (a null too, if any), in no set order.

    Examples
    --------
    >>> sorted(distinct(pl.Series("x", ["b", "a", "b"])).to_list())
    ['a', 'b']
    """
    return values.to_frame().lazy().unique().collect().to_series()


def distinct_rows(
    frame: pl.DataFrame,
    subset: str | Sequence[str] | None = None,
    *,
    keep: Literal["first", "last", "any", "none"] = "any",
) -> pl.DataFrame:
    """``frame.unique(subset, keep=keep)``: one row per distinct ``subset`` (all columns by
    default), in no set order.

    Examples
    --------
    >>> frame = pl.DataFrame({"id": ["a", "a", "b"], "n": [1, 2, 3]})
    >>> distinct_rows(frame, "id", keep="first").sort("id").rows()
    [('a', 1), ('b', 3)]
    """
    return frame.lazy().unique(subset, keep=keep).collect()
