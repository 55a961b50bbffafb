"""Payment accounts: IBANs, bank account numbers, payment e-mails and wallets.

Each canonical value carries its type as a prefix ("iban:", "bank:",
"email:", "crypto:") so that a bank number can never collide with a wallet
that happens to share its characters. Shapes are recognised in polars; only
IBAN checksums (schwifty) and e-mails (``email.canonical``) need more, and
they see each distinct value once. An IBAN-shaped string whose checksum fails
is null, not a bank number: a typo must not tie two people together.
"""

from __future__ import annotations

import polars as pl
from schwifty import IBAN

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
_HEX_WALLET = r"^0[xX][0-9a-fA-F]{40}$"
_BECH32_WALLET = r"^(?i:(?:bc|tb|ltc)1[a-z0-9]{8,87})$"
_BASE58 = "[1-9A-HJ-NP-Za-km-z]"
_BASE58_WALLET = rf"^(?:[13]{_BASE58}{{25,34}}|T{_BASE58}{{33}})$"
#: A Solana-style address: 32–44 base58 characters, upper and lower case mixed
#: (no bank account number or IBAN mixes cases).
_BASE58_KEY = rf"^{_BASE58}{{32,44}}$"
_BANK_PREFIX = (
    r"^(?i:(?:account|acct|a/c|ac\b|iban\b)\.?\s*(?:no\b\.?|number|num\b\.?|nr\b\.?)?\s*[:#]?\s*)"
)
_OWN_PREFIX = r"^(iban|bank|email|crypto):"
#: A network label written before a wallet ("TRC20:T…", "USDT (ERC-20) 0x…"): the
#: same wallet with and without it is one account.
_CHAIN_PREFIX = (
    r"^(?i:(?:usdt|usdc)?[\s_\-(]*"
    r"(?:trc-?20|erc-?20|bep-?20|tron|trx|eth|ethereum|btc|bitcoin|sol|solana)"
    r"[\s_\-)]*[:\s]\s*)"
)


def _valid_iban(compact: str) -> str | None:
    """The compact IBAN when schwifty accepts it, else None."""
    try:
        return IBAN(compact).compact
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
    raw = pl.col("raw").str.strip_chars()
    chain = raw.str.contains(_CHAIN_PREFIX)
    declared = (
        pl.when(chain)
        .then(pl.lit("crypto"))
        .otherwise(raw.str.to_lowercase().str.extract(_OWN_PREFIX))
    )
    body = (
        pl.when(chain)
        .then(raw.str.replace(_CHAIN_PREFIX, ""))
        .when(declared.is_not_null())
        .then(raw.str.replace(_OWN_PREFIX, ""))
        .otherwise(raw)
    )
    frame = rows.lazy().with_columns(declared=declared, body=body)
    compact = (
        pl.col("body")
        .str.replace(_BANK_PREFIX, "")
        .str.replace_all(r"[^\p{L}\p{N}]", "")
        .str.to_uppercase()
    )
    is_email = pl.col("body").str.contains("@")
    hex_wallet = pl.col("body").str.contains(_HEX_WALLET)
    bech32 = pl.col("body").str.contains(_BECH32_WALLET)
    base58 = pl.col("body").str.contains(_BASE58_WALLET) & pl.col("body").str.contains("[A-Za-z]")
    base58 |= (
        pl.col("body").str.contains(_BASE58_KEY)
        & pl.col("body").str.contains("[a-z]")
        & pl.col("body").str.contains("[A-Z]")
    )
    other_wallet = (pl.col("method") == "crypto") & pl.col("body").str.contains(
        rf"^[A-Za-z0-9]{{{MIN_WALLET_LENGTH},}}$"
    )
    declared_is = pl.col("declared").eq_missing
    kind = (
        pl.when(
            placeholder_expr(pl.col("raw"))
            | placeholder_expr(pl.col("body"))
            | placeholder_expr(pl.col("compact"))
        )
        .then(None)
        .when(declared_is("email") | (pl.col("declared").is_null() & is_email))
        .then(pl.lit("email"))
        .when(
            declared_is("crypto")
            | (pl.col("declared").is_null() & (hex_wallet | bech32 | base58 | other_wallet))
        )
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
        pl.when(hex_wallet | bech32)
        .then(pl.col("body").str.to_lowercase())
        .otherwise(pl.col("body"))
    )
    # Lazily, so that polars computes shared sub-expressions (the compact form) once.
    return frame.with_columns(compact=compact).with_columns(kind=kind, crypto=crypto).collect()


def _canonical_rows(rows: pl.DataFrame) -> pl.Series:
    """Canonical value of each (raw, method) row."""
    frame = _classify(rows)
    mails = frame["body"].filter(frame["kind"] == "email")
    email_map = pl.DataFrame({"body": mails, "mail": email.canonical(mails)})
    ibans = frame["compact"].filter(frame["kind"] == "iban")
    iban_map = pl.DataFrame({"compact": ibans, "iban": map_python(ibans, _valid_iban)})
    joined = frame.join(
        email_map.unique("body"), on="body", how="left", maintain_order="left"
    ).join(iban_map.unique("compact"), on="compact", how="left", maintain_order="left")
    kind = pl.col("kind")
    crypto_ok = pl.col("crypto").str.contains(r"^[A-Za-z0-9]+$")
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
