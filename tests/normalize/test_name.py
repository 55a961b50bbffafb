import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from workbench.normalize import name


def test_order_case_accents_and_punctuation_do_not_matter() -> None:
    values = pl.Series(["Smith, John", "john  SMITH", "JOHN SMITH.", "José Núñez", "Nunez, Jose"])
    assert name.canonical(values).to_list() == [
        "john smith",
        "john smith",
        "john smith",
        "jose nunez",
        "jose nunez",
    ]


def test_placeholders_and_empty_are_null() -> None:
    assert name.canonical(pl.Series(["n/a", "...", "", None])).to_list() == [None] * 4


def test_similar() -> None:
    a = pl.Series(["Smith, John", "J. Smith", "John Q. Smith", "Jane Doe", "J", "John Smith", None])
    b = pl.Series(
        ["john smith", "John Smith", "John Smith", "John Smith", "John Smith", "Wei Zhang", "x"]
    )
    assert name.similar(a, b).to_list() == [True, True, True, False, False, False, None]


@given(st.lists(st.text(max_size=30), max_size=20))
def test_never_raises_and_is_idempotent(values: list[str]) -> None:
    once = name.canonical(pl.Series(values, dtype=pl.String))
    assert len(once) == len(values)
    assert name.canonical(once).to_list() == once.to_list()
    assert name.similar(once, once).drop_nulls().all()
