"""Phones, IBANs, wallets and addresses of individuals."""

from __future__ import annotations

import hashlib

import numpy as np
import phonenumbers
from schwifty import IBAN

from workbench.synth.contact import addresses, ibans, phones, wallets
from workbench.synth.formats import B58


def test_phones_are_valid_distinct_and_typed() -> None:
    rng = np.random.default_rng(1)
    regions = np.array(["US", "CA", "GB", "DE", "PL", "JP", "KR", "IN", "BR", "SG", "UA"] * 20)
    kinds = np.array(["mobile", "fixed", "voip"] * 73 + ["mobile"])[: len(regions)]
    out = phones(rng, regions, kinds)
    assert len(set(out)) == len(out)
    parsed = [phonenumbers.parse(p) for p in out]
    assert all(phonenumbers.is_valid_number(p) for p in parsed)
    voip = [phonenumbers.number_type(p) for p, k in zip(parsed, kinds, strict=True) if k == "voip"]
    assert all(t == phonenumbers.PhoneNumberType.VOIP for t in voip)


def test_phones_avoid_taken_numbers() -> None:
    first = phones(np.random.default_rng(1), np.array(["SG"] * 50), np.array(["voip"] * 50))
    again = phones(
        np.random.default_rng(1), np.array(["SG"] * 50), np.array(["voip"] * 50), taken=set(first)
    )
    assert not set(first) & set(again)


def test_ibans_validate_with_schwifty() -> None:
    out = ibans(np.random.default_rng(2), np.array(["DE", "PL", "GB", "UA", "NL", "US"] * 10))
    assert all(IBAN(v).compact == v for v in out if v)
    assert (out == "").sum() == 10


def test_tron_wallets_are_base58check() -> None:
    for w in wallets(np.random.default_rng(4), 30):
        if w.startswith("0x"):
            assert len(w) == 42 and int(w[2:], 16) >= 0
            continue
        n = 0
        for ch in w:
            n = n * 58 + B58.index(ch)
        raw = n.to_bytes(25, "big")
        assert raw[0] == 0x41
        assert hashlib.sha256(hashlib.sha256(raw[:21]).digest()).digest()[:4] == raw[21:]


def test_addresses_are_distinct() -> None:
    out = addresses(np.random.default_rng(5), np.array(["US"] * 500 + ["PL"] * 100))
    assert len({a[:6] for a in out}) == 600
