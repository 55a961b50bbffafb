"""The report index (``report.html``) and one page per ring (``rings/<ring_id>.html``).

Pages are built from plain polars frames, escape every case string, load
nothing from the network and give the same bytes for the same input.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import networkx as nx
import polars as pl

from workbench.views.escape import safe_href, text
from workbench.views.html import graph_fragment, render_document
from workbench.views.redact import redact_text, redact_value

# Reasons shown per ring in the index; the ring page lists them all.
TOP_REASONS = 3
# Login-hour chart geometry in SVG user units.
BAR_WIDTH = 18
BAR_GAP = 4
CHART_HEIGHT = 120
CHART_MARGIN = 24


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.1f}"
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    return str(value)


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: set[int]) -> str:
    """An HTML table from already-formatted, unescaped cell strings (escaped here).

    Examples
    --------
    >>> _table(["a"], [["<x>"]], set())
    '<table><thead><tr><th>a</th></tr></thead><tbody><tr><td>&lt;x&gt;</td></tr></tbody></table>'
    """
    head = "".join(f"<th>{text(h)}</th>" for h in headers)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="num">{text(c)}</td>' if i in numeric else f"<td>{text(c)}</td>"
            for i, c in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _maybe_redact(value: str, redact: bool) -> str:
    return redact_text(value) if redact else value


def render_report(
    rings: pl.DataFrame,
    *,
    title: str,
    ring_href: Callable[[str], str] = lambda r: f"rings/{r}.html",
    redact: bool = False,
    run_info: Mapping[str, str] = {},  # noqa: B006 - read only, never mutated
    loners: pl.DataFrame | None = None,
) -> str:
    """The index page: rings ranked by score, with size, top reasons and links.

    Parameters
    ----------
    rings : one row per ring: ring_id, ring_size, ring_score, reasons
        (``"; "``-separated), disposition (may be null).
    title : page heading.
    ring_href : relative link to a ring's page; absolute or ``javascript:`` targets
        are replaced by ``#``.
    redact : mask e-mails, phones and accounts inside reasons.
    run_info : key/value facts about the run shown at the top (sorted by key).
    loners : identities at risk outside any ring (lone fronts): contractor_id,
        full_name, risk_score, disposition, and their red flags as code and
        evidence (one row per flag).

    Returns
    -------
    The HTML document as text.

    Examples
    --------
    >>> rings = pl.DataFrame({"ring_id": ["R1"], "ring_size": [3], "ring_score": [81.5],
    ...     "reasons": ["shared account; shared address"], "disposition": [None]})
    >>> page = render_report(rings, title="Case 7")
    >>> 'href="rings/R1.html"' in page and "81.5" in page
    True
    """
    ranked = rings.sort(["ring_score", "ring_size", "ring_id"], descending=[True, True, False])
    rows: list[str] = []
    for ring in ranked.iter_rows(named=True):
        ring_id = str(ring["ring_id"])
        reasons = [r for r in str(ring.get("reasons") or "").split("; ") if r]
        top = "; ".join(_maybe_redact(r, redact) for r in reasons[:TOP_REASONS])
        rows.append(
            f'<tr><td class="num">{len(rows) + 1}</td>'
            f'<td><a href="{safe_href(ring_href(ring_id))}">{text(ring_id)}</a></td>'
            f'<td class="num">{text(_cell(ring["ring_score"]))}</td>'
            f'<td class="num">{text(_cell(ring["ring_size"]))}</td>'
            f"<td>{text(top)}</td><td>{text(_cell(ring.get('disposition')))}</td></tr>"
        )
    info = "".join(
        f"<tr><th>{text(k)}</th><td>{text(v)}</td></tr>" for k, v in sorted(run_info.items())
    )
    body = (
        f"<h1>{text(title)}</h1>"
        + (f'<table class="run-info">{info}</table>' if info else "")
        + f"<h2>Rings ({len(rows)})</h2>"
        + '<table id="rings"><thead><tr><th>#</th><th>Ring</th><th>Score</th><th>Size</th>'
        + "<th>Top reasons</th><th>Disposition</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
        + ("" if rows else '<p class="muted">No rings found.</p>')
        + _loner_section(loners, redact)
    )
    return render_document(title=title, body=body)


def _loner_section(loners: pl.DataFrame | None, redact: bool) -> str:
    """Identities at risk outside rings, with every red flag and its evidence."""
    if loners is None:
        return ""
    ordered = loners.sort(["risk_score", "contractor_id", "code"], descending=[True, False, False])
    rows = [
        [
            _cell(r["contractor_id"]),
            _maybe_redact(_cell(r["full_name"]), redact),
            _cell(r["risk_score"]),
            _cell(r["code"]),
            _maybe_redact(_cell(r["evidence"]), redact),
            _cell(r["disposition"]),
        ]
        for r in ordered.iter_rows(named=True)
    ]
    people = ordered["contractor_id"].n_unique()
    headers = ["Contractor", "Name", "Risk", "Flag", "Evidence", "Disposition"]
    return (
        f"<h2>Identities at risk outside rings ({people})</h2>"
        '<div id="loners">'
        + (_table(headers, rows, {2}) if rows else '<p class="muted">None.</p>')
        + "</div>"
    )


def login_hour_chart(login_hours: pl.DataFrame) -> str:
    """An inline SVG bar chart of logins per UTC hour (0–23), summed over members.

    Examples
    --------
    >>> svg = login_hour_chart(pl.DataFrame({"contractor_id": ["a", "b"], "hour": [2, 2],
    ...     "logins": [3, 4]}))
    >>> "<title>02:00 UTC: 7 logins</title>" in svg
    True
    """
    counts = (
        login_hours.filter(pl.col("hour").is_between(0, 23))
        .group_by("hour")
        .agg(pl.col("logins").sum())
    )
    per_hour = dict(zip(counts["hour"].to_list(), counts["logins"].to_list(), strict=True))
    peak = max(per_hour.values(), default=0) or 1
    width = 24 * (BAR_WIDTH + BAR_GAP) + CHART_MARGIN
    parts = []
    for hour in range(24):
        count = int(per_hour.get(hour) or 0)
        height = round(CHART_HEIGHT * count / peak, 1)
        x = CHART_MARGIN + hour * (BAR_WIDTH + BAR_GAP)
        parts.append(
            f'<rect x="{x}" y="{CHART_HEIGHT - height}" width="{BAR_WIDTH}" height="{height}" '
            f'fill="#4a78b5"><title>{hour:02d}:00 UTC: {count} logins</title></rect>'
        )
        if hour % 3 == 0:
            parts.append(f'<text x="{x}" y="{CHART_HEIGHT + 14}">{hour:02d}</text>')
    return (
        f'<svg class="chart" role="img" aria-label="Logins per UTC hour" width="{width}" '
        f'height="{CHART_HEIGHT + 20}" viewBox="0 0 {width} {CHART_HEIGHT + 20}">'
        f'<line x1="{CHART_MARGIN}" y1="{CHART_HEIGHT}" x2="{width}" y2="{CHART_HEIGHT}" '
        f'stroke="#999"/>{"".join(parts)}</svg>'
    )


def _evidence_rows(evidence: pl.DataFrame, redact: bool) -> list[list[str]]:
    ordered = evidence.sort(
        ["weight", "contractor_a", "contractor_b", "kind", "value"],
        descending=[True, False, False, False, False],
    )
    rows = []
    for row in ordered.iter_rows(named=True):
        kind, value = str(row["kind"] or ""), str(row["value"] or "")
        if redact:
            value = redact_value(kind, value)
        rows.append(
            [
                _cell(row["contractor_a"]),
                _cell(row["contractor_b"]),
                kind,
                value,
                f"{float(row['weight'] or 0):.2f}",
            ]
        )
    return rows


def render_ring_page(
    *,
    ring_id: str,
    ring_score: float,
    reasons: list[str],
    graph: nx.Graph,
    members: pl.DataFrame,
    evidence: pl.DataFrame,
    login_hours: pl.DataFrame,
    redact: bool = False,
    report_href: str = "../report.html",
    red_flags: pl.DataFrame | None = None,
) -> str:
    """One ring's page: graph, reasons, members, evidence, red flags and login-hour chart.

    Parameters
    ----------
    ring_id, ring_score, reasons : the ring and why it scored.
    graph : the ring's view for `render_graph_html` conventions.
    members : contractor_id, full_name, country, risk_score, flags, disposition.
    evidence : contractor_a, contractor_b, kind, value, weight.
    login_hours : contractor_id, hour (0–23 UTC), logins.
    redact : mask e-mails, phones, accounts and addresses everywhere on the page.
    report_href : relative link back to the index.
    red_flags : contractor_id, code, evidence: every red flag the members carry.

    Returns
    -------
    The HTML document as text.

    Examples
    --------
    >>> members = pl.DataFrame({"contractor_id": ["c1"], "full_name": ["<i>A</i>"],
    ...     "country": ["US"], "risk_score": [70.0], "flags": ["vpn"], "disposition": [None]})
    >>> evidence = pl.DataFrame({"contractor_a": ["c1"], "contractor_b": ["c2"],
    ...     "kind": ["email"], "value": ["a@b.com"], "weight": [0.9]})
    >>> hours = pl.DataFrame({"contractor_id": ["c1"], "hour": [1], "logins": [5]})
    >>> page = render_ring_page(ring_id="R1", ring_score=77.0, reasons=["x"],
    ...     graph=nx.Graph(), members=members, evidence=evidence, login_hours=hours)
    >>> "&lt;i&gt;A&lt;/i&gt;" in page
    True
    """
    title = f"Ring {ring_id}"
    member_rows = [
        [
            _cell(r["contractor_id"]),
            _maybe_redact(_cell(r["full_name"]), redact),
            _cell(r["country"]),
            _cell(r["risk_score"]),
            _cell(r["flags"]),
            _cell(r["disposition"]),
        ]
        for r in members.sort(
            ["risk_score", "contractor_id"], descending=[True, False], nulls_last=True
        ).iter_rows(named=True)
    ]
    fragment = graph_fragment(
        graph, title="Graph", redact=redact, subtitle=f"{graph.number_of_nodes()} nodes"
    )
    body = (
        f'<p><a href="{safe_href(report_href)}">&larr; All rings</a></p>'
        f"<h1>{text(title)}</h1><p>Score <strong>{ring_score:.1f}</strong> · "
        f"{members.height} members</p>"
        '<h2>Reasons</h2><ul id="reasons">'
        + "".join(f"<li>{text(_maybe_redact(r, redact))}</li>" for r in reasons)
        + "</ul>"
        + fragment.body
        + '<h2>Members</h2><div id="members">'
        + _table(
            ["Contractor", "Name", "Country", "Risk", "Flags", "Disposition"], member_rows, {3}
        )
        + '</div><h2>Evidence</h2><div id="evidence">'
        + _table(
            ["Contractor A", "Contractor B", "Kind", "Value", "Weight"],
            _evidence_rows(evidence, redact),
            {4},
        )
        + "</div>"
        + _red_flag_section(red_flags, redact)
        + "<h2>Logins by hour (UTC)</h2>"
        + login_hour_chart(login_hours)
    )
    return render_document(title=title, body=body, scripts=fragment.scripts)


def _red_flag_section(red_flags: pl.DataFrame | None, redact: bool) -> str:
    """The members' red flags with the evidence each one cites, as an escaped table."""
    if red_flags is None:
        return ""
    rows = [
        [_cell(r["contractor_id"]), _cell(r["code"]), _maybe_redact(_cell(r["evidence"]), redact)]
        for r in red_flags.sort("contractor_id", "code").iter_rows(named=True)
    ]
    table = _table(["Contractor", "Flag", "Evidence"], rows, set())
    return f'<h2>Red flags</h2><div id="red-flags">{table}</div>'
