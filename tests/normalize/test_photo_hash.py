import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from workbench.normalize import photo_hash


def test_hex_is_lower_cased_without_prefix() -> None:
    values = pl.Series(["0xD1C4B0A0F0E0C0B0", " d1c4b0a0f0e0c0b0 "])
    assert photo_hash.canonical(values).to_list() == ["d1c4b0a0f0e0c0b0"] * 2


def test_zero_short_and_non_hex_are_null() -> None:
    values = pl.Series(["0000000000000000", "0x0000000000000000", "abc", "zz1c4b0a0f0e0c0b", None])
    assert photo_hash.canonical(values).to_list() == [None] * 5


@given(
    st.lists(st.text(max_size=30) | st.binary(min_size=8, max_size=8).map(bytes.hex), max_size=20)
)
def test_never_raises_and_is_idempotent(values: list[str]) -> None:
    once = photo_hash.canonical(pl.Series(values, dtype=pl.String))
    assert len(once) == len(values)
    assert photo_hash.canonical(once).to_list() == once.to_list()
