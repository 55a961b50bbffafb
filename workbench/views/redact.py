"""Mask personal identifiers for exports shared outside the team (``--redact``).

A masked value keeps just enough to tell two values apart in a meeting
(the first letters of an e-mail, the last digits of a phone or account) while
hiding the value itself. Kinds not listed in `MASKS` are returned unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_DIGIT_RE = re.compile(r"\d")
_ALNUM_RE = re.compile(r"[0-9A-Za-z]")
# Digits kept at the end of a phone number or account: enough to compare
# two values by eye, too few to call or pay anyone.
_PHONE_TAIL = 4
_ACCOUNT_TAIL = 4
_ADDRESS_MASK = "*** (address redacted)"

_EMAIL_RE = re.compile(r"[^\s@<>\"';,:]+@[^\s@<>\"';,]+")
# A phone: optional +, then 7+ digits possibly split by spaces, dots, dashes, brackets.
_PHONE_RE = re.compile(r"\+?\(?\d[\d\s().-]{5,}\d")
# An account: a run of 8+ letters/digits containing at least 6 digits (IBAN, wallet).
_ACCOUNT_RE = re.compile(r"\b(?=(?:[A-Za-z]*\d){6})[0-9A-Za-z]{8,}\b")


def _mask_word(word: str) -> str:
    return f"{word[:1]}***" if word else "***"


def mask_email(value: str) -> str:
    """Mask an e-mail address, keeping first letters and the top-level domain.

    Examples
    --------
    >>> mask_email("john.doe@gmail.com")
    'j***@g***.com'
    >>> mask_email("not an address")
    'n***'
    """
    local, at, domain = value.strip().rpartition("@")
    if not at:
        return _mask_word(value.strip())
    host, dot, tld = domain.rpartition(".")
    masked_domain = f"{_mask_word(host)}.{tld}" if dot else _mask_word(domain)
    return f"{_mask_word(local)}@{masked_domain}"


def mask_phone(value: str) -> str:
    """Mask a phone number, keeping a leading ``+country`` guess and the last digits.

    Examples
    --------
    >>> mask_phone("+1 (415) 555-0134")
    '+1 *** *** 0134'
    >>> mask_phone("12")
    '***'
    """
    digits = "".join(_DIGIT_RE.findall(value))
    if len(digits) <= _PHONE_TAIL:
        return "***"
    prefix = f"+{digits[0]} " if value.strip().startswith("+") else ""
    return f"{prefix}*** *** {digits[-_PHONE_TAIL:]}"


def mask_account(value: str) -> str:
    """Mask a payment account (IBAN, wallet, account number) to its last characters.

    Examples
    --------
    >>> mask_account("DE89 3704 0044 0532 0130 00")
    '…3000'
    >>> mask_account("payee@example.com")
    'p***@e***.com'
    """
    if "@" in value:
        return mask_email(value)
    chars = "".join(_ALNUM_RE.findall(value))
    if len(chars) <= _ACCOUNT_TAIL:
        return "…"
    return f"…{chars[-_ACCOUNT_TAIL:]}"


def mask_address(value: str) -> str:
    """Mask a postal address completely (street, city and postcode alike).

    Examples
    --------
    >>> mask_address("1 Main St, Springfield, IL 62701")
    '*** (address redacted)'
    """
    return _ADDRESS_MASK


MASKS: dict[str, Callable[[str], str]] = {
    "email": mask_email,
    "phone": mask_phone,
    "payment_account": mask_account,
    "account": mask_account,
    "address": mask_address,
    "ship_to_address": mask_address,
}


def redact_value(kind: str, value: str) -> str:
    """Mask `value` according to its identifier `kind`; other kinds pass through.

    Parameters
    ----------
    kind : identifier kind (``email``, ``phone``, ``payment_account``, ``address`` ...).
    value : the raw or canonical value.

    Returns
    -------
    The masked value, or `value` unchanged when the kind carries no personal data.

    Examples
    --------
    >>> redact_value("email", "j.smith@proton.me")
    'j***@p***.me'
    >>> redact_value("device", "dev-42")
    'dev-42'
    """
    mask = MASKS.get(kind)
    return mask(value) if mask else value


def redact_text(value: str) -> str:
    """Mask e-mail addresses and long digit runs inside free text (evidence, labels).

    Used where the kind of each fragment is unknown, such as an evidence
    sentence ``"shared payment account iban:DE89370400440532013000"``.

    Examples
    --------
    >>> redact_text("shared e-mail jo@mail.com and iban:DE89370400440532013000")
    'shared e-mail j***@m***.com and iban:…3000'
    >>> redact_text("call +1 415 555 0134")
    'call +1 *** *** 0134'
    """
    masked = _EMAIL_RE.sub(lambda m: mask_email(m.group(0)), value)
    masked = _ACCOUNT_RE.sub(lambda m: mask_account(m.group(0)), masked)
    return _PHONE_RE.sub(lambda m: mask_phone(m.group(0)), masked)
