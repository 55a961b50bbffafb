import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from workbench.normalize.latin import compatibility_form, without_accents


@given(st.lists(st.text(max_size=12) | st.none(), max_size=30))
def test_compatibility_form_is_nfkc(values: list[str | None]) -> None:
    series = pl.Series(values, dtype=pl.String)
    assert compatibility_form(series).to_list() == series.str.normalize("NFKC").to_list()


def test_compatibility_form_leaves_its_input_alone() -> None:
    values = pl.Series(["\ufb01le", "plain"])
    assert compatibility_form(values).to_list() == ["file", "plain"]
    assert values.to_list() == ["\ufb01le", "plain"]


def test_accents_and_undecomposed_letters_are_dropped() -> None:
    lines = pl.DataFrame({"line": ["Łódź", "Ørsted", "Straße"]})
    assert lines.select(without_accents(pl.col("line")))["line"].to_list() == [
        "Lodz",
        "Orsted",
        "Strasse",
    ]
