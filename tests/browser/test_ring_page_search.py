"""The sample case's top ring page in chromium: search anything on it, read its timeline.

The page's search finds a member's phone written in another format, the
shared address written in another way and a contractor id; the timeline and
the login heat map are drawn with their axes. Payloads are planted in a
member's name, in a value two members share and in a shipment (asset tag and
address), so they reach the graph, the timeline's lanes, marks and table;
none may run, and no request may leave the machine.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import polars as pl
import pytest

from tests.browser.browser_cases import plant_payloads, ring_of, top_ring_sharing
from tests.browser.test_browser_graph import wait_ready
from tests.conftest import SAMPLE_CASE
from tests.foreign.foreign_case import XSS_IMG, XSS_SCRIPT
from workbench.investigation import investigate
from workbench.normalize.address import ABBREVIATIONS
from workbench.output import write_html

pytestmark = pytest.mark.browser

GRAPH_DATA_JS = "() => JSON.parse(document.getElementById('graph-data').textContent)"
SELECTED_JS = "() => window.workbenchGraph.network.getSelectedNodes()"
#: Short words of an address written out in full ("Dr" → "DRIVE"), the first full word of each.
SPELLED_OUT = {short: full for full, short in reversed(list(ABBREVIATIONS.items()))}


@pytest.fixture(scope="module")
def address_ring(tmp_path_factory):
    """The top ring sharing an address, in a copy of the sample case with payloads planted in
    two of its members."""
    first = investigate(SAMPLE_CASE)
    top = first.ring(top_ring_sharing(first, "address"))
    named, other = top.member_ids[0], top.member_ids[1]
    name = top.members.filter(pl.col("contractor_id") == named)["full_name"].item()
    folder = tmp_path_factory.mktemp("sample")
    case = Path(shutil.copytree(SAMPLE_CASE, folder / "case"))
    plant_payloads(case, renamed=named, name=name, badge_holders=(named, other))
    with (case / "shipments.csv").open("a", encoding="utf-8") as shipments:
        shipments.write(f'{named},2024-03-03,{XSS_IMG},"{XSS_SCRIPT}",\n')
    inv = investigate(case)
    write_html(inv, folder / "out")
    ring = inv.ring(ring_of(inv, named))
    assert other in ring.member_ids
    return ring, folder / "out" / "rings" / f"{ring.ring_id}.html"


def find(page, query: str) -> dict:
    """Type ``query`` into the page's search and return the node it selected."""
    page.fill("#graph-search", query)
    page.press("#graph-search", "Enter")
    selected = page.evaluate(SELECTED_JS)
    assert len(selected) == 1, f"nothing found for {query!r}: {page.inner_text('#graph-status')}"
    return next(n for n in page.evaluate(GRAPH_DATA_JS)["nodes"] if n["id"] == selected[0])


def holds(node: dict, contractor_id: str) -> bool:
    """Whether ``node`` is the identity ``contractor_id`` (its id is one of its rows)."""
    return node["person"] and contractor_id in {value for _, value in node["rows"]}


def other_format(e164: str) -> str:
    """A North American number in E.164 written as people do: "+1 905.934.1096"."""
    national = e164.removeprefix("+1")
    return f"+1 {national[:3]}.{national[3:6]}.{national[6:]}"


def spelled_out(address: str) -> str:
    """An address in capitals without commas, its short words written out in full."""
    words = re.sub(r"[,.]", " ", address).split()
    return " ".join(SPELLED_OUT.get(w.lower(), w).upper() for w in words)


def test_search_finds_a_phone_in_another_format_an_address_and_a_contractor_id(address_ring, visit):
    ring, path = address_ring
    seen = visit(path)
    page = seen.page
    wait_ready(page)
    phones = ring.sightings.filter(
        (pl.col("kind") == "phone") & pl.col("value").str.starts_with("+1")
    )
    holder, written, e164 = phones.select("contractor_id", "raw", "value").row(0)
    assert other_format(e164) != written
    assert holds(find(page, other_format(e164)), holder)

    shared = ring.shared_values.filter(pl.col("kind") == "address").row(0, named=True)
    query = spelled_out(shared["written"][0]["text"])
    assert query not in {w["text"] for w in shared["written"]}
    address = find(page, query)
    assert address["kind"] == "Address" and ["value", shared["value"]] in address["rows"]

    for member in ring.member_ids:
        assert holds(find(page, member), member)
    page.fill("#graph-search", "no such thing anywhere")
    page.press("#graph-search", "Enter")
    assert page.inner_text("#graph-status") == "No node matches in this view."
    assert page.evaluate("() => window.__pwned") is None
    assert seen.blocked == [] and seen.console_errors == []


def test_the_timeline_and_heat_map_are_drawn_with_axes(address_ring, visit):
    ring, path = address_ring
    seen = visit(path)
    page = seen.page
    wait_ready(page)
    chart = page.locator("#timeline-chart")
    assert chart.is_visible() and chart.bounding_box()["height"] > 100
    assert page.locator("#timeline-chart g.event").count() == ring.timeline.height
    lanes = page.locator("#timeline-chart text.lane title").all_text_contents()
    assert sorted(lanes) == sorted(ring.member_ids)
    ticks = page.locator("#timeline-chart text.tick").all_text_contents()
    assert len(ticks) >= 2 and all(re.fullmatch(r"\d{4}(-\d{2}){0,2}", t) for t in ticks)
    titles = page.locator("#timeline-chart text.axis-title").all_text_contents()
    assert titles == ["Date (UTC)", "Identity"]

    heatmap = page.locator("#login-heatmap svg")
    assert heatmap.is_visible()
    assert page.locator("#login-heatmap rect.cell").count() == 7 * 24
    counted = page.evaluate(
        "() => [...document.querySelectorAll('#login-heatmap rect.cell')]"
        ".reduce((sum, cell) => sum + Number(cell.dataset.logins), 0)"
    )
    assert counted == ring.login_heat["logins"].sum() > 0
    axis = page.locator("#login-heatmap text.axis-title").all_text_contents()
    assert axis == ["Hour of day (UTC)", "Day of week"]
    assert seen.blocked == [] and seen.console_errors == []


def test_planted_payloads_in_the_timeline_show_as_text_and_never_run(address_ring, visit):
    _, path = address_ring
    seen = visit(path)
    page = seen.page
    wait_ready(page)
    marks = page.locator("#timeline-chart g.event")
    for i in range(marks.count()):
        marks.nth(i).hover(force=True)
    page.click("#timeline-events summary")
    events = page.inner_text("#timeline-events")
    assert f"{XSS_IMG} to {XSS_SCRIPT}" in events  # the planted shipment, as text
    titles = " ".join(page.locator("#timeline-chart g.event title").all_text_contents())
    assert XSS_IMG in titles
    assert page.evaluate("() => window.__pwned") is None
    assert page.locator("#timeline img, #timeline script, #timeline-events img").count() == 0
    assert seen.blocked == [] and seen.console_errors == []
