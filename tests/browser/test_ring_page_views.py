"""The wallet ring's page of the sample case, as a run writes it, opened in chromium.

Shared values are nodes, link kinds and the person view switch in the page,
evidence is one row per shared value and the score bar adds up. Payloads are
planted in a member's name and in a value two members share, so they reach
node labels, tooltips, the members and the evidence tables; none may run, and
no request may leave the machine.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
import pytest

from tests.browser.browser_cases import plant_payloads
from tests.browser.test_browser_graph import NODE_SCREEN_POSITIONS_JS, wait_ready
from tests.conftest import SAMPLE_CASE, WALLET_RING_MEMBER
from tests.foreign.foreign_case import XSS_IMG, XSS_SCRIPT
from workbench.investigation import investigate
from workbench.output import write_html

pytestmark = pytest.mark.browser

#: Two members of the sample case's wallet ring, one renamed to a payload.
NAMED, OTHER = WALLET_RING_MEMBER, "C000734"

#: The shared values the test looks for, and their names in the page.
KIND_LABELS = {"payment_account": "Payment account", "address": "Address"}

GRAPH_DATA_JS = "() => JSON.parse(document.getElementById('graph-data').textContent)"
DRAWN_NODES_JS = "() => Object.keys(window.workbenchGraph.network.body.nodes)"
TOOLTIP_JS = "() => document.querySelector('div.vis-tooltip')?.textContent"
DRAWN_EDGES_JS = "() => window.workbenchGraph.edges.get().map(e => [e.from, e.to, e.kind])"


@pytest.fixture(scope="module")
def top_ring(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sample")
    case = Path(shutil.copytree(SAMPLE_CASE, folder / "case"))
    plant_payloads(case, renamed=NAMED, name="EUNJI LIM", badge_holders=(NAMED, OTHER))
    inv = investigate(case)
    write_html(inv, folder / "out")
    ring = inv.ring(inv.scored.filter(pl.col("contractor_id") == NAMED)["ring_id"].item())
    assert {NAMED, OTHER} <= set(ring.member_ids)
    return ring, folder / "out" / "rings" / f"{ring.ring_id}.html"


def drawn(page) -> tuple[list[dict], list[list[str]]]:
    """The nodes (from the page's data) and edges (from, to, kind) the network holds now."""
    ids = set(page.evaluate(DRAWN_NODES_JS))
    nodes = [n for n in page.evaluate(GRAPH_DATA_JS)["nodes"] if n["id"] in ids]
    return nodes, page.evaluate(DRAWN_EDGES_JS)


def test_shared_values_are_nodes_and_link_kinds_and_views_switch(top_ring, visit):
    ring, path = top_ring
    seen = visit(path)
    page = seen.page
    wait_ready(page)
    nodes, edges = drawn(page)
    shared = ring.shared_values.filter(pl.col("kind").is_in(["payment_account", "address"]))
    labels = {n["label"]: n["kind"] for n in nodes}
    for kind, written in shared.select("kind", "written").iter_rows():
        assert labels[written[0]["text"]] == KIND_LABELS[kind]  # named as its holders wrote it
    assert sum(n["person"] for n in nodes) == ring.members.height
    people = {n["id"] for n in nodes if n["person"]}

    address_links = [e for e in edges if e[2] == "Shared address"]
    assert len(address_links) == ring.members.height  # every member to the one address
    page.uncheck(".edge-toggle[value='Shared address']")
    hidden_nodes, hidden_edges = drawn(page)
    assert [e for e in hidden_edges if e[2] == "Shared address"] == []
    assert "Address" not in {n["kind"] for n in hidden_nodes}
    assert len(hidden_edges) == len(edges) - len(address_links)
    page.check(".edge-toggle[value='Shared address']")
    assert len(drawn(page)[1]) == len(edges)

    page.click("button.graph-view:has-text('People')")
    person_nodes, person_edges = drawn(page)
    assert {n["id"] for n in person_nodes} == people
    assert person_edges and all({a, b} <= people for a, b, _ in person_edges)
    assert len(person_edges) == ring.graph().number_of_edges()
    assert page.get_attribute("button.graph-view:has-text('People')", "aria-pressed") == "true"
    page.click("button.graph-view:has-text('Shared values')")
    assert len(drawn(page)[0]) == len(nodes)
    assert seen.blocked == [] and seen.console_errors == []


def test_evidence_is_one_row_per_shared_value_and_the_score_bar_adds_up(top_ring, visit):
    ring, path = top_ring
    seen = visit(path)
    page = seen.page
    wait_ready(page)
    rows = page.locator("#evidence tbody tr")
    assert rows.count() == ring.shared_values.height < ring.ties.height
    values = [rows.nth(i).locator("td").nth(1).inner_text() for i in range(rows.count())]
    assert len(set(values)) == len(values)
    assert XSS_SCRIPT in page.inner_text("#evidence")  # both spellings, as text
    assert XSS_SCRIPT.upper() in page.inner_text("#evidence")

    parts = page.evaluate(
        "() => [...document.querySelectorAll('#score-breakdown .score-part')].map("
        "p => [Number(p.dataset.points), p.getBoundingClientRect().width])"
    )
    bar = page.evaluate("() => document.querySelector('#score-breakdown .score-bar').clientWidth")
    assert len(parts) == 2
    assert sum(points for points, _ in parts) == pytest.approx(ring.score, abs=0.05)
    assert sum(width for _, width in parts) == pytest.approx(bar * ring.score / 100, abs=2)
    assert page.inner_text("#score-total") == f"{ring.score:.1f}"
    assert float(page.inner_text("#score-ties")) == pytest.approx(ring.tie_score)
    assert seen.blocked == [] and seen.console_errors == []


def test_planted_payloads_show_as_text_and_never_run(top_ring, visit):
    _, path = top_ring
    seen = visit(path)
    page = seen.page
    wait_ready(page)
    tooltips = []
    for view in ("Shared values", "People"):
        page.click(f"button.graph-view:has-text('{view}')")
        for x, y in page.evaluate(NODE_SCREEN_POSITIONS_JS).values():
            page.mouse.move(x, y)
            page.wait_for_timeout(120)
            tooltips.append(page.evaluate(TOOLTIP_JS))
            page.mouse.click(x, y)
    assert page.evaluate("() => window.__pwned") is None
    hovered = "\n".join(t or "" for t in tooltips)
    assert XSS_IMG in hovered and XSS_SCRIPT.lower() in hovered
    assert XSS_IMG in page.inner_text("#members")
    assert page.locator("#members img, #evidence script, #graph-selection img").count() == 0
    assert seen.blocked == []
    assert seen.console_errors == []
