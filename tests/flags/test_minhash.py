import polars as pl

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


def test_short_and_null_texts_are_skipped():
    pairs = near_duplicates(pl.Series(["a", "b", "c", "d"]), pl.Series(["n/a", "n/a", None, None]))
    assert pairs.is_empty()
