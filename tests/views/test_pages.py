import base64
import hashlib
import json
import re
from datetime import datetime, timezone

import networkx as nx
import polars as pl

from workbench.timeline import EVENT_SCHEMA
from workbench.views.find import member_search_text
from workbench.views.graphs import contractor_node
from workbench.views.html import asset
from workbench.views.pages import render_ring_page
from workbench.views.report import render_report

XSS = '<img src=x onerror=alert(1)>"'
IBAN = "DE89370400440532013000"


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
    events = pl.DataFrame(
        [
            (datetime(2024, 1, 2, tzinfo=timezone.utc), "c1", "hired", XSS, None),
            (datetime(2024, 2, 1, tzinfo=timezone.utc), "c2", "first payment", IBAN, None),
        ],
        schema=EVENT_SCHEMA,
        orient="row",
    )
    heat = pl.DataFrame({"weekday": [2, 2], "hour": [3, 4], "logins": [2, 5]})
    graph = nx.Graph()
    for member in ("c1", "c2"):
        graph.add_node(contractor_node(member), kind="contractor", label=member)
    graph.add_edge(
        contractor_node("c1"),
        contractor_node("c2"),
        kind="email",
        weight=0.9,
        evidence="jane@gmail.com",
    )
    return render_ring_page(
        ring_id="R<1>",
        ring_score=80.0,
        tie_score=31.5,
        reasons=[XSS],
        graph=graph,
        members=members,
        evidence=evidence,
        timeline=events,
        login_heat=heat,
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


def test_ring_page_draws_the_timeline_and_the_heat_map_with_axes():
    page = ring_page()
    timeline = page[page.index('<div id="timeline">') : page.index('<div id="login-heatmap">')]
    assert "Date (UTC)" in timeline and timeline.count('<g class="event"') == 2
    assert "&lt;img src=x onerror=alert(1)&gt;&quot;" in timeline and "<img" not in timeline
    heatmap = page[page.index('<div id="login-heatmap">') :]
    assert "Hour of day (UTC)" in heatmap and "Day of week" in heatmap
    assert "<title>Tue 04:00–04:59 UTC: 5 logins</title>" in heatmap
    assert "Logins by hour" not in page  # the bar chart without an axis is gone


def test_ring_page_masks_identifiers_in_the_timeline_when_redacting():
    assert IBAN in ring_page()
    assert IBAN not in ring_page(redact=True)


def test_the_page_search_holds_members_identifiers_unless_redacting():
    search_text = member_search_text(
        pl.DataFrame(
            {"contractor_id": ["c1"], "raw": ["(310) 810-1979"], "value": ["+13108101979"]}
        )
    )
    data = graph_data(ring_page(search_text=search_text))
    found = {n["label"]: n.get("find") for n in data["nodes"]}
    assert found == {"c1": "(310) 810-1979\n+13108101979", "c2": None}
    assert data["fold"]["avenue"] == "ave"
    redacted = graph_data(ring_page(search_text=search_text, redact=True))
    assert all("find" not in n for n in redacted["nodes"])
    assert "810-1979" not in ring_page(search_text=search_text, redact=True)


def graph_data(page: str) -> dict:
    start = page.index('<script type="application/json" id="graph-data">')
    raw = page[page.index(">", start) + 1 : page.index("</script>", start)]
    return json.loads(raw)
