"""Tests for workbench/booleans.py: one vocabulary, read alike by the scalar and the expression."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import REPO
from workbench.booleans import FALSE_WORDS, TRUE_WORDS, bool_expr, parse_bool


def spellings(word: str) -> list[str]:
    return [word, word.upper(), word.capitalize(), f"  {word}\t", f"\n{word.upper()} "]


@pytest.mark.parametrize("word", TRUE_WORDS)
def test_every_true_word_reads_true_in_any_case_and_padding(word: str) -> None:
    assert [parse_bool(s) for s in spellings(word)] == [True] * 5
    assert pl.select(bool_expr(pl.lit(pl.Series(spellings(word))))).to_series().all()


@pytest.mark.parametrize("word", FALSE_WORDS)
def test_every_false_word_reads_false_in_any_case_and_padding(word: str) -> None:
    assert [parse_bool(s) for s in spellings(word)] == [False] * 5
    assert not pl.select(bool_expr(pl.lit(pl.Series(spellings(word))))).to_series().any()


def test_the_vocabulary_pairs_each_true_word_with_a_distinct_false_word() -> None:
    assert len(TRUE_WORDS) == len(FALSE_WORDS)
    assert not set(TRUE_WORDS) & set(FALSE_WORDS)


@pytest.mark.parametrize("value", ["maybe", "", "on", "off", "2", "1.0", "tru", None, 0.0])
def test_other_values_are_refused_naming_the_words(value: object) -> None:
    with pytest.raises(ValueError, match=r"is not yes or no \(true: true, t, yes, y, 1; false"):
        parse_bool(value)


def test_bools_and_whole_numbers_one_and_zero_are_read() -> None:
    assert (parse_bool(True), parse_bool(False), parse_bool(1), parse_bool(0)) == (
        True,
        False,
        True,
        False,
    )


def test_expression_reads_numbers_and_leaves_unknown_words_null() -> None:
    numbers = pl.Series([1, 0, 2, None])
    assert pl.select(bool_expr(pl.lit(numbers))).to_series().to_list() == [True, False, None, None]
    words = pl.Series(["y", "N", "ja", ""])
    assert pl.select(bool_expr(pl.lit(words))).to_series().to_list() == [True, False, None, None]


# Letters of the words and of near misses, digits and the common blanks.
near_words = st.text(alphabet="truefalsyesnoTRUEFALSYESNO0129 \t\n\r", max_size=8)


@given(st.lists(near_words, max_size=20))
def test_scalar_and_expression_agree(texts: list[str]) -> None:
    read = pl.select(bool_expr(pl.lit(pl.Series(texts, dtype=pl.String)))).to_series().to_list()
    assert read == [_scalar_or_none(text) for text in texts]


def _scalar_or_none(text: str) -> bool | None:
    try:
        return parse_bool(text)
    except ValueError:
        return None


def test_the_case_folder_doc_lists_the_vocabulary() -> None:
    pairs = ", ".join(f"{t}/{f}" for t, f in zip(TRUE_WORDS, FALSE_WORDS, strict=True))
    assert f"Booleans (`vpn`): {pairs}, any case." in (REPO / "docs" / "case_folder.md").read_text()
