"""An analyst's decisions on rings and identities: an append-only log in the case's memory.

Decisions are appended, one JSON object a line, to ``<case>/.workbench/decisions.jsonl``,
the case's memory (see ``docs/case_memory.md``). Each line says who decided
(``analyst``), when (``recorded_at``), about what (``target_type`` and
``target_id``: a ring's lineage id, or a contractor id), the ``decision``, a
``note``, and the ``evidence`` it was made on: the ring's content id, members
and score (for an identity: its ring, risk score and red flags).

Why an append-only JSON Lines file rather than SQLite:

- nothing is ever overwritten, so the file is the audit trail: who changed
  their mind and when stays readable (``history``), and ``latest`` is a
  pure function of it;
- it is plain UTF-8 text that travels with the case folder and opens in any
  editor or ``pl.read_ndjson`` without a schema migration;
- one short line is appended under an exclusive lock and flushed to disk
  (``fsync``) before the caller is told it was recorded, so two writers never
  interleave and a crash loses at most the line being written; every
  character that could end a line (U+2028, U+0085 …) is written as a JSON escape;
- a line that cannot be read (torn by a crash or a full disk, edited by
  hand) never locks the case: it is skipped with a warning that names it and
  set aside in ``.workbench/decisions.unreadable.jsonl``; every other decision loads.

Earlier versions kept the log at ``<case>/dispositions.jsonl``: when that file
is there it is read too, before the new log, so no decision is lost. The case
loader only reads files named after tables, so neither file becomes input.
"""

from __future__ import annotations

import fcntl
import getpass
import hashlib
import json
import logging
import os
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import polars as pl

from workbench.errors import CaseError

#: The case's memory: decisions and earlier runs, kept out of git (see .gitignore).
MEMORY_FOLDER = ".workbench"

#: Name of the decision log inside the memory folder.
FILE_NAME = "decisions.jsonl"

#: Where earlier versions kept decisions, directly in the case folder; still read.
LEGACY_FILE_NAME = "dispositions.jsonl"

#: Beside the log: lines that could not be read, set aside with the reason.
QUARANTINE_NAME = "decisions.unreadable.jsonl"

#: Environment variable naming the analyst when ``--analyst`` is not given.
ANALYST_VARIABLE = "WORKBENCH_ANALYST"

LOG = logging.getLogger(__name__)

#: The decisions an analyst can record (the domain brief's three outcomes).
DECISIONS = ("confirmed", "benign", "needs review")

#: Target types a decision can be about.
TARGET_TYPES = ("ring", "contractor")

#: What a decision was made on: the ring's content id (an identity's ring), the
#: members, the ring score (an identity's risk score) and an identity's red flags.
EVIDENCE = pl.Struct(
    {
        "ring_id": pl.String(),
        "members": pl.List(pl.String()),
        "score": pl.Float64(),
        "flags": pl.List(pl.String()),
    }
)

#: Columns of `history` and `latest`; ``entry_id`` is a digest of the line as written.
SCHEMA = pl.Schema(
    {
        "target_type": pl.String(),
        "target_id": pl.String(),
        "decision": pl.String(),
        "note": pl.String(),
        "recorded_at": pl.Datetime("us", "UTC"),
        "analyst": pl.String(),
        "evidence": EVIDENCE,
        "entry_id": pl.String(),
    }
)

#: Characters of a line's SHA-256 kept as its ``entry_id``.
ENTRY_ID_DIGITS = 16


def memory_path(case_dir: str | Path) -> Path:
    """The case's memory folder (decisions, earlier runs).

    Examples
    --------
    >>> memory_path("cases/acme").as_posix()
    'cases/acme/.workbench'
    """
    return Path(case_dir) / MEMORY_FOLDER


def path_for(case_dir: str | Path) -> Path:
    """Where a case's decisions are kept.

    Examples
    --------
    >>> path_for("cases/acme").as_posix()
    'cases/acme/.workbench/decisions.jsonl'
    """
    return memory_path(case_dir) / FILE_NAME


def quarantine_path(case_dir: str | Path) -> Path:
    """Where lines of the decision logs that cannot be read are set aside.

    Examples
    --------
    >>> quarantine_path("cases/acme").as_posix()
    'cases/acme/.workbench/decisions.unreadable.jsonl'
    """
    return memory_path(case_dir) / QUARANTINE_NAME


def analyst_name(given: str | None = None) -> str:
    """Who is deciding: ``given``, else ``$WORKBENCH_ANALYST``, else the operating-system user.

    Examples
    --------
    >>> analyst_name("  Ana Ruiz ")
    'Ana Ruiz'
    """
    for candidate in (given, os.environ.get(ANALYST_VARIABLE)):
        if candidate and candidate.strip():
            return candidate.strip()
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name in the environment or the password database
        return "unknown"


def record(
    case_dir: str | Path,
    *,
    ring_id: str | None = None,
    contractor_id: str | None = None,
    decision: str,
    note: str = "",
    recorded_at: datetime | None = None,
    analyst: str | None = None,
    evidence: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Append one decision about a ring or an identity to the case's log.

    Parameters
    ----------
    case_dir : the case folder; it must exist.
    ring_id, contractor_id : the target; give exactly one. A ring is named by its
        lineage id (``L-…``, which follows it across runs) or its content id (``R-…``).
    decision : one of `DECISIONS`.
    note : free text kept with the decision.
    recorded_at : when it was decided; now (UTC) when omitted. A naive time is taken as UTC.
    analyst : who decided; see `analyst_name` for the fallbacks.
    evidence : what the decision was made on: ``ring_id`` (content id), ``members``,
        ``score`` and ``flags``; each may be left out.

    Returns
    -------
    The entry written, as a dict.

    Examples
    --------
    >>> import tempfile
    >>> case = tempfile.mkdtemp()
    >>> entry = record(case, ring_id="L-1", decision="confirmed", note="same payee",
    ...                analyst="ana", recorded_at=datetime(2026, 1, 5, 9, 30),
    ...                evidence={"ring_id": "R-1", "members": ["c2", "c1"], "score": 81.5})
    >>> entry["recorded_at"], entry["evidence"]["members"]
    ('2026-01-05T09:30:00+00:00', ['c1', 'c2'])
    >>> latest(case).select("target_id", "decision", "analyst").row(0)
    ('L-1', 'confirmed', 'ana')
    """
    folder = Path(case_dir)
    if not folder.is_dir():
        raise CaseError(f"{folder}: case folder not found; cannot record a decision")
    if (ring_id is None) == (contractor_id is None):
        raise CaseError("a decision needs exactly one of ring_id or contractor_id")
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
        "analyst": analyst_name(analyst),
        "evidence": _evidence(evidence or {}),
    }
    line = _escape_separators(json.dumps(entry, ensure_ascii=False, sort_keys=True)) + "\n"
    path = path_for(folder)
    try:
        path.parent.mkdir(exist_ok=True)
        _append(path, line)
    except OSError as error:
        raise CaseError(f"{path}: the decision was not saved ({error.strerror})") from None
    return entry


def _evidence(given: Mapping[str, Any]) -> dict[str, Any]:
    """The evidence fields in their stored form: text, sorted lists of text, a number."""
    unknown = sorted(set(given) - set(EVIDENCE.to_schema()))
    if unknown:
        raise CaseError(f"unknown evidence field {unknown[0]!r}")
    ring = given.get("ring_id")
    score = given.get("score")
    return {
        "ring_id": None if ring is None else str(ring),
        "members": sorted(str(m) for m in given.get("members") or ()),
        "score": None if score is None else float(score),
        "flags": sorted(str(f) for f in given.get("flags") or ()),
    }


def _append(path: Path, line: str) -> None:
    """Append ``line`` under an exclusive lock and flush it to disk, after mending a torn line."""
    with path.open("a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # released when the handle closes, or its process dies
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

    The log of earlier versions (``<case>/dispositions.jsonl``) comes first
    when it is there; its lines name no analyst and no evidence.

    Examples
    --------
    >>> import tempfile
    >>> history(tempfile.mkdtemp()).columns[:5]
    ['target_type', 'target_id', 'decision', 'note', 'recorded_at']
    """
    rows: list[tuple[object, ...]] = []
    broken: list[dict[str, object]] = []
    for path in (Path(case_dir) / LEGACY_FILE_NAME, path_for(case_dir)):
        if path.is_file():
            _read_log(path, rows, broken)
    if broken:
        _quarantine(Path(case_dir), broken)
    return pl.DataFrame(rows, schema=SCHEMA, orient="row")


def _read_log(path: Path, rows: list[tuple[object, ...]], broken: list[dict[str, object]]) -> None:
    """Add the decisions of one log file to ``rows``, its unreadable lines to ``broken``."""
    text = path.read_bytes().decode("utf-8", errors="replace")
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            rows.append(_parse(line, path, number))
        except CaseError as error:
            broken.append({"file": path.name, "line": number, "text": line, "reason": str(error)})


def _quarantine(case_dir: Path, broken: Sequence[dict[str, object]]) -> None:
    """Log each unreadable line and copy it, once, to the side file in the memory folder."""
    side = quarantine_path(case_dir)
    known = side.read_text(encoding="utf-8").split("\n") if side.is_file() else []
    for entry in broken:
        LOG.warning(
            "%s: line %s skipped and set aside in %s: %s",
            case_dir / str(entry["file"]),
            entry["line"],
            side.name,
            entry["reason"],
        )
    lines = [_escape_separators(json.dumps(e, ensure_ascii=False, sort_keys=True)) for e in broken]
    fresh = [line for line in lines if line not in known]
    if fresh:
        side.parent.mkdir(exist_ok=True)
        with side.open("a", encoding="utf-8") as handle:
            handle.write("".join(line + "\n" for line in fresh))


def latest(case_dir: str | Path) -> pl.DataFrame:
    """The newest decision per target, with the columns of `history`.

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
    return newest(history(case_dir))


def newest(decisions: pl.DataFrame) -> pl.DataFrame:
    """The newest of some decisions per target (``history`` order breaks ties of time).

    Examples
    --------
    >>> t = datetime(2026, 1, 1, tzinfo=timezone.utc)
    >>> decided = pl.DataFrame({"target_type": ["ring"] * 2, "target_id": ["L-1"] * 2,
    ...                         "decision": ["benign", "confirmed"], "recorded_at": [t, t]})
    >>> newest(decided)["decision"].to_list()
    ['confirmed']
    """
    return (
        decisions.with_row_index("order")
        .sort("recorded_at", "order")
        .unique(["target_type", "target_id"], keep="last")
        .sort("target_type", "target_id")
        .drop("order")
    )


def _parse(line: str, path: Path, number: int) -> tuple[object, ...]:
    """One line of a log as a row of `SCHEMA`; a `CaseError` naming the line when unreadable."""
    try:
        entry = json.loads(line)
        target_type, target_id, decision = (entry[k] for k in SCHEMA.names()[:3])
        # A foreign or hand-edited line may write a missing note as null.
        note = entry.get("note")
        when = datetime.fromisoformat(entry["recorded_at"])
        analyst = entry.get("analyst")
        evidence = _evidence(entry.get("evidence") or {})
    except (ValueError, KeyError, TypeError, AttributeError, CaseError) as error:
        raise CaseError(f"{path}: line {number} is not a decision ({error})") from None
    if target_type not in TARGET_TYPES or decision not in DECISIONS:
        raise CaseError(f"{path}: line {number} has an unknown target type or decision")
    when = when.replace(tzinfo=timezone.utc) if when.tzinfo is None else when
    entry_id = hashlib.sha256(line.encode("utf-8")).hexdigest()[:ENTRY_ID_DIGITS]
    return (
        str(target_type),
        str(target_id),
        str(decision),
        "" if note is None else str(note),
        when.astimezone(timezone.utc),
        None if analyst is None else str(analyst),
        evidence,
        entry_id,
    )
