"""Referral packages (workbench.export.referral and referral_page)."""

from __future__ import annotations

import html
import zipfile

import polars as pl

from tests.export.cases import PRIVATE_VALUES, XSS
from workbench.export.referral import FILES, referral
from workbench.export.referral_package import write_referral
from workbench.export.referral_page import narrative


def test_a_package_holds_every_file_and_the_members_payments(ring_case, tmp_path):
    ring = ring_case.ring(ring_case.ring_scores["ring_id"][0])
    folder = write_referral(ring, tmp_path / "pkg")
    assert sorted(p.name for p in folder.iterdir()) == sorted(FILES)
    payments = pl.read_csv(folder / "payments.csv", infer_schema=False)
    members = ring.member_ids.to_list()
    expected = ring_case.case.tables["payments"].filter(pl.col("contractor_id").is_in(members))
    assert payments.height == expected.height == 6
    assert set(payments["account_type"]) == {"crypto", "iban", "email"}
    accounts = pl.read_csv(folder / "accounts.csv", infer_schema=False)
    # Two spellings of one wallet, IBAN or payout e-mail are one account paying two identities.
    assert accounts.height == 3
    assert accounts["identities"].str.contains("; ").all()
    assert set(accounts["totals"]) == {"5000.0 USDT", "6200.0 EUR", "1800.0 USD"}
    logins = pl.read_csv(folder / "logins.csv", infer_schema=False)
    assert set(logins["country"]) == {"KP", "CN"} and logins.height == 4
    by_identity = pl.read_csv(folder / "logins_by_identity.csv", infer_schema=False)
    assert by_identity.filter(pl.col("contractor_id") == "r1")["ips"].item() == "2"


def test_spreadsheet_formulas_in_case_strings_are_defused(ring_case, tmp_path):
    folder = write_referral(ring_case.ring(ring_case.ring_scores["ring_id"][0]), tmp_path / "p")
    identities = (folder / "identities.csv").read_text(encoding="utf-8")
    payments = (folder / "payments.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK" in identities and ",=HYPERLINK" not in identities
    assert "'=cmd|" in payments and ",=cmd|" not in payments


def test_the_summary_escapes_case_strings_and_allows_no_request(ring_case, tmp_path):
    folder = write_referral(ring_case.ring(ring_case.ring_scores["ring_id"][0]), tmp_path / "p")
    page = (folder / "summary.html").read_text(encoding="utf-8")
    assert XSS not in page and html.escape(XSS) in page
    assert "default-src 'none'" in page and "<script" not in page
    assert "src=" not in page.replace(html.escape(XSS), "")
    for name in FILES:
        assert name in page


def test_the_narrative_says_who_what_when_and_where_the_money_went(ring_case):
    ring = ring_case.ring(ring_case.ring_scores["ring_id"][0])
    text = " ".join(narrative(referral(ring)))
    assert text.startswith("3 contractor identities in case case appear")
    assert "hired between 2024-03-01 and 2024-04-02" in text
    assert "6 payments totalling 6200.0 EUR, 1800.0 USD, 5000.0 USDT" in text
    assert "into 3 accounts" in text and "3 of them paid more than one" in text
    assert "from 2 IP addresses, geolocated to CN and KP" in text
    assert "shipped 3 times to 1 address" in text


def test_a_redacted_package_shows_no_identifier_but_keeps_names_dates_and_amounts(
    ring_case, tmp_path
):
    ring = ring_case.ring(ring_case.ring_scores["ring_id"][0])
    plain = write_referral(ring, tmp_path / "plain")
    masked = write_referral(ring, tmp_path / "masked", redact=True)
    shown = {p.name: p.read_text(encoding="utf-8") for p in plain.iterdir()}
    hidden = {p.name: p.read_text(encoding="utf-8") for p in masked.iterdir()}
    assert any(value in text for value in PRIVATE_VALUES for text in shown.values())
    leaks = [(name, v) for name, text in hidden.items() for v in PRIVATE_VALUES if v in text]
    assert leaks == []
    assert "Bo Kim" in hidden["identities.csv"] and "2024-03-15" in hidden["identities.csv"]
    assert "2500.0" in hidden["payments.csv"] and "R. S." in hidden["payments.csv"]
    # Counts are taken before masking: masks of two addresses can be equal.
    assert "from 2 IP addresses" in hidden["narrative.txt"]


def test_a_zipped_package_is_the_folder_byte_for_byte_and_stable(ring_case, tmp_path):
    ring = ring_case.ring(ring_case.ring_scores["ring_id"][0])
    folder = write_referral(ring, tmp_path / "folder")
    first = write_referral(ring, tmp_path / "one.zip")
    second = write_referral(ring, tmp_path / "two.zip")
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        assert sorted(archive.namelist()) == sorted(f"{ring.ring_id}/{name}" for name in FILES)
        for name in FILES:
            assert archive.read(f"{ring.ring_id}/{name}") == (folder / name).read_bytes()
