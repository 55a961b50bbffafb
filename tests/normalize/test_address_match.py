"""One dwelling written with a typo or a dropped word gets one key; neighbours keep theirs."""

from __future__ import annotations

import polars as pl
import pytest

from tests.linkage import febrl
from tests.linkage.febrl import records
from workbench.investigation import investigate
from workbench.normalize import address
from workbench.normalize.address_match import dwelling_key, spelling_merges


def keys(*lines: str) -> list[str | None]:
    return dwelling_key(pl.Series(list(lines))).to_list()


@pytest.mark.parametrize(
    ("written", "again"),
    [
        ("4706 Highland Dr, Nashville TN 37218", "4706 Hihgland Dr, Nashville TN 37218"),
        ("9732 Maple St, Portland OR 97256", "9732 Mapel Street, OR 97256"),
        ("2282 Sunset Ave, Nashville TN 37219", "2282 Sunset Avenue 37219"),
        ("Hauptstraße 5, 10115 Berlin", "Hauptstrase 5, 10115 Berlin"),
        ("12 Baker Street, London NW1 6XE", "12 Bakre Street, London NW1 6XE"),
    ],
)
def test_a_typo_or_a_dropped_word_keeps_one_dwelling(written, again):
    first, second = keys(written, again)
    assert first is not None and first == second


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("12 Hill Rd, Raleigh NC 27622", "12 Mill Rd, Raleigh NC 27622"),
        ("12 N Main St, Springfield IL 62704", "12 S Main St, Springfield IL 62704"),
        ("12 Main St Apt 4, Springfield IL 62704", "12 Main St Apt 5, Springfield IL 62704"),
        ("77 Madison Ave, New York NY 10016", "77 Maple Ave, New York NY 10016"),
        ("5 Ulmenweg, 10115 Berlin", "5 Birkenweg, 10115 Berlin"),
    ],
)
def test_neighbours_at_one_number_keep_their_own_keys(one, other):
    # Short street names ("Hill", "Mill") must be spelt alike: one letter apart is
    # as often a neighbour as a typo.
    first, second = keys(one, other)
    assert first != second


def test_the_spelling_written_most_often_names_the_dwelling():
    found = keys("9 Maple Dr, Tampa FL 33669", "9 Maple Dr, Tampa FL 33669", "9 Mapel Dr, FL 33669")
    assert found == ["33669 9 dr fl maple tampa"] * 3


@pytest.mark.parametrize(
    "vague", ["3rd St., Los Angeles", "Los Angeles, CA 90012", "Main Street, Springfield"]
)
def test_an_address_without_a_house_number_ties_no_one(vague):
    assert keys(vague) == [None]


def test_misspelt_homes_tie_their_identities(write_case):
    folder = write_case(
        {
            "contractors.csv": "contractor_id,address\n"
            'a,"6284 Highland Ct, Raleigh, NC 27622"\n'
            'b,"6284 Higland Court, NC 27622"\n'
            'c,"6284 Elm Ct, Raleigh, NC 27622"\n'
        }
    )
    ties = investigate(folder).links.filter(pl.col("kind") == "address")
    assert ties.select("contractor_a", "contractor_b").rows() == [("a", "b")]


def test_the_merges_do_not_depend_on_the_order_of_the_lines():
    # FEBRL 3's addresses: thousands of lines, many written several ways that share a
    # key. Observing collapses sightings in no fixed order, so the order must not matter.
    raw = records(3).select(febrl.address()).to_series()
    merges = [
        spelling_merges(shuffled, address.unit_key(shuffled))
        for shuffled in (raw, raw.reverse(), raw.shuffle(seed=1), raw.shuffle(seed=2))
    ]
    assert merges[0].height > 100
    assert all(found.equals(merges[0]) for found in merges[1:])


def test_house_and_flat_numbers_swapped_are_two_homes():
    lines = ["5 Elm St, Apt 12, Tampa FL 33602", "12 Elm St, Apt 5, Tampa FL 33602"]
    keys = dwelling_key(pl.Series(lines))
    assert keys.n_unique() == 2


def test_a_line_alike_to_two_cities_ties_neither():
    lines = ["12 Main St, Springfield, IL", "12 Main St, Portland, OR", "12 Main St"]
    assert dwelling_key(pl.Series(lines)).n_unique() == 3
    # Without the line that names no city, the cities were never one.
    assert dwelling_key(pl.Series(lines[:2])).n_unique() == 2
