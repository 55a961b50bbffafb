import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbench.case import load_case
from workbench.link import link
from workbench.normalize import address
from workbench.observe import observe


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


@pytest.mark.parametrize(
    ("bare", "with_country"),
    [
        ("7459 Mill St, Montreal, QC H2X 8C5", "7459 Mill Street, Montreal, QC H2X 8C5, Canada"),
        ("Polna 7, 00-950 Warszawa", "Polna 7, 00-950 Warszawa, Poland"),
        ("Gartenstraße 9, 20095 Hamburg", "Gartenstraße 9, 20095 Hamburg, Germany"),
        ("Gartenstraße 9, 20095 Hamburg", "Gartenstrasse 9, 20095 Hamburg, Deutschland"),
        ("Flat 3, 12 High St, London SW1A 1AA", "Flat 3, 12 High St, London SW1A 1AA, UK"),
        (
            "Flat 3, 12 High St, London SW1A 1AA",
            "Flat 3, 12 High St, London SW1A 1AA; United Kingdom",
        ),
        ("5 Calle Mayor, 28013 Madrid", "5 Calle Mayor, 28013 Madrid, España."),
        ("1-2-3 Shibuya, Tokyo 150-0002", "1-2-3 Shibuya, Tokyo 150-0002, 日本"),
        ("10 Seoul-ro, Seoul 04500", "10 Seoul-ro, Seoul 04500, Korea, Republic of"),
        ("12 Park Pl Toronto ON M5V 2T6", "12 Park Pl Toronto ON M5V 2T6, CAN"),
    ],
)
def test_a_country_ending_the_address_does_not_change_its_keys(
    bare: str, with_country: str
) -> None:
    units = address.unit_key(pl.Series([bare, with_country])).to_list()
    buildings = address.building_key(pl.Series([bare, with_country])).to_list()
    assert units[0] is not None and units[0] == units[1]
    assert buildings[0] == buildings[1]


def test_a_country_word_that_may_be_a_street_state_or_town_is_kept() -> None:
    values = [
        "12 Turkey Creek Rd, Austin, TX 78701",  # not at the end
        "12 Main St, Chad",  # the only word after the street: maybe its town
        "12 Main St, Atlanta, Georgia",  # a U.S. state
        "12 Main St, Dover, DE",  # Delaware, not Germany
    ]
    assert address.unit_key(pl.Series(values)).to_list() == [
        "12 78701 austin creek rd turkey tx",
        "12 chad main st",
        "12 atlanta ga main st",
        "12 de dover main st",
    ]


def test_british_and_canadian_postcodes_without_their_space_are_one_key() -> None:
    spaced = ["Flat 26, 9879 Valley Drive, Bristol BS10 9JL", "12 Park Pl, Toronto, ON M5V 2T6"]
    unspaced = ["Flat 26, 9879 Valley Drive, Bristol BS109JL", "12 Park Pl, Toronto, ON m5v2t6"]
    assert address.unit_key(pl.Series(spaced)).to_list() == [
        "9879 9jl bristol bs10 dr valley unit 26",
        "12 2t6 m5v on park pl toronto",
    ]
    assert (
        address.unit_key(pl.Series(unspaced)).to_list()
        == address.unit_key(pl.Series(spaced)).to_list()
    )
    london = pl.Series(["London SW1A1AA, 1 Mall", "1 Mall, London SW1A 1AA", "M11AE 4 Oak St"])
    assert address.unit_key(london).to_list()[:2] == ["1 1aa london mall sw1a"] * 2
    assert address.unit_key(london).to_list()[2] == "1ae 4 m1 oak st"


def test_one_home_written_with_and_without_its_country_ties_two_identities(write_case) -> None:
    case = load_case(
        write_case(
            {
                "contractors.csv": "contractor_id,address\n"
                'c1,"Polna 7, 00-950 Warszawa"\n'
                'c2,"Polna 7, 00-950 Warszawa, Poland"\n',
            }
        )
    )
    links = link(observe(case)).links
    assert links.select("kind", "value").sort("kind").rows() == [
        ("address", "00 7 950 polna warszawa"),
        ("address_building", "00 7 950 polna warszawa"),
    ]


def test_letters_that_carry_no_accent_are_written_plain_as_names_write_them() -> None:
    # "Łódź" is typed "Lodz" by whoever has no Polish keyboard; "Ø" and "ß" likewise.
    native = pl.Series(["ul. Piotrkowska 12, 90-001 Łódź", "Østergade 4, 1100 København"])
    typed = pl.Series(["ul. Piotrkowska 12, 90-001 Lodz", "Ostergade 4, 1100 Kobenhavn"])
    assert address.unit_key(native).to_list() == address.unit_key(typed).to_list()
