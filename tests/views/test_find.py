"""What the page search reads besides what a page shows: folded words and members' identifiers."""

from __future__ import annotations

import polars as pl

from workbench.normalize.address import ABBREVIATIONS, UNIT_WORDS
from workbench.views.find import UNIT, folded_words, member_search_text


def test_the_search_folds_words_as_the_address_normaliser_does():
    folds = folded_words()
    assert ABBREVIATIONS.items() <= folds.items()
    assert {folds[w] for w in UNIT_WORDS if w.isalpha() and w != UNIT} == {UNIT}
    assert all(word.isalpha() and word == word.lower() for word in folds)


def test_each_member_gets_every_spelling_and_value_once():
    identifiers = pl.DataFrame(
        {
            "contractor_id": ["b", "a", "a", "a"],
            "raw": ["D-1", "(310) 810-1979", "310.810.1979", None],
            "value": ["d-1", "+13108101979", "+13108101979", "x@y.io"],
        }
    )
    assert member_search_text(identifiers) == {
        "contractor:a": "(310) 810-1979\n+13108101979\n310.810.1979\nx@y.io",
        "contractor:b": "D-1\nd-1",
    }
