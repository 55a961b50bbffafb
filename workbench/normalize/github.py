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
_HANDLE = r"^[a-z0-9](?:[a-z0-9]|-[a-z0-9])*$"

#: Pages whose next part of the path is an account: an organisation's, a sponsored
#: user's ("github.com/orgs/acme", "github.com/sponsors/alice").
ACCOUNT_PAGES = ("orgs", "sponsors", "users")

#: GitHub's own pages, which no account can be named after: a link to one names no one.
RESERVED = (
    "about", "apps", "collections", "contact", "enterprise", "explore", "features", "join",
    "login", "marketplace", "new", "notifications", "organizations", "pricing", "pulls",
    "issues", "search", "security", "settings", "site", "sponsors", "topics", "trending",
)  # fmt: skip
_PROFILE_URL = rf"^(?:https?://)?(?:www\.)?github\.com/(?:(?:{'|'.join(ACCOUNT_PAGES)})/)?([^/?#]*)"


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
    usable = (
        handle.str.contains(_HANDLE)
        & (handle.str.len_chars() <= MAX_HANDLE)
        & ~handle.is_in(RESERVED)
        & ~placeholder_expr(text)
        & ~placeholder_expr(handle)
    )
    return frame.select(pl.when(usable).then(handle)).to_series()


def canonical(values: pl.Series) -> pl.Series:
    """Lower-case GitHub handle; null when not a valid handle or a placeholder.

    Examples
    --------
    >>> canonical(pl.Series(["https://github.com/Foo/", "github.com/foo?tab=repos", "@Foo",
    ...     "bad handle", "github.com/orgs/Acme", "github.com/settings"])).to_list()
    ['foo', 'foo', 'foo', None, 'acme', None]
    """
    return on_unique(values, _canonical_distinct).cast(pl.String)
