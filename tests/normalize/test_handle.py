import unicodedata

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from workbench.normalize import handle


def test_a_telegram_link_handle_and_bare_name_are_one_account() -> None:
    spellings = [
        "@work_loxhtc",
        "https://t.me/work_loxhtc",
        "t.me/Work_Loxhtc/",
        "http://telegram.me/work_loxhtc?start=1",
        "WORK_LOXHTC",
        " @work_loxhtc ",
    ]
    assert handle.telegram(pl.Series(spellings)).to_list() == ["work_loxhtc"] * 6


def test_a_link_to_another_site_or_a_broken_handle_is_null() -> None:
    values = ["https://github.com/work_loxhtc", "@abc", "@1digitfirst", "two words", "n/a", ""]
    assert handle.telegram(pl.Series(values)).to_list() == [None] * 6


def test_compatibility_forms_read_as_plain_letters() -> None:
    fullwidth = "＠ｗｏｒｋ＿ｌｏｘｈｔｃ"
    assert unicodedata.normalize("NFKC", fullwidth) == "@work_loxhtc"
    assert handle.telegram(pl.Series([fullwidth])).to_list() == ["work_loxhtc"]


@given(st.lists(st.text(max_size=40), max_size=20))
def test_never_raises_and_is_idempotent(values: list[str]) -> None:
    once = handle.telegram(pl.Series(values, dtype=pl.String))
    assert len(once) == len(values)
    assert handle.telegram(once).to_list() == once.to_list()
