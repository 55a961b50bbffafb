"""Write an investigation's output folder: the tables, run.json, report.html and ring pages.

This is the one module that writes the output folder. With ``redact`` every
file is fit to share outside the team: identifier values are masked by their
kind's privacy class, and every identifier the case holds is masked wherever
free text (flag evidence, reject reasons) quotes it.
"""

from __future__ import annotations

import json
import platform
import time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import polars as pl

from workbench.errors import CaseError
from workbench.flags.evaluate import unevaluated_line
from workbench.investigation import Investigation
from workbench.losses import loss_counts, table_losses
from workbench.staging import staged
from workbench.views.html import write_shared_scripts
from workbench.views.redact import KnownValues, redact_value
from workbench.views.report import render_report, ring_digest
from workbench.views.ring_pages import ring_pages

#: Ring pages written per run, highest scores first: a large case has thousands
#: of small benign groups, and each page takes about 10 ms to draw; the report
#: lists every ring and says which have no page.
MAX_RING_PAGES = 200

#: The output folder's sub-folder of ring pages.
RINGS_FOLDER = "rings"

#: The output folder's sub-folder of the scripts ring pages share (the graph
#: library, ~0.5 MB), unless the pages are written self-contained.
ASSETS_FOLDER = "assets"

#: Leading characters that make a spreadsheet evaluate a cell (OWASP's CSV
#: injection list), with their fullwidth forms, which some spreadsheets fold.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")

#: The executed triage notebook, and its offline HTML rendering, which
#: `workbench.triage` writes into the output folder.
EXECUTED_NOTEBOOK = "triage.ipynb"
EXECUTED_PAGE = "triage.html"

#: Every entry a run or a triage writes into the output folder: a folder holding
#: anything else is not replaced.
OUTPUT_NAMES = frozenset(
    {
        "rings.csv",
        "contractors.csv",
        "links.csv",
        "rejects.csv",
        "unusable_values.csv",
        "id_changes.csv",
        "hubs.csv",
        "flags.csv",
        "ring_summary.csv",
        "changes.csv",
        "run.json",
        "report.html",
        RINGS_FOLDER,
        ASSETS_FOLDER,
        EXECUTED_NOTEBOOK,
        EXECUTED_PAGE,
    }
)

#: Libraries whose versions are recorded in run.json.
RECORDED_PACKAGES = ("workbench", "polars", "networkx", "pyvis", "phonenumbers", "schwifty")


def defuse_formulas(frame: pl.DataFrame) -> pl.DataFrame:
    """Prefix with an apostrophe every text cell a spreadsheet could run as a formula.

    Case strings are attacker-chosen and analysts open these files in
    spreadsheets. One rule covers every trigger in `FORMULA_STARTS`, a sign
    followed by a digit included (``-1+HYPERLINK(…)`` runs), so an E.164 phone
    number is written ``'+14155550134``: spreadsheets show it without the
    apostrophe, as text.

    Examples
    --------
    >>> cells = pl.DataFrame({"v": ["=HYPERLINK(1)", "+14155550134", "-2+3+cmd|' /C calc'!A0",
    ...                             "\uff1dSUM(A1)", "ok"]})
    >>> defuse_formulas(cells)["v"].to_list()
    ["'=HYPERLINK(1)", "'+14155550134", "'-2+3+cmd|' /C calc'!A0", "'\uff1dSUM(A1)", 'ok']
    """
    risky = pl.col(pl.String).str.starts_with(FORMULA_STARTS[0])
    for start in FORMULA_STARTS[1:]:
        risky |= pl.col(pl.String).str.starts_with(start)
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


def write_output(
    investigation: Investigation,
    out_dir: str | Path,
    *,
    redact: bool = False,
    html: bool = True,
    self_contained: bool = False,
) -> list[Path]:
    """Write the whole output folder: the tables, run.json and (unless ``html`` is off) the HTML.

    Ring pages load the graph library from the folder's `ASSETS_FOLDER`, or
    carry it each when ``self_contained`` (see `write_html`).

    The folder is written whole or not at all (`staged`): a crash, a full
    disk or ``kill -9`` leaves the previous output as it was, and a second
    run into the same folder is refused while the first is writing.
    ``run.json`` says ``"complete": true`` once every file is in place, and
    ``writing_seconds`` how long the tables (and run.json) and the HTML took to write.

    Examples
    --------
    >>> import tempfile
    >>> from workbench.investigation import investigate
    >>> written = write_output(investigate("sample_data/demo_case"), tempfile.mkdtemp())
    >>> {"rings.csv", "run.json", "report.html"} <= {p.name for p in written}
    True
    """
    out = _outside_the_case(investigation, out_dir)
    with staged(out, replaceable=OUTPUT_NAMES) as stage:
        started = time.perf_counter()
        written = write_tables(investigation, stage, redact=redact)
        writing = {"tables": _seconds_since(started)}
        if html:
            started = time.perf_counter()
            written.append(
                write_html(investigation, stage, redact=redact, self_contained=self_contained)
            )
            writing["html"] = _seconds_since(started)
        _mark_complete(stage / "run.json", writing)
    return [out / path.relative_to(stage) for path in written]


def _seconds_since(started: float) -> float:
    """Wall seconds since ``started`` (a `time.perf_counter` reading), as run.json's timings."""
    return round(time.perf_counter() - started, 3)


def write_tables(
    investigation: Investigation, out_dir: str | Path, *, redact: bool = False
) -> list[Path]:
    """Write every table of the output folder except the HTML, and run.json.

    Parameters
    ----------
    investigation : a finished run.
    out_dir : the output folder; created if missing.
    redact : mask identifier values and every identifier quoted in free text.

    Returns
    -------
    The paths written, in order.

    Examples
    --------
    >>> import tempfile
    >>> from workbench.investigation import investigate
    >>> written = write_tables(investigate("sample_data/demo_case"), tempfile.mkdtemp())
    >>> sorted(p.name for p in written)[:3]
    ['changes.csv', 'contractors.csv', 'flags.csv']
    """
    out = _outside_the_case(investigation, out_dir)
    out.mkdir(parents=True, exist_ok=True)
    tables = {
        "rings.csv": investigation.rings,
        "contractors.csv": investigation.contractors,
        "links.csv": investigation.links,
        "rejects.csv": investigation.case.rejects,
        "unusable_values.csv": investigation.unusable,
        "id_changes.csv": investigation.case.id_changes,
        "hubs.csv": investigation.hubs,
        "flags.csv": investigation.flags,
        "ring_summary.csv": investigation.ring_scores.with_columns(
            pl.col("reasons").list.join("; ")
        ),
        "changes.csv": investigation.changes,
    }
    if redact:
        tables = _redacted(tables, KnownValues.of(investigation.sightings))
    written = [write_csv(frame, out / name) for name, frame in tables.items()]
    run_json = out / "run.json"
    run_json.write_text(json.dumps(run_record(investigation), indent=2, sort_keys=True) + "\n")
    return [*written, run_json]


def _redacted(tables: dict[str, pl.DataFrame], known: KnownValues) -> dict[str, pl.DataFrame]:
    """The output tables with identifier values masked by kind and free text scanned."""
    masked = dict(tables)
    for name in ("links.csv", "hubs.csv", "unusable_values.csv"):
        masked[name] = _mask_values(tables[name])
    masked["flags.csv"] = tables["flags.csv"].with_columns(
        evidence=known.redact(tables["flags.csv"]["evidence"])
    )
    masked["rejects.csv"] = tables["rejects.csv"].with_columns(
        reason=known.redact(tables["rejects.csv"]["reason"])
    )
    masked["ring_summary.csv"] = tables["ring_summary.csv"].with_columns(
        reasons=known.redact(tables["ring_summary.csv"]["reasons"])
    )
    masked["changes.csv"] = tables["changes.csv"].with_columns(
        evidence=known.redact(tables["changes.csv"]["evidence"])
    )
    return masked


def _mask_values(frame: pl.DataFrame) -> pl.DataFrame:
    """``value`` masked as its row's ``kind`` says (each distinct pair masked once)."""
    pairs = frame.select("kind", "value").unique(maintain_order=True)
    masks = pairs.with_columns(
        masked=pl.Series(
            [redact_value(kind, value) for kind, value in pairs.iter_rows()], dtype=pl.String
        )
    )
    return (
        frame.join(masks, on=["kind", "value"], how="left", maintain_order="left")
        .with_columns(value=pl.col("masked"))
        .drop("masked")
    )


def write_html(
    investigation: Investigation,
    out_dir: str | Path,
    *,
    redact: bool = False,
    self_contained: bool = False,
) -> Path:
    """Write report.html and the pages of the highest-scored rings; return the report's path.

    Parameters
    ----------
    investigation : a finished run.
    out_dir : the output folder; created if missing.
    redact : mask every identifier wherever a page quotes it.
    self_contained : each ring page carries the graph library, so that any page
        opens on its own wherever it is copied; otherwise the pages share one
        copy in `ASSETS_FOLDER`, and open where the run wrote them.

    Returns
    -------
    The path of report.html. Ring pages are ``rings/<ring_id>.html``: they
    link back to the report, which links to each of them.

    Examples
    --------
    >>> import tempfile
    >>> from workbench.investigation import investigate
    >>> out = Path(tempfile.mkdtemp())
    >>> write_html(investigate("sample_data/demo_case"), out).name
    'report.html'
    >>> sorted(path.name for path in (out / ASSETS_FOLDER).iterdir())
    ['vis-network.min.js']
    """
    out = _outside_the_case(investigation, out_dir)
    ranked = investigation.ring_scores
    with_pages = ranked["ring_id"].head(MAX_RING_PAGES).to_list()
    _remove_stale_pages(out / RINGS_FOLDER, keep=set(with_pages))
    (out / RINGS_FOLDER).mkdir(parents=True, exist_ok=True)
    assets_href = None
    if not self_contained:
        write_shared_scripts(out / ASSETS_FOLDER)
        assets_href = f"../{ASSETS_FOLDER}"
    for page in ring_pages(investigation, with_pages):
        html = page.html(redact=redact, report_href="../report.html", assets_href=assets_href)
        (out / RINGS_FOLDER / f"{page.ring_id}.html").write_text(html, encoding="utf-8")
    paged = set(with_pages)
    settings = investigation.settings
    flags = investigation.flags
    loners = investigation.loners_at_risk.join(
        flags.select("contractor_id", "code", "evidence", "weight"),
        on=["contractor_id", "code", "evidence"],
        how="left",
    )
    run_info = {
        "case": investigation.case.path.name,
        "rings": str(ranked.height),
        "alerts": f"{investigation.alerts.height} rings and "
        f"{loners['contractor_id'].n_unique()} lone identities "
        f"(score ≥ {settings.alert_threshold:g})",
        "ring pages": f"{len(paged)} highest-scored of {ranked.height}",
    }
    losses = table_losses(investigation.case)
    if not losses.is_empty():
        run_info["lost on loading"] = loss_counts(losses)
    if unevaluated := unevaluated_line(investigation.flag_result.status):
        run_info["red flags"] = unevaluated
    if redact:
        mine = investigation.sightings.rows_of(loners["contractor_id"].unique())
        loners = loners.with_columns(
            evidence=KnownValues.from_observations(mine).redact(loners["evidence"])
        )
    digest = ring_digest(investigation.members, investigation.links, flags, investigation.sightings)
    changes = investigation.changes
    if redact and not changes.is_empty():
        known = KnownValues.of(investigation.sightings)
        changes = changes.with_columns(evidence=known.redact(changes["evidence"]))
    # A carried decision's review mark is read beside it ("confirmed; review: merged from …").
    marked = pl.concat_str("disposition", pl.lit("; review: "), "review")
    report = render_report(
        ranked.with_columns(
            pl.col("reasons").list.join("; "), disposition=pl.coalesce(marked, "disposition")
        ).join(digest, on="ring_id", how="left"),
        loners=loners,
        title=f"Rings in case {investigation.case.path.name}",
        ring_href=lambda r: f"{RINGS_FOLDER}/{r}.html" if r in paged else "#",
        redact=redact,
        run_info=run_info,
        alert_threshold=settings.alert_threshold,
        newcomers=investigation.newcomer_alerts,
        changes=changes,
        previous_run=investigation.previous.number if investigation.previous else None,
    )
    path = out / "report.html"
    path.write_text(report, encoding="utf-8")
    return path


def _mark_complete(run_json: Path, writing_seconds: dict[str, float]) -> None:
    """Add to run.json the seconds spent writing the output and say it is complete."""
    record = json.loads(run_json.read_text(encoding="utf-8"))
    record["writing_seconds"] = writing_seconds
    record["complete"] = True
    run_json.write_text(json.dumps(record, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def _outside_the_case(investigation: Investigation, out_dir: str | Path) -> Path:
    """``out_dir``, refused when it is, contains or sits inside the case folder."""
    out = Path(out_dir)
    case = investigation.case.path.resolve()
    where = out.resolve()
    if where == case or case in where.parents or where in case.parents:
        raise CaseError(
            f"output folder {out} must not be, contain or sit inside the case folder "
            f"{investigation.case.path}: writing there would overwrite or mix with the input"
        )
    return out


def _remove_stale_pages(folder: Path, *, keep: set[str]) -> None:
    """Delete ring pages an earlier run left in the output folder (ours only: ``R-*.html``)."""
    for page in folder.glob("R-*.html"):
        if page.stem not in keep:
            page.unlink()


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
        }
        | {name: {"source": source.described} for name, source in case.sources.items()},
        "rows": {name: case.tables.height(name) for name in sorted(case.tables)},
        "records": {
            name: {"in_file": count.in_file, "loaded": count.loaded, "rejected": count.rejected}
            for name, count in sorted(case.record_counts.items())
        },
        "ids_normalised": case.id_changes.height,
        "rejects": case.rejects.group_by("table", "column").len().sort("table", "column").rows(),
        "unusable_values": investigation.unusable.group_by("table", "column")
        .len()
        .sort("table", "column")
        .rows(),
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
        "person_match": investigation.person_match,
        "engine": investigation.engine,
    }


def _versions() -> dict[str, str]:
    found = {}
    for package in RECORDED_PACKAGES:
        try:
            found[package] = version(package)
        except PackageNotFoundError:
            found[package] = "not installed"
    return found
