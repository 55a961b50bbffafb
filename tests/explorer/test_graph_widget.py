"""Tests for workbench/explorer/graph_widget.py: the shipped module and the messages it takes."""

from __future__ import annotations

from workbench.explorer.graph_widget import GraphWidget, widget_module
from workbench.views.html import asset


def test_the_module_ships_vis_network_inside_a_function_scope():
    source = widget_module()
    assert source.startswith("const vis = (() => {")
    assert asset("vis-network.min.js") in source
    assert "export default { render }" in source
    # No import of anything at run time: the module is whole.
    assert "import(" not in source and "\nimport " not in source


def test_the_widget_sends_its_module_and_style_to_the_browser():
    widget = GraphWidget()
    state = widget.get_state()
    assert state["_esm"] == widget_module()
    assert ".wb-graph-widget" in state["_css"]
    assert state["nodes"] == [] and state["selected"] == "" and state["fit"] == 0


def test_only_a_double_click_on_a_drawn_node_asks_to_expand():
    widget = GraphWidget()
    widget.nodes = [{"id": "contractor:a"}]
    asked: list[str] = []
    widget.on_expand(asked.append)
    for message in (
        {"event": "expand", "node": "contractor:ghost"},
        {"event": "expand", "node": 7},
        {"event": "other", "node": "contractor:a"},
        "expand",
        {"event": "expand", "node": "contractor:a"},
    ):
        widget._handle_message(widget, message, [])
    assert asked == ["contractor:a"]
