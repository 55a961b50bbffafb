import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbench.normalize import country


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("US", "US"),
        ("usa", "US"),
        ("U.S.", "US"),
        ("United States", "US"),
        ("United States of America", "US"),
        ("South Korea", "KR"),
        ("Korea, Republic of", "KR"),
        ("Japan", "JP"),
        ("JPN", "JP"),
        ("the Netherlands", "NL"),
        ("Russia", "RU"),
        ("  singapore ", "SG"),
        ("UK", "GB"),
        ("North Korea", "KP"),
    ],
)
def test_codes_and_names(raw: str, expected: str) -> None:
    assert country.to_iso2(pl.Series([raw])).to_list() == [expected]


def test_unknown_and_placeholders_are_null() -> None:
    values = pl.Series(["Atlantis", "n/a", "", None])
    assert country.to_iso2(values).to_list() == [None] * 4


@given(st.lists(st.text(max_size=30), max_size=20))
def test_never_raises_and_is_idempotent(values: list[str]) -> None:
    once = country.to_iso2(pl.Series(values, dtype=pl.String))
    assert len(once) == len(values)
    # Namibia's code is the one exception: "NA" alone is read as "not available".
    kept = [None if code == "NA" else code for code in once.to_list()]
    assert country.to_iso2(once).to_list() == kept


def test_namibia_is_read_from_its_name_and_a_bare_na_as_nothing() -> None:
    values = pl.Series(["Namibia", "NAM", "NA", ":NA", "n.a."])
    assert country.to_iso2(values).to_list() == ["NA", "NA", None, None, None]
