"""Tests for workbench/views/since.py: the report's newcomer alerts and "Since last run"."""

from __future__ import annotations

import polars as pl

from workbench.changes import CHANGES_SCHEMA
from workbench.views.report import render_report
from workbench.views.since import NEWCOMER_ALERTS, newcomer_band, since_section

HOSTILE = '<img src=x onerror=alert(1)>"'

NEWCOMERS = pl.DataFrame(
    {
        "ring_id": ["R-1", "R-2"],
        "lineage_id": ["L-1", "L-2"],
        "ring_score": [91.0, 70.0],
        "disposition": ["confirmed", "benign"],
        "newcomers": [["c9", HOSTILE], ["c7"]],
        "names": [["Eve mail eve.moss@proton.me", None], [None]],
    }
)


def test_newcomers_are_named_and_every_case_string_is_escaped():
    band = newcomer_band(NEWCOMERS, lambda ring: f"rings/{ring}.html")
    assert band.count(NEWCOMER_ALERTS["confirmed"]) == band.count(NEWCOMER_ALERTS["benign"]) == 1
    assert "<img" not in band and "&lt;img src=x onerror=alert(1)&gt;&quot;" in band
    assert "c9 (Eve mail eve.moss@proton.me)" in band
    assert band.index("R-1") < band.index("R-2")


def test_each_alert_names_the_decision_its_newcomers_joined_under():
    band = newcomer_band(NEWCOMERS, lambda ring: "#")
    confirmed, benign = band.split('data-kind="newcomer"')[1:]
    assert "ring L-1, confirmed before they joined" in confirmed
    assert NEWCOMER_ALERTS["benign"] in benign and "judged benign before they joined" in benign


def test_redaction_masks_identifiers_written_inside_names():
    band = newcomer_band(NEWCOMERS, lambda ring: "#", redact=True)
    assert "eve.moss@proton.me" not in band and "c9 (Eve mail" in band


def test_a_ring_link_to_elsewhere_is_never_followed():
    band = newcomer_band(NEWCOMERS, lambda ring: "javascript:alert(1)")
    assert "javascript:" not in band


def test_since_last_run_lists_changes_escaped_or_says_why_there_are_none():
    row = pl.DataFrame(
        [("new_flag", None, None, HOSTILE, f"VPN_HEAVY: {HOSTILE}")],
        schema=CHANGES_SCHEMA,
        orient="row",
    )
    section = since_section(row, 4)
    assert "Since last run (run 4 of this case)" in section
    assert "<td>new flag</td>" in section and "<img" not in section
    assert "Nothing changed." in since_section(row.clear(), 4)
    assert "No earlier run" in since_section(row.clear(), None)


def test_the_report_puts_newcomers_above_every_other_alert():
    rings = pl.DataFrame(
        {
            "ring_id": ["R-1", "R-9"],
            "ring_size": [3, 4],
            "ring_score": [91.0, 99.0],
            "reasons": ["a", "b"],
            "disposition": ["confirmed", None],
        }
    )
    page = render_report(
        rings,
        title="Case",
        newcomers=NEWCOMERS.head(1),
        changes=pl.DataFrame(schema=CHANGES_SCHEMA),
        previous_run=2,
    )
    first_item = page.index('class="band-item')
    assert page.index(NEWCOMER_ALERTS["confirmed"]) < page.index('id="alerts"')
    assert page[first_item:].index(NEWCOMER_ALERTS["confirmed"]) < page[first_item:].index("R-9")
    assert page.index('id="alerts"') < page.index('id="since"') < page.index('id="rings"')
    assert 'id="since"' not in render_report(rings, title="Case")
