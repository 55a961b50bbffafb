import unicodedata

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from workbench.normalize import device


def test_braces_case_and_whitespace_are_removed() -> None:
    values = pl.Series(
        [" {6F9619FF-8B86-D011-B42D-00C04FC964FF} ", "6f9619ff-8b86-d011-b42d-00c04fc964ff"]
    )
    assert device.canonical(values).to_list() == ["6f9619ff-8b86-d011-b42d-00c04fc964ff"] * 2


def test_zero_ids_and_placeholders_are_null() -> None:
    values = pl.Series(
        ["{00000000-0000-0000-0000-000000000000}", "0000", "unknown", "", "two words", None]
    )
    assert device.canonical(values).to_list() == [None] * 6


@given(st.lists(st.text(max_size=30) | st.uuids().map(str), max_size=20))
def test_never_raises_and_is_idempotent(values: list[str]) -> None:
    once = device.canonical(pl.Series(values, dtype=pl.String))
    assert len(once) == len(values)
    assert device.canonical(once).to_list() == once.to_list()


def test_one_mac_or_guid_is_one_id_whatever_its_separators() -> None:
    macs = ["00:1A:2B:3C:4D:5E", "00-1a-2b-3c-4d-5e", "001a.2b3c.4d5e"]
    guids = ["6F9619FF-8B86-D011-B42D-00C04FC964FF", "6F9619FF8B86D011B42D00C04FC964FF"]
    assert device.canonical(pl.Series(macs)).to_list() == ["00:1a:2b:3c:4d:5e"] * 3
    assert (
        device.canonical(pl.Series(guids)).to_list() == ["6f9619ff-8b86-d011-b42d-00c04fc964ff"] * 2
    )


def test_a_serial_number_label_is_not_part_of_the_serial() -> None:
    labelled = ["C02XK1JHJG5H", "SN:C02XK1JHJG5H", "S/N C02XK1JHJG5H", "Serial: C02XK1JHJG5H"]
    labelled += ["serial no. C02XK1JHJG5H", "s/n: c02xk1jhjg5h", "SN C02XK1JHJG5H"]
    assert device.canonical(pl.Series(labelled)).to_list() == ["c02xk1jhjg5h"] * 7


def test_a_serial_starting_with_the_label_letters_keeps_them() -> None:
    assert device.canonical(pl.Series(["SNX4481", "serial7"])).to_list() == ["snx4481", "serial7"]


def test_a_label_with_nothing_readable_after_it_is_null() -> None:
    assert device.canonical(pl.Series(["SN: n/a", "Serial:", "S/N: 0000"])).to_list() == [None] * 3


def test_composed_and_decomposed_accents_are_one_id() -> None:
    composed = unicodedata.normalize("NFC", "josé-laptop")
    decomposed = unicodedata.normalize("NFD", "josé-laptop")
    assert composed != decomposed
    assert device.canonical(pl.Series([composed, decomposed])).to_list() == [composed] * 2
