from datetime import datetime, timedelta, timezone

from workbench.flags import payment
from workbench.flags.context import FlagContext

T0 = datetime(2025, 1, 1, tzinfo=timezone.utc)
WALLET = "0x52908400098527886E0F7030069857D2E4169EE7"
GB_IBAN = "GB29 NWBK 6016 1331 9268 19"
DE_IBAN = "DE89370400440532013000"


def accounts(payments, canonical):
    """The case: payments and the observations the pipeline would make of their accounts."""
    return {
        "payments": payments,
        "observations": {
            "contractor_id": payments["contractor_id"],
            "kind": ["payment_account"] * len(canonical),
            "raw": payments["account"],
            "value": canonical,
            "source": ["payments"] * len(canonical),
        },
    }


def test_crypto_payment_by_method_currency_or_wallet():
    ctx = FlagContext.build(
        **accounts(
            {
                "contractor_id": ["a", "b", "c", "d"],
                "method": ["crypto", "bank", "other", "bank"],
                "currency": [None, "BTC", "USD", "USD"],
                "account": ["w1", "w2", WALLET, "4471009312"],
            },
            ["crypto:w1", "bank:w2", f"crypto:{WALLET.lower()}", "bank:4471009312"],
        )
    )
    assert payment.crypto_payment(ctx)["contractor_id"].to_list() == ["a", "b", "c"]


def test_payee_mismatch_accepts_name_variants():
    ctx = FlagContext.build(
        contractors={"contractor_id": ["a", "b"], "full_name": ["John Smith", "Maria Lopez"]},
        payments={
            "contractor_id": ["a", "b"],
            "account": ["4471009312", "4471009313"],
            "account_holder": ["Smith, John", "Acme Staffing LLC"],
        },
    )
    assert payment.payee_mismatch(ctx)["contractor_id"].to_list() == ["b"]


def test_payee_mismatch_forgives_a_slip_in_the_typed_payee():
    ctx = FlagContext.build(
        contractors={
            "contractor_id": ["a", "b", "c"],
            "full_name": ["Lisa Clark", "Sarah Wright", "Lakshmi Menon"],
        },
        payments={
            "contractor_id": ["a", "b", "c"],
            "account": ["4471009312", "4471009313", "4471009314"],
            "account_holder": ["Lisa Clak", "Sarrah Wright", "Lakshmi enon"],
        },
    )
    assert payment.payee_mismatch(ctx).is_empty()


def test_a_name_left_to_be_determined_is_no_name_a_payee_could_differ_from():
    ctx = FlagContext.build(
        contractors={"contractor_id": ["a", "b"], "full_name": ["TBD", "n/a"]},
        payments={
            "contractor_id": ["a", "b"],
            "account": ["4471009312", "4471009313"],
            "account_holder": ["Mathieu Clark", "Sneha Nair"],
        },
    )
    assert payment.payee_mismatch(ctx).is_empty()


def test_payee_mismatch_raised_for_another_person_of_a_like_name():
    ctx = FlagContext.build(
        contractors={"contractor_id": ["a", "b"], "full_name": ["Mary Wilson", "Li Wang"]},
        payments={
            "contractor_id": ["a", "b"],
            "account": ["4471009312", "4471009313"],
            "account_holder": ["Marty Wilkins", "Lin Yang"],
        },
    )
    assert payment.payee_mismatch(ctx)["contractor_id"].to_list() == ["a", "b"]


def test_payee_mismatch_evidence_counts_only_the_payments_to_someone_else():
    ctx = FlagContext.build(
        contractors={"contractor_id": ["a"], "full_name": ["Lisa Clark"]},
        payments={
            "contractor_id": ["a"] * 5,
            "account": ["4471009312"] * 3 + ["6011000990"] * 2,
            "account_holder": ["Lisa Clak", "Lisa Clak", "Lisa Clak", "Wei Zhang", "Wei Zhang"],
        },
    )
    assert payment.payee_mismatch(ctx)["evidence"].to_list() == [
        "2 payments to 'Wei Zhang', not 'Lisa Clark'"
    ]


def test_account_country_mismatch_from_iban_or_stated_country():
    ctx = FlagContext.build(
        contractors={"contractor_id": ["a", "b", "c", "d"], "country": ["US", "DE", "US", "US"]},
        **accounts(
            {
                "contractor_id": ["a", "b", "c", "d"],
                "account": [GB_IBAN, DE_IBAN, "4471009312", "4471009313"],
                "account_country": [None, None, "United States", "China"],
            },
            [f"iban:{GB_IBAN.replace(' ', '')}", f"iban:{DE_IBAN}", "bank:1", "bank:2"],
        ),
    )
    out = payment.account_country_mismatch(ctx)
    assert out["contractor_id"].to_list() == ["a", "d"]
    assert out["refs"].to_list() == ["payments:1", "payments:4"]


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
        **accounts(
            {
                "contractor_id": ["a"] * 3 + ["b"] * 3,
                "paid_at": close + apart,
                "account": ["4471009312", "4471009313", "4471009314"] * 2,
            },
            ["bank:1", "bank:2", "bank:3"] * 2,
        )
    )
    out = payment.account_churn(ctx)
    assert out["contractor_id"].to_list() == ["a"]
    assert out["refs"][0] == "payments:1;payments:2;payments:3"


def test_account_churn_counts_accounts_paid_within_one_window_not_between_payments():
    # Account 1 was paid in January and again in December: it was not in use all year.
    # Accounts 2 and 3 were paid in June; no window of 90 days holds payments to three.
    days = [0, 333, 150, 165]
    ctx = FlagContext.build(
        **accounts(
            {
                "contractor_id": ["a"] * 4,
                "paid_at": [T0 + timedelta(days=d) for d in days],
                "account": ["4471009312", "4471009312", "4471009313", "4471009314"],
            },
            ["bank:1", "bank:1", "bank:2", "bank:3"],
        )
    )
    assert payment.account_churn(ctx).is_empty()


def test_hub_accounts_say_nothing_about_payee_or_country():
    ctx = FlagContext.build(
        contractors={"contractor_id": ["a"], "full_name": ["Ana Silva"], "country": ["BR"]},
        **accounts(
            {
                "contractor_id": ["a"],
                "account": ["125053465180"],
                "account_holder": ["GLOBALPAY EOR LTD"],
                "account_country": ["US"],
            },
            ["bank:125053465180"],
        ),
        hubs={"kind": ["payment_account"], "value": ["bank:125053465180"], "identities": [500]},
    )
    assert payment.payee_mismatch(ctx).is_empty()
    assert payment.account_country_mismatch(ctx).is_empty()


def test_a_provider_payee_name_says_nothing_about_payee_or_country():
    # An agency paying its people into several accounts: no one account is widely
    # shared, but its name is, by identities tied by nothing else (infrastructure).
    people = {
        "contractor_id": ["a", "b"],
        "full_name": ["Ana Silva", "Wei Zhang"],
        "country": ["BR", "CN"],
    }
    ctx = FlagContext.build(
        contractors=people,
        **accounts(
            {
                "contractor_id": ["a", "b"],
                "account": ["125053465180", "125053465181"],
                "account_holder": ["ANDES DEV COLLECTIVE", "Li Wang"],
                "account_country": ["US", "US"],
            },
            ["bank:125053465180", "bank:125053465181"],
        ),
        hubs={"kind": ["account_holder"], "value": ["andes collective dev"], "identities": [182]},
    )
    assert payment.payee_mismatch(ctx)["contractor_id"].to_list() == ["b"]
    assert payment.account_country_mismatch(ctx)["contractor_id"].to_list() == ["b"]


def test_payee_mismatch_takes_a_relative_for_a_household_account():
    ctx = FlagContext.build(
        contractors={
            "contractor_id": ["a", "b", "c", "d"],
            "full_name": ["Pooja Nair", "Choi Ji-min", "John Smith", "Vikram Sharma"],
        },
        payments={
            "contractor_id": ["a", "b", "c", "d"],
            "account": ["1", "2", "3", "4"],
            "account_holder": ["Amit Nair", "Choi Su-a", "John Baker", "Sharma Consulting LLC"],
        },
    )
    found = payment.payee_mismatch(ctx)
    # A company named after the contractor is judged as any payee, not as a relative.
    assert found["contractor_id"].to_list() == ["c", "d"]
    assert found["evidence"][0] == "1 payment to 'John Baker', not 'John Smith'"
