"""Perceptual hashes of profile photos, as lower-case hex, near-duplicates merged.

A perceptual hash (pHash, dHash, aHash) changes in a few bits when a photo
is re-encoded, resized, cropped a little or recoloured, so the copies of one
altered photo on several profiles seldom share an exact hash. Two 64-bit
hashes within `NEAR_BITS` bits are one photo: `variant_tally`,
`near_variants` and `merged_variants` are the steps of a
`workbench.kinds.Spellings`, so an engine that holds a case in parts finds
the same merges.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from workbench.normalize._unique import on_unique
from workbench.normalize.merges import MERGES_SCHEMA, component_merges
from workbench.normalize.placeholders import placeholder_expr

#: Shortest hash worth comparing: 64-bit pHash/dHash is 16 hex digits;
#: 8 leaves room for 32-bit variants while excluding stray short numbers.
MIN_HEX_DIGITS = 8

#: Hex digits of the hashes compared by distance: the 64 bits of pHash, dHash and
#: aHash. Hashes of other lengths link on equality alone.
COMPARED_HEX_DIGITS = 16

#: Bits in which two 64-bit hashes may differ and still be one photo. Unrelated
#: photos' hashes differ in about 32 bits; two of them come within 3 with
#: P = 43,745 / 2⁶⁴ ≈ 2.4·10⁻¹⁵, so a case of ten million photos holds 0.12 such
#: pairs by chance. Krawetz ("Looks Like It", Hacker Factor, 2011) reads up to 10
#: bits as "potentially a variation", but 10 bits would tie about 5,000 pairs of
#: strangers by chance among a million photos.
NEAR_BITS = 3

#: Blocks each compared hash is cut into: two hashes within `NEAR_BITS` bits agree
#: exactly in at least one of `NEAR_BITS` + 1 blocks (the pigeonhole principle), so
#: only hashes that share a block are compared.
BLOCKS = NEAR_BITS + 1

#: Bits of a block (64 / `BLOCKS`).
BLOCK_BITS = 4 * COMPARED_HEX_DIGITS // BLOCKS

#: `variant_tally`'s rows: a block (its position and bits, as one number), a hash
#: holding it (as written and as a number), and how many sightings gave that hash.
TALLY_SCHEMA = pl.Schema(
    {"block": pl.UInt32(), "key": pl.String(), "bits": pl.Int64(), "rows": pl.UInt32()}
)

#: `near_variants`' rows: a hash, how many sightings gave it, and a hash near it.
NEAR_SCHEMA = pl.Schema({"key": pl.String(), "rows": pl.UInt32(), "near": pl.String()})


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


def variant_tally(keys: pl.Series) -> pl.DataFrame:
    """Each 64-bit hash among ``keys`` (`canonical` values) once per block, with how many of
    ``keys`` it is (`TALLY_SCHEMA`): what some sightings say for `near_variants`.

    Tallies of parts of a case, put together, are read by `near_variants` as
    the whole case's: a hash tallied in several parts sums its rows.

    Examples
    --------
    >>> keys = pl.Series(["d1c4b0a0f0e0c0b0", "d1c4b0a0f0e0c0b0", "ab12cd34", None])
    >>> tally = variant_tally(keys)
    >>> tally.height, tally["key"].unique().to_list(), tally["rows"].unique().to_list()
    (4, ['d1c4b0a0f0e0c0b0'], [2])
    """
    compared = pl.DataFrame({"key": keys}, schema={"key": pl.String()}).filter(
        pl.col("key").str.len_bytes() == COMPARED_HEX_DIGITS
    )
    # Counted by number, which hashes faster than text. Signed, as engines without
    # unsigned integers hold them: xor and bit counts agree.
    bits = pl.col("key").str.to_integer(base=16, dtype=pl.UInt64).reinterpret(signed=True)
    counted = compared.group_by(bits.alias("bits")).agg(pl.col("key").first(), rows=pl.len())
    blocks = [
        (
            pl.col("bits").reinterpret(signed=False) // (1 << (BLOCK_BITS * at)) % (1 << BLOCK_BITS)
        ).cast(pl.UInt32)
        + (at << BLOCK_BITS)
        for at in range(BLOCKS)
    ]
    return (
        counted.select(pl.concat_list(blocks).alias("block"), "key", "bits", "rows")
        .explode("block")
        .cast(TALLY_SCHEMA)  # type: ignore[arg-type]
    )


def near_variants(tally: pl.DataFrame) -> pl.DataFrame:
    """Each hash within `NEAR_BITS` bits of another, with its rows summed and that other
    (`NEAR_SCHEMA`, both ways round), from the `variant_tally` rows of some whole blocks:
    those of several blocks are those of each block put together.

    Examples
    --------
    >>> keys = pl.Series(["d1c4b0a0f0e0c0b0", "d1c4b0a0f0e0c0b1", "ffffffff00000000"])
    >>> near_variants(variant_tally(keys)).sort("key").rows()
    [('d1c4b0a0f0e0c0b0', 1, 'd1c4b0a0f0e0c0b1'), ('d1c4b0a0f0e0c0b1', 1, 'd1c4b0a0f0e0c0b0')]
    """
    if tally.is_empty():
        return pl.DataFrame(schema=NEAR_SCHEMA)
    ordered = tally.sort("block", "bits")
    block, bits = ordered["block"].to_numpy(), ordered["bits"].to_numpy()
    # A hash tallied by several parts is one: its rows summed, its key read where it starts.
    start = np.flatnonzero(np.r_[True, (block[1:] != block[:-1]) | (bits[1:] != bits[:-1])])
    rows = np.add.reduceat(ordered["rows"].to_numpy(), start)
    block, bits = block[start], bits[start]
    # Each hash is compared with the 1st, 2nd, … hash after it in its block: a pass per
    # distance, over the hashes whose block holds one that far on.
    first = np.flatnonzero(np.r_[True, block[1:] != block[:-1]])
    size = np.diff(np.r_[first, len(block)])
    later = np.repeat(first + size, size) - np.arange(len(block)) - 1
    pairs = []
    at, step = np.flatnonzero(later > 0), 1
    while len(at):
        differing = pl.Series(bits[at] ^ bits[at + step]).bitwise_count_ones().to_numpy()
        close = at[differing <= NEAR_BITS]
        pairs += [np.column_stack([close, close + step]), np.column_stack([close + step, close])]
        step += 1
        at = at[later[at] >= step]
    found = np.concatenate([np.empty((0, 2), np.int64), *pairs])
    keys = ordered["key"]
    near = pl.DataFrame(
        {
            "key": keys.gather(start[found[:, 0]]),
            "rows": rows[found[:, 0]],
            "near": keys.gather(start[found[:, 1]]),
        }
    )
    return near.unique().cast(NEAR_SCHEMA)  # type: ignore[arg-type]


def merged_variants(near: pl.DataFrame) -> pl.DataFrame:
    """key → merged (`MERGES_SCHEMA`, sorted by key) from every `near_variants` row of a case.

    Hashes near one another, directly or through others, become the one most
    sightings gave, then the least.

    Examples
    --------
    >>> near = pl.DataFrame({"key": ["aa", "ab", "ab", "bb"], "rows": [1, 2, 2, 1],
    ...                      "near": ["ab", "aa", "bb", "ab"]})
    >>> merged_variants(near).rows()
    [('aa', 'ab'), ('bb', 'ab')]
    """
    if near.is_empty():
        return pl.DataFrame(schema=MERGES_SCHEMA)
    ranked = near.select("key", "rows").unique().sort(["rows", "key"], descending=[True, False])
    return component_merges(near.select("key", "near").iter_rows(), ranked["key"])
