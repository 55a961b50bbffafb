"""What loading a case lost, table by table, in the words a run's summary and report use.

Every record or value a case could not use is named in rejects.csv, one row
each. A run that lost most of a table (every login, because its times are
written as ``03/27/2026 22:44``) must say so where the analyst reads first:
the summary `workbench run` prints, and the top of report.html. Without it,
the run reads as a quiet case ("flag UTC9_HOURS not evaluated: no data").
"""

from __future__ import annotations

import polars as pl

from workbench.case import Case

#: Reasons shown per table in a loss line: the most frequent first.
TOP_REASONS = 2


def reject_reasons(rejects: pl.DataFrame) -> pl.DataFrame:
    """Rejects counted by table, column and reason, with one value quoted as an example.

    A reason is named without the value it quotes, and with its row numbers
    written ``#``, so that one cause makes one line however many rows it hit.

    Examples
    --------
    >>> rejects = pl.DataFrame({"table": ["logins"] * 3, "row": [1, 2, 3],
    ...     "column": ["ts", "ts", "vpn"], "reason": ["unreadable datetime 'soon' (row rejected)",
    ...     "unreadable datetime 'later' (row rejected)",
    ...     "unreadable bool 'maybe' (row kept, value left empty)"]})
    >>> reject_reasons(rejects).rows()
    [('logins', 'ts', 'unreadable datetime (row rejected)', 2, 'soon'), \
('logins', 'vpn', 'unreadable bool (row kept, value left empty)', 1, 'maybe')]
    """
    quoted = r" '.*' "
    return (
        rejects.with_columns(
            example=pl.col("reason").str.extract(r" '(.*)' ", 1),
            reason=pl.col("reason").str.replace(quoted, " ").str.replace_all(r"\d+", "#"),
        )
        .group_by("table", "column", "reason")
        .agg(pl.len().cast(pl.Int64).alias("count"), pl.col("example").drop_nulls().first())
        .sort("table", "column", "reason")
    )


def table_losses(case: Case) -> pl.DataFrame:
    """One row per table that lost something: its records, those rejected whole, the values
    left empty, and a few words on why (``column: reason`` of its `TOP_REASONS` largest causes).

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from workbench.case import load_case
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "contractors.csv").write_text("contractor_id\\nc1\\n")
    >>> _ = (folder / "logins.csv").write_text("contractor_id,ts\\nc1,soon\\nc1,2025-01-02\\n")
    >>> table_losses(load_case(folder)).rows()
    [('logins', 2, 1, 0, "ts: unreadable datetime (row rejected), e.g. 'soon'")]
    """
    reasons = reject_reasons(case.rejects)
    emptied = (
        reasons.filter(pl.col("reason").str.ends_with("(row kept, value left empty)"))
        .group_by("table")
        .agg(pl.col("count").sum().alias("emptied"))
    )
    said = pl.format("{}: {}", "column", "reason")
    example = pl.when(pl.col("example").is_not_null()).then(
        pl.concat_str(pl.lit(", e.g. '"), "example", pl.lit("'"))
    )
    why = (
        reasons.with_columns(
            words=pl.concat_str(
                pl.when(pl.col("column") == "").then(pl.col("reason")).otherwise(said),
                example.fill_null(""),
            )
        )
        .sort("count", "column", "reason", descending=[True, False, False])
        .group_by("table", maintain_order=True)
        .agg(pl.col("words").head(TOP_REASONS).str.join("; "))
    )
    counts = pl.DataFrame(
        [(name, *count) for name, count in case.record_counts.items()],
        schema={"table": pl.String, "records": pl.Int64, "loaded": pl.Int64, "rejected": pl.Int64},
        orient="row",
    )
    return (
        counts.join(emptied, on="table", how="left")
        .join(why, on="table", how="inner")
        .select(
            "table",
            "records",
            "rejected",
            pl.col("emptied").fill_null(0).cast(pl.Int64),
            "words",
        )
        .sort("table")
    )


def loss_counts(losses: pl.DataFrame) -> str:
    """`table_losses` in counts alone, one clause per table (no case value: report.html shows it
    unredacted at the top).

    Examples
    --------
    >>> losses = pl.DataFrame({"table": ["logins", "payments"], "records": [3, 4],
    ...     "rejected": [3, 0], "emptied": [0, 2], "words": ["…", "…"]})
    >>> loss_counts(losses)
    'logins: 3 of 3 rows rejected; payments: 2 values left empty (see rejects.csv)'
    """
    clauses = [
        f"{table}: {_counted(records, rejected, emptied)}"
        for table, records, rejected, emptied, _ in losses.iter_rows()
    ]
    return "; ".join(clauses) + " (see rejects.csv)"


def loss_line(table: str, records: int, rejected: int, emptied: int, words: str) -> str:
    """One table's losses in one line, as `workbench run` prints them (``words`` may quote
    case values: print it through a terminal-safe filter).

    Examples
    --------
    >>> loss_line("logins", 3, 3, 0, "ts: unreadable datetime (row rejected)")
    'logins: 3 of 3 rows rejected — ts: unreadable datetime (row rejected)'
    >>> loss_line("payments", 4, 0, 2, "amount: unreadable float (row kept, value left empty)")
    'payments: 2 values left empty — amount: unreadable float (row kept, value left empty)'
    """
    return f"{table}: {_counted(records, rejected, emptied)} — {words}"


def _counted(records: int, rejected: int, emptied: int) -> str:
    """ "3 of 3 rows rejected, 2 values left empty", each part only when it is not zero."""
    parts = []
    if rejected:
        parts.append(f"{rejected:,} of {records:,} rows rejected")
    if emptied:
        parts.append(f"{emptied:,} value{'s' if emptied != 1 else ''} left empty")
    return ", ".join(parts)
