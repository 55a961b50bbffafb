import base64
import hashlib
import re

import networkx as nx
import polars as pl

from workbench.views.html import asset
from workbench.views.pages import login_hour_chart, render_ring_page
from workbench.views.report import render_report

XSS = '<img src=x onerror=alert(1)>"'


def rings() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "ring_id": ["low", "high", "mid"],
            "ring_size": [2, 5, 3],
            "ring_score": [20.0, 95.0, 60.0],
            "reasons": ["a", f"{XSS}; b; c; d", "shared iban DE89370400440532013000"],
            "disposition": [None, "confirmed", None],
        }
    )


def ring_page(**kwargs) -> str:
    members = pl.DataFrame(
        {
            "contractor_id": ["c2", "c1"],
            "full_name": ["B", XSS],
            "country": ["US", "KR"],
            "risk_score": [10.0, 80.0],
            "flags": [None, "vpn;camera_off"],
            "disposition": [None, None],
        }
    )
    evidence = pl.DataFrame(
        {
            "kind": ["email"],
            "value": ["jane@gmail.com"],
            "written": [[{"text": "Jane@Gmail.com", "kind": "email"}]],
            "members": [["c1", "c2"]],
            "since": [None],
            "weight": [0.9],
        }
    )
    hours = pl.DataFrame(
        {"contractor_id": ["c1", "c2", "c1"], "hour": [3, 3, 30], "logins": [2, 5, 9]}
    )
    graph = nx.Graph()
    graph.add_edge("c1", "c2", kind="email", weight=0.9, evidence="jane@gmail.com")
    return render_ring_page(
        ring_id="R<1>",
        ring_score=80.0,
        tie_score=31.5,
        reasons=[XSS],
        graph=graph,
        members=members,
        evidence=evidence,
        login_hours=hours,
        **kwargs,
    )


def test_report_ranks_by_score_and_links_each_ring():
    page = render_report(rings(), title="Case")
    band, table = (
        page[page.index('id="alerts"') : page.index('id="rings"')],
        page[page.index('id="rings"') :],
    )
    assert re.findall(r'href="rings/(\w+)\.html"', table) == ["high", "mid", "low"]
    assert re.findall(r'href="rings/(\w+)\.html"', band) == ["high", "mid"]  # alerts only


def test_report_shows_top_three_reasons_escaped():
    page = render_report(rings(), title="Case")
    assert "&lt;img src=x onerror=alert(1)&gt;&quot;; b; c<" in page
    assert "<img" not in page


def test_report_rejects_script_links_and_redacts_reasons():
    page = render_report(
        rings(), title="Case", ring_href=lambda r: f"javascript:go('{r}')", redact=True
    )
    assert "javascript:" not in page
    assert "DE89370400440532013000" not in page and "…3000" in page


def test_report_runs_only_its_own_script_allowed_by_hash_and_is_deterministic():
    page = render_report(rings(), title="Case", run_info={"b": "2", "a": "1"})
    assert re.findall(r"<script>(.*?)</script>", page, re.S) == [asset("report.js")]
    digest = base64.b64encode(hashlib.sha256(asset("report.js").encode()).digest()).decode()
    script_src = re.search(r"script-src ([^;]*);", page).group(1)
    assert script_src == f"'sha256-{digest}'"  # no unsafe-inline, no other source
    markup = re.sub(r"<script>.*?</script>", "", page, flags=re.S)
    assert not re.search(r"<[^>]*\son\w+=", markup)  # no inline handler anywhere
    assert page == render_report(rings(), title="Case", run_info={"a": "1", "b": "2"})


def test_ring_page_tables_are_escaped_and_sorted():
    page = ring_page()
    assert "<img" not in page
    members = page[page.index('id="members"') : page.index('id="evidence"')]
    assert members.index("c1") < members.index("c2")  # higher risk first
    assert "&lt;img src=x" in members
    assert "<title>Ring R&lt;1&gt;</title>" in page


def test_ring_page_redacts_evidence_and_graph():
    page = ring_page(redact=True)
    assert "jane@gmail.com" not in page.lower()
    assert "j***@g***.com" in page


def test_ring_page_is_deterministic():
    assert ring_page() == ring_page()


def test_login_chart_sums_hours_and_ignores_out_of_range():
    svg = login_hour_chart(
        pl.DataFrame({"contractor_id": ["a", "b", "a"], "hour": [3, 3, 30], "logins": [2, 5, 9]})
    )
    assert "<title>03:00 UTC: 7 logins</title>" in svg
    assert svg.count("<rect") == 24
    assert "30:00" not in svg


def test_login_chart_of_no_logins_draws_empty_bars():
    empty = pl.DataFrame(schema={"contractor_id": pl.String, "hour": pl.Int64, "logins": pl.Int64})
    assert 'height="0.0"' in login_hour_chart(empty)
