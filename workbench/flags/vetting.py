"""Vetting red flags: what interviews and identity checks recorded.

Check names are compared as lower-case letters and digits only ("W-2
complaint" is ``w2complaint``); results as lower-case words ("Tentative
Non-Confirmation" is ``tentative non confirmation``), so that a negation
("no mismatch", "not contested") can be read.
"""

from __future__ import annotations

import polars as pl

from workbench.flags.common import empty_result, quote, refs, result, squashed, words
from workbench.flags.context import FlagContext

#: Words and phrases that begin a failed or contested result: E-Verify's (tentative
#: or final) nonconfirmation (TNC, FNC), a mismatch, an SSN with no record, a
#: disputed or rejected check. Each matches at the start of a word, its words
#: apart or run together ("no_record", "NoRecord"). An unreachable referee is not a
#: failure.
FAILED_RESULTS = (
    "fail",
    "mismatch",
    "no match",
    "no record",
    "non confirm",
    "not confirm",
    "tnc",
    "fnc",
    "contest",
    "disput",
    "unverif",
    "not verif",
    "unable to verif",
    "invalid",
    "reject",
    "fraud",
)

#: Words that, right before a failure, say it did not happen: "no mismatch",
#: "not contested", "without dispute".
NEGATIONS = ("no", "not", "never", "without", "zero")

#: Check names of a complaint from the real owner of an identity: a W-2 (wage
#: statement) from an employer they never worked for.
W2_CHECKS = ("w2",)

#: Results of a W-2 check that record no complaint, as lower-case words; so does
#: any result that begins with one of `NEGATIONS` or "none" ("No complaint
#: received", "not received").
NO_COMPLAINT = (
    "false", "0", "clear", "cleared", "pass", "passed", "nocomplaint", "n a", "na", "nil",
    "unknown", "pending",
)  # fmt: skip


def _phrases(phrases: tuple[str, ...]) -> str:
    """A pattern matching any of ``phrases`` at the start of a word, its words apart or run
    together."""
    return "|".join(phrase.replace(" ", " ?") for phrase in phrases)


#: A failure named in a result, and one a negation denies.
_FAILURE = rf"\b(?:{_phrases(FAILED_RESULTS)})"
_DENIED = rf"\b(?:{'|'.join(NEGATIONS)}) (?:{_phrases(FAILED_RESULTS)})"


def failed(outcome: pl.Expr) -> pl.Expr:
    """Whether a result (as `words`) names a failure that no negation right before it denies.

    Examples
    --------
    >>> results = pl.Series(["tentative non confirmation", "no record", "no mismatch",
    ...     "passed not contested", "clear no fraud indicators", "failed no record"])
    >>> pl.select(failed(pl.lit(results))).to_series().to_list()
    [True, True, False, False, False, True]
    """
    return outcome.str.replace_all(_DENIED, " ").str.contains(_FAILURE)


def _checks(ctx: FlagContext) -> pl.DataFrame:
    """Identity checks with squashed `name`, `outcome` as words, and `w2` marking W-2
    complaints."""

    def compute() -> pl.DataFrame:
        checks = ctx.table("identity_checks")
        return checks.with_columns(
            name=squashed("check"),
            outcome=words("result"),
        ).with_columns(w2=pl.col("name").str.contains("|".join(W2_CHECKS)))

    return ctx.derived("identity_checks", compute, reads_hubs=False)


def _said() -> pl.Expr:
    """The check, its result and its date as the case wrote them: check: result (date)."""
    day = pl.col("at").dt.date().cast(pl.String)
    return pl.format(
        "{}: {}{}",
        quote(pl.col("check")),
        quote(pl.col("result")),
        pl.when(day.is_not_null()).then(pl.format(" ({})", day)).otherwise(pl.lit("")),
    )


def identity_check_failed(ctx: FlagContext) -> pl.DataFrame:
    """An identity check failed or is contested (E-Verify, SSN trace, references).

    An identity document issued by another country than the one claimed is
    not counted: people live and work far from where their passport was issued.

    Examples
    --------
    >>> ctx = FlagContext.build(identity_checks={"contractor_id": ["a", "b", "c"],
    ...     "check": ["E-Verify", "ID document country", "SSN trace"],
    ...     "result": ["Tentative nonconfirmation", "UA", "match"]})
    >>> identity_check_failed(ctx)["evidence"].to_list()
    ['E-Verify: Tentative nonconfirmation']
    """
    return _raised(_checks(ctx).filter(~pl.col("w2"), failed(pl.col("outcome"))))


def w2_complaint(ctx: FlagContext) -> pl.DataFrame:
    """The person whose identity this is complained of a W-2 from an employer they never worked for.

    The identity is someone else's: its owner learned of the job from the tax form.

    Examples
    --------
    >>> ctx = FlagContext.build(identity_checks={"contractor_id": ["a", "b"],
    ...     "check": ["W-2 complaint", "W-2 complaint"], "result": ["received", "none"]})
    >>> w2_complaint(ctx)["evidence"].to_list()
    ['W-2 complaint: received']
    """
    denied = pl.col("outcome").str.contains(rf"^(?:{'|'.join((*NEGATIONS, 'none'))})\b")
    return _raised(
        _checks(ctx).filter(
            pl.col("w2"),
            ~pl.col("outcome").is_in(NO_COMPLAINT),
            ~denied,
            pl.col("outcome") != "",
        )
    )


def _raised(hits: pl.DataFrame) -> pl.DataFrame:
    """The flag rows of the identities with checks in ``hits``: the first three, in time order."""
    if hits.is_empty():
        return empty_result()
    return result(
        hits.sort("contractor_id", "at", "check", "result", nulls_last=True)
        .group_by("contractor_id", maintain_order=True)
        .agg(evidence=_said().head(3).str.join("; "), refs=refs("identity_checks"))
    )


def interview_swap(ctx: FlagContext) -> pl.DataFrame:
    """The interviewer recorded that a different person appeared than in the previous call.

    Examples
    --------
    >>> from datetime import datetime, timezone
    >>> ctx = FlagContext.build(interviews={"contractor_id": ["a", "a", "b"],
    ...     "ts": [datetime(2025, 3, d, tzinfo=timezone.utc) for d in (3, 5, 5)],
    ...     "same_person_as_previous": [None, False, True], "notes": [None, "voice differs", None]})
    >>> interview_swap(ctx)["evidence"].to_list()
    ['interview of 2025-03-05: not the person of the previous call (voice differs)']
    """
    hits = ctx.table("interviews").filter(pl.col("same_person_as_previous").not_())
    if hits.is_empty():
        return empty_result()
    day = pl.col("ts").dt.date().cast(pl.String).fill_null("unknown date")
    notes = pl.when(pl.col("notes").is_not_null()).then(pl.format(" ({})", quote(pl.col("notes"))))
    text = pl.format(
        "interview of {}: not the person of the previous call{}", day, notes.otherwise(pl.lit(""))
    )
    return result(
        hits.sort("contractor_id", "ts", "notes", nulls_last=True)
        .group_by("contractor_id", maintain_order=True)
        .agg(evidence=text.head(3).str.join("; "), refs=refs("interviews"))
    )
