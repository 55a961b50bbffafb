import re

import phonenumbers
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from phonenumbers import PhoneNumberFormat, PhoneNumberType

from workbench.kinds import KINDS
from workbench.normalize import phone
from workbench.normalize.placeholders import is_placeholder


def dialable(number: phonenumbers.PhoneNumber) -> bool:
    """The normaliser's rule in phonenumbers' own terms: valid, or possible but unassigned."""
    return phonenumbers.is_valid_number(number) or phonenumbers.is_possible_number(number)


def reference(text: str, region: str | None) -> str | None:
    """The normaliser's documented rules, stated in phonenumbers' own terms.

    A leading 00 is "+"; a number without "+" is read in its region, unless
    that reading is not valid and reading it as international (11 or more
    digits) is valid, or possible where the regional reading is not valid either.
    """
    if re.match(r"00[1-9]", text):
        text = "+" + text[2:]

    def read(number: str, where: str | None) -> phonenumbers.PhoneNumber | None:
        try:
            return phonenumbers.parse(number, where)
        except phonenumbers.NumberParseException:
            return None

    national = read(text, region)
    digits = re.sub(r"\D", "", text)
    international = None
    if region and not text.startswith("+") and len(digits) >= phone.MIN_INTERNATIONAL_DIGITS:
        international = read("+" + digits, None)
    valid, possible = phonenumbers.is_valid_number, phonenumbers.is_possible_number
    for number, test in (
        (national, valid),
        (international, valid),
        (international, possible),
        (national, possible),
    ):
        if number is not None and test(number):
            return phonenumbers.format_number(number, PhoneNumberFormat.E164)
    return None


def test_formats_of_one_number_agree() -> None:
    values = pl.Series(["(201) 555-0123", "201.555.0123", "+1 201 555 0123", "1-201-555-0123"])
    assert phone.canonical(values).to_list() == ["+12015550123"] * 4


def test_region_decides_numbers_without_plus() -> None:
    values = pl.Series(["020 7946 0958", "020 7946 0958", "+44 20 7946 0958", "090-1234-5678"])
    regions = pl.Series(["GB", None, "us", "JP"])
    assert phone.canonical(values, regions).to_list() == [
        "+442079460958",
        None,  # no region: read as a US number, which it is not
        "+442079460958",
        "+819012345678",
    ]


@pytest.mark.parametrize(
    "raw", ["n/a", "000-000-0000", "555-555-5555", "123-456-7890", "12", "call me", "", "+999 123"]
)
def test_unusable_numbers_are_null(raw: str) -> None:
    assert phone.canonical(pl.Series([raw])).to_list() == [None]


def test_unknown_region_falls_back_to_us() -> None:
    result = phone.canonical(pl.Series(["201-555-0123"]), pl.Series(["Atlantis"]))
    assert result.to_list() == ["+12015550123"]


def test_number_types_include_voip() -> None:
    voip = phonenumbers.format_number(
        phonenumbers.example_number_for_type("GB", PhoneNumberType.VOIP), PhoneNumberFormat.E164
    )
    values = pl.Series([voip, "+12015550123", "+18002345678", "+447400123456", None])
    assert phone.number_type(values).to_list() == [
        "voip",
        "fixed_line_or_mobile",
        "toll_free",
        "mobile",
        None,
    ]


def _reference(raw: str) -> str | None:
    """What phonenumbers itself says under the normaliser's rules, for the fast path."""
    return reference(raw, "US")


@settings(max_examples=50, deadline=None)
@given(st.lists(st.from_regex(r"\A1?[0-9]{10}\Z"), min_size=1, max_size=30))
def test_fast_path_agrees_with_phonenumbers(numbers: list[str]) -> None:
    fake = is_placeholder(pl.Series(numbers)).to_list()
    expected = [None if f else _reference(n) for n, f in zip(numbers, fake, strict=True)]
    assert phone.canonical(pl.Series(numbers)).to_list() == expected


@given(st.lists(st.text(max_size=25), max_size=20))
def test_never_raises_and_is_idempotent(values: list[str]) -> None:
    once = phone.canonical(pl.Series(values, dtype=pl.String))
    assert len(once) == len(values)
    assert phone.canonical(once).to_list() == once.to_list()
    assert len(phone.number_type(once)) == len(values)


def test_international_dialling_prefixes_read_as_plus():
    raw = pl.Series(["0081 50-1204-7057", "0044 20 7946 0958", "011 44 20 7946 0958"])
    regions = pl.Series(["JP", "US", "US"])
    assert phone.canonical(raw, regions).to_list() == [
        "+815012047057",
        "+442079460958",
        "+442079460958",
    ]


def _example_numbers() -> list[str]:
    """Every region's example number of every type, plus near misses of each."""
    found: set[str] = set()
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        for kind in vars(PhoneNumberType).values():
            if not isinstance(kind, int):
                continue
            example = phonenumbers.example_number_for_type(region, kind)
            if example is None:
                continue
            e164 = phonenumbers.format_number(example, PhoneNumberFormat.E164)
            found.update({e164, e164[:-1], e164 + "5", e164[:-2] + "99"})
    return sorted(found)


def test_number_type_agrees_with_phonenumbers_for_every_region():
    numbers = _example_numbers()

    def parsed(e164: str) -> str:
        try:
            return phone.TYPE_NAMES[phonenumbers.number_type(phonenumbers.parse(e164, None))]
        except phonenumbers.NumberParseException:
            return "unknown"

    expected = [parsed(n) for n in numbers]
    got = phone.number_type(pl.Series(numbers)).to_list()
    wrong = [(n, e, g) for n, e, g in zip(numbers, expected, got, strict=True) if e != g]
    assert not wrong, wrong[:10]


def test_canonical_agrees_with_phonenumbers_for_every_region():
    numbers = _example_numbers()
    spaced = [
        phonenumbers.format_number(phonenumbers.parse(n, None), PhoneNumberFormat.INTERNATIONAL)
        if phonenumbers.is_possible_number(phonenumbers.parse(n, None))
        else n
        for n in numbers
    ]

    def parsed(text: str) -> str | None:
        number = phonenumbers.parse(text, None)
        if not dialable(number):
            return None
        return phonenumbers.format_number(number, PhoneNumberFormat.E164)

    for written in (numbers, spaced):
        placeholder = is_placeholder(pl.Series(written)).to_list()
        expected = [None if p else parsed(n) for n, p in zip(written, placeholder, strict=True)]
        got = phone.canonical(pl.Series(written)).to_list()
        wrong = [(n, e, g) for n, e, g in zip(written, expected, got, strict=True) if e != g]
        assert not wrong, wrong[:10]


def test_national_formats_agree_with_phonenumbers_for_every_region():
    numbers = [phonenumbers.parse(n, None) for n in _example_numbers()]
    regions = [phonenumbers.region_code_for_number(n) or "US" for n in numbers]
    written = [phonenumbers.format_number(n, PhoneNumberFormat.NATIONAL) for n in numbers]

    def parsed(text: str, region: str) -> str | None:
        return reference(text, region)

    expected = [parsed(t, r) for t, r in zip(written, regions, strict=True)]
    got = phone.canonical(pl.Series(written), pl.Series(regions)).to_list()
    # Metadata examples such as 012 34 56 78 are also placeholders by our rules.
    placeholder = is_placeholder(pl.Series(written)).to_list()
    expected = [None if p else e for e, p in zip(expected, placeholder, strict=True)]
    wrong = [
        (t, r, e, g) for t, r, e, g in zip(written, regions, expected, got, strict=True) if e != g
    ]
    assert not wrong, wrong[:10]


def test_common_formats_are_answered_without_the_parser(monkeypatch):
    """Shared calling codes (+44, +1 outside the US) and national prefixes with rules
    of their own (GB, KR, JP) are checked in polars; the parser is not reached."""

    def refuse(_: str) -> str:
        raise AssertionError("parsed one by one")

    monkeypatch.setattr(phone, "_parse", refuse)
    monkeypatch.setattr(phone, "_type_of", refuse)
    raw = ["+44 7400 123456", "07400 123456", "905 287 1592", "010-2040-9387", "090-1234-5678"]
    regions = ["US", "GB", "CA", "KR", "JP"]
    numbers = phone.canonical(pl.Series(raw), pl.Series(regions))
    assert numbers.to_list() == [
        "+447400123456",
        "+447400123456",
        "+19052871592",
        "+821020409387",
        "+819012345678",
    ]
    assert phone.number_type(numbers).to_list() == [
        "mobile",
        "mobile",
        "fixed_line_or_mobile",
        "mobile",
        "mobile",
    ]


def test_extensions_tel_uris_and_international_numbers_are_read() -> None:
    values = pl.Series(
        [
            "tel:+1-201-555-0123",
            "+1 201 555 0123 ext. 45",
            "(201) 555-0123 x12",
            "0044 20 7946 0958",
            "+82 10-1234-5678",
            "1 201 555 0123",
        ]
    )
    regions = pl.Series(["US", "US", "US", "GB", "KR", "JP"])
    assert phone.canonical(values, regions).to_list() == [
        "+12015550123",
        "+12015550123",
        "+12015550123",
        "+442079460958",
        "+821012345678",
        "+12015550123",
    ]


def test_number_type_of_nearly_distinct_numbers_with_repeats():
    numbers = [f"+1201555{i:04d}" for i in range(40)] + ["not a number"] * 2 + [None]
    assert phone.number_type(pl.Series(numbers)).to_list() == (
        ["fixed_line_or_mobile"] * 40 + ["unknown", "unknown", None]
    )


def merged(raw: list[str], regions: list[str]) -> list[str | None]:
    """The phone values of sightings written ``raw`` by identities claiming ``regions``."""
    sightings = pl.DataFrame({"raw": raw, "region": regions})
    return KINDS["phone"].normalize(sightings).to_list()


def test_one_number_written_by_identities_claiming_other_countries_is_one_value():
    # Written without "+", the digits are read in each writer's claimed country: a US
    # number given by identities claiming Britain and Germany is the same phone.
    raw = ["(641) 448-6186", "641.448.6186", "641 448 6186", "+44 20 7946 0958"]
    assert merged(raw, ["US", "GB", "DE", "US"]) == [
        "+16414486186",
        "+16414486186",
        "+16414486186",
        "+442079460958",
    ]


def test_the_valid_reading_wins_over_the_more_frequent_possible_one():
    # Two writers claim Japan, one the US: only the US reading is a valid number.
    assert merged(["641-448-6186"] * 3, ["JP", "JP", "US"]) == ["+16414486186"] * 3


def test_between_readings_of_equal_standing_the_one_more_rows_gave_wins():
    # +1 792… and +81 792… are both possible and neither valid: two writers read it one way.
    readings = merged(["792 794 1326"] * 3, ["JP", "JP", "US"])
    assert phone.number_type(pl.Series(readings)).to_list() == ["unknown"] * 3
    assert readings == ["+817927941326"] * 3


def test_numbers_written_with_a_country_code_or_alone_are_read_as_before():
    raw = ["+1 641 448 6186", "090-1293-6994", "020 7946 0958"]
    regions = ["GB", "JP", "GB"]
    assert merged(raw, regions) == phone.canonical(pl.Series(raw), pl.Series(regions)).to_list()
    assert phone.reading_merges(pl.Series(raw), pl.Series(merged(raw, regions))).is_empty()


def test_readings_that_join_two_digit_strings_become_one_value():
    # A reading shared by two digit strings puts both strings' readings together: one
    # value for all, never a merge that a second merge undoes.
    raw = pl.Series(["6414486186", "6414486186", "7927941326", "7927941326"])
    numbers = pl.Series(["+16414486186", "+446414486186", "+446414486186", "+817927941326"])
    assert phone.reading_merges(raw, numbers).rows() == [
        ("+446414486186", "+16414486186"),
        ("+817927941326", "+16414486186"),
    ]


def test_a_number_dialled_with_a_region_s_own_longer_prefix_is_read_by_its_region() -> None:
    # Australia dials 0011 before a calling code, Taiwan 002, Colombia 009, Brazil 0021;
    # "00" read as "+" gives no number there. Where it gives one, it is kept: "00" then
    # the calling code is how most exports write a number from abroad.
    values = ["0011 44 20 7946 0958", "002 44 20 7946 0958", "009 44 20 7946 0958"]
    values += ["0021 55 11 91234 5678", "001-212-453-3970", "0081 50-1256-1243"]
    regions = ["AU", "TW", "CO", "BR", "KR", "KR"]
    assert phone.canonical(pl.Series(values), pl.Series(regions)).to_list() == [
        "+442079460958",
        "+442079460958",
        "+442079460958",
        "+5511912345678",
        "+12124533970",
        "+815012561243",
    ]


def test_numbers_dialled_abroad_are_read_as_one_call_per_number_would_read_them():
    # Only the numbers whose region's own prefix may begin them are read in turn; every
    # region's prefix and a number after it, or after "00", must come out as `_abroad` says.
    regions = sorted(phonenumbers.SUPPORTED_REGIONS)
    written, of = [], []
    for region in regions:
        prefix = phonenumbers.PhoneMetadata.metadata_for_region(region).international_prefix
        for start in dict.fromkeys(("00", "001", "0011", "0021", "0055", prefix or "00")):
            if re.fullmatch("[0-9]+", start) and start.startswith("00"):
                # Between numbers written otherwise, which are left as they were read.
                written += [f"{start} 65 8234 5678", "020 7946 0958", f"{start}-44 20 7946 0958"]
                of += [region, region, region]
    # Unread, as when "00" read as "+" gives no valid number.
    read = pl.Series([None] * len(written), dtype=pl.String)
    expected = [
        phone._abroad(w, r, None) if w.startswith("00") else None
        for w, r in zip(written, of, strict=True)
    ]
    assert phone._dialled_abroad(pl.Series(written), pl.Series(of), read).to_list() == expected
    assert sum(e is not None for e in expected) > 10  # some regions read them otherwise
