import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbench.normalize import ip


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (" 8.8.8.8 ", "8.8.8.8"),
        ("8.8.8.8:53", "8.8.8.8"),
        ("2001:DB8:0:0::1", "2001:db8::1"),
        ("[2001:db8::1]:443", "2001:db8::1"),
        ("fe80::1%eth0", "fe80::1"),
        ("::ffff:203.0.113.7", "203.0.113.7"),
        # Padded with zeros, as an export sorted as text writes it: the octets are decimal.
        ("098.001.133.244", "98.1.133.244"),
        ("01.2.3.4:443", "1.2.3.4"),
    ],
)
def test_canonical_examples(raw: str, expected: str) -> None:
    assert ip.canonical(pl.Series([raw])).to_list() == [expected]


@pytest.mark.parametrize(
    "raw",
    [
        "127.0.0.1",
        "127.8.8.8",
        "0.0.0.0",
        "000.000.000.000",
        "::",
        "::1",
        "999.1.1.1",
        "256.01.2.3",
        "n/a",
        "host",
    ],
)
def test_unusable_addresses_are_null(raw: str) -> None:
    assert ip.canonical(pl.Series([raw])).to_list() == [None]


def test_network_and_private() -> None:
    values = pl.Series(["203.0.113.7", "2001:db8:1:2:3::4", "192.168.1.10", None])
    assert ip.network(values).to_list() == [
        "203.0.113.0/24",
        "2001:db8:1:2::/64",
        "192.168.1.0/24",
        None,
    ]
    assert ip.is_private(pl.Series(["192.168.1.10", "8.8.8.8", None])).to_list() == [
        True,
        False,
        None,
    ]


@given(st.lists(st.ip_addresses().map(str) | st.text(max_size=20), max_size=20))
def test_never_raises_and_is_idempotent(values: list[str]) -> None:
    once = ip.canonical(pl.Series(values, dtype=pl.String))
    assert len(once) == len(values)
    assert ip.canonical(once).to_list() == once.to_list()
    assert len(ip.network(once)) == len(values)
    assert ip.is_private(once).null_count() == once.null_count()


def test_addresses_whose_digits_count_up_or_repeat_are_addresses() -> None:
    # A made-up phone number's digits count up; an address's may, and it is still one.
    values = pl.Series(["34.56.78.90", "123.45.67.89", "22.22.22.22", "012.034.056.078"])
    assert ip.canonical(values).to_list() == [
        "34.56.78.90",
        "123.45.67.89",
        "22.22.22.22",
        "12.34.56.78",
    ]


def test_full_width_digits_read_as_the_address() -> None:
    assert ip.canonical(pl.Series(["１.２.３.４", "1.2.3.4"])).to_list() == ["1.2.3.4"] * 2
