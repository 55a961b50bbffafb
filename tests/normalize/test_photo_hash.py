import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from workbench.normalize import photo_hash


def test_hex_is_lower_cased_without_prefix() -> None:
    values = pl.Series(["0xD1C4B0A0F0E0C0B0", " d1c4b0a0f0e0c0b0 "])
    assert photo_hash.canonical(values).to_list() == ["d1c4b0a0f0e0c0b0"] * 2


def test_zero_short_and_non_hex_are_null() -> None:
    values = pl.Series(["0000000000000000", "0x0000000000000000", "abc", "zz1c4b0a0f0e0c0b", None])
    assert photo_hash.canonical(values).to_list() == [None] * 5


@given(
    st.lists(st.text(max_size=30) | st.binary(min_size=8, max_size=8).map(bytes.hex), max_size=20)
)
def test_never_raises_and_is_idempotent(values: list[str]) -> None:
    once = photo_hash.canonical(pl.Series(values, dtype=pl.String))
    assert len(once) == len(values)
    assert photo_hash.canonical(once).to_list() == once.to_list()


def _flipped(hash_: str, *bits: int) -> str:
    """``hash_`` with the given bit positions (0 = lowest) flipped."""
    value = int(hash_, 16)
    for bit in bits:
        value ^= 1 << bit
    return f"{value:016x}"


def _merges(keys: list[str]) -> dict[str, str]:
    tally = photo_hash.variant_tally(pl.Series(keys, dtype=pl.String))
    merged = photo_hash.merged_variants(photo_hash.near_variants(tally))
    return dict(merged.iter_rows())


PHOTO = "3a02b62428e6e471"


def test_a_photo_retouched_in_up_to_three_bits_is_the_same_photo() -> None:
    # One bit in each block, and three bits in one block: both within reach.
    spread, packed = _flipped(PHOTO, 1, 20, 40), _flipped(PHOTO, 60, 61, 62)
    assert _merges([PHOTO, PHOTO, spread, packed]) == {spread: PHOTO, packed: PHOTO}


def test_four_bits_apart_are_two_photos() -> None:
    assert _merges([PHOTO, _flipped(PHOTO, 0, 17, 34, 51)]) == {}


def test_a_chain_of_retouched_copies_becomes_the_copy_most_identities_gave() -> None:
    middle = _flipped(PHOTO, 3)
    far = _flipped(middle, 30, 31, 32)  # six bits from the first, three from the middle
    assert _merges([PHOTO, middle, middle, far]) == {PHOTO: middle, far: middle}


def test_hashes_of_other_lengths_link_on_equality_alone() -> None:
    short = "3a02b624"
    assert _merges([short, "3a02b625", PHOTO]) == {}


def test_tallies_of_parts_read_as_the_whole_case() -> None:
    # The copy two sightings gave wins only if the parts' rows add up: one part alone
    # holds it once, like the photo itself.
    copy = _flipped(PHOTO, 9)
    parts = pl.concat(
        [
            photo_hash.variant_tally(pl.Series(part, dtype=pl.String))
            for part in ([PHOTO, copy], [copy])
        ]
    )
    merged = photo_hash.merged_variants(photo_hash.near_variants(parts))
    assert dict(merged.iter_rows()) == _merges([PHOTO, copy, copy]) == {PHOTO: copy}


_BASES = st.lists(st.integers(min_value=1, max_value=2**64 - 1), min_size=1, max_size=4)
_FLIPS = st.lists(st.integers(min_value=0, max_value=63), max_size=5)


@given(_BASES, st.lists(st.tuples(st.integers(min_value=0, max_value=3), _FLIPS), max_size=30))
def test_hashes_within_three_bits_always_end_as_one(bases: list[int], copies: list) -> None:
    keys = [f"{base:016x}" for base in bases]
    keys += [_flipped(keys[at % len(keys)], *flips) for at, flips in copies]
    keys = [key for key in keys if int(key, 16)]
    merged = _merges(keys)
    final = {key: merged.get(key, key) for key in keys}
    assert set(merged.values()) <= set(keys) and not set(merged) & set(merged.values())
    for a in keys:
        for b in keys:
            if bin(int(a, 16) ^ int(b, 16)).count("1") <= photo_hash.NEAR_BITS:
                assert final[a] == final[b]
