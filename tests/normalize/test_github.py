import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbench.normalize import github


@pytest.mark.parametrize(
    "raw",
    [
        "https://github.com/Foo/",
        "http://www.github.com/foo?tab=repositories",
        "github.com/foo",
        "@Foo",
        "foo",
    ],
)
def test_forms_of_one_handle_agree(raw: str) -> None:
    assert github.canonical(pl.Series([raw])).to_list() == ["foo"]


@pytest.mark.parametrize(
    "raw",
    [
        "-foo",
        "foo-",
        "fo--o",
        "a" * 40,
        "a-" + "b-" * 30 + "c",
        "foo bar",
        "n/a",
        "",
        "https://github.com/",
    ]
    + ["github.com/settings/profile", "https://github.com/sponsors", "github.com/login"],
)
def test_invalid_handles_are_null(raw: str) -> None:
    assert github.canonical(pl.Series([raw])).to_list() == [None]


@given(st.lists(st.text(max_size=45), max_size=20))
def test_never_raises_and_is_idempotent(values: list[str]) -> None:
    once = github.canonical(pl.Series(values, dtype=pl.String))
    assert len(once) == len(values)
    assert github.canonical(once).to_list() == once.to_list()


def test_an_organisation_or_sponsors_page_names_its_account() -> None:
    values = [
        "https://github.com/orgs/Acme-Corp",
        "github.com/sponsors/alice/",
        "github.com/users/bob",
    ]
    assert github.canonical(pl.Series(values)).to_list() == ["acme-corp", "alice", "bob"]
