"""An analyst's decisions on rings and identities, kept beside the case.

Decisions are appended, one JSON object a line, to ``<case>/dispositions.jsonl``.
Why an append-only JSON Lines file rather than SQLite:

- nothing is ever overwritten, so the file is the audit trail: who changed
  their mind and when stays readable (``history``), and ``latest`` is a
  pure function of it;
- it is plain UTF-8 text that travels with the case folder, diffs well,
  and opens in any editor or ``pl.read_ndjson`` without a schema migration;
- one short line is appended and flushed to disk (``fsync``) before the
  caller is told it was recorded; every character that could end a line
  (U+2028, U+0085 …) is written as a JSON escape;
- a line that cannot be read (torn by a crash or a full disk, edited by
  hand) never locks the case: it is skipped with a warning that names it and
  set aside in ``dispositions.unreadable.jsonl``; every other decision loads.

The case loader only reads files named after tables, so this file never
becomes input to the pipeline.
"""

from __future__ import annotations

import json
import logging
import os
from datetime import datetime, timezone
from pathlib import Path

import polars as pl

from workbench.errors import CaseError

#: Name of the decisions file inside a case folder.
FILE_NAME = "dispositions.jsonl"

#: Beside it: lines of the log that could not be read, set aside with the reason.
QUARANTINE_NAME = "dispositions.unreadable.jsonl"

LOG = logging.getLogger(__name__)

#: The decisions an analyst can record (the domain brief's three outcomes).
DECISIONS = ("confirmed", "benign", "needs review")

#: Target types a decision can be about.
TARGET_TYPES = ("ring", "contractor")

#: Columns of `history` and `latest`.
SCHEMA = pl.Schema(
    {
        "target_type": pl.String(),
        "target_id": pl.String(),
        "decision": pl.String(),
        "note": pl.String(),
        "recorded_at": pl.Datetime("us", "UTC"),
    }
)


def path_for(case_dir: str | Path) -> Path:
    """Where a case's decisions are kept.

    Examples
    --------
    >>> path_for("cases/acme").as_posix()
    'cases/acme/dispositions.jsonl'
    """
    return Path(case_dir) / FILE_NAME


def record(
    case_dir: str | Path,
    *,
    ring_id: str | None = None,
    contractor_id: str | None = None,
    decision: str,
    note: str = "",
    recorded_at: datetime | None = None,
) -> dict[str, str]:
    """Append one decision about a ring or an identity to the case's file.

    Parameters
    ----------
    case_dir : the case folder; it must exist.
    ring_id, contractor_id : the target; give exactly one.
    decision : one of `DECISIONS`.
    note : free text kept with the decision.
    recorded_at : when it was decided; now (UTC) when omitted. A naive time is taken as UTC.

    Returns
    -------
    The line written, as a dict of text.

    Examples
    --------
    >>> import tempfile
    >>> case = tempfile.mkdtemp()
    >>> record(case, ring_id="r-1", decision="confirmed", note="same payee",
    ...        recorded_at=datetime(2026, 1, 5, 9, 30))["recorded_at"]
    '2026-01-05T09:30:00+00:00'
    >>> latest(case)["decision"].to_list()
    ['confirmed']
    """
    folder = Path(case_dir)
    if not folder.is_dir():
        raise CaseError(f"{folder}: case folder not found; cannot record a disposition")
    if (ring_id is None) == (contractor_id is None):
        raise CaseError("a disposition needs exactly one of ring_id or contractor_id")
    if decision not in DECISIONS:
        raise CaseError(f"unknown decision {decision!r} (expected one of: {', '.join(DECISIONS)})")
    when = recorded_at or datetime.now(timezone.utc)
    when = when.replace(tzinfo=timezone.utc) if when.tzinfo is None else when
    entry = {
        "target_type": "ring" if ring_id is not None else "contractor",
        "target_id": str(ring_id if ring_id is not None else contractor_id),
        "decision": decision,
        "note": str(note),
        "recorded_at": when.astimezone(timezone.utc).isoformat(),
    }
    line = _escape_separators(json.dumps(entry, ensure_ascii=False, sort_keys=True)) + "\n"
    path = path_for(folder)
    try:
        _append(path, line)
    except OSError as error:
        raise CaseError(f"{path}: the decision was not saved ({error.strerror})") from None
    return entry


def _append(path: Path, line: str) -> None:
    """Append ``line`` and flush it to disk, after mending a torn last line."""
    with path.open("a+b") as handle:
        # A last line torn by a crash or a full disk must not swallow this one.
        handle.seek(0, os.SEEK_END)
        if handle.tell():
            handle.seek(-1, os.SEEK_END)
            if handle.read(1) != b"\n":
                handle.write(b"\n")
        handle.write(line.encode("utf-8"))
        handle.flush()
        os.fsync(handle.fileno())


#: Characters Python's str.splitlines and many editors break lines at, though JSON
#: allows them raw inside a string (a note pasted from a resume may hold them).
LINE_SEPARATORS = {"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def _escape_separators(line: str) -> str:
    """``line`` with every character that could end a line written as a JSON escape."""
    for raw, escaped in LINE_SEPARATORS.items():
        line = line.replace(raw, escaped)
    return line


def history(case_dir: str | Path) -> pl.DataFrame:
    """Every decision recorded for a case, in the order written (empty when none).

    Examples
    --------
    >>> import tempfile
    >>> history(tempfile.mkdtemp()).columns
    ['target_type', 'target_id', 'decision', 'note', 'recorded_at']
    """
    path = path_for(case_dir)
    if not path.is_file():
        return pl.DataFrame(schema=SCHEMA)
    rows, broken = [], []
    text = path.read_bytes().decode("utf-8", errors="replace")
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            rows.append(_parse(line, path, number))
        except CaseError as error:
            broken.append({"line": number, "text": line, "reason": str(error)})
    if broken:
        _quarantine(path, broken)
    return pl.DataFrame(rows, schema=SCHEMA, orient="row")


def quarantine_path(case_dir: str | Path) -> Path:
    """Where lines of the decision log that cannot be read are set aside.

    Examples
    --------
    >>> quarantine_path("cases/acme").name
    'dispositions.unreadable.jsonl'
    """
    return Path(case_dir) / QUARANTINE_NAME


def _quarantine(path: Path, broken: list[dict[str, object]]) -> None:
    """Log each unreadable line and copy it, once, to the side file beside the log."""
    side = quarantine_path(path.parent)
    known = side.read_text(encoding="utf-8").split("\n") if side.is_file() else []
    new = [
        _escape_separators(json.dumps(entry, ensure_ascii=False, sort_keys=True))
        for entry in broken
    ]
    for entry in broken:
        LOG.warning(
            "%s: line %s skipped and set aside in %s: %s",
            path,
            entry["line"],
            side.name,
            entry["reason"],
        )
    fresh = [line for line in new if line not in known]
    if fresh:
        with side.open("a", encoding="utf-8") as handle:
            handle.write("".join(line + "\n" for line in fresh))


def latest(case_dir: str | Path) -> pl.DataFrame:
    """The newest decision per target: target_type, target_id, decision, note, recorded_at.

    When two decisions carry the same time, the one written later wins.
    Sorted by target_type and target_id.

    Examples
    --------
    >>> import tempfile
    >>> case = tempfile.mkdtemp()
    >>> _ = record(case, contractor_id="c-1", decision="needs review")
    >>> _ = record(case, contractor_id="c-1", decision="benign", note="relative")
    >>> latest(case).select("target_id", "decision").rows()
    [('c-1', 'benign')]
    """
    return (
        history(case_dir)
        .with_row_index("order")
        .sort("recorded_at", "order")
        .unique(["target_type", "target_id"], keep="last")
        .sort("target_type", "target_id")
        .drop("order")
    )


def _parse(line: str, path: Path, number: int) -> tuple[object, ...]:
    try:
        entry = json.loads(line)
        values = tuple(entry[name] for name in SCHEMA)
        when = datetime.fromisoformat(values[-1])
    except (ValueError, KeyError, TypeError) as error:
        raise CaseError(f"{path}: line {number} is not a disposition ({error})") from None
    if values[0] not in TARGET_TYPES or values[2] not in DECISIONS:
        raise CaseError(f"{path}: line {number} has an unknown target type or decision")
    when = when.replace(tzinfo=timezone.utc) if when.tzinfo is None else when
    return (*(str(v) for v in values[:-1]), when.astimezone(timezone.utc))


def with_decisions(
    ring_scores: pl.DataFrame, scored: pl.DataFrame, decisions: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Add the analyst's latest decisions as a ``disposition`` column to rings and identities.

    An identity shows its own decision, or else its ring's. Ring ids derive
    from their members, so a ring decision follows the ring only while its
    membership is unchanged; decisions on identities always carry over.

    Examples
    --------
    >>> rings = pl.DataFrame({"ring_id": ["R-1"], "ring_score": [80.0]})
    >>> people = pl.DataFrame({"contractor_id": ["a", "b"], "ring_id": ["R-1", None]})
    >>> decided = pl.DataFrame({"target_type": ["ring"], "target_id": ["R-1"],
    ...                         "decision": ["confirmed"], "note": [""], "recorded_at": [None]})
    >>> with_decisions(rings, people, decided)[1]["disposition"].to_list()
    ['confirmed', None]
    """

    def latest_for(target: str, key: str) -> pl.DataFrame:
        chosen = decisions.filter(pl.col("target_type") == target)
        return chosen.select(pl.col("target_id").alias(key), pl.col("decision").alias(target))

    rings = ring_scores.join(latest_for("ring", "ring_id"), on="ring_id", how="left").rename(
        {"ring": "disposition"}
    )
    people = (
        scored.join(latest_for("contractor", "contractor_id"), on="contractor_id", how="left")
        .join(latest_for("ring", "ring_id"), on="ring_id", how="left")
        .with_columns(disposition=pl.coalesce("contractor", "ring"))
        .drop("contractor", "ring")
    )
    return rings, people
