import string
from random import Random

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from schwifty import IBAN, exceptions, registry

from workbench.case import load_case
from workbench.link import link
from workbench.normalize import account
from workbench.observe import observe


@pytest.mark.parametrize(
    ("raw", "method", "expected"),
    [
        ("de89 3704 0044 0532 0130 00", None, "iban:DE89370400440532013000"),
        ("IBAN: GB82 WEST 1234 5698 7654 32", "bank", "iban:GB82WEST12345698765432"),
        ("Acct No. 4471-0093-12", "bank", "bank:4471009312"),
        ("A/C # 00123456", None, "bank:00123456"),
        ("#99887766", None, "bank:99887766"),
        ("J.Doe+pay@GMAIL.com", "paypal", "email:jdoe@gmail.com"),
        (
            "0xABCDEF0123456789abcdef0123456789ABCDEF01",
            "crypto",
            "crypto:0xabcdef0123456789abcdef0123456789abcdef01",
        ),
        (
            "BC1QAR0SRRR7XFKVY5L643LYDNW9RE59GTZZWF5MDQ",
            None,
            "crypto:bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
        ),
        ("1A1zP1eP5QGefi2DMPTfTL5SMLDmhdMr6", None, "crypto:1A1zP1eP5QGefi2DMPTfTL5SMLDmhdMr6"),
        (
            "TN3W4H6rK2ce4vX9YnFQHwKENnHjoxb3m9",
            "crypto",
            "crypto:TN3W4H6rK2ce4vX9YnFQHwKENnHjoxb3m9",
        ),
    ],
)
def test_canonical_examples(raw: str, method: str | None, expected: str) -> None:
    result = account.canonical(pl.Series([raw]), pl.Series([method], dtype=pl.String))
    assert result.to_list() == [expected]


@pytest.mark.parametrize(
    "raw",
    ["DE89370400440532013001", "12345", "n/a", "ACCT 12345678", "000000000", "", "no digits here"],
)
def test_unusable_accounts_are_null(raw: str) -> None:
    assert account.canonical(pl.Series([raw])).to_list() == [None]


def test_types_never_collide() -> None:
    result = account.canonical(
        pl.Series(["48213377", "bank:48213377", "iban:GB82WEST12345698765432"])
    )
    assert result.to_list() == ["bank:48213377", "bank:48213377", "iban:GB82WEST12345698765432"]
    assert account.account_type(result).to_list() == ["bank", "bank", "iban"]
    assert account.iban_country(result).to_list() == [None, None, "GB"]


def test_method_is_optional_and_nulls_stay_null() -> None:
    values = pl.Series("account", [None, "99887766"])
    methods = pl.Series([None, None], dtype=pl.String)
    assert account.canonical(values, methods).to_list() == [None, "bank:99887766"]
    assert account.canonical(values).name == "account"


@given(
    st.lists(
        st.tuples(st.text(max_size=40), st.sampled_from([None, "bank", "crypto", "paypal"])),
        max_size=20,
    )
)
def test_never_raises_and_is_idempotent(rows: list[tuple[str, str | None]]) -> None:
    values = pl.Series([r[0] for r in rows], dtype=pl.String)
    methods = pl.Series([r[1] for r in rows], dtype=pl.String)
    once = account.canonical(values, methods)
    assert len(once) == len(rows)
    assert account.canonical(once, methods).to_list() == once.to_list()
    assert set(account.account_type(once).drop_nulls()) <= set(account.TYPES)


def test_a_network_label_before_a_wallet_does_not_make_another_account() -> None:
    wallet = "THZarb9M4M7ko6bvahVv9SjMNhMyKz9YwK"
    values = pl.Series([wallet, f"TRC20:{wallet}", f"USDT (TRC-20) {wallet}"])
    assert account.canonical(values).to_list() == [f"crypto:{wallet}"] * 3
    hex_wallet = "0xABCDEF0123456789abcdef0123456789ABCDEF01"
    labelled = account.canonical(pl.Series([f"ERC20: {hex_wallet}", f"ETH {hex_wallet}"]))
    assert labelled.to_list() == [f"crypto:{hex_wallet.lower()}"] * 2


def _schwifty(text: str) -> str | None:
    """What schwifty's IBAN makes of ``text``: its compact form, or None when invalid."""
    try:
        return IBAN(text).compact
    except ValueError:
        return None


def _iban_countries() -> list[str]:
    """Every country code schwifty has an IBAN specification for."""
    codes = (a + b for a in string.ascii_uppercase for b in string.ascii_uppercase)
    return [code for code in codes if _has_spec(code)]


def _has_spec(code: str) -> bool:
    """Whether schwifty knows the IBANs of country ``code``."""
    try:
        registry.get_iban_spec(code)
    except ValueError:
        return False
    return True


def _near_misses(iban: str) -> list[str]:
    """``iban``, and the typos, wrong check digits and lengths a check must tell from it."""
    changed = [iban[:i] + ("7" if c != "7" else "A") + iban[i + 1 :] for i, c in enumerate(iban)]
    checks = [iban[:2] + digits + iban[4:] for digits in ("00", "01", "02", "97", "98", "99")]
    swapped = [iban[:4] + iban[5] + iban[4] + iban[6:]]
    lengths = [iban[:-1], iban + "0", iban + "A"]
    return [iban, *changed, *checks, *swapped, *lengths, iban.lower(), "XX" + iban[2:]]


@pytest.mark.parametrize("country", _iban_countries())
def test_the_iban_check_agrees_with_schwifty_in_every_country(country: str) -> None:
    generated = []
    for seed in range(3):
        try:
            generated.append(str(IBAN.random(country, random=Random(seed), use_registry=False)))
        except (ValueError, exceptions.SchwiftyException):
            continue  # schwifty cannot make up an IBAN of this country
    spec = registry.get_iban_spec(country)
    generated.append(country + "00" + "1" * max(spec.iban_length - 4, 1))
    texts = [text for iban in generated for text in _near_misses(iban)]
    checked = account.valid_ibans(pl.Series(texts)).to_list()
    assert checked == [_schwifty(text) for text in texts]


@given(st.from_regex(r"[A-Z]{2}[0-9٠-٩]{2}[A-Z0-9 ]{8,32}", fullmatch=True))
def test_the_iban_check_agrees_with_schwifty_on_iban_like_text(text: str) -> None:
    assert account.valid_ibans(pl.Series([text])).item() == _schwifty(text)


XMR = (
    "44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3Xjrp"
    "DtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A"
)
ADA = (
    "addr1qx2fxv2umyhttkxyxp8x0dlpdt3k6cwng5pxj3jhsydzer3n0d3v"
    "llmyqwsx5wktcd8cc3sq835lu7drv2xwl2wywfgse35a3x"
)
TON = "EQD4FPq-PRDieyQKkizFTRtSDyucUIqrj0v_zXJmqaDp6_0t"


@pytest.mark.parametrize(
    ("wallet", "expected"),
    [
        (XMR, f"crypto:{XMR}"),
        (ADA, f"crypto:{ADA}"),
        (ADA.upper(), f"crypto:{ADA}"),
        (TON, f"crypto:{TON}"),
        (
            "52908400098527886E0F7030069857D2E4169EE7",
            "crypto:0x52908400098527886e0f7030069857d2e4169ee7",
        ),
    ],
)
def test_wallets_are_known_by_their_form_whatever_the_method(wallet: str, expected: str) -> None:
    # The identifiers table and a watchlist give no method: the payments row must meet them.
    methods = pl.Series(["crypto", None, "bank", "monero"])
    assert account.canonical(pl.Series([wallet] * 4), methods).to_list() == [expected] * 4


def test_a_service_or_account_label_is_not_part_of_the_account() -> None:
    values = [
        "Acc No: 4471009312",
        "4471009312",
        "PayPal: jane.doe@gmail.com",
        "jane.doe@gmail.com",
    ]
    assert account.canonical(pl.Series(values)).to_list() == [
        "bank:4471009312",
        "bank:4471009312",
        "email:janedoe@gmail.com",
        "email:janedoe@gmail.com",
    ]


def test_a_bank_code_or_labels_before_the_digits_are_not_part_of_the_account() -> None:
    spellings = ["5532651223643", "KB 5532651223643", "KB-5532651223643", "kb: 5532-6512-23643"]
    assert account.canonical(pl.Series(spellings)).to_list() == ["bank:5532651223643"] * 4
    routed = [
        "021000021 123456789",
        "RTN 021000021 ACCT 123456789",
        "ABA: 021000021, Acct No. 123456789",
        "Routing 021000021 Account 123456789",
    ]
    assert account.canonical(pl.Series(routed)).to_list() == ["bank:021000021123456789"] * 4


def test_letters_of_an_iban_or_inside_an_account_are_kept() -> None:
    values = [
        "DE 89 3704 0044 0532 0130 00",
        "GB82 WEST 1234 5698 7654 32",
        "12AB345678",
        "PL-88124010370124667269468394",
    ]
    assert account.canonical(pl.Series(values)).to_list() == [
        "iban:DE89370400440532013000",
        "iban:GB82WEST12345698765432",
        "bank:12AB345678",
        "iban:PL88124010370124667269468394",
    ]
    # A bank code glued to its digits reads as a broken IBAN: unusable, not another account.
    assert account.canonical(pl.Series(["KB5532651223643", "KB 12345"])).to_list() == [None, None]


def test_a_network_tag_after_a_wallet_does_not_make_another_account() -> None:
    tron = "TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE"
    hex_wallet = "0x52908400098527886E0F7030069857D2E4169EE7"
    values = [tron, f"{tron} (TRC20)", f"{tron} [TRC-20]", f"{tron} - USDT-TRC20", f"{tron} TRC20"]
    assert account.canonical(pl.Series(values)).to_list() == [f"crypto:{tron}"] * 5
    tagged = [f"{hex_wallet} (ERC20)", f"{hex_wallet} [BEP20]", f"ERC20: {hex_wallet} (ERC20)"]
    assert account.canonical(pl.Series(tagged)).to_list() == [f"crypto:{hex_wallet.lower()}"] * 3
    assert account.canonical(pl.Series(["(TRC20)"])).to_list() == [None]


def test_a_labelled_account_ties_two_payees(write_case) -> None:
    case = load_case(
        write_case(
            {
                "contractors.csv": "contractor_id\nc1\nc2\n",
                "payments.csv": "contractor_id,paid_at,account,method\n"
                "c1,2024-04-01T10:00:00Z,KB 5532651223643,bank\n"
                "c2,2024-04-01T10:00:00Z,5532-6512-23643,bank\n",
            }
        )
    )
    links = link(observe(case)).links
    assert links.select("contractor_a", "contractor_b", "kind", "value").rows() == [
        ("c1", "c2", "payment_account", "bank:5532651223643")
    ]


@given(st.lists(st.text(max_size=16) | st.none(), max_size=30), st.data())
def test_compact_forms_follow_the_rule_of_their_own_rows(
    bodies: list[str | None], data: st.DataObject
) -> None:
    labelled = [None if body is None else data.draw(st.booleans()) for body in bodies]
    frame = pl.DataFrame(
        {"body": bodies, "labelled": labelled}, schema={"body": pl.String, "labelled": pl.Boolean}
    )
    body = pl.col("body")
    expected = frame.select(
        pl.when("labelled")
        .then(body.str.replace_all(r"\D+", ""))
        .otherwise(
            body.str.replace(account._BANK_PREFIX, "")
            .str.replace_all(r"[^\p{L}\p{N}]", "")
            .str.to_uppercase()
        )
    ).to_series()
    assert account._compact(frame["body"], frame["labelled"]).to_list() == expected.to_list()
