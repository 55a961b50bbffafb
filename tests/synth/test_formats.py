"""Spellings of one value must all mean that value."""

from __future__ import annotations

from datetime import datetime, timezone

import numpy as np
import phonenumbers
import polars as pl
from schwifty import IBAN

from workbench.synth.formats import (
    account_variants,
    address_text,
    email_variants,
    iban_checksum,
    iban_variants,
    phone_variants,
    spell,
    timestamp_text,
    wallet_variants,
)


def test_phone_variants_parse_to_the_same_number() -> None:
    for e164 in ("+14155550134", "+442079460018", "+819012345678"):
        variants = phone_variants(e164)
        assert len(set(variants)) >= 5
        for v in variants:
            text = "+" + v[2:] if v.startswith("00") else v
            num = phonenumbers.parse(
                text, phonenumbers.region_code_for_number(phonenumbers.parse(e164))
            )
            assert phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164) == e164, v


def test_placeholders_are_left_alone() -> None:
    assert phone_variants("000-000-0000") == ("000-000-0000",)
    assert email_variants("n/a") == ("n/a",)


def test_email_variants_only_change_case_dots_and_tags() -> None:
    for v in email_variants("mary.smartcoder413@gmail.com"):
        local, domain = v.lower().split("@")
        assert domain == "gmail.com"
        assert local.split("+")[0].replace(".", "") == "marysmartcoder413"


def test_ibans_have_valid_checksums_in_every_spelling() -> None:
    iban = iban_checksum("PL", "109010140000071219812874")
    for v in iban_variants(iban):
        compact = v.upper().removeprefix("IBAN ").replace(" ", "").replace("-", "")
        assert IBAN(compact).compact == iban


def test_account_variants_dispatch_on_shape() -> None:
    assert account_variants("12345678")[0] == "ACCT 1234-5678"
    assert account_variants("a@b.com")[0] == "a@b.com"
    assert "0xABCDEF" in account_variants("0xabcdef")
    assert wallet_variants("T" + "a" * 33)[0] == "T" + "a" * 33


def test_address_styles_keep_number_street_and_zip() -> None:
    parts = (12, "Oak", 1, 4, "Austin", "TX", "78701", "1234", True)
    texts = {address_text(parts, s) for s in range(20)}
    assert len(texts) >= 4
    assert all(t.upper().startswith("12 OAK") and "78701" in t for t in texts)
    assert {"Avenue", "Ave.", "Ave", "AVE"} & {w for t in texts for w in t.split()}


def test_spell_picks_per_row_and_keeps_nulls() -> None:
    out = spell(pl.Series(["x", "x", "y", None]), np.array([0, 1, 1, 0]), lambda v: (v, v * 2))
    assert out.to_list() == ["x", "xx", "yy", None]


def test_timestamp_styles() -> None:
    df = pl.DataFrame({"t": [1_735_700_000] * 3, "o": [-300] * 3, "s": [0, 1, 2]})
    out = df.select(timestamp_text(pl.col("t"), pl.col("o"), pl.col("s")))["t"].to_list()
    assert out[0].endswith("Z") and out[1].endswith("-05:00") and len(out[2]) == 19
    parsed = [datetime.fromisoformat(t.replace("Z", "+00:00")) for t in out]
    assert parsed[0] == parsed[1] == parsed[2].replace(tzinfo=timezone.utc)
