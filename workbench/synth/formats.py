"""Write one canonical value the many ways real exports write it.

Each ``*_variants`` function returns the spellings of one value; ``spell``
applies such a function once per unique value and lets every row pick one
spelling, so formatting never loops over rows.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

import numpy as np
import phonenumbers
import polars as pl

from workbench.synth.pools import SUFFIXES, UNIT_WORDS

#: Providers whose sub-addressing (+tag) is well known; tags are only written for these.
PLUS_TAG_DOMAINS = ("gmail.com", "outlook.com", "hotmail.com")
B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def spell(
    values: pl.Series, picks: np.ndarray, variants: Callable[[str], Sequence[str]]
) -> pl.Series:
    """Spell each value with the variant chosen by ``picks`` (modulo the number of variants).

    Null and empty values stay as they are.

    Examples
    --------
    >>> spell(pl.Series(["ab", "ab", None]), np.array([0, 1, 0]),
    ...       lambda v: (v, v.upper())).to_list()
    ['ab', 'AB', None]
    """
    uniq = values.drop_nulls().unique(maintain_order=True).to_list()
    table = {v: list(variants(v)) if v else [v] for v in uniq}
    keys = pl.DataFrame(
        {
            "v": [v for v in uniq for _ in table[v]],
            "k": [k for v in uniq for k in range(len(table[v]))],
            "out": [s for v in uniq for s in table[v]],
        },
        schema={"v": pl.String, "k": pl.Int64, "out": pl.String},
    )
    counts = {v: len(table[v]) for v in uniq}
    n = pl.Series([counts.get(v, 1) if v is not None else 1 for v in uniq], dtype=pl.Int64)
    sizes = pl.DataFrame({"v": uniq, "n": n}, schema={"v": pl.String, "n": pl.Int64})
    frame = (
        pl.DataFrame({"v": values.cast(pl.String), "p": pl.Series(picks, dtype=pl.Int64)})
        .join(sizes, on="v", how="left", maintain_order="left")
        .with_columns(k=pl.col("p") % pl.col("n").fill_null(1))
        .join(keys, on=["v", "k"], how="left", maintain_order="left")
    )
    return frame["out"].alias(values.name)


def phone_number(e164: str) -> phonenumbers.PhoneNumber:
    """Split a well-formed E.164 string into a PhoneNumber without the cost of ``parse``.

    Country calling codes are prefix-free, so the first known prefix is the code.

    Examples
    --------
    >>> n = phone_number("+442079460018")
    >>> n.country_code, n.national_number
    (44, 2079460018)
    """
    for size in (1, 2, 3):
        code = int(e164[1 : 1 + size])
        if code in phonenumbers.COUNTRY_CODE_TO_REGION_CODE:
            national = int(e164[1 + size :])
            return phonenumbers.PhoneNumber(country_code=code, national_number=national)
    raise ValueError(f"not an E.164 number: {e164!r}")


def phone_variants(e164: str) -> tuple[str, ...]:
    """Spellings of one phone number written by someone in its own country.

    National spellings (no country code) are only written this way, since a
    reader can resolve them from the writer's country.

    Examples
    --------
    >>> phone_variants("+14155550134")[:4]
    ('+1 415-555-0134', '(415) 555-0134', '+14155550134', '415.555.0134')
    """
    if not e164.startswith("+"):
        return (e164,)
    num = phone_number(e164)
    natl = phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.NATIONAL)
    dotted = natl.replace("(", "").replace(")", "").replace("-", ".").replace(" ", ".")
    abroad = phone_variants_abroad(e164)
    national = (natl, dotted) + ((str(num.national_number),) if num.country_code == 1 else ())
    return (abroad[0], natl, abroad[1], *national[1:], *abroad[2:])


def phone_variants_abroad(e164: str) -> tuple[str, ...]:
    """Spellings of a foreign phone number: always with its country code (+ or 00).

    Examples
    --------
    >>> phone_variants_abroad("+445612416935")
    ('+44 56 1241 6935', '+445612416935', '0044 56 1241 6935', '+44-56-1241-6935')
    """
    if not e164.startswith("+"):
        return (e164,)
    num = phone_number(e164)
    intl = phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    if num.country_code == 1:
        nsn = str(num.national_number)
        return (
            intl,
            e164,
            f"+1 ({nsn[:3]}) {nsn[3:6]}-{nsn[6:]}",
            f"1-{nsn[:3]}-{nsn[3:6]}-{nsn[6:]}",
            "001 " + intl[3:],
        )
    return (intl, e164, "00" + intl[1:], intl.replace(" ", "-"))


def phone_variants_plain(e164: str) -> tuple[str, ...]:
    """Spellings of a phone number by someone who does not know its country's grouping.

    Cheap enough for hundreds of thousands of numbers (no phonenumbers call).

    Examples
    --------
    >>> phone_variants_plain("+447700900123")
    ('+447700900123', '00447700900123', '+44770 090 0123', '+44770090-0123')
    """
    if not e164.startswith("+"):
        return (e164,)
    return (
        e164,
        "00" + e164[1:],
        f"{e164[:-7]} {e164[-7:-4]} {e164[-4:]}",
        f"{e164[:-4]}-{e164[-4:]}",
    )


def spell_phones(values: pl.Series, countries: np.ndarray, picks: np.ndarray) -> pl.Series:
    """Spell phones as their owners write them: national forms only for domestic numbers.

    Examples
    --------
    >>> out = spell_phones(pl.Series(["+14155550134", "+445612416935"]), np.array(["US", "US"]),
    ...                    np.array([1, 1]))
    >>> out.to_list()
    ['(415) 555-0134', '+445612416935']
    """
    prefix = {c: f"+{phonenumbers.country_code_for_region(c)}" for c in set(countries.tolist())}
    dial = pl.Series([prefix[c] for c in countries.tolist()], dtype=pl.String)
    domestic = (
        pl.DataFrame({"value": values.fill_null(""), "dial": dial})
        .select(pl.col("value").str.starts_with(pl.col("dial")))
        .to_series()
        .to_numpy()
    )
    home = spell(values.filter(domestic), picks[domestic], phone_variants)
    abroad = spell(values.filter(~domestic), picks[~domestic], phone_variants_abroad)
    out = np.empty(len(values), dtype=object)
    out[domestic] = home.to_numpy()
    out[~domestic] = abroad.to_numpy()
    return pl.Series(values.name, out, dtype=pl.String)


def email_variants(email: str) -> tuple[str, ...]:
    """Spellings of one e-mail address: case, gmail dots and +tags.

    Examples
    --------
    >>> email_variants("mary.smartcoder413@gmail.com")[1:4]
    ('Mary.Smartcoder413@gmail.com', 'MARY.SMARTCODER413@GMAIL.COM', 'marysmartcoder413@gmail.com')
    """
    local, at, domain = email.partition("@")
    if not at:
        return (email,)
    out = [email, local.title() + "@" + domain, email.upper()]
    if domain == "gmail.com":
        plain = local.replace(".", "")
        out += [plain + "@" + domain, plain[:2] + "." + plain[2:] + "@" + domain]
    if domain in PLUS_TAG_DOMAINS:
        out.append(local + "+jobs@" + domain)
    return tuple(out)


def iban_checksum(country: str, bban: str) -> str:
    """Return the full IBAN for a country and BBAN with its mod-97 check digits.

    Examples
    --------
    >>> iban_checksum("DE", "370400440532013000")
    'DE89370400440532013000'
    """
    digits = "".join(str(int(c, 36)) for c in bban + country + "00")
    return f"{country}{98 - int(digits) % 97:02d}{bban}"


def iban_variants(iban: str) -> tuple[str, ...]:
    """Spellings of one IBAN: grouped or compact, upper or lower case.

    Examples
    --------
    >>> iban_variants("DE89370400440532013000")[:2]
    ('DE89 3704 0044 0532 0130 00', 'DE89370400440532013000')
    """
    grouped = " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))
    return (
        grouped,
        iban,
        iban.lower(),
        grouped.lower(),
        "IBAN " + grouped,
        iban[:2] + "-" + iban[2:],
    )


def account_number_variants(digits: str) -> tuple[str, ...]:
    """Spellings of a domestic bank account number.

    Examples
    --------
    >>> account_number_variants("12345678")[:2]
    ('ACCT 1234-5678', '12345678')
    """
    half = len(digits) // 2
    return (
        f"ACCT {digits[:half]}-{digits[half:]}",
        digits,
        f"acct# {digits}",
        f"Account No. {digits[:half]} {digits[half:]}",
        f"{digits[:half]}-{digits[half:]}",
    )


def tron_address(payload: bytes) -> str:
    """Base58check TRON (TRC20) address of a 20-byte account payload.

    Examples
    --------
    >>> a = tron_address(bytes(range(20)))
    >>> a[0], len(a)
    ('T', 34)
    """
    body = b"\x41" + payload
    data = body + hashlib.sha256(hashlib.sha256(body).digest()).digest()[:4]
    n = int.from_bytes(data, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = B58[r] + out
    return out


def wallet_variants(wallet: str) -> tuple[str, ...]:
    """Spellings of a wallet: ETH hex in any case; TRON kept exact (base58 is case-sensitive).

    Examples
    --------
    >>> wallet_variants("0xabcdef0123")[1]
    '0xABCDEF0123'
    """
    if wallet.startswith("0x"):
        body = wallet[2:]
        mixed = "".join(c.upper() if i % 3 == 0 else c for i, c in enumerate(body))
        return (wallet, "0x" + body.upper(), "0x" + mixed, " " + wallet)
    return (wallet, wallet + " ", "TRC20:" + wallet)


def account_variants(account: str) -> tuple[str, ...]:
    """Spellings of any payment account, dispatched on its shape.

    Examples
    --------
    >>> account_variants("DE89370400440532013000")[0]
    'DE89 3704 0044 0532 0130 00'
    >>> account_variants("12345678")[0]
    'ACCT 1234-5678'
    """
    if "@" in account:
        return email_variants(account)
    if account.startswith("0x") or (account.startswith("T") and len(account) == 34):
        return wallet_variants(account)
    if account.isdigit():
        return account_number_variants(account)
    return iban_variants(account)


def address_text(parts: tuple, style: int) -> str:
    """Render one address from its parts in one of several real-world styles.

    ``parts`` is ``(number, street, suffix_index, unit, city, region, postcode, zip4, na)``
    where ``na`` says whether it is a North-American address.

    Examples
    --------
    >>> p = (12, "Oak", 0, 4, "Austin", "TX", "78701", "1234", True)
    >>> address_text(p, 0)
    '12 Oak Street Apartment 4, Austin, TX 78701'
    >>> address_text(p, 3)
    '12 OAK ST #4, AUSTIN TX 78701-1234'
    """
    number, street, suffix, unit, city, region, postcode, zip4, na = parts
    if not na:
        text = f"{street} {number}" + (f"/{unit}" if unit else "") + f", {postcode} {city}"
        return (text, text.upper(), text.replace(",", ""), f"{number} {street}, {city} {postcode}")[
            style % 4
        ]
    sfx = SUFFIXES[suffix][style % 4]
    unit_word = UNIT_WORDS[style % len(UNIT_WORDS)]
    unit_text = "" if not unit else (f" #{unit}" if unit_word == "#" else f" {unit_word} {unit}")
    code = postcode + (f"-{zip4}" if style % 2 == 1 and zip4 else "")
    text = f"{number} {street} {sfx}{unit_text}, {city}, {region} {code}"
    if style % 4 == 3:
        text = text.upper().replace(f"{city.upper()},", city.upper())
    elif style % 5 == 4:
        text = text.replace(",", "")
    return text


def timestamp_text(epoch: pl.Expr, offset_minutes: pl.Expr, style: pl.Expr) -> pl.Expr:
    """ISO 8601 text of UTC epoch seconds: style 0 ``Z``, 1 local time with offset, 2 naive UTC.

    Examples
    --------
    >>> df = pl.DataFrame({"t": [0, 0, 0], "o": [540, 540, -300], "s": [0, 1, 2]})
    >>> df.select(timestamp_text(pl.col("t"), pl.col("o"), pl.col("s")))["t"].to_list()
    ['1970-01-01T00:00:00Z', '1970-01-01T09:00:00+09:00', '1970-01-01T00:00:00']
    """
    utc = pl.from_epoch(epoch, time_unit="s")
    local = (utc + pl.duration(minutes=offset_minutes)).dt.strftime("%Y-%m-%dT%H:%M:%S")
    sign = pl.when(offset_minutes < 0).then(pl.lit("-")).otherwise(pl.lit("+"))
    hh = (offset_minutes.abs() // 60).cast(pl.String).str.zfill(2)
    mm = (offset_minutes.abs() % 60).cast(pl.String).str.zfill(2)
    plain = utc.dt.strftime("%Y-%m-%dT%H:%M:%S")
    return (
        pl.when(style == 0)
        .then(plain + "Z")
        .when(style == 1)
        .then(pl.concat_str([local, sign, hh, pl.lit(":"), mm]))
        .otherwise(plain)
    )
