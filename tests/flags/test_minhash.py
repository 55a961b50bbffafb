import numpy as np
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbench.flags import minhash
from workbench.flags.minhash import near_duplicates

BASE = " ".join(f"word{i}" for i in range(60))


def test_identical_and_edited_texts_pair_up_unrelated_do_not():
    edited = BASE.replace("word30", "changed")
    other = " ".join(f"other{i}" for i in range(60))
    pairs = near_duplicates(
        pl.Series(["z", "a", "m", "q"]), pl.Series([BASE, BASE.upper(), edited, other])
    )
    assert pairs.select("contractor_a", "contractor_b").rows() == [
        ("a", "m"),
        ("a", "z"),
        ("m", "z"),
    ]
    assert (
        pairs.filter(pl.col("contractor_a") == "a", pl.col("contractor_b") == "z")["jaccard"].item()
        == 1.0
    )


def test_long_texts_take_the_one_permutation_path_and_pair_up_when_edited():
    long_text = " ".join(f"word{i}" for i in range(400))  # 398 shingles, more than BINS
    assert minhash.BINS <= 398
    edited = long_text.replace("word200", "changed")
    other = " ".join(f"other{i}" for i in range(400))
    pairs = near_duplicates(pl.Series(["a", "b", "c"]), pl.Series([long_text, edited, other]))
    assert pairs.rows() == [("a", "b", 395 / 401)]


def test_an_id_with_two_texts_keeps_its_best_pair():
    edited = BASE.replace("word30", "changed")
    twice = BASE.replace("word10", "other").replace("word50", "other")
    best = near_duplicates(pl.Series(["a", "b"]), pl.Series([edited, BASE]))["jaccard"].item()
    for texts in ([edited, twice, BASE], [twice, edited, BASE]):
        pairs = near_duplicates(pl.Series(["a", "a", "b"]), pl.Series(texts))
        assert pairs.rows() == [("a", "b", best)]


def test_short_and_null_texts_are_skipped():
    pairs = near_duplicates(pl.Series(["a", "b", "c", "d"]), pl.Series(["n/a", "n/a", None, None]))
    assert pairs.is_empty()


@pytest.mark.slow
def test_one_edited_copy_among_a_hundred_thousand_resumes_is_found():
    rng = np.random.default_rng(1)
    vocab = np.array([f"w{i}" for i in range(5000)])
    texts = [" ".join(vocab[rng.integers(0, 5000, 120)]) for _ in range(100_000)]
    texts[-1] = texts[0].replace(texts[0].split()[60], "edited", 1)
    ids = pl.Series([f"c{i:06d}" for i in range(100_000)])
    pairs = near_duplicates(ids, pl.Series(texts))
    assert pairs.select("contractor_a", "contractor_b").rows() == [("c000000", "c099999")]


@pytest.mark.parametrize("block", [minhash.MINHASH_BLOCK, 64])
def test_classic_minhash_by_size_blocks_equals_the_minimum_per_document_and_bin(block, monkeypatch):
    monkeypatch.setattr(minhash, "MINHASH_BLOCK", block)
    rng = np.random.default_rng(3)
    # Many documents per shingle count: with small blocks, several blocks per
    # count, and some documents longer than a whole block.
    sizes = np.r_[rng.integers(1, 30, size=100), rng.integers(100, 1200, size=5)]
    sizes[::7] = 0  # documents without shingles are not given, and left as they were
    doc = np.repeat(np.arange(len(sizes)), sizes)
    shingle = rng.integers(0, 2**32, size=len(doc), dtype=np.uint32)
    signature = np.full((len(sizes), minhash.BINS), 0, np.uint16)
    minhash._k_minhash(sizes, shingle, np.flatnonzero(sizes), signature)
    for d in range(len(sizes)):
        mine = shingle[doc == d][:, None].astype(np.uint16) * minhash._ODD + minhash._SALT
        assert (signature[d] == (mine.min(axis=0) if sizes[d] else 0)).all()


@pytest.mark.parametrize(("size", "shared"), [(20, 18), (70, 62), (400, 356)])
def test_signature_bins_match_as_often_as_jaccard_and_bands_as_its_eighth_power(size, shared):
    # Pairs of random shingle sets with a known Jaccard similarity: each bin must
    # match with probability J and each band of ROWS bins with J**ROWS, as for
    # independent hash functions (short texts: classic MinHash; 400: one permutation).
    rng = np.random.default_rng(11)
    pairs, docs = 300, []
    for _ in range(pairs):
        values = rng.integers(0, 2**32, size=2 * size - shared, dtype=np.uint32)
        docs += [values[:size], np.r_[values[:shared], values[size:]]]
    signature = minhash._signatures(np.full(len(docs), size), np.concatenate(docs))
    equal = signature[0::2] == signature[1::2]
    bands = equal.reshape(pairs, minhash.ROWS, -1).all(axis=1)
    jaccard = shared / (2 * size - shared)
    assert abs(equal.mean() - jaccard) < 0.01
    assert abs(bands.mean() - jaccard**minhash.ROWS) < 0.02


def test_exact_jaccard_equals_the_set_definition_across_chunks(monkeypatch):
    monkeypatch.setattr(minhash, "JACCARD_CHUNK", 50)  # many chunks, cut between pairs
    rng = np.random.default_rng(5)
    sizes = rng.integers(1, 40, size=30)
    doc = np.repeat(np.arange(len(sizes)), sizes)
    shingle = rng.integers(0, 25, size=len(doc)).astype(np.uint32)  # repeats within documents
    pairs = pl.DataFrame({"a": rng.integers(0, 30, 200), "b": rng.integers(0, 30, 200)})
    got = minhash._jaccard(pairs, sizes, shingle)
    for (a, b), value in zip(pairs.rows(), got, strict=True):
        left, right = set(shingle[doc == a]), set(shingle[doc == b])
        assert value == len(left & right) / len(left | right)


@given(st.lists(st.text(alphabet=st.sampled_from("ab1 \t,.-_é日\u00a0\u0301"), max_size=12)))
def test_separator_makes_every_run_of_non_word_characters_one_space(texts):
    series = pl.Series(texts, dtype=pl.String)
    every_run = series.str.replace_all(r"[^\p{L}\p{N}]+", " ")
    assert series.str.replace_all(minhash._SEPARATOR, " ").equals(every_run)


@given(
    st.lists(st.lists(st.sampled_from(["a", "b", "c", "dd", "e1"]), min_size=1, max_size=9)),
    st.integers(min_value=1, max_value=12),
)
def test_shingles_hashed_in_chunks_are_those_of_each_whole_text(texts, chunk):
    distinct = pl.Series([" ".join(words) for words in texts], dtype=pl.String)
    whole_counts, whole_shingle = minhash._shingle_hashes(distinct)
    original = minhash.SHINGLE_CHUNK
    minhash.SHINGLE_CHUNK = chunk  # a chunk of a few words cuts between and inside texts
    try:
        counts, shingle = minhash._shingle_hashes(distinct)
    finally:
        minhash.SHINGLE_CHUNK = original
    assert np.array_equal(counts, whole_counts) and np.array_equal(shingle, whole_shingle)
    # One shingle per run of three words within a text, each hashed from its words alone.
    expected = [(d, tuple(w[i : i + 3])) for d, w in enumerate(texts) for i in range(len(w) - 2)]
    assert np.repeat(np.arange(len(texts)), counts).tolist() == [d for d, _ in expected]
    by_words = {}
    for (_, words), value in zip(expected, shingle.tolist(), strict=True):
        assert by_words.setdefault(words, value) == value
    assert len(set(by_words.values())) == len(by_words)
