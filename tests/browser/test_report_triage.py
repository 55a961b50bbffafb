"""The sample case's report.html, as a run writes it, triaged in chromium.

The alert band ranks rings and lone identities together; a header click sorts
a table; the search box filters by a contractor id, a wallet and a phone.
Payloads are planted in a lone identity's name and in a value two members of
the top ring share, so they reach the band, the tables and the text the search
reads; none may run, and no request may leave the machine.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import polars as pl
import pytest

from tests.browser.browser_cases import plant_payloads, save_screenshot, screenshot_path
from tests.conftest import SAMPLE_CASE, WALLET_RING_MEMBER
from tests.foreign.foreign_case import XSS_IMG, XSS_SCRIPT
from workbench.investigation import investigate
from workbench.output import write_html

pytestmark = pytest.mark.browser

#: The README's picture of the report (`make screenshots` refreshes it).
SCREENSHOT = screenshot_path("report.png")

#: A lone identity at risk, renamed to a payload; two members of the wallet ring.
LONER, MEMBER, OTHER = "C000524", WALLET_RING_MEMBER, "C000734"

VISIBLE_JS = """(selector) => [...document.querySelectorAll(selector)]
  .filter(e => !e.hidden).map(e => e.textContent)"""
BAND_JS = """() => [...document.querySelectorAll('#alerts > li')].map(li => [
  li.querySelector('.band-id').textContent,
  parseFloat(li.querySelector('.band-score').textContent)])"""
COLUMN_JS = """([table, column]) => [...document.querySelectorAll(`#${table} > tbody > tr`)]
  .filter(tr => !tr.hidden).map(tr => tr.cells[column].textContent.trim())"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("triage")
    case = Path(shutil.copytree(SAMPLE_CASE, folder / "case"))
    plant_payloads(case, renamed=LONER, name="Aoi Suzuki", badge_holders=(MEMBER, OTHER))
    inv = investigate(case)
    return inv, write_html(inv, folder / "out")


@pytest.fixture
def report(site, visit):
    inv, path = site
    seen = visit(path)
    seen.page.wait_for_function("() => window.__reportReady === true", timeout=10_000)
    yield inv, seen
    assert seen.page.evaluate("() => window.__pwned") is None
    assert seen.blocked == []
    assert seen.console_errors == []


def expected_band(inv) -> list[tuple[str, float]]:
    """Alerted rings and lone identities by score, as the band must list them."""
    threshold = inv.settings.alert_threshold
    rings = inv.ring_scores.select(kind=pl.lit("ring"), id="ring_id", score="ring_score")
    loners = inv.loners_at_risk.unique("contractor_id").select(
        kind=pl.lit("identity"), id="contractor_id", score="risk_score"
    )
    ranked = (
        pl.concat([rings, loners])
        .filter(pl.col("score") >= threshold)
        .sort(["score", "kind", "id"], descending=[True, False, False])
    )
    return ranked.select("id", "score").rows()


def search(page, query: str) -> dict[str, list[str]]:
    """Type into the search box; the visible band items and rows of each table."""
    page.fill("#report-search", query)
    return {
        "band": page.evaluate(VISIBLE_JS, "#alerts > li"),
        "rings": page.evaluate(VISIBLE_JS, "#rings > tbody > tr"),
        "loners": page.evaluate(VISIBLE_JS, "#loner-table > tbody > tr"),
    }


def test_the_band_ranks_rings_and_lone_identities_by_score(report):
    inv, seen = report
    band = seen.page.evaluate(BAND_JS)
    assert [tuple(item) for item in band] == expected_band(inv)[: len(band)]
    ids = [name for name, _ in band]
    assert LONER in ids and ids[0] == inv.ring_scores["ring_id"][0]


def test_a_header_click_sorts_the_rings_by_score(report):
    inv, seen = report
    page = seen.page
    score = ("rings", 2)
    page.click("#rings th:nth-child(6) button")  # by size first, to leave score order
    assert page.evaluate(COLUMN_JS, ["rings", 5]) == sorted(
        page.evaluate(COLUMN_JS, ["rings", 5]), key=int, reverse=True
    )
    page.click("#rings th:nth-child(3) button")
    descending = [float(s) for s in page.evaluate(COLUMN_JS, list(score))]
    assert descending == sorted(inv.ring_scores["ring_score"].to_list(), reverse=True)
    assert page.get_attribute("#rings th:nth-child(3)", "aria-sort") == "descending"
    page.click("#rings th:nth-child(3) button")
    assert [float(s) for s in page.evaluate(COLUMN_JS, list(score))] == sorted(descending)


def wallet_ring(inv) -> str:
    return inv.scored.filter(pl.col("contractor_id") == MEMBER)["ring_id"].item()


def test_the_search_filters_by_a_contractor_id(report):
    inv, seen = report
    top = wallet_ring(inv)
    shown = search(seen.page, OTHER)
    assert len(shown["rings"]) == 1 and top in shown["rings"][0]
    assert len(shown["band"]) == 1 and top in shown["band"][0]
    assert shown["loners"] == []
    shown = search(seen.page, LONER)
    assert len(shown["loners"]) == 1 and XSS_IMG in shown["loners"][0]
    assert shown["rings"] == [] and len(shown["band"]) == 1
    assert seen.page.is_visible(f"#loner-table tr:has-text('{LONER}') code")


def test_the_search_filters_by_a_wallet_and_by_a_phone(report):
    inv, seen = report
    top = inv.ring(wallet_ring(inv))
    wallets = top.shared_values.filter(pl.col("value").str.starts_with("crypto:"))
    wallet = wallets["written"][0][0]["text"]
    shown = search(seen.page, wallet.lower())
    assert len(shown["rings"]) == 1 and top.ring_id in shown["rings"][0]
    assert seen.page.is_visible(f"#rings li:has-text('{wallet}')")  # the match is unfolded
    voip = inv.loners_at_risk.filter(pl.col("code") == "VOIP_PHONE")
    holder, evidence = voip.select("contractor_id", "evidence").row(0)
    phone = re.search(r"\+\d+", evidence).group(0)
    shown = search(seen.page, phone)
    assert len(shown["loners"]) == 1 and holder in shown["loners"][0]
    assert shown["rings"] == []
    assert len(search(seen.page, "")["rings"]) == inv.ring_scores.height


def test_planted_payloads_show_as_text_and_never_run(report):
    _, seen = report
    page = seen.page
    assert XSS_IMG in page.inner_text("#alerts")
    shown = search(page, "window.__pwned")
    assert any(XSS_SCRIPT in row or XSS_SCRIPT.upper() in row for row in shown["rings"])
    search(page, "")
    page.click("#report-alerts-only")
    scores = [float(s) for s in page.evaluate(COLUMN_JS, ["rings", 2])]
    assert scores and min(scores) >= 50


def test_the_report_of_the_sample_case_is_kept_as_a_screenshot(tmp_path, visit):
    """The README shows the report as an analyst first sees it: the sample case, unplanted."""
    case = Path(
        shutil.copytree(SAMPLE_CASE, tmp_path / "case", ignore=shutil.ignore_patterns(".*"))
    )
    seen = visit(write_html(investigate(case), tmp_path / "out"))
    page = seen.page
    page.set_viewport_size({"width": 1400, "height": 900})
    page.wait_for_function("() => window.__reportReady === true", timeout=10_000)
    assert page.is_visible("#alerts > li") and seen.blocked == []
    save_screenshot(page.screenshot(), SCREENSHOT)
    assert SCREENSHOT.stat().st_size > 10_000
