"""Write an investigation's output folder (the contract's rings.csv, contractors.csv, …)."""

from __future__ import annotations

import json
import platform
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import polars as pl

from workbench.investigation import Investigation

#: Leading characters that make spreadsheet programs evaluate a cell as a formula.
FORMULA_STARTS = ("=", "@", "\t", "\r")

#: Libraries whose versions are recorded in run.json.
RECORDED_PACKAGES = ("workbench", "polars", "networkx", "pyvis", "phonenumbers", "schwifty")


def defuse_formulas(frame: pl.DataFrame) -> pl.DataFrame:
    """Prefix text cells a spreadsheet would run as a formula with an apostrophe.

    Case strings are attacker-chosen and analysts open these files in
    spreadsheets. Signed numbers such as ``+14155550134`` stay as they are.

    Examples
    --------
    >>> cells = pl.DataFrame({"v": ["=HYPERLINK(1)", "+14155550134", "-x", "ok"]})
    >>> defuse_formulas(cells)["v"].to_list()
    ["'=HYPERLINK(1)", '+14155550134', "'-x", 'ok']
    """
    risky = pl.col(pl.String).str.contains(r"^(?:[=@\t\r]|[+\-][^0-9])")
    return frame.with_columns(
        pl.when(risky).then("'" + pl.col(pl.String)).otherwise(pl.col(pl.String)).name.keep()
    )


def write_csv(frame: pl.DataFrame, path: Path) -> Path:
    """Write a frame as UTF-8 csv with formulas defused and stable float text.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = write_csv(pl.DataFrame({"v": ["=1+1"]}), pathlib.Path(tempfile.mkdtemp()) / "v.csv")
    >>> path.read_text()
    "v\\n'=1+1\\n"
    """
    defuse_formulas(frame).write_csv(path, float_precision=None, null_value="")
    return path


def write_tables(investigation: Investigation, out_dir: str | Path) -> list[Path]:
    """Write every table of the output folder except the HTML, and run.json.

    Parameters
    ----------
    investigation : a finished run.
    out_dir : the output folder; created if missing.

    Returns
    -------
    The paths written, in order.

    Examples
    --------
    >>> import tempfile
    >>> from workbench.investigation import investigate
    >>> written = write_tables(investigate("sample_data/demo_case"), tempfile.mkdtemp())
    >>> sorted(p.name for p in written)[:3]
    ['contractors.csv', 'flags.csv', 'hubs.csv']
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rings = investigation.ring_scores.with_columns(pl.col("reasons").list.join("; "))
    written = [
        write_csv(investigation.rings, out / "rings.csv"),
        write_csv(investigation.contractors, out / "contractors.csv"),
        write_csv(investigation.links, out / "links.csv"),
        write_csv(investigation.case.rejects, out / "rejects.csv"),
        write_csv(investigation.hubs, out / "hubs.csv"),
        write_csv(investigation.flags, out / "flags.csv"),
        write_csv(rings, out / "ring_summary.csv"),
    ]
    run_json = out / "run.json"
    run_json.write_text(json.dumps(run_record(investigation), indent=2, sort_keys=True) + "\n")
    return [*written, run_json]


def run_record(investigation: Investigation) -> dict[str, object]:
    """Parameters, input digests, row counts, versions and timings of a run.

    Examples
    --------
    >>> from workbench.investigation import investigate
    >>> record = run_record(investigate("sample_data/demo_case"))
    >>> record["rows"]["contractors"], sorted(record["inputs"])[:2]
    (2000, ['contractors', 'identifiers'])
    """
    case = investigation.case
    status = investigation.flag_result.status
    return {
        "case": str(case.path),
        "settings": investigation.settings.to_dict(),
        "inputs": {
            name: {"file": case.files[name].name, "sha256": digest}
            for name, digest in case.digests().items()
        },
        "rows": {name: frame.height for name, frame in sorted(case.tables.items())},
        "rejects": case.rejects.group_by("table", "column").len().sort("table", "column").rows(),
        "results": {
            "rings": investigation.ring_scores.height,
            "alerts": investigation.alerts.height,
            "links": investigation.links.height,
            "hubs": investigation.hubs.height,
            "flags_raised": investigation.flags.height,
        },
        "flags_not_evaluated": status.filter(~pl.col("evaluated")).select("code", "reason").rows(),
        "versions": {"python": platform.python_version()} | _versions(),
        "timings_seconds": investigation.timings,
    }


def _versions() -> dict[str, str]:
    found = {}
    for package in RECORDED_PACKAGES:
        try:
            found[package] = version(package)
        except PackageNotFoundError:
            found[package] = "not installed"
    return found
