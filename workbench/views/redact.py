"""Mask personal identifiers for exports shared outside the team (``--redact``).

A masked value keeps just enough to tell two values apart in a meeting
(the first letters of an e-mail, the last digits of a phone or account) while
hiding the value itself. How a value is masked follows from its kind's privacy
class alone (`workbench.kinds.Privacy`); a kind the registry does not know is
personal until declared otherwise. Free text (names, evidence sentences) is
scanned for e-mails, phones, IPs and account numbers, and `KnownValues` masks
every identifier a case holds wherever it is quoted.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import polars as pl

from workbench.case_tables import TableHandle
from workbench.kinds import (
    KINDS,
    RELATIONS,
    Kind,
    Privacy,
    column_kinds,
    kind_for,
)

_DIGIT_RE = re.compile(r"\d")
_ALNUM_RE = re.compile(r"[0-9A-Za-z]")
# Digits kept at the end of a phone number or account: enough to compare
# two values by eye, too few to call or pay anyone.
_PHONE_TAIL = 4
_ACCOUNT_TAIL = 4
_ADDRESS_MASK = "*** (address redacted)"
# Characters kept at the end of a value of unknown form.
_OPAQUE_TAIL = 2

_EMAIL_RE = re.compile(r"[^\s@<>\"';,:]+@[^\s@<>\"';,]+")
# A phone: optional +, then 7+ digits possibly split by spaces, dots, dashes, brackets.
_PHONE_RE = re.compile(r"\+?\(?\d[\d\s().-]{5,}\d")
# An account: a run of 8+ letters/digits containing at least 6 digits (IBAN, wallet).
_ACCOUNT_RE = re.compile(r"\b(?=(?:[A-Za-z]*\d){6})[0-9A-Za-z]{8,}\b")
# An IPv4 address, or an IPv6 address of four or more groups (times have three at most).
_IP_RE = re.compile(r"\b\d{1,3}(?:\.\d{1,3}){3}\b|\b[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{0,4}){3,7}\b")


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


def mask_ip(value: str) -> str:
    """Mask an IP address or network, keeping its first and last parts.

    Examples
    --------
    >>> mask_ip("203.0.113.77"), mask_ip("203.0.113.0/24"), mask_ip("2001:db8::1")
    ('203.*.*.77', '203.*.*.0/24', '2001:*:1')
    """
    address, slash, prefix = value.strip().partition("/")
    separator = ":" if ":" in address else "."
    parts = address.split(separator)
    if len(parts) < 3:
        return "***"
    return f"{parts[0]}{separator}*{separator}*{separator}{parts[-1]}{slash}{prefix}".replace(
        ":*:*:", ":*:"
    )


def mask_name(value: str) -> str:
    """Mask a person's or company's name to its initials.

    Examples
    --------
    >>> mask_name("Richard  Smith")
    'R. S.'
    """
    return " ".join(f"{word[0]}." for word in value.split()) or "***"


def mask_opaque(value: str) -> str:
    """Mask a value of unknown form, keeping its last characters when it is long.

    Examples
    --------
    >>> mask_opaque("12 Elm Street, Springfield"), mask_opaque("B-77")
    ('…ld', '…')
    """
    chars = "".join(_ALNUM_RE.findall(value))
    return f"…{chars[-_OPAQUE_TAIL:]}" if len(chars) >= 4 * _OPAQUE_TAIL else "…"


def _shown(value: str) -> str:
    return value


MASKS: dict[Privacy, Callable[[str], str]] = {
    Privacy.EMAIL: mask_email,
    Privacy.PHONE: mask_phone,
    Privacy.ACCOUNT: mask_account,
    Privacy.ADDRESS: mask_address,
    Privacy.NETWORK: mask_ip,
    Privacy.NAME: mask_name,
    Privacy.OPAQUE: mask_opaque,
    Privacy.PUBLIC: _shown,
}


def redact_value(kind: str, value: str) -> str:
    """Mask `value` as its identifier `kind`'s privacy class says.

    Parameters
    ----------
    kind : identifier kind (``email``, ``phone``, ``payment_account``, a new kind …),
        or a relation such as ``referral``, whose text is scanned as free text.
    value : the raw or canonical value.

    Returns
    -------
    The masked value; a public kind's value unchanged.

    Examples
    --------
    >>> redact_value("email", "j.smith@proton.me")
    'j***@p***.me'
    >>> redact_value("device", "dev-42"), redact_value("home_address", "12 Elm St, Leeds")
    ('dev-42', '…ds')
    """
    if kind in RELATIONS:
        return redact_text(value)
    return MASKS[kind_for(kind).privacy](value)


def redact_field(table: str, column: str, value: str) -> str:
    """Mask one cell of a case table: as the kind its column yields, or else as free text.

    Examples
    --------
    >>> redact_field("shipments", "ship_to_address", "1 Main St, Springfield")
    '*** (address redacted)'
    >>> redact_field("contractors", "full_name", "Ann Lee <ann@mail.com>")
    'Ann Lee <a***@m***.com>'
    """
    kind = _COLUMN_KINDS.get((table, column))
    return redact_value(kind, value) if kind else redact_text(value)


_COLUMN_KINDS = column_kinds()


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
    masked = _IP_RE.sub(lambda m: mask_ip(m.group(0)), masked)
    masked = _ACCOUNT_RE.sub(lambda m: mask_account(m.group(0)), masked)
    return _PHONE_RE.sub(lambda m: mask_phone(m.group(0)), masked)


@dataclass(frozen=True)
class KnownValues:
    """Every personal identifier a case holds, raw and canonical, with its mask.

    Evidence sentences quote values in forms no pattern recognises (a
    normalised address, a payee's name); this finds them by value.
    """

    patterns: tuple[str, ...]
    masks: tuple[str, ...]

    @classmethod
    def of(cls, sightings: TableHandle, kinds: Mapping[str, Kind] = KINDS) -> KnownValues:
        """`from_observations` of the sightings of every kind that is not public, gathering
        only those where an engine holds the sightings.

        Examples
        --------
        >>> obs = pl.DataFrame({"kind": ["address", "github"], "raw": ["1 Elm St", "octocat"],
        ...                     "value": ["1 elm st", "octocat"]})
        >>> KnownValues.of(TableHandle(obs)).patterns
        ('1 Elm St', '1 elm st')
        """
        private = [k for k in sightings.distinct("kind").to_list() if _is_private(k, kinds)]
        return cls.from_observations(
            sightings.rows_where(pl.col("kind").is_in(private)).select("kind", "raw", "value"),
            kinds,
        )

    @classmethod
    def from_observations(
        cls, observations: pl.DataFrame, kinds: Mapping[str, Kind] = KINDS
    ) -> KnownValues:
        """Collect the raw and canonical values of every kind that is not public.

        Examples
        --------
        >>> obs = pl.DataFrame({"kind": ["address", "device"], "raw": ["1 Elm St", "d-1"],
        ...                     "value": ["1 elm st", "d-1"]})
        >>> KnownValues.from_observations(obs).patterns
        ('1 Elm St', '1 elm st')
        """
        private = [
            k for k in observations["kind"].unique().sort().to_list() if _is_private(k, kinds)
        ]
        seen = (
            observations.filter(pl.col("kind").is_in(private))
            .unpivot(index="kind", on=["raw", "value"], value_name="text")
            .select("kind", "text")
            .drop_nulls()
            .filter(pl.col("text").str.len_chars() >= MIN_KNOWN_LENGTH)
            .unique("text", keep="first", maintain_order=True)
        )
        # Longest first, so that a value wins over any shorter value inside it.
        seen = seen.sort(pl.col("text").str.len_chars(), "text", descending=[True, False])
        masks = tuple(redact_value(k, t) for k, t in seen.iter_rows())
        return cls(tuple(seen["text"].to_list()), masks)

    def redact(self, texts: pl.Series) -> pl.Series:
        """Mask every known value, then every pattern-recognised one, in each text.

        Examples
        --------
        >>> known = KnownValues(("448 harbor dr",), ("*** (address redacted)",))
        >>> known.redact(pl.Series(["shipped to 448 harbor dr; mail a@b.io"])).to_list()
        ['shipped to *** (address redacted); mail a***@b***.io']
        """
        masked = texts
        if self.patterns:
            masked = texts.str.replace_many(list(self.patterns), list(self.masks), leftmost=True)
        # The pattern pass is Python (regex callbacks): each distinct text once.
        distinct = masked.drop_nulls().unique()
        patterned = [redact_text(text) for text in distinct.to_list()]
        return masked.replace_strict(distinct, patterned, default=None, return_dtype=pl.String)


#: Values shorter than this are not looked for inside free text ("KP", "1").
MIN_KNOWN_LENGTH = 4


def _is_private(kind: str, kinds: Mapping[str, Kind]) -> bool:
    """Whether values of ``kind`` are masked (its privacy is not public)."""
    return kind_for(kind, kinds).privacy is not Privacy.PUBLIC
