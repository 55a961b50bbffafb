"""Escaped HTML snippets the explorer's widgets show: tables, the graph iframe, row labels."""

from __future__ import annotations

import html
import re

import polars as pl

#: Height of the graph frame in CSS pixels: the ring pages' canvas plus their toolbar.
GRAPH_FRAME_HEIGHT = 640

_CLASS_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")

#: Styles for the explorer's own classes (trusted text, no case data).
STYLE = """<style>
.wb-explorer .wb-ring-row button, .wb-explorer button.wb-ring-row {
  text-align: left; font-family: monospace; white-space: pre; overflow: hidden;
  text-overflow: ellipsis; }
.wb-explorer table.wb-table { border-collapse: collapse; font-size: 12px; }
.wb-explorer table.wb-table th, .wb-explorer table.wb-table td {
  border-bottom: 1px solid #ddd; padding: 2px 6px; text-align: left; vertical-align: top; }
.wb-explorer .wb-muted { color: #666; }
</style>"""


def css_class(text: str) -> str:
    """A CSS class name made from untrusted text (tests find widgets by it).

    Examples
    --------
    >>> css_class("needs review")
    'needs-review'
    >>> css_class('x" onclick="1')
    'x--onclick--1'
    """
    return _CLASS_UNSAFE.sub("-", text)


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
        return f'<p class="wb-muted">{html.escape(empty)}</p>'
    shown = frame.head(max_rows)
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in shown.columns)
    rows = "".join(
        "<tr>" + "".join(f"<td>{_cell(v)}</td>" for v in row) + "</tr>" for row in shown.iter_rows()
    )
    more = (
        f'<p class="wb-muted">{frame.height - max_rows} more rows not shown.</p>'
        if frame.height > max_rows
        else ""
    )
    return f'<table class="wb-table"><tr>{head}</tr>{rows}</table>{more}'


def bullet_list(items: list[str], *, empty: str = "No reasons recorded.") -> str:
    """Escaped ``<ul>`` of text items.

    Examples
    --------
    >>> bullet_list(["a<b"])
    '<ul class="wb-list"><li>a&lt;b</li></ul>'
    """
    if not items:
        return f'<p class="wb-muted">{html.escape(empty)}</p>'
    return '<ul class="wb-list">' + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>"


def graph_frame(page: str | None, *, height: int = GRAPH_FRAME_HEIGHT) -> str:
    """Our self-contained graph page inside a sandboxed iframe (scripts only, opaque origin).

    Examples
    --------
    >>> frame = graph_frame('<p title="a">x</p>')
    >>> 'srcdoc="&lt;p title=&quot;a&quot;&gt;x&lt;/p&gt;"' in frame
    True
    >>> 'sandbox="allow-scripts"' in frame
    True
    >>> graph_frame(None)
    '<p class="wb-muted">Select a ring to see its graph.</p>'
    """
    if page is None:
        return '<p class="wb-muted">Select a ring to see its graph.</p>'
    return (
        f'<iframe class="wb-graph-frame" sandbox="allow-scripts" '
        f'style="width:100%;height:{int(height)}px;border:1px solid #ccc" '
        f'srcdoc="{html.escape(page, quote=True)}"></iframe>'
    )


def ring_row_label(ring_id: str, ring_size: int, ring_score: float, decision: str | None) -> str:
    """One line of the ranked table, in fixed-width columns.

    Examples
    --------
    >>> ring_row_label("r-1", 4, 82.25, None)
    ' 82.2    4  r-1'
    >>> ring_row_label("r-1", 4, 82.25, "benign")
    ' 82.2    4  r-1  [benign]'
    """
    label = f"{ring_score:5.1f}  {ring_size:>3}  {ring_id}"
    return f"{label}  [{decision}]" if decision else label


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, pl.Series):
        value = "; ".join(str(v) for v in value.to_list())
    elif isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    elif isinstance(value, float):
        value = f"{value:.2f}".rstrip("0").rstrip(".") if value % 1 else f"{value:.1f}"
    return html.escape(str(value))
