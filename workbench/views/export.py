"""Write an investigation's HTML: report.html and one page per ring."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from workbench.views.graphs import ring_graph
from workbench.views.pages import render_report, render_ring_page

if TYPE_CHECKING:
    from workbench.investigation import Investigation

#: Ring pages written per run, highest scores first. Each page inlines the
#: graph library (~0.5 MB), and a large case has thousands of small benign
#: groups; the report lists every ring and says which have no page.
MAX_RING_PAGES = 200

RINGS_FOLDER = "rings"


def ring_page(investigation: Investigation, ring_id: str, *, redact: bool = False) -> str:
    """One ring's self-contained HTML page.

    Examples
    --------
    >>> from workbench.investigation import investigate
    >>> inv = investigate("sample_data/demo_case")
    >>> page = ring_page(inv, inv.ring_scores["ring_id"][0])
    >>> 'id="members"' in page and 'id="red-flags"' in page
    True
    """
    summary = investigation.ring_scores.filter(pl.col("ring_id") == ring_id).row(0, named=True)
    members = investigation.members.filter(pl.col("ring_id") == ring_id).select("contractor_id")
    profiles = members.join(investigation.case.tables["contractors"], on="contractor_id").join(
        investigation.scored, on="contractor_id"
    )
    ids = members["contractor_id"].implode()
    evidence = investigation.links.filter(
        pl.col("contractor_a").is_in(ids) & pl.col("contractor_b").is_in(ids)
    )
    login_hours = (
        investigation.case.tables["logins"]
        .filter(pl.col("contractor_id").is_in(ids))
        .group_by("contractor_id", pl.col("ts").dt.hour().alias("hour"))
        .agg(pl.len().alias("logins"))
        .sort("contractor_id", "hour")
    )
    return render_ring_page(
        ring_id=ring_id,
        ring_score=summary["ring_score"],
        reasons=summary["reasons"],
        graph=ring_graph(investigation, ring_id),
        members=profiles.select(
            "contractor_id", "full_name", "country", "risk_score", "flags", "disposition"
        ),
        evidence=evidence,
        login_hours=login_hours,
        redact=redact,
        red_flags=investigation.flags.filter(pl.col("contractor_id").is_in(ids)),
    )


def write_ring_page(
    investigation: Investigation, ring_id: str, path: Path, *, redact: bool = False
) -> Path:
    """Write `ring_page` to ``path`` (folders created) and return it.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from workbench.investigation import investigate
    >>> inv = investigate("sample_data/demo_case")
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "pages" / "ring.html"
    >>> write_ring_page(inv, inv.ring_scores["ring_id"][0], out).exists()
    True
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(ring_page(investigation, ring_id, redact=redact), encoding="utf-8")
    return path


def write_html(investigation: Investigation, out_dir: str | Path, *, redact: bool = False) -> Path:
    """Write report.html and the pages of the highest-scored rings; return the report's path.

    Examples
    --------
    >>> import tempfile
    >>> from workbench.investigation import investigate
    >>> write_html(investigate("sample_data/demo_case"), tempfile.mkdtemp()).name
    'report.html'
    """
    out = Path(out_dir)
    ranked = investigation.ring_scores
    with_pages = ranked["ring_id"].head(MAX_RING_PAGES).to_list()
    _remove_stale_pages(out / RINGS_FOLDER, keep=set(with_pages))
    for ring_id in with_pages:
        page = out / RINGS_FOLDER / f"{ring_id}.html"
        write_ring_page(investigation, ring_id, page, redact=redact)
    paged = set(with_pages)
    rings = ranked.with_columns(pl.col("reasons").list.join("; "))
    settings = investigation.settings
    run_info = {
        "case": investigation.case.path.name,
        "rings": str(ranked.height),
        "alerts": f"{investigation.alerts.height} (score ≥ {settings.alert_threshold:g})",
        "ring pages": f"{len(paged)} highest-scored of {ranked.height}",
    }
    report = render_report(
        rings,
        loners=loners_at_risk(investigation),
        title=f"Rings in case {investigation.case.path.name}",
        ring_href=lambda r: f"{RINGS_FOLDER}/{r}.html" if r in paged else "#",
        redact=redact,
        run_info=run_info,
    )
    path = out / "report.html"
    path.write_text(report, encoding="utf-8")
    return path


def loners_at_risk(investigation: Investigation) -> pl.DataFrame:
    """Identities in no ring whose risk reaches the alert level, one row per red flag.

    Examples
    --------
    >>> from workbench.investigation import investigate
    >>> loners = loners_at_risk(investigate("sample_data/demo_case"))
    >>> loners["ring_id"].null_count() == loners.height and loners["risk_score"].min() >= 50
    True
    """
    settings = investigation.settings
    at_risk = investigation.scored.filter(
        pl.col("ring_id").is_null() & (pl.col("risk_score") >= settings.alert_threshold)
    )
    names = investigation.case.tables["contractors"].select("contractor_id", "full_name")
    return (
        at_risk.select("contractor_id", "ring_id", "risk_score", "disposition")
        .join(names, on="contractor_id", how="left")
        .join(investigation.flags.select("contractor_id", "code", "evidence"), on="contractor_id")
        .sort("contractor_id", "code")
    )


def _remove_stale_pages(folder: Path, *, keep: set[str]) -> None:
    """Delete ring pages an earlier run left in the output folder (ours only: ``R-*.html``)."""
    for page in folder.glob("R-*.html"):
        if page.stem not in keep:
            page.unlink()
