"""The explorer's loop in a real JupyterLab, through Debian's chromium at 1400 × 900.

JupyterLab serves a copy of the notebooks and of the sample case in which a
member of the top ring sharing an address is renamed to a script payload and shares a "badge"
whose value is one too. The test runs ``02_explore_rings.ipynb`` and works as
an analyst: the ring list, graph and details fit the screen; it searches a
phone written another way, an address written another way and a contractor id
in no ring; clicks a node of the graph, expands it, switches a kind of tie
off, opens the timeline and records a decision. No request may leave the
machine and no payload may run. A screenshot is kept in
``test-artifacts/explorer.png``; ``make screenshots`` runs the test with
``WORKBENCH_REFRESH_DOCS=1``, which writes it to ``docs/img/explorer.png`` instead.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import pytest

from tests.browser import test_jupyterlab as jupyterlab
from tests.browser.browser_cases import (
    plant_payloads,
    ring_of,
    save_screenshot,
    screenshot_path,
    top_ring_sharing,
)
from tests.conftest import SAMPLE_CASE
from tests.foreign.foreign_case import XSS_IMG
from workbench.explorer.state import ExplorerModel
from workbench.investigation import investigate

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("jupyterlab")]

#: JupyterLab on 127.0.0.1 over a copy of notebooks/ and the sample case (shared fixture).
lab = jupyterlab.lab

SCREENSHOT = screenshot_path("explorer.png")
VIEWPORT = {"width": 1400, "height": 900}
NOTE = "one operator: same wallet"
#: Where a node of the graph is on the screen, through the network the widget keeps on its element.
NODE_ON_SCREEN_JS = """([root, id]) => {
  const network = root.wbNetwork;
  const spot = network.canvasToDOM(network.getPosition(id));
  const box = root.querySelector("canvas").getBoundingClientRect();
  return [box.left + spot.x, box.top + spot.y];
}"""
POSITION_JS = "([root, id]) => root.wbNetwork.getPosition(id)"
NODE_IDS_JS = "(root) => root.wbNetwork.body.data.nodes.getIds()"
EDGE_KINDS_JS = "(root) => root.wbNetwork.body.data.edges.get().map((e) => e.title.textContent)"


@dataclass(frozen=True)
class Plan:
    """What the test looks for, worked out in Python on the same planted case."""

    ring_id: str
    renamed: str
    expandable: str
    bystander: str
    phone: str
    phone_holder: str
    address: str
    loner: str


def _plan(case: Path) -> Plan:
    """Plant the payloads in ``case`` and find, on the planted case, what to search and expand."""
    first = investigate(SAMPLE_CASE)
    top = first.ring(top_ring_sharing(first, "address"))
    renamed, other = top.member_ids[0], top.member_ids[1]
    name = top.members.filter(pl.col("contractor_id") == renamed)["full_name"].item()
    plant_payloads(case, renamed=renamed, name=name, badge_holders=(renamed, other))
    inv = investigate(case)
    model = ExplorerModel(inv)
    ring_id = ring_of(inv, renamed)
    nodes = sorted(model.open_ring(ring_id).canvas.graph)
    expandable = next(
        (
            n
            for n in nodes
            if n.startswith("contractor:") and model.open_ring(ring_id).expand(n).rings
        ),
        None,
    )
    assert expandable, "some member of the ring is tied to another ring"
    # A phone one identity holds, written with dashes: searched with spaces instead.
    phones = inv.observations.filter(pl.col("kind") == "phone")
    alone = phones.filter(pl.col("contractor_id").n_unique().over("value") == 1)
    holder, raw = (
        alone.filter(pl.col("raw").str.contains("-"))
        .sort("contractor_id")
        .select("contractor_id", "raw")
        .row(0)
    )
    shared = inv.ring(ring_id).shared_values.filter(pl.col("kind") == "address")
    loners = inv.scored.filter(pl.col("ring_id").is_null()).sort("risk_score", descending=True)
    return Plan(
        ring_id=ring_id,
        renamed=renamed,
        expandable=expandable,
        bystander=next(n for n in nodes if n != expandable),
        phone=raw.replace("-", " "),
        phone_holder=holder,
        # The shared address as one member wrote it, in lower case and without commas.
        address=shared["written"][0][0]["text"].lower().replace(",", ""),
        loner=loners["contractor_id"][0],
    )


@pytest.fixture
def plan(lab: jupyterlab.Lab) -> Plan:
    case = lab.root / "sample_data" / "demo_case"
    shutil.rmtree(case / ".workbench", ignore_errors=True)
    return _plan(case)


@pytest.fixture
def page(lab: jupyterlab.Lab, browser) -> Iterator[object]:
    """A 1400 × 900 page that may only reach the lab; every other request is recorded."""
    with jupyterlab.lab_page(lab, browser, viewport=VIEWPORT, artifact="explorer-loop.png") as tab:
        yield tab


def _graph(page):
    return page.locator(".wb-graph")


def _drawn(page, nodes_at_least: int = 2) -> int:
    """Wait until the graph has drawn at least that many nodes; return how many it holds."""
    page.wait_for_function(
        "(n) => { const g = document.querySelector('.wb-graph');"
        " return g && g.dataset.drawn && Number(g.dataset.nodes) >= n; }",
        arg=nodes_at_least,
    )
    return int(_graph(page).get_attribute("data-nodes"))


def _wait_text(page, selector: str, text: str) -> None:
    """Wait until the element's text holds ``text`` (any characters, payloads included)."""
    page.wait_for_function(
        "([selector, text]) => document.querySelector(selector).innerText.includes(text)",
        arg=[selector, text],
    )


def _search(page, query: str) -> None:
    box = page.locator(".wb-search input")
    box.fill(query)
    box.press("Enter")


def _click_node(page, node: str) -> None:
    root = _graph(page).element_handle()
    x, y = page.evaluate(NODE_ON_SCREEN_JS, [root, node])
    page.mouse.click(x, y)
    page.wait_for_function(
        "(id) => document.querySelector('.wb-graph').dataset.selected === id", arg=node
    )


def _clear_view(page) -> None:
    """Move the pointer to an empty corner of the graph and away (no tooltip left), and
    dismiss JupyterLab's news prompt."""
    box = page.locator(".wb-graph canvas").bounding_box()
    page.mouse.move(box["x"] + 3, box["y"] + box["height"] - 3)
    page.mouse.move(5, VIEWPORT["height"] - 5)
    prompt = page.locator(".jp-toast-button", has_text="No")
    if prompt.count():
        prompt.first.click()
        page.wait_for_selector(".jp-toast-button", state="detached")


def _inside_viewport(page, selector: str) -> None:
    box = page.locator(selector).bounding_box()
    assert box is not None, f"{selector} is not drawn"
    assert box["x"] >= 0 and box["y"] >= 0, f"{selector} starts off screen: {box}"
    assert box["x"] + box["width"] <= VIEWPORT["width"], f"{selector} is cut on the right: {box}"
    assert box["y"] + box["height"] <= VIEWPORT["height"], f"{selector} is below the fold: {box}"


def test_the_explorer_loop_in_jupyterlab(lab: jupyterlab.Lab, plan: Plan, page) -> None:
    page.goto(f"{lab.url}/lab/tree/notebooks/02_explore_rings.ipynb?token={lab.token}")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=jupyterlab.STARTUP_SECONDS * 1000)
    # An analyst closes the file browser to give the explorer the screen's width.
    page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current").click()
    jupyterlab._restart_and_run_all(page)
    page.locator(".wb-ring-row").first.wait_for()
    jupyterlab._wait_idle(page)

    # Layout: the ring list (alerts marked, with reasons), the graph and the details fit at once.
    page.locator(".wb-explorer").evaluate("(e) => e.scrollIntoView({block: 'start'})")
    for column in (".wb-rings-column", ".wb-graph-column", ".wb-details-column"):
        _inside_viewport(page, column)
    top_row = page.locator(".wb-ring-row").first
    assert "wb-alert" in top_row.get_attribute("class")
    assert "identities" in top_row.inner_text()
    assert page.locator(".wb-alert-line").count() == 1

    # Click a ring: its members and shared values are drawn.
    page.locator(f".wb-ring-row[title='{plan.ring_id}']").click()
    before = _drawn(page)
    _wait_text(page, ".wb-graph-title", plan.ring_id)
    assert any(
        node.startswith("address:")
        for node in page.evaluate(NODE_IDS_JS, _graph(page).element_handle())
    )

    # Click a node: it is selected and shown in the details, its payload name as text.
    _click_node(page, f"contractor:{plan.renamed}")
    _wait_text(page, ".wb-details", XSS_IMG)

    # Expand a node: its neighbours are added, what was there stays, other rings are named.
    _click_node(page, plan.expandable)
    root = _graph(page).element_handle()
    place = page.evaluate(POSITION_JS, [root, plan.bystander])
    page.locator(".wb-expand").click()
    page.wait_for_selector(".wb-status:has-text('expansion reached')")
    assert _drawn(page, before + 1) > before
    assert page.evaluate(POSITION_JS, [root, plan.bystander]) == place

    # Switch a kind of tie off: its ties and values leave the graph, the ring list stays.
    edges = int(_graph(page).get_attribute("data-edges"))
    rows = page.locator(".wb-ring-row").count()
    page.locator(".wb-kind-address input").uncheck()
    page.wait_for_function(
        "(n) => Number(document.querySelector('.wb-graph').dataset.edges) < n", arg=edges
    )
    assert not any(node.startswith("address:") for node in page.evaluate(NODE_IDS_JS, root))
    assert not any("address" in kind.lower() for kind in page.evaluate(EDGE_KINDS_JS, root))
    assert page.locator(".wb-ring-row").count() == rows
    page.locator(".wb-kind-address input").check()

    # Open the timeline of the selection: a dated chart and a heat map with axes.
    page.locator(".wb-details-column .lm-TabBar-tab", has_text="Timeline").click()
    page.wait_for_selector(".wb-timeline svg.timeline-chart")
    assert "Date (UTC)" in page.locator(".wb-timeline").inner_text()
    assert "Hour of day (UTC)" in page.locator(".wb-timeline").inner_text()
    _clear_view(page)
    save_screenshot(page.screenshot(), SCREENSHOT)

    # Search a phone written another way: its holder is opened and selected.
    _search(page, plan.phone)
    page.wait_for_function(
        "(id) => document.querySelector('.wb-graph').dataset.selected === id",
        arg=f"contractor:{plan.phone_holder}",
    )
    _wait_text(page, ".wb-hits", plan.phone_holder)

    # Search an address written another way: the ring sharing it is found.
    _search(page, plan.address)
    page.wait_for_selector(f".wb-hits:has-text('{plan.ring_id}')")

    # Search a contractor id in no ring: its own profile and neighbourhood are shown.
    _search(page, plan.loner)
    page.wait_for_selector(".wb-graph-title:has-text('in no ring')")
    page.locator(".wb-details-column .lm-TabBar-tab", has_text="Selected").click()
    _wait_text(page, ".wb-details", plan.loner)
    assert _drawn(page, 1) >= 1

    # Decide on the top ring: "Saved" once the log holds it.
    page.locator(".wb-ring-row").first.click()
    page.locator(".wb-note textarea").fill(NOTE)
    page.locator(".wb-decide-confirmed").click()
    page.wait_for_selector(".wb-saved:has-text('Saved')")
    decisions = lab.root / "sample_data" / "demo_case" / ".workbench" / "decisions.jsonl"
    assert NOTE in decisions.read_text(encoding="utf-8")

    # No payload ran: no injected element, no flag set by a script.
    assert page.evaluate("() => window.__pwned") is None
    assert page.locator(".wb-explorer img[src='x']").count() == 0
