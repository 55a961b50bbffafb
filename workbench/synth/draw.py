"""Small helpers on numpy's Generator (distinct integers, hex ids, weighted picks) and on
the person index of generated rows (gathering texts, finding each row's person)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl


def unique_ints(rng: np.random.Generator, n: int, low: int, high: int) -> np.ndarray:
    """Draw ``n`` distinct integers in ``[low, high)`` (redrawing collisions).

    Parameters
    ----------
    rng : the generator to draw from.
    n : how many integers.
    low, high : half-open range; should be much larger than ``n``.

    Returns
    -------
    An int64 array of ``n`` distinct values, in draw order.

    Examples
    --------
    >>> v = unique_ints(np.random.default_rng(1), 50, 0, 60)
    >>> len(set(v.tolist())), int(v.min()) >= 0, int(v.max()) < 60
    (50, True, True)
    """
    if high - low < n:
        raise ValueError(f"cannot draw {n} distinct integers from a range of {high - low}")
    out = rng.integers(low, high, size=n, dtype=np.int64)
    while True:
        _, first = np.unique(out, return_index=True)
        dup = np.ones(n, dtype=bool)
        dup[first] = False
        if not dup.any():
            return out
        out[dup] = rng.integers(low, high, size=int(dup.sum()), dtype=np.int64)


def hex_ids(rng: np.random.Generator, n: int, nbytes: int) -> list[str]:
    """Return ``n`` distinct lower-case hex strings of ``nbytes`` random bytes.

    Examples
    --------
    >>> ids = hex_ids(np.random.default_rng(1), 3, 8)
    >>> [len(i) for i in ids], len(set(ids))
    ([16, 16, 16], 3)
    """
    raw = rng.integers(0, 256, size=(n, nbytes), dtype=np.uint8)
    out = [row.tobytes().hex() for row in raw]
    if len(set(out)) < n:
        raise ValueError("hex id collision; use more bytes")
    return out


def uuids(rng: np.random.Generator, n: int) -> list[str]:
    """Return ``n`` distinct random UUID-4-shaped device ids.

    Examples
    --------
    >>> u = uuids(np.random.default_rng(1), 2)[0]
    >>> [len(p) for p in u.split("-")], u[14]
    ([8, 4, 4, 4, 12], '4')
    """
    out = []
    for h in hex_ids(rng, n, 16):
        out.append(f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) % 4]}{h[17:20]}-{h[20:]}")
    return out


def pick(
    rng: np.random.Generator, pool: Sequence[str], n: int, weights: Sequence[float] | None = None
) -> np.ndarray:
    """Pick ``n`` items from ``pool`` (optionally weighted) as a numpy string array.

    Examples
    --------
    >>> pick(np.random.default_rng(1), ["a", "b"], 4, [1.0, 0.0]).tolist()
    ['a', 'a', 'a', 'a']
    """
    p = None
    if weights is not None:
        w = np.asarray(weights, dtype=float)
        p = w / w.sum()
    return np.asarray(pool, dtype=object)[rng.choice(len(pool), size=n, p=p)]


def chance(rng: np.random.Generator, n: int, rate: float | np.ndarray) -> np.ndarray:
    """Return a boolean mask of ``n`` independent events with probability ``rate``.

    Examples
    --------
    >>> chance(np.random.default_rng(1), 3, 1.0).tolist()
    [True, True, True]
    """
    return rng.random(n) < rate


def texts(values: np.ndarray | Sequence[str], index: np.ndarray | None = None) -> pl.Series:
    """A polars string Series of ``values`` (optionally gathered at ``index``).

    Gathering in Arrow keeps row-level columns out of numpy's fixed-width
    unicode arrays, which would cost (longest string x rows x 4) bytes.

    Examples
    --------
    >>> texts(np.array(["a", "bc"], dtype=object), np.array([1, 1, 0])).to_list()
    ['bc', 'bc', 'a']
    """
    out = pl.Series(list(values), dtype=pl.String)
    return out if index is None else out.gather(index)


def positions(frame: pl.DataFrame, ids: np.ndarray) -> np.ndarray:
    """The person index (position in ``ids``) of each row's contractor_id.

    Examples
    --------
    >>> positions(pl.DataFrame({"contractor_id": ["b", "a", "b"]}), np.array(["a", "b"])).tolist()
    [1, 0, 1]
    """
    index = pl.DataFrame({"contractor_id": ids.astype(str), "who": np.arange(len(ids))})
    joined = frame.select("contractor_id").join(
        index, on="contractor_id", how="left", maintain_order="left"
    )
    return joined["who"].to_numpy()
