"""Open generated pages in headless chromium: offline, drawn, and never executing case strings."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.browser_cases import (
    PAYLOADS,
    big_ring,
    payload_graph,
    payload_timeline,
    write_payload_ring,
)
from workbench.views.html import render_document, render_graph_html
from workbench.views.report import render_report

pytestmark = pytest.mark.browser

NODE_COUNT_JS = "() => Object.keys(window.workbenchGraph.network.body.nodes).length"
# Counts canvas pixels that are neither transparent nor white.
INKED_PIXELS_JS = """() => {
  const canvas = document.querySelector('#graph canvas');
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let inked = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] > 0 && (data[i] < 240 || data[i + 1] < 240 || data[i + 2] < 240)) inked++;
  }
  return inked;
}"""
DIMMED_JS = (
    "() => window.workbenchGraph.nodes.get().filter(n => n.color.background === '#e4e4e4').length"
)
NODE_SCREEN_POSITIONS_JS = """() => {
  const net = window.workbenchGraph.network;
  const box = document.getElementById('graph').getBoundingClientRect();
  const out = {};
  for (const [id, p] of Object.entries(net.getPositions())) {
    const d = net.canvasToDOM(p);
    out[id] = [box.left + d.x, box.top + d.y];
  }
  return out;
}"""


def write_ring_site(folder: Path) -> tuple[Path, Path]:
    """Write report.html and rings/R1.html for the payload ring."""
    import polars as pl

    rings = pl.DataFrame(
        {
            "ring_id": ["R1"],
            "ring_size": [2],
            "ring_score": [88.0],
            "reasons": [f"{PAYLOADS['name']}; shared account"],
            "disposition": [PAYLOADS["email"]],
        }
    )
    report = folder / "report.html"
    report.write_text(
        render_report(rings, title=PAYLOADS["name"], run_info={"case": PAYLOADS["address"]}),
        encoding="utf-8",
    )
    ring = write_payload_ring(folder)
    return report, ring


def wait_ready(page) -> None:
    page.wait_for_function("() => window.__graphReady !== undefined", timeout=10_000)


def test_report_is_offline_and_shows_payloads_as_text(tmp_path, visit):
    report, _ = write_ring_site(tmp_path)
    seen = visit(report)
    page = seen.page
    page.wait_for_load_state("load")
    assert seen.blocked == []
    assert page.evaluate("() => window.__pwned") is None
    assert page.inner_text("h1") == PAYLOADS["name"]
    assert PAYLOADS["name"] in page.inner_text("#rings")
    page.click("#rings a")
    page.wait_for_load_state("load")
    assert page.url.endswith("/rings/R1.html")
    wait_ready(page)
    assert seen.blocked == []
    assert seen.console_errors == []


def test_ring_page_draws_and_never_executes_payloads_while_hovering(tmp_path, visit):
    _, ring = write_ring_site(tmp_path)
    seen = visit(ring)
    page = seen.page
    wait_ready(page)
    assert page.evaluate(NODE_COUNT_JS) == payload_graph().number_of_nodes()
    assert page.evaluate(INKED_PIXELS_JS) > 500
    tooltips = []
    for x, y in page.evaluate(NODE_SCREEN_POSITIONS_JS).values():
        page.mouse.move(x, y)
        page.wait_for_timeout(250)
        tooltips.append(
            page.evaluate(
                "() => { const t = document.querySelector('div.vis-tooltip');"
                " return t && t.style.visibility !== 'hidden' ? t.textContent : ''; }"
            )
        )
    selections = []
    for x, y in page.evaluate(NODE_SCREEN_POSITIONS_JS).values():
        page.mouse.click(x, y)
        selections.append(page.inner_text("#graph-selection"))
    assert page.evaluate("() => window.__pwned") is None
    assert PAYLOADS["name"] in "\n".join(selections)
    hovered = "\n".join(tooltips)
    assert PAYLOADS["name"] in hovered
    assert PAYLOADS["email"] in hovered
    assert PAYLOADS["address"] in hovered
    members = page.inner_text("#members")
    assert PAYLOADS["name"] in members
    assert '"><svg onload=window.__pwned=1>' in members
    assert PAYLOADS["email"] in page.inner_text("#evidence")
    assert page.locator("#members img, #evidence svg, #members svg").count() == 0
    assert seen.blocked == []
    assert seen.console_errors == []


def test_click_highlights_and_search_focuses(tmp_path, visit):
    path = tmp_path / "g.html"
    path.write_text(render_graph_html(payload_graph(), title="t"), encoding="utf-8")
    seen = visit(path)
    page = seen.page
    wait_ready(page)
    page.fill("#graph-search", "<!--")
    page.press("#graph-search", "Enter")
    assert page.evaluate("() => window.workbenchGraph.network.getSelectedNodes()") == ["n5"]
    assert PAYLOADS["comment"] in page.inner_text("#graph-selection")
    assert page.evaluate(DIMMED_JS) == 3  # x1 touches c1 and c2 only
    page.click("#graph-reset")
    assert page.inner_text("#graph-selection") == ""
    assert page.evaluate(DIMMED_JS) == 0
    assert page.evaluate("() => window.__pwned") is None


def test_300_node_ring_becomes_interactive(tmp_path, visit):
    """Timing is measured by benchmarks/html_bench.py, not asserted here."""
    path = tmp_path / "big.html"
    path.write_text(render_graph_html(big_ring(200), title="300 nodes"), encoding="utf-8")
    seen = visit(path)
    wait_ready(seen.page)
    assert seen.page.evaluate(NODE_COUNT_JS) == 300
    assert seen.blocked == []


def test_large_graph_shows_cap_note(tmp_path, visit):
    path = tmp_path / "huge.html"
    path.write_text(render_graph_html(big_ring(800), title="huge"), encoding="utf-8")
    seen = visit(path)
    wait_ready(seen.page)
    assert seen.page.inner_text("#graph-cap-note").startswith("Showing 1000 of 1200 nodes")
    assert seen.page.evaluate(NODE_COUNT_JS) == 1000


def test_csp_would_block_a_handler_that_escaped_escaping(tmp_path, visit):
    """Canary: if escaping ever failed, the policy blocks the handler and we see it logged."""
    path = tmp_path / "canary.html"
    path.write_text(
        render_document(title="canary", body='<img src="x" onerror="window.__pwned=1">'),
        encoding="utf-8",
    )
    seen = visit(path)
    seen.page.wait_for_load_state("load")
    seen.page.wait_for_timeout(200)
    assert seen.page.evaluate("() => window.__pwned") is None
    assert any("Content Security Policy" in message for message in seen.console_errors)


def test_timeline_and_heat_map_show_payloads_as_text_and_never_run(tmp_path, visit):
    _, ring = write_ring_site(tmp_path)
    seen = visit(ring)
    page = seen.page
    wait_ready(page)
    marks = page.locator("#timeline-chart g.event")
    assert marks.count() == payload_timeline().height
    for i in range(marks.count()):
        marks.nth(i).hover()
    for cell in page.locator("#login-heatmap rect.cell").all()[::24]:
        cell.hover()
    page.click("#timeline-events summary")
    events = page.inner_text("#timeline-events")
    for payload in (PAYLOADS["name"], PAYLOADS["email"], PAYLOADS["address"], PAYLOADS["comment"]):
        assert payload.replace("\u2028", "").replace("\u2029", "") in events.replace("\u2028", "")
    lanes = page.locator("#timeline-chart text.lane title").all_text_contents()
    assert PAYLOADS["name"] in lanes
    titles = " ".join(page.locator("#timeline-chart g.event title").all_text_contents())
    assert f"referred by {PAYLOADS['github']}" in titles
    assert page.evaluate("() => window.__pwned") is None
    injected = "#timeline img, #timeline script, #timeline foreignObject, #login-heatmap img"
    assert page.locator(injected).count() == 0
    assert page.locator("#timeline svg[onload], #timeline [onerror]").count() == 0
    assert seen.blocked == [] and seen.console_errors == []


def test_kinds_named_like_javascript_builtins_are_drawn(tmp_path, visit):
    # A kind is case data: "constructor" or "__proto__" must not read a built-in property.
    import networkx as nx

    graph = nx.MultiGraph()
    graph.add_node("c1", kind="contractor", label="Ann", risk=50.0)
    graph.add_node("c2", kind="contractor", label="Bo", risk=50.0)
    for kind in ("constructor", "__proto__", "toString"):
        graph.add_node(kind, kind=kind, label=f"{kind} value")
        for person in ("c1", "c2"):
            graph.add_edge(person, kind, kind=kind, weight=0.5, evidence="shared")
    path = tmp_path / "builtins.html"
    path.write_text(render_graph_html(graph, title="t"), encoding="utf-8")
    seen = visit(path)
    wait_ready(seen.page)
    assert seen.page.evaluate(NODE_COUNT_JS) == 5
