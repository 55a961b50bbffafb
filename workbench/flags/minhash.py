"""Near-duplicate texts across identities, vectorised MinHash with LSH in numpy.

Each text becomes a set of word shingles hashed by polars. Long texts get a
one-permutation signature (Li, Owen & Zhang, NeurIPS 2012): the hash space is
split into `BINS` bins and the minimum per bin is kept, in one pass. Short
texts, which would leave most bins empty, get classic MinHash (one seeded hash
per bin). Bands of `ROWS` bins are hashed into buckets; texts sharing a bucket
are candidates, and each candidate pair's exact Jaccard similarity of shingle
sets is counted by binary search.
"""

from __future__ import annotations

import itertools

import numpy as np
import polars as pl

#: Words per shingle: three-word phrases tell edited copies from texts on one topic.
SHINGLE_WORDS = 3

#: Signature length; with `ROWS` it sets recall: P(candidate | J) = 1 − (1 − J⁸)²⁰,
#: 0.975 at J = 0.8, 0.999 at J = 0.9.
BINS = 160

#: Bins per LSH band: 20 bands of 8 keep template-alike texts (J ≈ 0.5, candidate
#: with P ≈ 0.075) from flooding the exact check.
ROWS = 8

#: Shingles a text needs before it is compared; shorter texts ("n/a", one line)
#: are alike by accident.
MIN_SHINGLES = 10

#: Candidate pairs whose signature estimate is this far below the threshold are
#: dropped before the exact check. A first, cheap pass reads `ESTIMATE_BINS`
#: bins (standard error ≤ 0.05 near 0.8, so 0.2 is four standard errors); it
#: drops most of the millions of pairs that merely share a band.
ESTIMATE_MARGIN = 0.2

#: Bins read by that first pass: enough for its margin, fewer to read than all.
ESTIMATE_BINS = 64

#: The margin of a second pass over all `BINS` bins (standard error ≤ 0.032 near
#: 0.8, so 0.12 is 3.8 standard errors: a pair at the threshold is lost with
#: P < 10⁻⁴, against 0.025 for the bands). Template-alike texts (J ≈ 0.5–0.7)
#: pass the first margin in large numbers; this one spares their exact check.
FULL_ESTIMATE_MARGIN = 0.12

#: Words split, hashed and mixed into shingles per step (bounds memory to ~200 MB).
SHINGLE_CHUNK = 4_000_000

#: Documents densified per numpy step (bounds memory to ~100 MB).
DENSIFY_CHUNK = 20_000

#: Pairs compared per numpy step when estimating (13–32 MB per gathered array): measured
#: faster at 1M contractors than steps of 500,000 (docs/benchmarks.md).
ESTIMATE_CHUNK = 100_000

#: Shingles looked up per numpy step of the exact Jaccard check (bounds memory to ~200 MB).
JACCARD_CHUNK = 4_000_000

#: Shingles hashed per numpy step of classic MinHash: a block of 16-bit hashes
#: (256 KB) and its hashed copy stay in a core's L2 cache while each of the `BINS`
#: bins passes over them once.
MINHASH_BLOCK = 131_072

#: Documents whose band keys are mixed per numpy step: a block's signatures
#: (about 320 KB) stay in cache while their eight rows are combined.
BAND_BLOCK = 1024

#: Seed of the shingle hash, so signatures are the same on every run.
SEED = 20_240_601

#: Texts in one LSH bucket beyond which the bucket is a boilerplate template,
#: not evidence; it is skipped so that a pair explosion cannot occur.
MAX_BUCKET = 200


#: Odd 64-bit multipliers that mix word hashes into shingle and band hashes
#: (arithmetic wraps modulo 2**64, which numpy does for unsigned integers).
_MIX = np.random.default_rng(SEED).integers(
    1, np.iinfo(np.uint64).max, size=max(ROWS, SHINGLE_WORDS) + 1, dtype=np.uint64
) | np.uint64(1)

#: Shingle hashes hold 32-bit values: half the memory and arithmetic of 64 bits,
#: and a chance collision of two shingles (about 2**-32 per comparison) is
#: negligible beside the signature's own sampling error.
_HASH = np.uint32

_EMPTY = np.iinfo(_HASH).max

#: Odd 32-bit multiplier that offsets a densified bin by its distance.
_STEP = _HASH(_MIX[-1] & np.uint64(_EMPTY)) | _HASH(1)

#: Signatures hold 16-bit values. A SIMD register holds twice as many as of 32
#: bits, so classic MinHash, the larger cost, takes about half the time, and
#: the signatures half the memory. Two different minima are equal by chance
#: with P ≈ n / 2**17 for texts of n shingles (≤ 0.0012 per bin below `BINS`):
#: that only lifts the estimate by as much, letting a few more pairs through to
#: the exact check, which reads the 32-bit shingles.
_SIGNATURE = np.uint16

#: Per-bin odd multipliers and offsets of classic MinHash for short texts: each
#: x ↦ x·odd + salt (mod 2**16) is a bijection of the low 16 bits of the already
#: random shingle hashes.
_SALT = np.random.default_rng(SEED + 1).integers(
    0, np.iinfo(_SIGNATURE).max, size=BINS, dtype=_SIGNATURE
)
_ODD = np.random.default_rng(SEED + 2).integers(
    1, np.iinfo(_SIGNATURE).max, size=BINS, dtype=_SIGNATURE
) | _SIGNATURE(1)


#: What parts words: any run of characters other than letters and digits. The
#: pattern does not match a lone space, already the separator it would become,
#: which spares a replacement per word (a run of two or more, or any other
#: single character, is matched and made one space).
_SEPARATOR = r"[^\p{L}\p{N}]{2,}|[^\p{L}\p{N} ]"


def cleaned(texts: pl.Series) -> pl.Series:
    """Texts as they are compared: lower case, words joined by single spaces.

    Examples
    --------
    >>> cleaned(pl.Series(["Senior  Dev -- Python, AWS."])).to_list()
    ['senior dev python aws']
    """
    return (
        texts.cast(pl.String).str.to_lowercase().str.replace_all(_SEPARATOR, " ").str.strip_chars()
    )


def _documents(ids: pl.Series, texts: pl.Series) -> tuple[pl.DataFrame, pl.Series]:
    """Each text's holders as (doc, contractor_id), and the distinct cleaned texts, numbered
    0..n-1 (`doc`) by first use."""
    # One group-by numbers the texts and lists their holders (no join on the texts).
    documents = (
        pl.DataFrame({"contractor_id": ids.cast(pl.String), "text": cleaned(texts)})
        .group_by("text", maintain_order=True)
        .agg("contractor_id")
        .filter(pl.col("text").str.len_chars() > 0)
        .with_row_index("doc")
    )
    members = documents.select(pl.col("doc").cast(pl.Int64), "contractor_id").explode(
        "contractor_id"
    )
    return members, documents["text"]


def _shingle_hashes(distinct: pl.Series) -> tuple[np.ndarray, np.ndarray]:
    """(counts, hashes): each distinct text's number of word shingles, and the
    shingles' 32-bit hashes, text after text (each text's are one stretch).

    `distinct` holds cleaned texts (`_documents`): no nulls, words joined by single spaces.

    The hashes are sized up front from each text's word count; texts are then
    split and hashed in chunks of about `SHINGLE_CHUNK` words, so that no more
    than a chunk's words is held at once.
    """
    # A one-space regex: polars counts it in half the time of the literal search.
    words = (distinct.str.count_matches(" ") + 1).cast(pl.Int64).to_numpy()
    counts = np.maximum(words - (SHINGLE_WORDS - 1), 0)
    shingle = np.empty(counts.sum(), _HASH)
    marks = np.arange(SHINGLE_CHUNK, words.sum(), SHINGLE_CHUNK)
    bounds = np.unique(np.r_[0, np.searchsorted(np.cumsum(words), marks), len(words)])
    written = 0
    for first, last in itertools.pairwise(bounds):
        split = distinct.slice(first, last - first).str.split(" ")
        word = split.explode().hash(seed=SEED).to_numpy()
        span = len(word) - SHINGLE_WORDS + 1
        if span <= 0:
            continue  # no text of the chunk has enough words for a shingle
        # In place, into two arrays: a new array's first writes fault its pages in.
        mixed = word[:span] * _MIX[0]
        term = np.empty_like(mixed)
        for offset in range(1, SHINGLE_WORDS):
            mixed += np.multiply(word[offset : offset + span], _MIX[offset], out=term)
        mixed ^= np.right_shift(mixed, np.uint64(32), out=term)
        # A shingle starting in a text's last SHINGLE_WORDS - 1 words runs into the next.
        starts_late = np.cumsum(words[first:last])[:, None] - np.arange(1, SHINGLE_WORDS)
        whole = np.ones(span, bool)
        whole[starts_late[(starts_late >= 0) & (starts_late < span)]] = False
        kept = np.count_nonzero(whole)
        # The low 32 bits, written straight into place.
        np.compress(whole, mixed, out=term[:kept])
        shingle[written : written + kept] = term[:kept]
        written += kept
    assert written == len(shingle), "word counts and split words disagree"
    return counts, shingle


def _densify(signature: np.ndarray) -> None:
    """Fill each empty bin from the next non-empty bin to its right, in place.

    Rotation densification (Shrivastava & Li, ICML 2014) with an offset for the
    distance; used for long texts only, whose few empty bins form short runs.
    """
    for start in range(0, len(signature), DENSIFY_CHUNK):
        part = signature[start : start + DENSIFY_CHUNK]
        twice = np.concatenate([part, part], axis=1)
        position = np.where(twice != _EMPTY, np.arange(2 * BINS), 2 * BINS)
        nearest = np.minimum.accumulate(position[:, ::-1], axis=1)[:, ::-1][:, :BINS]
        found = nearest < 2 * BINS
        source = np.take_along_axis(twice, np.where(found, nearest, 0), axis=1)
        distance = (nearest - np.arange(BINS)).astype(_HASH)
        part[:] = np.where(found, source + distance * _STEP, _EMPTY)


def _k_minhash(
    counts: np.ndarray, shingle: np.ndarray, docs: np.ndarray, signature: np.ndarray
) -> None:
    """Classic MinHash (one seeded hash per bin) of the documents `docs`, each with at least
    one shingle, into their rows of `signature`.

    `counts` holds each document's shingle count, and `shingle` their hashes,
    document after document; the low 16 bits of each hash are hashed again. Only
    short texts (fewer shingles than bins) come here, but each of their
    shingles is hashed once per bin, which makes this one of the larger costs
    of the text checks on large cases. Documents are taken by shingle count, so
    that a block of about `MINHASH_BLOCK` shingles is a dense (shingles ×
    documents) array. Each bin then takes three passes over the whole block
    (multiply, add, minimum down each column): numpy's loops run over thousands
    of values at a time, where a row per shingle would give them `BINS` each,
    at 2.4 times the cost at 1M contractors.
    """
    if not len(docs):
        return
    first = np.cumsum(counts) - counts
    docs = docs[np.argsort(counts[docs], kind="stable")]
    for same in np.split(docs, np.flatnonzero(np.diff(counts[docs])) + 1):
        size = counts[same[0]]
        step = max(1, MINHASH_BLOCK // size)
        # Row k holds each document's k-th shingle; column j is one document.
        position = np.arange(size)[:, None]
        hashed = np.empty((size, min(step, len(same))), _SIGNATURE)
        minima = np.empty((BINS, hashed.shape[1]), _SIGNATURE)
        for start in range(0, len(same), step):
            columns = same[start : start + step]
            block = shingle[first[columns] + position].astype(_SIGNATURE)
            work, least = hashed[:, : len(columns)], minima[:, : len(columns)]
            for b in range(BINS):
                np.multiply(block, _ODD[b], out=work)
                work += _SALT[b]
                np.minimum.reduce(work, axis=0, out=least[b])
            signature[columns] = least.T


def _one_permutation(counts: np.ndarray, shingle: np.ndarray) -> np.ndarray:
    """Signatures of documents with `counts` shingles each (`shingle`, document after
    document): one pass, the minimum per bin.

    Bins are chosen by the shingle hash modulo `BINS`, so the minima of one bin
    share their low bits; each is folded to 16 bits by xor-ing its halves.
    """
    signature = np.full((len(counts), BINS), _EMPTY, dtype=_HASH)
    row = np.repeat(np.arange(len(counts), dtype=np.int64), counts)
    bins = (shingle % _HASH(BINS)).astype(np.int64)
    np.minimum.at(signature.reshape(-1), row * BINS + bins, shingle)
    _densify(signature)
    return (signature ^ (signature >> _HASH(16))).astype(_SIGNATURE)


def _signatures(counts: np.ndarray, shingle: np.ndarray) -> np.ndarray:
    """A MinHash signature of `BINS` 16-bit values per document.

    Documents have `counts` shingles each, whose hashes are `shingle`, document
    after document. Long texts use one-permutation hashing (one pass: the
    minimum per hash bin) with rotation densification; short texts, where most
    bins would be empty and densified bins would all copy a few values, use
    classic per-bin MinHash. Near-duplicates have similar lengths, so they land
    in the same regime. A text without shingles keeps every bin at the largest value.
    """
    signature = np.full((len(counts), BINS), np.iinfo(_SIGNATURE).max, dtype=_SIGNATURE)
    long = counts >= BINS
    signature[long] = _one_permutation(counts[long], shingle[np.repeat(long, counts)])
    _k_minhash(counts, shingle, np.flatnonzero(~long & (counts > 0)), signature)
    return signature


def _estimate(signature: np.ndarray, pairs: pl.DataFrame, bins: int) -> np.ndarray:
    """Share of equal signature bins of each pair, among the first `bins`: a Jaccard estimate."""
    a, b = pairs["a"].to_numpy(), pairs["b"].to_numpy()
    estimate = np.empty(len(a))
    # Gathered by `np.take` from whole rows: a copy of the first bins, then twice as
    # fast as fancy indexing into a strided view (1.2 to 0.7 s for 8M pairs at 1M).
    head = np.ascontiguousarray(signature[:, :bins])
    for start in range(0, len(a), ESTIMATE_CHUNK):
        part = slice(start, start + ESTIMATE_CHUNK)
        same = np.take(head, a[part], axis=0) == np.take(head, b[part], axis=0)
        estimate[part] = np.count_nonzero(same, axis=1)
    return estimate / bins


def _pairs_within_runs(order: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """Every (i, j) pair, i before j in `order`, of entries with equal sorted `keys`.

    `keys` is sorted (taken in `order`); runs longer than `MAX_BUCKET` are
    boilerplate and give no pairs. Returns an (n, 2) array of positions into
    the unsorted data.
    """
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    sizes = np.diff(np.r_[starts, len(keys)])
    kept = (sizes >= 2) & (sizes <= MAX_BUCKET)
    starts, sizes = starts[kept], sizes[kept]
    # Each member at offset k of a run of size s pairs with the s − 1 − k after it.
    offset = np.arange(sizes.sum()) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    first = np.repeat(starts, sizes) + offset
    later = np.repeat(sizes, sizes) - 1 - offset
    left = np.repeat(first, later)
    right = left + 1 + np.arange(later.sum()) - np.repeat(np.cumsum(later) - later, later)
    return np.column_stack([order[left], order[right]])


def _band_keys(signature: np.ndarray, docs: np.ndarray) -> np.ndarray:
    """One hash per LSH band of each of `docs`, band after band: (BINS // ROWS, len(docs)),
    taken in blocks, so that each band's keys are one contiguous run to sort.

    Band i mixes bins i, i + 20, i + 40 …: densified neighbours share a source
    shingle, so bands of adjacent bins would match far more often than J**ROWS.
    """
    width = BINS // ROWS
    keys = np.empty((width, len(docs)), np.uint64)
    for start in range(0, len(docs), BAND_BLOCK):
        rows = signature[docs[start : start + BAND_BLOCK]].reshape(-1, ROWS, width)
        block = rows[:, 0] * _MIX[0]
        for row in range(1, ROWS):
            block += rows[:, row] * _MIX[row]
        keys[:, start : start + BAND_BLOCK] = block.T
    return keys


def _candidates(signature: np.ndarray, eligible: np.ndarray) -> pl.DataFrame:
    """(a, b) document pairs, a < b, that share at least one LSH band bucket."""
    docs = np.flatnonzero(eligible)
    # Each band's pairs are kept as one code, a << 32 | b, half the memory of two
    # columns; codes sort as the pairs do, and split with a shift and a mask.
    codes = [np.empty(0, np.int64)]
    for band in _band_keys(signature, docs):
        # Sorted by polars, at about three quarters of numpy's argsort's CPU time; which
        # of two equal keys comes first does not matter.
        ranked = pl.DataFrame({"key": band}).with_row_index("position").sort("key")
        order, keys = ranked["position"].to_numpy(), ranked["key"].to_numpy()
        pairs = docs[_pairs_within_runs(order, keys)]
        # Column by column: numpy reduces along a short axis many times slower.
        first, second = pairs[:, 0], pairs[:, 1]
        codes.append(np.minimum(first, second) << 32 | np.maximum(first, second))
    code = pl.Series(np.concatenate(codes))
    del codes
    distinct = code.unique().sort().to_numpy()  # half the CPU time of numpy's sort
    return pl.DataFrame(
        {"a": distinct >> 32, "b": distinct & 0xFFFFFFFF}, schema={"a": pl.Int64, "b": pl.Int64}
    )


def _shingle_sets(counts: np.ndarray, shingle: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """The distinct shingles of the `wanted` documents as sorted keys ``doc << 32 | shingle``.

    Documents have `counts` shingles each, whose hashes are `shingle`, document
    after document.
    """
    doc = np.repeat(np.flatnonzero(wanted).astype(np.uint64), counts[wanted])
    keys = (doc << np.uint64(32)) | shingle[np.repeat(wanted, counts)]
    keys.sort()
    distinct = np.ones(len(keys), bool)
    distinct[1:] = keys[1:] != keys[:-1]
    return keys[distinct]


def _jaccard(pairs: pl.DataFrame, counts: np.ndarray, shingle: np.ndarray) -> np.ndarray:
    """Exact Jaccard similarity of each (a, b) pair's shingle sets.

    Documents have `counts` shingles each, whose hashes are `shingle`, document
    after document.

    Each shingle of b is looked up among a's (one binary search in the sorted
    keys of all the documents involved), in chunks of `JACCARD_CHUNK` lookups.
    Pairs come sorted by a, so consecutive searches stay within one document's
    keys, which are then in cache.
    """
    searched, looked_up = pairs["a"].to_numpy(), pairs["b"].to_numpy()
    n_docs = len(counts)
    wanted = np.zeros(n_docs, bool)
    wanted[searched] = wanted[looked_up] = True
    keys = _shingle_sets(counts, shingle, wanted)
    size = np.bincount((keys >> np.uint64(32)).astype(np.int64), minlength=n_docs)
    first = np.cumsum(size) - size
    lookups = size[looked_up]
    common = np.zeros(len(searched))
    marks = np.arange(JACCARD_CHUNK, lookups.sum(), JACCARD_CHUNK)
    ends = np.searchsorted(np.cumsum(lookups), marks)
    for low, high in zip(np.r_[0, ends], np.r_[ends, len(searched)], strict=True):
        count = lookups[low:high]
        offset = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
        own = keys[np.repeat(first[looked_up[low:high]], count) + offset] & np.uint64(_EMPTY)
        query = (np.repeat(searched[low:high], count).astype(np.uint64) << np.uint64(32)) | own
        found = keys[np.minimum(np.searchsorted(keys, query), len(keys) - 1)] == query
        pair = np.repeat(np.arange(high - low), count)
        common[low:high] = np.bincount(pair, weights=found, minlength=high - low)
    return common / (size[searched] + size[looked_up] - common)


#: `sketches`' answer: what the steps after it read of each distinct text.
SKETCH_SCHEMA = pl.Schema(
    {
        "eligible": pl.Boolean(),
        "signature": pl.Binary(),
        "shingles": pl.Binary(),
        "bands": pl.List(pl.Int64()),
    }
)


def sketches(texts: pl.Series) -> pl.DataFrame:
    """`near_duplicates`' first step on some distinct cleaned texts (`cleaned`), each on its own.

    For each text, in order: whether it has `MIN_SHINGLES` shingles to be
    compared, its MinHash signature (`BINS` 16-bit values) and its shingle
    hashes (32-bit), as bytes, and its LSH band keys (as signed 64-bit
    integers: only their equality is read). An engine that splits the case
    sketches each distinct text where it is, then finds the pairs within reach
    by band bucket (`pairs_within_reach`) and checks them by pair (`exact`).

    Examples
    --------
    >>> sketch = sketches(pl.Series(["senior python developer with ten years of experience"]))
    >>> sketch["eligible"].to_list(), len(sketch["signature"][0]), sketch["bands"].list.len()[0]
    ([False], 320, 20)
    """
    counts, shingle = _shingle_hashes(texts)
    n_docs = len(texts)
    signature = _signatures(counts, shingle)
    bands = np.ascontiguousarray(_band_keys(signature, np.arange(n_docs)).T).view(np.int64)
    ends = np.cumsum(counts)
    return pl.DataFrame(
        {
            "eligible": counts >= MIN_SHINGLES,
            "signature": [row.tobytes() for row in signature],
            "shingles": [
                shingle[end - count : end].tobytes()
                for end, count in zip(ends, counts, strict=True)
            ],
            "bands": pl.Series(bands).cast(pl.List(pl.Int64)) if n_docs else [],
        },
        schema=SKETCH_SCHEMA,
    )


def pairs_within_reach(buckets: pl.DataFrame, threshold: float) -> pl.DataFrame:
    """The candidate pairs (a, b; a < b) of some whole LSH band buckets whose signatures put
    them within reach of ``threshold``.

    ``buckets`` holds (doc, band, key, signature) rows: every compared document
    in each (band, key) bucket it holds, with its `sketches` signature. Only
    buckets of 2 to `MAX_BUCKET` documents give pairs, as in `near_duplicates`,
    whose two signature passes (`ESTIMATE_BINS` bins, then all of them) then
    keep the pairs that may reach ``threshold``.

    Examples
    --------
    >>> words = [f"w{i}" for i in range(31)]
    >>> sketch = sketches(pl.Series([" ".join(words[:30]), " ".join(words)]))
    >>> rows = pl.DataFrame({"doc": ["x", "y"], "signature": sketch["signature"],
    ...     "bands": sketch["bands"]}).explode("bands").with_columns(
    ...     band=pl.int_range(pl.len()).over("doc")).rename({"bands": "key"})
    >>> pairs_within_reach(rows, 0.8).rows()
    [('x', 'y')]
    """
    found = [np.empty((0, 2), np.int64)]
    numbered = buckets.with_row_index("position")
    for part in numbered.partition_by("band"):
        keys = part["key"].to_numpy()
        order = np.argsort(keys, kind="stable")
        found.append(part["position"].to_numpy()[_pairs_within_runs(order, keys[order])])
    positions = np.concatenate(found)
    signature = np.frombuffer(b"".join(buckets["signature"]), _SIGNATURE).reshape(-1, BINS)
    pairs = pl.DataFrame({"a": positions[:, 0], "b": positions[:, 1]})
    for bins, margin in ((ESTIMATE_BINS, ESTIMATE_MARGIN), (BINS, FULL_ESTIMATE_MARGIN)):
        pairs = pairs.filter(_estimate(signature, pairs, bins) >= threshold - margin)
    docs = buckets["doc"]
    left, right = docs.gather(pairs["a"]), docs.gather(pairs["b"])
    return (
        pl.DataFrame({"left": left, "right": right})
        .select(a=pl.min_horizontal("left", "right"), b=pl.max_horizontal("left", "right"))
        .unique()
    )


def exact(pairs: pl.DataFrame, threshold: float) -> pl.DataFrame:
    """The pairs whose shingle sets' Jaccard similarity reaches ``threshold``, with it.

    ``pairs`` holds a, b and each one's `sketches` shingles (``shingles_a``,
    ``shingles_b``); the answer is (a, b, jaccard), as `near_duplicates`
    measures it.

    Examples
    --------
    >>> sketch = sketches(pl.Series(["a b c d e f", "a b c d e g"]))
    >>> pairs = pl.DataFrame({"a": ["x"], "b": ["y"], "shingles_a": sketch["shingles"][:1],
    ...     "shingles_b": sketch["shingles"][1:]})
    >>> exact(pairs, 0.5).rows()
    [('x', 'y', 0.6)]
    """
    n = pairs.height
    hashes = [np.frombuffer(blob, _HASH) for blob in (*pairs["shingles_a"], *pairs["shingles_b"])]
    counts = np.array([len(h) for h in hashes], np.int64)
    shingle = np.concatenate([np.empty(0, _HASH), *hashes])
    indices = pl.DataFrame({"a": np.arange(n), "b": np.arange(n, 2 * n)})
    jaccard = _jaccard(indices, counts, shingle) if n else np.empty(0)
    return pairs.select("a", "b", jaccard=pl.Series(jaccard, dtype=pl.Float64)).filter(
        pl.col("jaccard") >= threshold
    )


def near_duplicates(ids: pl.Series, texts: pl.Series, *, threshold: float = 0.8) -> pl.DataFrame:
    """Pairs of identities whose texts have word-shingle Jaccard similarity ≥ `threshold`.

    Parameters
    ----------
    ids : contractor ids.
    texts : one text per id (null or short texts are skipped).
    threshold : minimum Jaccard similarity of the 3-word shingle sets.

    Returns
    -------
    Frame (contractor_a, contractor_b, jaccard) with contractor_a < contractor_b,
    sorted; identical texts (after lower-casing and dropping punctuation) have 1.0.

    Examples
    --------
    >>> base = "senior python developer with ten years of experience in django flask and aws"
    >>> pairs = near_duplicates(pl.Series(["a", "b", "c"]),
    ...     pl.Series([base, base + " cloud", "chef who bakes bread and cakes for weddings daily"]))
    >>> pairs.rows()
    [('a', 'b', 0.9166666666666666)]
    """
    members, distinct = _documents(ids, texts)
    counts, shingle = _shingle_hashes(distinct)
    del distinct  # the texts are not read again; the hashes stand for them
    eligible = counts >= MIN_SHINGLES
    signature = _signatures(counts, shingle)
    candidates = _candidates(signature, eligible)
    for bins, margin in ((ESTIMATE_BINS, ESTIMATE_MARGIN), (BINS, FULL_ESTIMATE_MARGIN)):
        candidates = candidates.filter(_estimate(signature, candidates, bins) >= threshold - margin)
    del signature  # the exact check reads the shingles
    doc_pairs = candidates.with_columns(jaccard=_jaccard(candidates, counts, shingle)).filter(
        pl.col("jaccard") >= threshold
    )
    same_text = members.filter(eligible[members["doc"].to_numpy()]).select(
        a=pl.col("doc"), b=pl.col("doc"), jaccard=pl.lit(1.0)
    )
    pairs = pl.concat([doc_pairs, same_text])
    return (
        pairs.join(members, left_on="a", right_on="doc")
        .join(members, left_on="b", right_on="doc", suffix="_b")
        .filter(pl.col("contractor_id") != pl.col("contractor_id_b"))
        .select(
            contractor_a=pl.min_horizontal("contractor_id", "contractor_id_b"),
            contractor_b=pl.max_horizontal("contractor_id", "contractor_id_b"),
            jaccard="jaccard",
        )
        # An id given two texts may pair with another through both: its best pair counts.
        .group_by("contractor_a", "contractor_b")
        .agg(pl.col("jaccard").max())
        .sort("contractor_a", "contractor_b")
    )
