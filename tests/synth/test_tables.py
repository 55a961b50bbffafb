"""Contractors and payments tables of a generated case."""

from __future__ import annotations

import re

import polars as pl
from schwifty import IBAN

from workbench.synth import SynthSummary


def test_payment_ibans_are_valid(small_case: SynthSummary) -> None:
    pay = pl.read_csv(small_case.files["payments"], infer_schema_length=0)
    compact = [re.sub(r"[\s-]", "", a.upper().removeprefix("IBAN ")) for a in pay["account"]]
    ibans = [a for a in compact if re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", a)]
    assert len(ibans) > 100
    assert all(IBAN(a).compact == a for a in ibans)


def test_payments_vary_methods_currencies_and_spellings(small_case: SynthSummary) -> None:
    pay = pl.read_csv(small_case.files["payments"], infer_schema_length=0)
    assert {"bank", "crypto"} <= set(pay["method"])
    assert {"USD", "USDT"} <= set(pay["currency"])
    assert pay["account"].str.starts_with("ACCT ").any()
    assert pay["account"].str.contains(r"^[A-Z]{2}\d\d \d{4}").any()
    assert pay["paid_at"].str.ends_with("Z").any()


def test_contractors_have_varied_formats(small_case: SynthSummary) -> None:
    c = pl.read_csv(small_case.files["contractors"], infer_schema_length=0).fill_null("")
    assert c["contractor_id"].is_unique().all()
    assert c["phone"].str.starts_with("+").any() and c["phone"].str.contains(r"^\(\d{3}\)").any()
    assert c["email"].str.contains(r"[A-Z]").any()
    assert set(c["video_interview"]) <= {
        "completed",
        "declined",
        "camera_off",
        "not_held",
        "unknown",
    }
    assert c["country"].str.len_chars().max() > 2
