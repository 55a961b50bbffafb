"""Values people type when they have nothing to type: never evidence of a link.

Two identities that both wrote "n/a" as their phone, or whose device id is all
zeros, share nothing. Every normaliser maps these values to null, so they can
never tie identities together.
"""

from __future__ import annotations

import re

import polars as pl

from workbench.normalize._unique import as_text

#: Exact values (compared stripped and lower-cased) that mean "no value".
PLACEHOLDERS: frozenset[str] = frozenset(
    {
        "",
        "n/a",
        "n.a.",
        "na",
        "none",
        "null",
        "nil",
        "-",
        "--",
        "?",
        "unknown",
        "tbd",
        "tba",
        "to be determined",
        "not applicable",
        "not available",
        "test",
        "test@test.com",
        "example@example.com",
        "000-000-0000",
        "00000000-0000-0000-0000-000000000000",
        "0.0.0.0",
        "127.0.0.1",
    }
)

#: A phone-looking value needs this many digits before its digit pattern
#: (one repeated digit, a counting run) marks it as made up; shorter runs
#: occur in real account numbers and addresses.
MIN_FAKE_DIGITS = 7

#: Characters that may surround the digits of a phone number.
_PHONE_LIKE = r"^[\d\s+().\-/]+$"
#: Longest digit run we test: a 15-digit E.164 number plus a margin.
_MAX_RUN = 20


def _counting_runs() -> list[str]:
    """Every run of at least ``MIN_FAKE_DIGITS`` digits counting up or down by one."""
    runs = set()
    for cycle in ("0123456789" * 3, "9876543210" * 3):
        for start in range(10):
            for length in range(MIN_FAKE_DIGITS, _MAX_RUN + 1):
                runs.add(cycle[start : start + length])
    return sorted(runs)


_RUNS = _counting_runs()


def _is_one_digit(digits: pl.Expr) -> pl.Expr:
    """True where ``digits`` repeats one digit (5555555555)."""
    return digits.str.strip_chars(digits.str.slice(0, 1)) == ""


def _is_counting_run(digits: pl.Expr) -> pl.Expr:
    """True where ``digits`` counts up or down (1234567890, 9876543210), with or
    without the North American country code 1 in front."""
    return digits.is_in(_RUNS) | digits.str.strip_prefix("1").is_in(_RUNS)


#: Words that stand for "nothing" in a mailbox: as its local part (none@acme.com)
#: or as its domain's name (jane@none.com); RFC 2606 reserves the top-level
#: names ``invalid``, ``test`` and ``localhost`` for the same purpose.
_NOTHING_WORDS = r"(?:none|null|nil|na|n/a|unknown|no[-_.]?e?mail|test|invalid)"

#: How a rule's value ends: at the end of the text, or of the mailbox a display name
#: puts in angle brackets ("Ann Lee <test@test.com>").
_END = r"\s*>?\s*$"

#: The text rules in one case-insensitive pass, whitespace around allowed, and a display
#: name before a mailbox in angle brackets: an exact placeholder; an id made of zeros and
#: separators (an all-zero UUID, MAC, device id or hash); an automated sender
#: (no-reply@…), not a person; a mailbox made of a word for nothing.
_TEXT_RULES = (
    r"(?i)^(?:[^<>]*<)?\s*(?:(?:"
    + "|".join(re.escape(value) for value in sorted(PLACEHOLDERS) if value)
    + r")?"
    + _END
    + r"|(?:0x)?[0\s\-:{}.]*0[0\s\-:{}.]*"
    + _END
    + r"|(?:no[-_.]?reply|do[-_.]?not[-_.]?reply)@"
    + rf"|{_NOTHING_WORDS}@[^\s>]+{_END}"
    + rf"|[^\s<]+@{_NOTHING_WORDS}\.[a-z.]+{_END}"
    + rf"|[^\s<]+@[^\s>]+\.(?:invalid|test|localhost){_END})"
)


def placeholder_expr(text: pl.Expr) -> pl.Expr:
    """Polars expression: is the text in ``text`` a placeholder? (null → False).

    ``text`` is evaluated once and handed to `is_placeholder`, so a computed
    expression (an address built from its parts) is not recomputed per rule.

    Examples
    --------
    >>> pl.select(placeholder_expr(pl.lit(" N/A "))).item()
    True
    """
    return text.map_batches(is_placeholder, return_dtype=pl.Boolean, is_elementwise=True)


def is_placeholder(values: pl.Series) -> pl.Series:
    """Flag values that stand for "nothing": n/a, 000-000-0000, all-zero ids, …

    Parameters
    ----------
    values : raw strings of any identifier kind.

    Returns
    -------
    A Boolean series of the same length; null inputs give False.

    Examples
    --------
    >>> is_placeholder(pl.Series(["n/a", "555-555-5555", "+1 (555) 555-5555", "jane@x.org", None])
    ... ).to_list()
    [True, True, True, False, False]
    >>> is_placeholder(pl.Series(["None@acme.com", "jane@none.com", "a@b.invalid", "nona@x.io"])
    ... ).to_list()
    [True, True, True, False]
    >>> is_placeholder(pl.Series(["Ann Lee <TEST@TEST.COM>", "N/A <ann@x.org>"])).to_list()
    [True, False]
    """
    text = as_text(values)
    flagged = text.str.contains(_TEXT_RULES).fill_null(False)
    # Only phone-looking text is reduced to digits and tested, gathered apart: most
    # values of most kinds are not, and a masked expression still walks every row.
    rows = text.str.contains(_PHONE_LIKE).fill_null(False).arg_true()
    if len(rows):
        fake = _fake_phone(text.gather(rows))
        flagged = flagged.scatter(rows, flagged.gather(rows) | fake)  # in place
    return flagged.rename(values.name)


def _fake_phone(phone_like: pl.Series) -> pl.Series:
    """True where phone-looking text is a made-up number: one digit repeated or a counting run.

    Examples
    --------
    >>> _fake_phone(pl.Series(["555-555-5555", "1 234 567 8901", "(201) 555-0123"])).to_list()
    [True, True, False]
    """
    digits = pl.col("digits")
    fake = (digits.str.len_chars() >= MIN_FAKE_DIGITS) & (
        _is_one_digit(digits)
        | _is_one_digit(digits.str.strip_prefix("1"))
        | _is_counting_run(digits)
    )
    # Runs of non-digits removed at once (trimming first would change nothing).
    frame = pl.DataFrame({"digits": phone_like.str.replace_all(r"\D+", "")})
    return frame.select(fake).to_series()
