"""Payment accounts: IBANs, bank account numbers, payment e-mails and wallets.

Each canonical value carries its type as a prefix ("iban:", "bank:",
"email:", "crypto:") so that a bank number can never collide with a wallet
that happens to share its characters. Shapes are recognised in polars; only
IBAN checksums (schwifty) and e-mails (``email.canonical``) need more, and
they see each distinct value once. An IBAN-shaped string whose checksum fails
is null, not a bank number: a typo must not tie two people together.

What exporters and payees add around an account is cut: a service's name
("PayPal: …"), a network tag before or after a wallet ("TRC20: T…", "T… (TRC20)"),
and labels or a bank's code before the groups of an account number ("Acc No:",
"KB 5532…", "RTN 021000021 ACCT 1234…", whose account is its digits).
"""

from __future__ import annotations

import string
from collections.abc import Callable
from functools import cache

import polars as pl
from schwifty import IBAN, registry

from workbench.normalize import email
from workbench.normalize._unique import as_text, map_python
from workbench.normalize.placeholders import placeholder_expr

#: Account types, in the prefix of every canonical value.
TYPES = ("iban", "bank", "email", "crypto")
#: Shorter "account numbers" are references, PINs or typos, not accounts.
MIN_BANK_LENGTH = 6
#: Wallets of chains we do not recognise are kept, case-preserved, when the
#: method says crypto and the string is at least this long.
MIN_WALLET_LENGTH = 20

_IBAN_SHAPE = r"^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$"
#: An Ethereum-style address, with its "0x" or without it; both are one account.
_HEX_WALLET = r"^(?:0[xX])?[0-9a-fA-F]{40}$"
#: Bech32 addresses (Bitcoin, Litecoin, Cardano) and Bitcoin Cash's: case-insensitive.
_BECH32_WALLET = (
    r"^(?i:(?:bc|tb|ltc)1[a-z0-9]{8,87}|addr1[a-z0-9]{50,120}|bitcoincash:[qp][a-z0-9]{41})$"
)
_BASE58 = "[1-9A-HJ-NP-Za-km-z]"
_BASE58_WALLET = rf"^(?:[13]{_BASE58}{{25,34}}|T{_BASE58}{{33}})$"
#: A base58 address of other chains (Solana, Litecoin, Dogecoin, XRP, Monero's 95 or
#: 106 characters): 25–106 base58 characters, upper and lower case mixed (no bank
#: account number or IBAN mixes cases).
_BASE58_KEY = rf"^{_BASE58}{{25,106}}$"
#: A TON address: 48 characters of URL-safe base64, case-sensitive.
_BASE64_WALLET = r"^[A-Za-z0-9_-]{48}$"
_BANK_PREFIX = (
    r"^(?i:(?:account|acct|acc\b|a/c|ac\b|iban\b)\.?\s*"
    r"(?:no\b\.?|number|num\b\.?|nr\b\.?)?\s*[:#]?\s*)"
)
#: A payment service named before its account ("PayPal: jane@x.io"): the same account
#: with and without it is one.
_SERVICE_PREFIX = r"^(?i:(?:paypal|payoneer|wise|skrill|venmo|zelle)\s*[:#]\s*)"
_OWN_PREFIX = r"^(iban|bank|email|crypto):"
#: The networks a wallet is named by ("TRC20", "ERC-20", "Tron" …), as a regex.
_NETWORK = (
    r"(?:trc-?20|erc-?20|bep-?20|bep-?2|tron|trx|eth|ethereum|btc|bitcoin|sol|solana|bsc|polygon)"
)
#: A network label written before a wallet ("TRC20:T…", "USDT (ERC-20) 0x…"): the
#: same wallet with and without it is one account.
_CHAIN_PREFIX = rf"^(?i:(?:usdt|usdc)?[\s_\-(]*{_NETWORK}[\s_\-)]*[:\s]\s*)"
#: A network tag written after a wallet ("T… (TRC20)", "0x… [BEP20]", "T… - USDT-TRC20"),
#: apart from it by a bracket or a space: wallets hold neither.
_CHAIN_TAG = rf"(?:(?:usdt|usdc)[\s_\-]*)?{_NETWORK}"
_CHAIN_SUFFIX = rf"(?i:\s*[(\[]\s*{_CHAIN_TAG}\s*[)\]]|(?:\s*[-/]\s*|\s+){_CHAIN_TAG})\s*$"

#: A label word ("KB", "RTN", "Acct", "No.", "Routing"): letters, then dots or slashes.
_LABEL = r"\p{L}[\p{L}./]*(?:\s+\p{L}[\p{L}./]*)*(?:\s*[:#=\-]\s*|\s+)"
#: An account number written with labels or a bank's code before its groups of digits
#: ("KB 5532651223643", "KB-5532651223643", "RTN 021000021 ACCT 123456789"): its
#: digits are the account. A label must stand apart from the digits, so "DE89…" is
#: not a label and digits, and letters inside a group ("12AB34") are not labels.
_LABELLED_NUMBER = rf"^(?:{_LABEL})?\d[\d\s\-]*(?:[,;]?\s*{_LABEL}\d[\d\s\-]*)*$"


@cache
def _iban_start() -> str:
    """An IBAN's country code written apart from its check digits ("DE 89 3704 …",
    "PL-8812 4010 …"): not a bank's label, as the whole is an IBAN."""
    letters = string.ascii_uppercase
    codes = [a + b for a in letters for b in letters if _has_iban(a + b)]
    return rf"^(?i:{'|'.join(codes)})[\s:\-]*\d{{2}}"


def _has_iban(country: str) -> bool:
    """Does ``country`` (ISO 3166 alpha-2) have IBANs?"""
    try:
        registry.get_iban_spec(country)
    except ValueError:
        return False
    return True


#: IBAN text that schwifty's ``IBAN`` keeps as written: upper-case ASCII letters and
#: digits, the check digits in place. `valid_ibans` applies schwifty's rules to it directly.
_PLAIN_IBAN = r"^[A-Z]{2}[0-9]{2}[A-Z0-9]+$"

#: Each character's value in the ISO 7064 MOD 97-10 check of an IBAN: 0–9, then A = 10 … Z = 35.
_CHECK_VALUES = {c: value for value, c in enumerate(string.digits + string.ascii_uppercase)}

#: Digits of an IBAN's number read per step of its check: 97 · 10¹⁶ stays within 64 bits.
_DIGITS_PER_STEP = 16


@cache
def _iban_specs() -> pl.DataFrame:
    """country, length (of the whole IBAN) and bban (the pattern of the rest) of each
    country schwifty knows the IBANs of."""
    letters = string.ascii_uppercase
    specs = [registry.get_iban_spec(a + b) for a in letters for b in letters if _has_iban(a + b)]
    return pl.DataFrame(
        {
            "country": [spec.country for spec in specs],
            "length": [spec.iban_length for spec in specs],
            "bban": [spec.regex.pattern for spec in specs],
        },
        schema={"country": pl.String, "length": pl.UInt32, "bban": pl.String},
    )


def _mod97_remainders(text: pl.Series) -> pl.Series:
    """Each ``text`` read as the number ISO 7064 makes of it (each letter two digits,
    A = 10 … Z = 35), modulo 97.

    The digits are read `_DIGITS_PER_STEP` at a time, so that no number grows
    past what 64 bits hold.

    Examples
    --------
    >>> _mod97_remainders(pl.Series(["370400440532013000DE", "1"])).to_list()
    [3, 1]
    """
    letters = list(string.ascii_uppercase)
    digits = text.str.replace_many(letters, [str(_CHECK_VALUES[c]) for c in letters])
    steps = pl.DataFrame({"digits": digits}).with_columns(remainder=pl.lit(0, pl.Int64))
    longest = digits.str.len_chars().fill_null(0).to_numpy().max(initial=0)
    for start in range(0, longest, _DIGITS_PER_STEP):
        part = pl.col("digits").str.slice(start, _DIGITS_PER_STEP)
        steps = steps.with_columns(
            remainder=pl.when(part.str.len_chars() > 0)
            .then(
                (
                    pl.col("remainder") * pl.lit(10, pl.Int64).pow(part.str.len_chars())
                    + part.str.to_integer()
                )
                % 97
            )
            .otherwise(pl.col("remainder"))
        )
    return steps["remainder"]


def valid_ibans(compacts: pl.Series) -> pl.Series:
    """Each compact IBAN that schwifty accepts, null where it does not.

    Plain IBAN text (`_PLAIN_IBAN`) is checked with schwifty's own rules, as
    ``IBAN.validate`` applies them, over the whole column at once: the
    country's IBAN length, its BBAN pattern and the ISO 7064 check digits
    (``98 − (BBAN + country) · 100 mod 97``, two digits). Anything else is
    given to ``IBAN`` itself.

    Examples
    --------
    >>> valid_ibans(pl.Series(["DE89370400440532013000", "DE89370400440532013001",
    ...     "de89 3704 0044 0532 0130 00", "XX89370400440532013000"])).to_list()
    ['DE89370400440532013000', None, 'DE89370400440532013000', None]
    """
    text = as_text(compacts)
    iban = pl.col("iban")
    frame = (
        pl.DataFrame({"iban": text})
        .with_row_index("row")
        .with_columns(country=iban.str.slice(0, 2), plain=iban.str.contains(_PLAIN_IBAN))
        .join(_iban_specs(), on="country", how="left", maintain_order="left")
    )
    shaped = frame.filter(
        pl.col("plain"),
        iban.str.len_chars() == pl.col("length"),
        iban.str.slice(4).str.contains(pl.col("bban")),
    )
    remainders = _mod97_remainders(shaped["iban"].str.slice(4) + shaped["country"]) * 100 % 97
    checked = shaped.filter((98 - remainders) == shaped["iban"].str.slice(2, 2).cast(pl.Int64))
    valid = text.clear(len(text)).scatter(checked["row"], checked["iban"])
    others = (~frame["plain"]).fill_null(False).arg_true()
    if len(others):
        valid = valid.scatter(others, map_python(text.gather(others), _iban_object))
    return valid.rename(compacts.name)


def _iban_object(text: str) -> str | None:
    """The compact IBAN schwifty's ``IBAN`` reads in ``text``, or None."""
    try:
        return IBAN(text).compact
    except ValueError:
        return None


def _account_frame(text: pl.Series, methods: pl.Series | None) -> pl.DataFrame:
    """One (raw, method) row per value, the method trimmed and lower-cased."""
    if methods is None:
        methods = pl.Series([None] * len(text), dtype=pl.String)
    method = as_text(methods)
    return pl.DataFrame({"raw": text, "method": method.str.strip_chars().str.to_lowercase()})


def _classify(rows: pl.DataFrame) -> pl.DataFrame:
    """Add each (raw, method) row's declared type, body, compact form, kind and wallet text."""
    # Step by step, each intermediate a column: polars does not share an expression
    # used twice, and the regexes here are the cost of the whole module.
    text, chain = pl.col("text"), pl.col("chain")
    frame = (
        rows.with_columns(text=pl.col("raw").str.strip_chars().str.replace(_SERVICE_PREFIX, ""))
        .with_columns(tagged=text.str.contains(_CHAIN_SUFFIX))
        .with_columns(
            text=pl.when(pl.col("tagged")).then(text.str.replace(_CHAIN_SUFFIX, "")).otherwise(text)
        )
        .with_columns(chain=pl.col("tagged") | text.str.contains(_CHAIN_PREFIX))
    )
    frame = frame.with_columns(
        declared=pl.when(chain)
        .then(pl.lit("crypto"))
        .otherwise(text.str.to_lowercase().str.extract(_OWN_PREFIX))
    ).with_columns(
        body=pl.when(chain)
        .then(text.str.replace(_CHAIN_PREFIX, ""))
        .when(pl.col("declared").is_not_null())
        .then(text.str.replace(_OWN_PREFIX, ""))
        .otherwise(text)
    )
    body = pl.col("body")
    frame = frame.with_columns(
        labelled=body.str.contains(_LABELLED_NUMBER) & ~body.str.contains(_iban_start()),
        hex=body.str.contains(_HEX_WALLET),
        bech32=body.str.contains(_BECH32_WALLET),
        mixed_case=body.str.contains("[a-z]") & body.str.contains("[A-Z]"),
    )
    frame = frame.with_columns(compact=_compact(frame["body"], frame["labelled"]))
    mixed_case = pl.col("mixed_case")
    frame = frame.with_columns(
        base58=(body.str.contains(_BASE58_WALLET) & body.str.contains("[A-Za-z]"))
        | (mixed_case & (body.str.contains(_BASE58_KEY) | body.str.contains(_BASE64_WALLET)))
    )
    is_email = body.str.contains("@")
    other_wallet = (pl.col("method") == "crypto") & body.str.contains(
        rf"^[A-Za-z0-9_-]{{{MIN_WALLET_LENGTH},}}$"
    )
    wallet = pl.col("hex") | pl.col("bech32") | pl.col("base58") | other_wallet
    declared_is = pl.col("declared").eq_missing
    kind = (
        pl.when(
            placeholder_expr(pl.col("raw"))
            # The body is the raw text itself but where a prefix or spaces were cut.
            | placeholder_expr(pl.when(body != pl.col("raw")).then(body))
            | placeholder_expr(pl.col("compact"))
        )
        .then(None)
        .when(declared_is("email") | (pl.col("declared").is_null() & is_email))
        .then(pl.lit("email"))
        .when(declared_is("crypto") | (pl.col("declared").is_null() & wallet))
        .then(pl.lit("crypto"))
        .when(~declared_is("bank") & pl.col("compact").str.contains(_IBAN_SHAPE))
        .then(pl.lit("iban"))
        .when(
            (pl.col("compact").str.len_chars() >= MIN_BANK_LENGTH)
            & pl.col("compact").str.contains(r"\d")
        )
        .then(pl.lit("bank"))
    )
    crypto = (
        pl.when(pl.col("hex"))
        .then(pl.lit("0x") + body.str.to_lowercase().str.strip_prefix("0x"))
        .when(pl.col("bech32"))
        .then(body.str.to_lowercase())
        .otherwise(body)
    )
    return frame.select(*rows.columns, "declared", "body", "compact", kind=kind, crypto=crypto)


def _compact(bodies: pl.Series, labelled: pl.Series) -> pl.Series:
    """Each body's compact form: the digits of a ``labelled`` number (`_LABELLED_NUMBER`),
    else its letters and digits, upper-cased, after any bank label (`_BANK_PREFIX`).

    Each rule reads its own rows alone, gathered and scattered back by position:
    a choice between the two computed over every row costs twice the work.

    Examples
    --------
    >>> _compact(pl.Series(["KB 5532-6512", "Acct: de-12ab", None]),
    ...          pl.Series([True, False, None])).to_list()
    ['55326512', 'DE12AB', None]
    """
    rows = labelled.fill_null(False).arg_true()
    others = (~labelled).fill_null(True).arg_true()
    # Runs of non-digits, not each one: a third of the time of one match per character.
    digits = bodies.gather(rows).str.replace_all(r"\D+", "")
    plain = (
        bodies.gather(others)
        .str.replace(_BANK_PREFIX, "")
        .str.replace_all(r"[^\p{L}\p{N}]", "")
        .str.to_uppercase()
    )
    return bodies.clear(len(bodies)).scatter(rows, digits).scatter(others, plain)


def _where_kind(
    frame: pl.DataFrame,
    kind: str,
    values: pl.Series,
    compute: Callable[[pl.Series], pl.Series],
) -> pl.Series:
    """``compute`` of the ``values`` of the rows classified as ``kind``, null on the others.

    Examples
    --------
    >>> frame = pl.DataFrame({"kind": ["email", None, "iban"], "body": ["A@x.io", "n/a", "DE"]})
    >>> _where_kind(frame, "email", frame["body"], lambda v: v.str.to_lowercase()).to_list()
    ['a@x.io', None, None]
    """
    # Gathered and scattered back by position: cheaper than joining on the text.
    rows = (frame["kind"] == kind).fill_null(False).arg_true()
    return values.clear(len(values)).scatter(rows, compute(values.gather(rows)))


def _canonical_rows(rows: pl.DataFrame) -> pl.Series:
    """Canonical value of each (raw, method) row."""
    frame = _classify(rows)
    joined = frame.with_columns(
        mail=_where_kind(frame, "email", frame["body"], email.canonical),
        iban=_where_kind(frame, "iban", frame["compact"], valid_ibans),
    )
    kind = pl.col("kind")
    # Base58, base64url (TON) and Bitcoin Cash's "bitcoincash:" prefix.
    crypto_ok = pl.col("crypto").str.contains(r"^[A-Za-z0-9_:-]+$")
    value = (
        pl.when(kind == "email")
        .then(pl.col("mail"))
        .when(kind == "crypto")
        .then(pl.when(crypto_ok).then(pl.col("crypto")))
        .when(kind == "iban")
        .then(pl.col("iban"))
        .when(kind == "bank")
        .then(pl.col("compact"))
    )
    return joined.select(kind + ":" + value).to_series().cast(pl.String)


def canonical(values: pl.Series, methods: pl.Series | None = None) -> pl.Series:
    """Typed canonical account ("iban:…", "bank:…", "email:…", "crypto:…").

    Parameters
    ----------
    values : raw account strings (IBAN, account number, e-mail, wallet).
    methods : the payment method per row (``bank``, ``paypal``, ``crypto`` …),
        used to accept wallets of chains this module does not know.

    Returns
    -------
    A String series of the same length; null when unusable.

    Examples
    --------
    >>> canonical(pl.Series(["de89 3704 0044 0532 0130 00", "Acct No. 4471-0093-12",
    ...     "J.Doe@GMAIL.com", "0xABCDEF0123456789abcdef0123456789ABCDEF01",
    ...     "DE89370400440532013001"])).to_list()  # doctest: +NORMALIZE_WHITESPACE
    ['iban:DE89370400440532013000', 'bank:4471009312', 'email:jdoe@gmail.com',
     'crypto:0xabcdef0123456789abcdef0123456789abcdef01', None]

    A wallet is recognised by its form whatever the stated method; base58
    keeps its case, hex is compared lower-cased:

    >>> canonical(pl.Series(["7EcDhSYGxXyscszYEp35KHN8vvw3svAuLKTzXwCFLtV",
    ...                      "0xAbCdEf0123456789aBcDeF0123456789AbCdEf01"]),
    ...           pl.Series(["bank", "bank"])).to_list()  # doctest: +NORMALIZE_WHITESPACE
    ['crypto:7EcDhSYGxXyscszYEp35KHN8vvw3svAuLKTzXwCFLtV',
     'crypto:0xabcdef0123456789abcdef0123456789abcdef01']
    """
    # Row by row: sightings are already one per identity and spelling, so there
    # are few repeats to share, and the costly steps see each distinct value once.
    return _canonical_rows(_account_frame(as_text(values), methods)).rename(values.name)


def account_type(accounts: pl.Series) -> pl.Series:
    """Type of each canonical account: "iban", "bank", "email" or "crypto".

    Examples
    --------
    >>> account_type(pl.Series(["iban:DE89370400440532013000", "crypto:0xab", None])).to_list()
    ['iban', 'crypto', None]
    """
    kind = as_text(accounts).str.extract(_OWN_PREFIX)
    return kind.rename(accounts.name)


def is_of_type(accounts: pl.Expr, kind: str) -> pl.Expr:
    """Whether each canonical account is of type ``kind`` (one of `TYPES`): a prefix
    test, cheaper over millions of payments than reading the type (`account_type`).

    Examples
    --------
    >>> pl.select(is_of_type(pl.lit(pl.Series(["crypto:0xab", "bank:1", None])), "crypto")
    ... ).to_series().to_list()
    [True, False, None]
    """
    return accounts.str.starts_with(f"{kind}:")


def iban_country(accounts: pl.Series) -> pl.Series:
    """ISO 3166 alpha-2 country of each canonical IBAN; null for other types.

    Examples
    --------
    >>> iban_country(pl.Series(["iban:DE89370400440532013000", "bank:123456"])).to_list()
    ['DE', None]
    """
    text = as_text(accounts)
    country = pl.select(
        pl.when(pl.lit(text).str.starts_with("iban:")).then(pl.lit(text).str.slice(5, 2))
    ).to_series()
    return country.rename(accounts.name)
