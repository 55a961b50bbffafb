"""Tests for workbench/explorer/canvas.py: what the graph holds, where it sits, what is hidden."""

from __future__ import annotations

import networkx as nx

from workbench.explorer.canvas import Canvas


def _shared(value: str, kind: str, *people: str) -> nx.MultiGraph:
    graph = nx.MultiGraph()
    graph.add_node(value, kind=kind)
    for person in people:
        graph.add_node(f"contractor:{person}", kind="contractor", contractor_id=person)
        graph.add_edge(f"contractor:{person}", value, key=kind, kind=kind)
    return graph


def test_open_starts_afresh_and_lays_out_every_node():
    canvas = Canvas(seed=7)
    canvas.open(_shared("phone:1", "phone", "a", "b"), focus="contractor:a")
    canvas.open(_shared("ip:9", "ip", "c", "d"), focus="nowhere")
    assert (
        sorted(canvas.graph) == sorted(canvas.positions) == ["contractor:c", "contractor:d", "ip:9"]
    )
    assert canvas.focus is None


def test_the_same_steps_give_the_same_places():
    places = []
    for _ in range(2):
        canvas = Canvas(seed=7)
        canvas.open(_shared("phone:1", "phone", "a", "b"))
        canvas.add(_shared("ip:9", "ip", "b", "c"), around="contractor:b")
        places.append(canvas.positions)
    assert places[0] == places[1]


def test_add_keeps_what_was_there_and_places_new_nodes_near_the_expanded_one():
    canvas = Canvas(seed=7)
    canvas.open(_shared("phone:1", "phone", "a", "b", "c", "d"))
    before = dict(canvas.positions)
    added = canvas.add(_shared("ip:9", "ip", "d", "e"), around="contractor:d")
    assert added == ("contractor:e", "ip:9")
    assert all(canvas.positions[node] == place for node, place in before.items())
    anchor = before["contractor:d"]
    spread = max(abs(x) + abs(y) for x, y in before.values())
    for node in added:
        x, y = canvas.positions[node]
        assert abs(x - anchor[0]) + abs(y - anchor[1]) < 2 * spread
    assert canvas.add(_shared("ip:9", "ip", "d"), around="contractor:d") == ()


def test_hidden_kinds_drop_their_ties_and_values_but_no_identity():
    canvas = Canvas(seed=7)
    canvas.open(_shared("phone:1", "phone", "a", "b"))
    canvas.add(_shared("ip:9", "ip", "b", "c"), around="contractor:b")
    canvas.hide(["ip"])
    shown = canvas.visible()
    assert sorted(shown) == ["contractor:a", "contractor:b", "contractor:c", "phone:1"]
    assert {kind for *_, kind in shown.edges(data="kind")} == {"phone"}
    assert canvas.kinds() == {"phone", "ip"}
    assert canvas.contractor_ids() == ["a", "b", "c"]
    canvas.hide([])
    assert canvas.visible().number_of_edges() == 4


def test_attributes_of_a_node_not_drawn_are_empty():
    canvas = Canvas(seed=7)
    canvas.open(_shared("phone:1", "phone", "a"))
    assert canvas.attributes("phone:1") == {"kind": "phone"}
    assert canvas.attributes("contractor:zz") == {}
