"""Reopen a finished run from its output folder: the case and settings its run.json names.

The output folder holds the tables of a run, not the case's payments, logins,
shipments or raw spellings, and its values are masked when it was written
with ``--redact``. Exports and watchlists need all of those, so they rerun the
pipeline on the case that run.json names, with the settings it records, and
refuse a case whose files changed since: what they write then describes the
very run in the folder (same rings, same ids).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from workbench.case import Case, case_settings
from workbench.engines.bulk import bulk_stages
from workbench.errors import CaseError
from workbench.investigation import Investigation, investigate
from workbench.settings import Settings
from workbench.sources import case_sources


def reopen(out_dir: str | Path, *, case: str | Path | None = None) -> Investigation:
    """The investigation of the run whose output folder is ``out_dir``.

    Parameters
    ----------
    out_dir : an output folder written by ``workbench run`` (`workbench.output.write_output`).
    case : the case folder, when the path in run.json does not reach it from
        here (the run was made elsewhere, or the case moved).

    Returns
    -------
    The investigation, rerun with the run's settings.

    Raises
    ------
    CaseError
        No finished run in the folder, no case where run.json says, or a case
        whose input files differ from the run's (named), or whose sources
        (case.toml ``[sources]``, read again by the run's engine) now hold
        another number of records.

    Examples
    --------
    >>> import tempfile
    >>> from workbench.output import write_tables
    >>> out = Path(tempfile.mkdtemp())
    >>> _ = write_tables(investigate("sample_data/demo_case"), out)
    >>> reopen(out).case.path.name
    'demo_case'
    """
    out = Path(out_dir)
    record = _run_record(out)
    folder = Path(case) if case is not None else Path(str(record.get("case", "")))
    if not folder.is_dir():
        raise CaseError(
            f"{out / 'run.json'}: the case folder {folder} it names is not there; "
            "give it with --case"
        )
    loaded = _load(folder, record)
    _check_inputs(loaded.digests(), record.get("inputs", {}), out)
    _check_sources(loaded, record.get("records", {}), out)
    settings = Settings.from_dict(record.get("settings", {}), source=str(out / "run.json"))
    return investigate(loaded, settings)


def _load(folder: Path, record: dict[str, Any]) -> Case:
    """The case folder loaded by polars, or, when its case.toml names sources (Spark tables,
    paths), by the engine of the run, which read them."""
    engine = "polars"
    if case_sources(folder, case_settings(folder)):
        engine = str(record.get("engine", "spark"))
    return bulk_stages(engine).load(folder)


def _run_record(out: Path) -> dict[str, Any]:
    path = out / "run.json"
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CaseError(f"{out}: no run.json; not an output folder of workbench run") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CaseError(f"{path}: not a readable run record ({error})") from None
    if not isinstance(record, dict):
        raise CaseError(f"{path}: not a run record (expected a JSON object)")
    return record


def _check_inputs(digests: dict[str, str], inputs: Any, out: Path) -> None:
    """Refuse a case whose table files are not the ones the run read."""
    recorded = {
        name: entry.get("sha256")
        for name, entry in (inputs.items() if isinstance(inputs, dict) else ())
        if isinstance(entry, dict)
    }
    changed = sorted(
        name for name in set(digests) | set(recorded) if digests.get(name) != recorded.get(name)
    )
    if changed:
        raise CaseError(
            f"{out / 'run.json'}: the case's {', '.join(changed)} changed since this run; "
            "run it again (workbench run) before exporting"
        )


def _check_sources(case: Case, records: Any, out: Path) -> None:
    """Refuse a case whose sources (Spark tables, paths) now hold other records than the run
    read. A source has no digest: its count of records is what can be checked."""
    recorded = {
        name: entry.get("in_file")
        for name, entry in (records.items() if isinstance(records, dict) else ())
        if isinstance(entry, dict)
    }
    changed = sorted(
        name for name in case.sources if recorded.get(name) != case.record_counts[name].in_file
    )
    if changed:
        raise CaseError(
            f"{out / 'run.json'}: the case's {', '.join(changed)} source now holds other records"
            " than this run read; run it again (workbench run) before exporting"
        )
