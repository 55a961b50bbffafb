import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbench.normalize import email


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (" J.Doe+jobs@GoogleMail.com ", "jdoe@gmail.com"),
        ("j.o.h.n@gmail.com", "john@gmail.com"),
        ("John.Smith+x@Outlook.com", "john.smith@outlook.com"),
        ("j\u0430ne@gmail.com", "jane@gmail.com"),  # Cyrillic a
        ("ｊａｎｅ@example.org", "jane@example.org"),  # full-width
        ("mailto:<Ann@Corp.io>", "ann@corp.io"),
        ("bob@mail.example.co.uk.", "bob@mail.example.co.uk"),
    ],
)
def test_canonical_examples(raw: str, expected: str) -> None:
    assert email.canonical(pl.Series([raw])).to_list() == [expected]


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "n/a",
        "test@test.com",
        "noreply@github.com",
        "a@b",
        "a@@b.com",
        "two@a.com@b.com",
        "no at sign",
        "+tag@gmail.com",
        "sp ace@x.com",
        "x@-bad-.com",
        "x@host.c0m",
    ],
)
def test_unusable_addresses_are_null(raw: str) -> None:
    assert email.canonical(pl.Series([raw])).to_list() == [None]


def test_keeps_length_order_and_nulls() -> None:
    values = pl.Series("email", ["B@x.org", None, "a@x.org", "B@x.org"])
    result = email.canonical(values)
    assert result.to_list() == ["b@x.org", None, "a@x.org", "b@x.org"]
    assert result.name == "email"


def test_has_confusables() -> None:
    values = pl.Series(
        ["j\u0430ne@gmail.com", "jane@gmail.com", "ｊａｎｅ@x.org", "josé@x.es", None]
    )
    assert email.has_confusables(values).to_list() == [True, False, True, False, False]


def test_split() -> None:
    parts = email.split(pl.Series(["jdoe@gmail.com", None]))
    assert parts.columns == ["local", "domain"]
    assert parts.row(0) == ("jdoe", "gmail.com")
    assert parts.row(1) == (None, None)


@given(st.lists(st.text(max_size=40) | st.emails(), max_size=20))
def test_never_raises_and_is_idempotent(values: list[str]) -> None:
    once = email.canonical(pl.Series(values, dtype=pl.String))
    assert len(once) == len(values)
    assert once.dtype == pl.String
    assert email.canonical(once).to_list() == once.to_list()
    assert len(email.has_confusables(pl.Series(values, dtype=pl.String))) == len(values)


def test_an_internationalised_domain_and_its_punycode_are_one() -> None:
    values = ["a@bücher.de", "a@xn--bcher-kva.de", "jan@MÜNCHEN.de", "jan@xn--mnchen-3ya.de"]
    assert email.canonical(pl.Series(values)).to_list() == [
        "a@bücher.de",
        "a@bücher.de",
        "jan@münchen.de",
        "jan@münchen.de",
    ]
