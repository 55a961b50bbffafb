import re

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
        "TBD",
        " to be determined ",
        "Not applicable",
        "test",
        "Test@Test.com",
        "example@example.com",
        "noreply@github.com",
        "no-reply@x.org",
        "none@none.com",
        "NULL@acme.com",
        "noemail@gmail.com",
        "jane@unknown.org",
        "a@b.invalid",
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
        "nona@none-such.com",
        "tester@acme.com",
        "jane@nationalgrid.com",
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


def _counts_by_one(digits: str) -> bool:
    steps = {int(b) - int(a) for a, b in zip(digits, digits[1:], strict=False)}
    return steps in ({1}, {-1}, {1, -9}, {-1, 9})


def _rules(value: str | None) -> bool:
    """The placeholder rules, stated plainly in Python."""
    if value is None:
        return False
    low = value.strip().lower()
    if low in PLACEHOLDERS:
        return True
    if re.fullmatch(r"(0x)?[0\s\-:{}.]*0[0\s\-:{}.]*", low):
        return True
    if re.match(r"(no[-_.]?reply|do[-_.]?not[-_.]?reply)@", low):
        return True
    if not re.fullmatch(r"[\d\s+().\-/]+", low):
        return False
    digits = re.sub(r"\D", "", low)

    def run(d: str) -> bool:
        return 7 <= len(d) <= 20 and _counts_by_one(d)

    one_digit = len(set(digits)) == 1
    return len(digits) >= 7 and (
        one_digit or run(digits) or (digits.startswith("1") and run(digits[1:]))
    )


def _digit_run(start: int, length: int, step: int, prefix: str) -> str:
    return prefix + "".join(str((start + i * step) % 10) for i in range(length))


near_placeholders = st.one_of(
    st.text(alphabet="0123456789 -:{}.()+/xX@_?tTeEsSnNaAoOrRpPlLyYdDuU\t", max_size=24),
    st.builds(
        lambda sender, rest: sender + rest,
        st.sampled_from(["noreply@", "No-Reply@", "do.not.reply@", "donotreply", "no reply@"]),
        st.text(alphabet="ab.@", max_size=5),
    ),
    st.builds(lambda d, n: d * n, st.sampled_from("0123456789"), st.integers(5, 22)),
    st.builds(
        _digit_run,
        st.integers(0, 9),
        st.integers(5, 22),
        st.sampled_from([1, -1, 2]),
        st.sampled_from(["", "1", "+1 ", "1-"]),
    ),
    st.builds(
        lambda word, pad, upper: pad + (word.upper() if upper else word) + pad,
        st.sampled_from(sorted(PLACEHOLDERS)),
        st.sampled_from(["", " ", "\t"]),
        st.booleans(),
    ),
)


@given(st.lists(st.one_of(st.none(), near_placeholders), max_size=30))
def test_expression_follows_the_rules(values: list[str | None]) -> None:
    assert is_placeholder(pl.Series(values, dtype=pl.String)).to_list() == [
        _rules(v) for v in values
    ]
