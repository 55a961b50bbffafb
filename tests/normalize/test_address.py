import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from workbench.normalize import address


def test_spellings_of_one_flat_share_a_unit_key() -> None:
    values = pl.Series(
        [
            "12 Main Street, Apt 4, Springfield, IL 62704-1234",
            "12 main st. #4 springfield il 62704",
            "Apartment 4, 12 MAIN ST, Springfield, Illinois 62704, USA",
        ]
    )
    keys = address.unit_key(values).to_list()
    assert keys[0] == keys[1] == keys[2] == "12 62704 il main springfield st unit 4"


def test_other_flat_same_building() -> None:
    values = pl.Series(
        ["12 Main St Apt 4 Springfield IL 62704", "12 Main St Apt 5 Springfield IL 62704"]
    )
    buildings = address.building_key(values).to_list()
    units = address.unit_key(values).to_list()
    assert buildings[0] == buildings[1]
    assert units[0] != units[1]


def test_abbreviations_and_directionals() -> None:
    values = pl.Series(["500 North Broadway Avenue Suite 200", "500 N. Broadway Ave., Ste 200"])
    assert address.unit_key(values).to_list() == ["500 ave broadway n unit 200"] * 2


def test_non_us_addresses_normalise() -> None:
    values = pl.Series(
        ["Flat 3, 221B Baker Street, London NW1 6XE", "221b baker st flat 3 london nw1 6xe"]
    )
    assert address.unit_key(values).to_list() == ["221b 6xe baker london nw1 st unit 3"] * 2
    accented = pl.Series(["Straße 5, 10115 Berlin", "Rue de l'Église 3, Genève"])
    assert address.building_key(accented).to_list() == [
        "10115 5 berlin st",
        "3 de eglise geneve l rue",
    ]


def test_european_order_and_slash_units_match_the_same_home() -> None:
    home = pl.Series(["33 Jefferson, Wroclaw 59-420", "256 Chestnut, Seoul 07198"])
    shipped = pl.Series(["JEFFERSON 33, 59-420 WROCLAW", "Chestnut 256/74 07198 Seoul"])
    assert address.unit_key(home).to_list()[0] == address.unit_key(shipped).to_list()[0]
    assert address.building_key(home).to_list() == address.building_key(shipped).to_list()
    assert address.unit_key(shipped).to_list()[1].endswith("unit 74")


def test_vague_or_placeholder_addresses_are_null() -> None:
    values = pl.Series(["Springfield", "n/a", "", "Main Street", None])
    assert address.building_key(values).to_list() == [None] * 5
    assert address.unit_key(values).to_list() == [None] * 5


@given(st.lists(st.text(max_size=50), max_size=20))
def test_never_raises_and_is_idempotent(values: list[str]) -> None:
    series = pl.Series(values, dtype=pl.String)
    buildings = address.building_key(series)
    units = address.unit_key(series)
    assert len(buildings) == len(units) == len(values)
    assert address.building_key(buildings).to_list() == buildings.to_list()
    assert address.unit_key(units).to_list() == units.to_list()


def test_german_street_suffixes_and_country_letter_postcodes() -> None:
    values = pl.Series(
        ["Elmstraße 12, D-50469 Köln", "Elmstr. 12, 50469 Köln", "elmstrasse 12 50469 koln"]
    )
    assert len(set(address.unit_key(values).to_list())) == 1
    assert address.unit_key(pl.Series(["Strand Road 4, Dublin"])).item().count("strand") == 1


def test_placeholder_digits_behind_punctuation_are_null() -> None:
    assert address.building_key(pl.Series(["0;0", "0 0"])).to_list() == [None, None]


def test_a_us_token_inside_the_address_keeps_keys_idempotent() -> None:
    # Keys sort their tokens, so "us" can end a key without having ended the address.
    values = pl.Series(["US:0", "1 US Route 9, Springfield, IL 62701", "1 Main St 62701 USA"])
    keys = address.building_key(values)
    assert keys.to_list() == [None, "1 62701 9 il route springfield", "1 62701 main st"]
    assert address.building_key(keys).to_list() == keys.to_list()
