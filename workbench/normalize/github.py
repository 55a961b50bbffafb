"""GitHub accounts: the handle, whatever the contractor pasted.

GitHub handles are case-insensitive, 1–39 characters of letters, digits and
single inner hyphens. Profile URLs, "github.com/x", "@x" and "x" all give "x".
"""

from __future__ import annotations

import polars as pl

from workbench.normalize._unique import on_unique
from workbench.normalize.placeholders import placeholder_expr

#: GitHub's own limit on handle length.
MAX_HANDLE = 39
_HANDLE = rf"^[a-z0-9](?:[a-z0-9]|-[a-z0-9]){{0,{MAX_HANDLE - 1}}}$"
_PROFILE_URL = r"^(?:https?://)?(?:www\.)?github\.com/([^/?#]*)"


def _canonical_distinct(distinct: pl.Series) -> pl.Series:
    """Handle for distinct raw strings."""
    # Step by step, each step a column: an expression used twice would be computed twice.
    text, handle = pl.col("text"), pl.col("handle")
    frame = pl.DataFrame({"text": distinct.str.strip_chars().str.to_lowercase()}).with_columns(
        handle=pl.when(text.str.contains(_PROFILE_URL))
        .then(text.str.extract(_PROFILE_URL))
        .otherwise(text)
        .str.strip_prefix("@")
    )
    usable = handle.str.contains(_HANDLE) & ~placeholder_expr(text) & ~placeholder_expr(handle)
    return frame.select(pl.when(usable).then(handle)).to_series()


def canonical(values: pl.Series) -> pl.Series:
    """Lower-case GitHub handle; null when not a valid handle or a placeholder.

    Examples
    --------
    >>> canonical(pl.Series(["https://github.com/Foo/", "github.com/foo?tab=repos", "@Foo",
    ...                      "bad handle"])).to_list()
    ['foo', 'foo', 'foo', None]
    """
    return on_unique(values, _canonical_distinct).cast(pl.String)
