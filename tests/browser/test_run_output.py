"""A real run's HTML, on a case the project never generated, with attack strings planted.

The case comes from the independent writer in tests/foreign: a ring member's
name, e-mail and address carry script payloads. The report and that member's
ring page are opened from file:// with every other request blocked, and every
node is hovered and clicked.
"""

from __future__ import annotations

import polars as pl
import pytest

from tests.browser.test_browser_graph import NODE_COUNT_JS, NODE_SCREEN_POSITIONS_JS, wait_ready
from tests.foreign.foreign_case import XSS_IMG, write_foreign_case
from workbench.investigation import investigate
from workbench.output import write_html, write_tables

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("attacked")
    case = write_foreign_case(folder / "case", seed=11, people=600, attacks=True)
    inv = investigate(case.path)
    write_tables(inv, folder / "out")
    report = write_html(inv, folder / "out")
    target = case.attacked[0]
    ring_id = inv.members.filter(pl.col("contractor_id") == target)["ring_id"].item()
    return report, folder / "out" / "rings" / f"{ring_id}.html"


def test_report_makes_no_request_and_runs_nothing(site, visit):
    report, _ = site
    seen = visit(report)
    seen.page.wait_for_timeout(300)
    assert seen.blocked == []
    assert seen.page.evaluate("() => window.__pwned") is None


def test_attacked_ring_page_draws_and_shows_payloads_as_text(site, visit):
    _, ring = site
    seen = visit(ring)
    page = seen.page
    wait_ready(page)
    assert page.evaluate(NODE_COUNT_JS) >= 2
    for x, y in page.evaluate(NODE_SCREEN_POSITIONS_JS).values():
        page.mouse.move(x, y)
        page.wait_for_timeout(150)
        page.mouse.click(x, y)
    assert page.evaluate("() => window.__pwned") is None
    assert seen.blocked == []
    assert XSS_IMG in page.inner_text("#members")
