"""Perceptual hashes of profile photos, as lower-case hex.

Only exact equality is used for linking here; near-duplicate photos (small
Hamming distance) are a separate comparison on these canonical strings.
"""

from __future__ import annotations

import polars as pl

from workbench.normalize._unique import on_unique
from workbench.normalize.placeholders import placeholder_expr

#: Shortest hash worth comparing: 64-bit pHash/dHash is 16 hex digits;
#: 8 leaves room for 32-bit variants while excluding stray short numbers.
MIN_HEX_DIGITS = 8


def _canonical_distinct(distinct: pl.Series) -> pl.Series:
    """Canonical hex for distinct raw strings."""
    # The hex as a column first: an expression used four times would be computed four times.
    hex_ = pl.col("hex")
    usable = (
        hex_.str.contains(rf"^[0-9a-f]{{{MIN_HEX_DIGITS},}}$")
        & hex_.str.contains("[1-9a-f]")
        & ~placeholder_expr(hex_)
    )
    text = distinct.str.strip_chars().str.to_lowercase().str.strip_prefix("0x")
    return pl.DataFrame({"hex": text}).select(pl.when(usable).then(hex_)).to_series()


def canonical(values: pl.Series) -> pl.Series:
    """Lower-case hex hash without "0x"; null for all-zero or non-hex values.

    Examples
    --------
    >>> canonical(pl.Series(["0xD1C4B0A0F0E0C0B0", "0000000000000000", "not-hex"])).to_list()
    ['d1c4b0a0f0e0c0b0', None, None]
    """
    return on_unique(values, _canonical_distinct).cast(pl.String)
