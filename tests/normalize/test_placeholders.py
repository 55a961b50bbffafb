import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbench.normalize.placeholders import PLACEHOLDERS, is_placeholder


@pytest.mark.parametrize(
    "value",
    [
        "",
        "  ",
        "N/A",
        "none",
        "NULL",
        "-",
        "Unknown",
        "test",
        "Test@Test.com",
        "example@example.com",
        "noreply@github.com",
        "no-reply@x.org",
        "000-000-0000",
        "(555) 555-5555",
        "+1 111 111 1111",
        "123-456-7890",
        "+1 (123) 456-7890",
        "9876543210",
        "00000000-0000-0000-0000-000000000000",
        "{00000000-0000-0000-0000-000000000000}",
        "00:00:00:00:00:00",
        "0x0000",
        "0.0.0.0",
        "127.0.0.1",
    ],
)
def test_placeholders_are_flagged(value: str) -> None:
    assert is_placeholder(pl.Series([value])).to_list() == [True]


@pytest.mark.parametrize(
    "value",
    [
        "jane@x.org",
        "(201) 555-0123",
        "10.1.2.3",
        "42345678",
        "12 Main St",
        "testing",
        "6f9619ff-0000",
    ],
)
def test_real_values_are_not_flagged(value: str) -> None:
    assert is_placeholder(pl.Series([value])).to_list() == [False]


def test_null_is_not_a_placeholder_and_length_is_kept() -> None:
    result = is_placeholder(pl.Series("v", [None, "n/a"], dtype=pl.String))
    assert result.to_list() == [False, True]
    assert result.name == "v"


def test_constant_set_is_lower_case_and_stripped() -> None:
    assert all(p == p.strip().lower() for p in PLACEHOLDERS)


@given(st.lists(st.text(max_size=30), max_size=20))
def test_never_raises_and_keeps_length(values: list[str]) -> None:
    result = is_placeholder(pl.Series(values, dtype=pl.String))
    assert len(result) == len(values)
    assert result.dtype == pl.Boolean
