"""E-mail addresses: one canonical spelling per mailbox.

The canonical form is what a mail server would deliver to: trimmed, NFKC,
case-folded, look-alike characters folded to ASCII (see ``_skeleton``), the
``+tag`` dropped (honoured by Gmail, Outlook, Fastmail, Proton and most hosts),
and for Gmail the dots in the local part dropped and googlemail.com read as
gmail.com. Anything that is not exactly one ``local@domain`` with a plausible
domain is null, and so is every placeholder.
"""

from __future__ import annotations

import polars as pl

from workbench.normalize._skeleton import has_lookalikes, skeleton
from workbench.normalize._unique import as_text, map_python, on_unique
from workbench.normalize.placeholders import placeholder_expr

#: Domains Google delivers as one mailbox, and the name we keep.
GMAIL_DOMAINS = {"gmail.com": "gmail.com", "googlemail.com": "gmail.com"}

#: RFC 5321 caps the local part at 64 octets; longer strings are not addresses.
MAX_LOCAL = 64

_LABEL = r"[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?"
#: At least two labels, and a top-level label of letters (or punycode).
_DOMAIN = rf"^(?:{_LABEL}\.)+(?:\p{{L}}{{2,63}}|xn--[a-z0-9-]{{1,59}})$"
_ADDRESS = r"^[^@\s<>(),;:\[\]\\\x22]+@[^@\s<>(),;:\[\]\\\x22]+$"


def _fold(distinct: pl.Series) -> pl.Series:
    """Lower-case ASCII values in polars; NFKC + casefold + skeleton the rest."""
    lowered = distinct.str.to_lowercase()
    rows = (~distinct.str.contains(r"^[\x00-\x7f]*$")).fill_null(False).arg_true()
    if len(rows):
        lowered.scatter(rows, map_python(distinct.gather(rows), skeleton))  # in place
    return lowered


def _decoded_label(domain: str) -> str:
    """A domain with its punycode labels ("xn--bcher-kva") written in Unicode ("bücher")."""
    try:
        return domain.encode("ascii").decode("idna")
    except UnicodeError:  # not valid punycode: kept as written
        return domain


def _unicode_domains(domains: pl.Series) -> pl.Series:
    """Each distinct domain in Unicode and folded as addresses are (`_fold`), so that an
    internationalised domain and its punycode spelling are one."""
    rows = domains.str.contains("xn--", literal=True).fill_null(False).arg_true()
    if not len(rows):
        return domains
    decoded = _fold(map_python(domains.gather(rows), _decoded_label))
    return domains.clone().scatter(rows, decoded)


def _plausible_domains(domains: pl.Series) -> pl.Series:
    """Whether each distinct domain has plausible labels and a top-level label."""
    return domains.str.contains(_DOMAIN)


def _canonical_distinct(distinct: pl.Series) -> pl.Series:
    """Canonical address for each distinct raw string."""
    folded = _fold(distinct)
    # "Ann Lee <ann@x.io>": the address inside the angle brackets.
    named = folded.str.extract(r"<\s*([^<>\s]+@[^<>\s]+)\s*>\s*$")
    frame = pl.DataFrame({"raw": distinct, "text": named.fill_null(folded)}).with_columns(
        pl.col("text")
        .str.strip_chars()
        .str.strip_prefix("mailto:")
        .str.strip_chars_start("<")
        .str.strip_chars_end(">")
        .str.strip_chars()
    )
    parts = pl.col("text").str.split_exact("@", 1)
    frame = frame.with_columns(
        local_raw=parts.struct.field("field_0"),
        domain=parts.struct.field("field_1").str.strip_chars_end(".").replace(GMAIL_DOMAINS),
    )
    frame = frame.with_columns(domain=on_unique(frame["domain"], _unicode_domains))
    # Few domains serve many addresses: the costly domain pattern runs once per domain.
    frame = frame.with_columns(plausible=on_unique(frame["domain"], _plausible_domains))
    domain = pl.col("domain")
    local_untagged = pl.col("local_untagged")
    # Local part and address as columns: each is read more than once below.
    frame = frame.with_columns(local_untagged=pl.col("local_raw").str.split("+").list.first())
    frame = frame.with_columns(
        local=pl.when(domain == "gmail.com")
        .then(local_untagged.str.replace_all(".", "", literal=True))
        .otherwise(local_untagged)
    ).with_columns(address=pl.col("local") + "@" + domain)
    address = pl.col("address")
    usable = (
        pl.col("text").str.contains(_ADDRESS)
        & pl.col("plausible")
        & pl.col("local").str.len_chars().is_between(1, MAX_LOCAL)
        & ~placeholder_expr(pl.col("raw"))
        & ~placeholder_expr(address)
    )
    return frame.select(pl.when(usable).then(address)).to_series()


def canonical(values: pl.Series) -> pl.Series:
    """Canonical mailbox for each raw address; null when unusable.

    Parameters
    ----------
    values : raw e-mail strings, any case or spacing.

    Returns
    -------
    A String series of the same length.

    Examples
    --------
    >>> canonical(pl.Series([" J.Doe+jobs@GoogleMail.com ", "j\\u0430ne@x.org", "n/a", "a@b",
    ...                      "Ann Lee <Ann.Lee@x.org>"])).to_list()
    ['jdoe@gmail.com', 'jane@x.org', None, None, 'ann.lee@x.org']
    """
    return on_unique(values, _canonical_distinct).cast(pl.String)


def has_confusables(values: pl.Series) -> pl.Series:
    """Flag raw addresses with look-alike characters or mixed scripts.

    A real person rarely types a Cyrillic "а" into a Latin address; an
    operator dodging a block list does.

    Examples
    --------
    >>> has_confusables(pl.Series(["j\\u0430ne@gmail.com", "jane@gmail.com", None])).to_list()
    [True, False, False]
    """
    return map_python(values, has_lookalikes, pl.Boolean).fill_null(False)


def split(values: pl.Series) -> pl.DataFrame:
    """Split canonical addresses into ``local`` and ``domain`` columns.

    Examples
    --------
    >>> split(pl.Series(["jdoe@gmail.com", None])).row(0)
    ('jdoe', 'gmail.com')
    """
    parts = as_text(values).str.split_exact("@", 1)
    return pl.DataFrame(
        {
            "local": parts.struct.field("field_0"),
            "domain": parts.struct.field("field_1"),
        }
    )
