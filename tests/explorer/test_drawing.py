"""Tests for workbench/explorer/drawing.py: colours by ring and sub-team, focus, escaping."""

from __future__ import annotations

import json

import networkx as nx

from workbench.explorer.drawing import (
    GROUP_COLORS,
    NO_RING_COLOR,
    SHORT_LABEL,
    group_colors,
    group_of,
    legend,
    payload,
)
from workbench.views.escape import DISPLAY_LIMIT
from workbench.views.style import PARALLEL_CURVE


def _person(graph: nx.MultiGraph, cid: str, ring: str | None, label: str = "") -> str:
    node = f"contractor:{cid}"
    attrs = {"ring": ring} if ring else {}
    graph.add_node(
        node, kind="contractor", contractor_id=cid, label=label or cid, risk=50.0, **attrs
    )
    return node


def test_sub_teams_of_a_large_ring_get_colours_of_their_own():
    teams = {"a": 1, "b": 2}
    groups = [group_of({"ring": "R-big", "contractor_id": c}, teams) for c in "abc"]
    assert groups == ["R-big · sub-team 1", "R-big · sub-team 2", "R-big"]
    colors = group_colors([*groups, "R-other", "no ring"], first_ring="R-big")
    assert list(colors.values())[:3] == list(GROUP_COLORS[:3])
    assert colors["R-other"] == GROUP_COLORS[3] and colors["no ring"] == NO_RING_COLOR


def test_the_opened_ring_takes_the_first_colour_whatever_its_name():
    assert group_colors(["R-a", "R-z"], first_ring="R-z")["R-z"] == GROUP_COLORS[0]


def test_payload_colours_identities_by_group_and_values_by_kind():
    graph = nx.MultiGraph()
    a = _person(graph, "a", "R-1")
    b = _person(graph, "b", None)
    graph.add_node("phone:+1", kind="phone", label="+1")
    graph.add_edge(a, "phone:+1", key="phone", kind="phone", weight=0.85)
    graph.add_edge(b, "phone:+1", key="phone", kind="phone", weight=0.85)
    graph.add_edge(a, b, key="referral:x", kind="referral", weight=0.3)
    graph.add_edge(a, b, key="same_person:y", kind="same_person", weight=0.9)
    colors = group_colors(["R-1", "no ring"], first_ring="R-1")
    nodes, edges = payload(graph, {}, colors=colors, teams={}, focus=None)
    by_id = {node["id"]: node for node in nodes}
    assert by_id[a]["color"] == GROUP_COLORS[0] and by_id[b]["color"] == NO_RING_COLOR
    assert by_id["phone:+1"]["color"] == "#2ca02c" and by_id["phone:+1"]["shape"] == "triangle"
    assert not any(node["focus"] for node in nodes)
    assert len({edge["id"] for edge in edges}) == 4
    curves = sorted(edge["curve"] for edge in edges if edge["kind"] != "phone")
    assert curves == [0.0, PARALLEL_CURVE]
    json.dumps([nodes, edges])


def test_long_labels_are_cut_on_the_canvas_and_capped_in_tooltips():
    graph = nx.MultiGraph()
    _person(graph, "a", "R-1", label="x" * (DISPLAY_LIMIT + 50))
    (node,), _ = payload(graph, {}, colors={}, teams={}, focus=None)
    assert len(node["label"]) == SHORT_LABEL
    assert len(node["name"]) < DISPLAY_LIMIT + 100 and "cut for display" in node["name"]


def test_the_legend_escapes_ring_ids_and_names_the_value_kinds():
    graph = nx.MultiGraph()
    graph.add_node("payment_account:x", kind="payment_account")
    html = legend(graph, {'R-"><script>': "#d62728"}, focus=None)
    assert "<script>" not in html and "R-&quot;&gt;&lt;script&gt;" in html
    assert "Payment account" in html and "focus" not in html
