from datetime import datetime, timedelta, timezone

from workbench.flags import payment
from workbench.flags.context import FlagContext

T0 = datetime(2025, 1, 1, tzinfo=timezone.utc)


def test_crypto_payment_by_method_currency_or_wallet():
    ctx = FlagContext.build(
        payments={
            "contractor_id": ["a", "b", "c", "d"],
            "method": ["crypto", "bank", "other", "bank"],
            "currency": [None, "BTC", "USD", "USD"],
            "account": ["w1", "w2", "w3", "acct"],
        },
        observations={
            "contractor_id": ["c", "d"],
            "kind": ["payment_account"] * 2,
            "value": ["crypto:0xab", "bank:123"],
            "source": ["payments"] * 2,
            "source_row": [3, 4],
        },
    )
    assert payment.crypto_payment(ctx)["contractor_id"].to_list() == ["a", "b", "c"]


def test_payee_mismatch_accepts_name_variants():
    ctx = FlagContext.build(
        contractors={"contractor_id": ["a", "b"], "full_name": ["John Smith", "Maria Lopez"]},
        payments={
            "contractor_id": ["a", "b"],
            "account": ["1", "2"],
            "account_holder": ["Smith, John", "Acme Staffing LLC"],
        },
    )
    assert payment.payee_mismatch(ctx)["contractor_id"].to_list() == ["b"]


def test_account_country_mismatch_from_iban_or_stated_country():
    ctx = FlagContext.build(
        contractors={"contractor_id": ["a", "b", "c"], "country": ["US", "DE", "US"]},
        payments={
            "contractor_id": ["a", "b", "c"],
            "account": ["x", "y", "z"],
            "account_country": [None, None, "United States"],
        },
        observations={
            "contractor_id": ["a", "b"],
            "kind": ["payment_account"] * 2,
            "value": ["iban:CN12345", "iban:DE89370400440532013000"],
            "source": ["payments"] * 2,
            "source_row": [1, 2],
        },
    )
    out = payment.account_country_mismatch(ctx)
    assert out["contractor_id"].to_list() == ["a"]
    assert out["refs"].to_list() == ["payments:1"]


def test_shared_payment_account_not_for_hub():
    ctx = FlagContext.build(
        observations={
            "contractor_id": ["a", "b", "c", "d"],
            "kind": ["payment_account"] * 4,
            "value": ["bank:1", "bank:1", "bank:payroll", "bank:payroll"],
        },
        hubs={"kind": ["payment_account"], "value": ["bank:payroll"], "identities": [90]},
    )
    assert payment.shared_payment_account(ctx)["contractor_id"].to_list() == ["a", "b"]


def test_account_churn_within_window_only():
    close = [T0, T0 + timedelta(days=20), T0 + timedelta(days=50)]
    apart = [T0, T0 + timedelta(days=200), T0 + timedelta(days=400)]
    ctx = FlagContext.build(
        observations={
            "contractor_id": ["a"] * 3 + ["b"] * 3,
            "kind": ["payment_account"] * 6,
            "value": ["bank:1", "bank:2", "bank:3"] * 2,
            "source": ["payments"] * 6,
            "seen_at": close + apart,
        }
    )
    out = payment.account_churn(ctx)
    assert out["contractor_id"].to_list() == ["a"]
    assert out["refs"][0] == "payments:1;payments:2;payments:3"


def test_hub_accounts_say_nothing_about_payee_or_country():
    ctx = FlagContext.build(
        contractors={"contractor_id": ["a"], "full_name": ["Ana Silva"], "country": ["BR"]},
        payments={
            "contractor_id": ["a"],
            "account": ["123"],
            "account_holder": ["GLOBALPAY EOR LTD"],
            "account_country": ["US"],
        },
        observations={
            "contractor_id": ["a"],
            "kind": ["payment_account"],
            "value": ["bank:123"],
            "source": ["payments"],
        },
        hubs={"kind": ["payment_account"], "value": ["bank:123"], "identities": [500]},
    )
    assert payment.payee_mismatch(ctx).is_empty()
    assert payment.account_country_mismatch(ctx).is_empty()
