"""Escaped HTML and text the explorer's widgets show: ring rows, tables, the selection,
its timeline. Every case string passes through `workbench.views.escape.text` here."""

from __future__ import annotations

import re
from collections.abc import Sequence

import polars as pl

from workbench.changes import summary
from workbench.views.escape import text
from workbench.views.heatmap import render_login_heatmap
from workbench.views.since import NEWCOMER_ALERTS, since_section
from workbench.views.timeline import render_timeline

_CLASS_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")

#: Characters of a ring's one-line reason shown in its row; the row's tooltip has it whole.
ROW_REASON = 70

#: Styles for the explorer's own classes and the timeline drawings (trusted text, no case data).
STYLE = """<style>
.wb-explorer { font-size: 13px; }
.wb-explorer .wb-column { overflow: hidden; }
.wb-explorer .wb-scroll { overflow-y: auto; overflow-x: hidden; }
.wb-explorer button.wb-ring-row, .wb-explorer button.wb-hit {
  text-align: left; white-space: pre; overflow: hidden; text-overflow: ellipsis;
  height: auto; line-height: 1.35; padding: 3px 6px; font-size: 12px; flex: none; }
.wb-explorer button.wb-ring-row.wb-alert { border-left: 5px solid #b8321f; }
.wb-explorer .wb-alert-line { color: #b8321f; font-size: 11px; border-top: 2px dashed #b8321f;
  margin: 2px 0; padding-top: 1px; }
.wb-explorer table.wb-table { border-collapse: collapse; font-size: 12px; }
.wb-explorer table.wb-table th, .wb-explorer table.wb-table td {
  border-bottom: 1px solid #ddd; padding: 2px 6px; text-align: left; vertical-align: top;
  word-break: break-word; }
.wb-explorer .wb-muted, .wb-explorer .muted { color: #666; }
.wb-explorer .wb-newcomers {
  border-left: 6px solid #b8321f; background: #fff4f2; padding: 2px 8px; }
.wb-explorer .wb-legend { display: flex; flex-wrap: wrap; gap: 2px 12px; font-size: 11px; }
.wb-explorer .wb-legend-item { display: inline-flex; align-items: center; gap: 4px; }
.wb-explorer .wb-swatch { display: inline-block; width: 11px; height: 11px; border-radius: 6px;
  border: 1px solid #333; }
.wb-explorer .wb-status { font-size: 12px; }
.wb-explorer .wb-kind { margin: 0 8px 0 0; font-size: 12px; }
.wb-explorer .jupyter-widgets.widget-tab > .lm-TabBar .lm-TabBar-tab { flex: 0 1 auto;
  min-width: 0; }
.wb-explorer .chart text { font-size: 10px; fill: #333; }
.wb-explorer .chart .axis-title { font-size: 11px; font-weight: 600; fill: #222; }
.wb-explorer .wb-timeline-panel { overflow-x: auto; }
.wb-explorer .timeline-chart, .wb-explorer .heatmap { width: 680px; height: auto;
  background: #fff; border: 1px solid #ddd; }
.wb-explorer .chart-legend { list-style: none; display: flex; flex-wrap: wrap; gap: 2px 10px;
  padding: 0; margin: 2px 0 6px; font-size: 11px; }
.wb-explorer .chart-legend li { display: inline-flex; align-items: center; gap: 4px; }
.wb-explorer .swatch { display: inline-block; width: 11px; height: 11px; border: 1px solid #555; }
.wb-explorer .swatch.line { height: 0; width: 20px; border-width: 2px 0 0 0; border-style: solid; }
.wb-explorer .swatch.line.dashed { border-top-style: dashed; }
</style>"""


def css_class(value: str) -> str:
    """A CSS class name made from untrusted text (tests find widgets by it).

    Examples
    --------
    >>> css_class("needs review")
    'needs-review'
    >>> css_class('x" onclick="1')
    'x--onclick--1'
    """
    return _CLASS_UNSAFE.sub("-", value)


def ring_row_label(
    ring_id: str, ring_size: int, ring_score: float, line: str | None, decision: str | None
) -> str:
    """A ring's row in the list, as plain text on two lines: score, size, id and decision,
    then its one-line reason (cut to `ROW_REASON` characters).

    Examples
    --------
    >>> print(ring_row_label("R-1", 4, 82.25, "4 identities share a wallet", None))
     82.2 · 4 ids · R-1
    4 identities share a wallet
    >>> ring_row_label("R-1", 4, 82.25, None, "benign").splitlines()[0]
    ' 82.2 · 4 ids · R-1  [benign]'
    """
    head = f"{ring_score:5.1f} · {ring_size} ids · {ring_id}" + (
        f"  [{decision}]" if decision else ""
    )
    reason = line or ""
    if len(reason) > ROW_REASON:
        reason = reason[: ROW_REASON - 1] + "…"
    return f"{head}\n{reason}"


def hit_label(contractor_id: str, name: str | None, kind: str, match: str, ring: str | None) -> str:
    """A search hit's button text.

    Examples
    --------
    >>> hit_label("C1", "Ann", "phone", "exact", None)
    'C1 · Ann · phone (exact) · in no ring'
    """
    where = f"ring {ring}" if ring else "in no ring"
    return f"{contractor_id} · {name or '—'} · {kind} ({match}) · {where}"


def alert_line(threshold: float) -> str:
    """The divider drawn between the alerted rings and the others.

    Examples
    --------
    >>> alert_line(50.0)
    '<div class="wb-alert-line">▲ alerts: score 50 and above</div>'
    """
    return f'<div class="wb-alert-line">▲ alerts: score {threshold:g} and above</div>'


def frame_table(
    frame: pl.DataFrame, *, max_rows: int = 200, empty: str = "Nothing to show."
) -> str:
    """A polars frame as an escaped HTML table; list cells joined with ``; ``.

    Examples
    --------
    >>> table = frame_table(pl.DataFrame({"name": ["<b>x</b>"], "score": [1.5]}))
    >>> table.split("</tr>")[1]
    '<tr><td>&lt;b&gt;x&lt;/b&gt;</td><td>1.5</td>'
    """
    if frame.height == 0:
        return f'<p class="wb-muted">{text(empty)}</p>'
    shown = frame.head(max_rows)
    head = "".join(f"<th>{text(c)}</th>" for c in shown.columns)
    rows = "".join(
        "<tr>" + "".join(f"<td>{_cell(v)}</td>" for v in row) + "</tr>" for row in shown.iter_rows()
    )
    more = (
        f'<p class="wb-muted">{frame.height - max_rows} more rows not shown.</p>'
        if frame.height > max_rows
        else ""
    )
    return f'<table class="wb-table"><tr>{head}</tr>{rows}</table>{more}'


def bullet_list(items: Sequence[str], *, empty: str = "No reasons recorded.") -> str:
    """Escaped ``<ul>`` of text items.

    Examples
    --------
    >>> bullet_list(["a<b"])
    '<ul class="wb-list"><li>a&lt;b</li></ul>'
    """
    if not items:
        return f'<p class="wb-muted">{text(empty)}</p>'
    return '<ul class="wb-list">' + "".join(f"<li>{text(i)}</li>" for i in items) + "</ul>"


def selection_card(name: str, kind_label: str, rows: Sequence[Sequence[str]]) -> str:
    """The selected node: its name, kind and details as an escaped table.

    Examples
    --------
    >>> card = selection_card("<i>Ann</i>", "Contractor", [["risk", "91"]])
    >>> "&lt;i&gt;Ann&lt;/i&gt;" in card, "<td>91</td>" in card
    (True, True)
    >>> selection_card("", "", [])
    '<p class="wb-muted">Click a node of the graph to see it here.</p>'
    """
    if not name:
        return '<p class="wb-muted">Click a node of the graph to see it here.</p>'
    body = "".join(f"<tr><th>{text(key)}</th><td>{text(value)}</td></tr>" for key, value in rows)
    return (
        f'<h4>{text(name)} <span class="wb-muted">({text(kind_label)})</span></h4>'
        f'<table class="wb-table">{body}</table>'
    )


def timeline_panel(about: str, events: pl.DataFrame, heat: pl.DataFrame) -> str:
    """The timeline of some identities and their login heat map, under one heading.

    Examples
    --------
    >>> empty = pl.DataFrame(schema={"at": pl.Datetime("us", "UTC"), "contractor_id": pl.String,
    ...     "event": pl.String, "detail": pl.String, "related_id": pl.String})
    >>> heat = pl.DataFrame(schema={"weekday": pl.Int8, "hour": pl.Int8, "logins": pl.UInt32})
    >>> panel = timeline_panel("<x>", empty, heat)
    >>> "Timeline of &lt;x&gt;" in panel, "No dated events." in panel, "Hour of day (UTC)" in panel
    (True, True, True)
    """
    return (
        f'<div class="wb-timeline-panel"><h4>Timeline of {text(about)}</h4>'
        f"{render_timeline(events)}<h4>Logins by day and hour</h4>"
        f"{render_login_heatmap(heat)}</div>"
    )


def newcomer_banner(alerts: pl.DataFrame) -> str:
    """One warning line per confirmed or benign ring that new members joined (empty when none).

    Examples
    --------
    >>> alerts = pl.DataFrame({"ring_id": ["R-1"], "lineage_id": ["L-1"],
    ...     "disposition": ["confirmed"], "newcomers": [["c<9>"]]})
    >>> "confirmed ring: c&lt;9&gt; joined R-1 (L-1)" in newcomer_banner(alerts)
    True
    >>> newcomer_banner(alerts.clear())
    ''
    """
    read = ("ring_id", "lineage_id", "disposition", "newcomers")
    lines = "".join(
        f"<li>{NEWCOMER_ALERTS[decision]}: {text(', '.join(ids))} joined "
        f"{text(ring)} ({text(lineage)}); review it again.</li>"
        for ring, lineage, decision, ids in alerts.select(read).iter_rows()
    )
    return f'<div class="wb-newcomers"><ul>{lines}</ul></div>' if lines else ""


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, pl.Series):
        value = "; ".join(str(v) for v in value.to_list())
    elif isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    elif isinstance(value, float):
        value = f"{value:.2f}".rstrip("0").rstrip(".") if value % 1 else f"{value:.1f}"
    return text(value)


def since_last_run(changes: pl.DataFrame, previous_run: int | None) -> str:
    """The report's "Since last run" section, folded under a one-line summary.

    Examples
    --------
    >>> row = pl.DataFrame({"change": ["grown_ring"], "ring_id": ["R-1"], "lineage_id": ["L-1"],
    ...     "contractor_id": ["c<9>"], "evidence": ["c<9> joined: same wallet"]})
    >>> folded = since_last_run(row, 2)
    >>> folded.startswith('<details class="wb-since"><summary>Since run 2: 1 change')
    True
    >>> "c&lt;9&gt;" in folded, since_last_run(row.clear(), None)
    (True, '')
    """
    if previous_run is None:
        return ""
    heading = text(f"Since run {previous_run}: {summary(changes)}")
    return (
        f'<details class="wb-since"><summary>{heading}</summary>'
        f"{since_section(changes, previous_run)}</details>"
    )
