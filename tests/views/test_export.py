"""The output folder's HTML: every ring page carries its members' red flags and evidence."""

from __future__ import annotations

import html

import polars as pl
import pytest

from workbench.investigation import investigate
from workbench.views.export import ring_page, write_html


@pytest.fixture(scope="module")
def inv():
    return investigate("sample_data/demo_case")


def test_every_flag_of_a_member_appears_with_its_evidence(inv):
    ring_id = inv.ring_scores["ring_id"][0]
    page = ring_page(inv, ring_id)
    members = inv.members.filter(pl.col("ring_id") == ring_id)["contractor_id"].implode()
    flags = inv.flags.filter(pl.col("contractor_id").is_in(members))
    assert flags.height > 0
    for code, evidence in flags.select("code", "evidence").iter_rows():
        assert code in page and html.escape(evidence, quote=True) in page


def test_report_links_every_ring_page_and_same_input_gives_same_bytes(inv, tmp_path):
    first = write_html(inv, tmp_path / "one").read_bytes()
    second = write_html(investigate("sample_data/demo_case"), tmp_path / "two").read_bytes()
    assert first == second
    for ring_id in inv.ring_scores["ring_id"]:
        assert f'href="rings/{ring_id}.html"'.encode() in first
        assert (tmp_path / "one" / "rings" / f"{ring_id}.html").read_bytes() == (
            tmp_path / "two" / "rings" / f"{ring_id}.html"
        ).read_bytes()


def test_pages_of_an_earlier_run_are_removed(inv, tmp_path):
    stale = tmp_path / "rings" / "R-000000000000.html"
    stale.parent.mkdir()
    stale.write_text("old ring", encoding="utf-8")
    notes = tmp_path / "rings" / "analyst-notes.html"
    notes.write_text("keep me", encoding="utf-8")
    write_html(inv, tmp_path)
    assert not stale.exists()
    assert notes.exists()


def test_report_lists_every_flag_of_lone_identities_at_risk(inv, tmp_path):
    report = write_html(inv, tmp_path).read_text(encoding="utf-8")
    loners = inv.scored.filter(
        pl.col("ring_id").is_null() & (pl.col("risk_score") >= inv.settings.alert_threshold)
    )
    assert loners.height > 0
    flags = inv.flags.join(loners.select("contractor_id"), on="contractor_id")
    for contractor_id, code, evidence in flags.select("contractor_id", "code", "evidence").rows():
        assert contractor_id in report and code in report
        assert html.escape(evidence, quote=True) in report
