"""The explorer's two-way graph widget: anywidget over the vendored vis-network.

Python says what is drawn (`GraphWidget.nodes`, `GraphWidget.edges`: JSON-ready
dicts, see `workbench.explorer.canvas`); the browser keeps vis-network's data
in step by id, so what was drawn stays where it was when an expansion adds to
it. A click sets `GraphWidget.selected`; a double click asks to expand a node
(`GraphWidget.on_expand`). Case strings travel only as JSON values of traits
and are placed in the page as text (``assets/graph_widget.js``).

The script is shipped inside the package: vis-network 9.1.2 as vendored for the
ring pages (``workbench/views/assets``) followed by our module; nothing is
fetched from the network.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import anywidget
import traitlets

from workbench.views.html import asset

ASSETS = Path(__file__).with_name("assets")

#: A callback given the id of the node to expand.
ExpandHandler = Callable[[str], None]


@functools.cache
def widget_module() -> str:
    """The widget's ES module: vis-network's UMD bundle run inside a function scope
    (it fills a local ``module.exports``, touching no global), then our view.

    Examples
    --------
    >>> source = widget_module()
    >>> "export default { render }" in source, source.count("module.exports") >= 2
    (True, True)
    """
    bundle = asset("vis-network.min.js")
    view = (ASSETS / "graph_widget.js").read_text(encoding="utf-8")
    return (
        "const vis = (() => {\nconst module = { exports: {} };\nconst exports = module.exports;\n"
        f"{bundle}\nreturn module.exports;\n}})();\n{view}"
    )


class GraphWidget(anywidget.AnyWidget):  # type: ignore[misc]
    """A vis-network canvas that reports clicks and double clicks back to Python.

    Examples
    --------
    >>> widget = GraphWidget()
    >>> widget.nodes = [{"id": "contractor:c1", "label": "c1"}]
    >>> asked = []
    >>> widget.on_expand(asked.append)
    >>> widget._handle_message(widget, {"event": "expand", "node": "contractor:c1"}, [])
    >>> asked
    ['contractor:c1']
    """

    _esm = traitlets.Unicode(widget_module()).tag(sync=True)
    _css = traitlets.Unicode((ASSETS / "graph_widget.css").read_text(encoding="utf-8")).tag(
        sync=True
    )

    #: Nodes drawn: id, label, name, kind_label, shape, color, border, size, x, y, focus, rows.
    nodes = traitlets.List(traitlets.Dict()).tag(sync=True)
    #: Edges drawn: id, from, to, name, kind_label, color, dashed, width, curve, rows.
    edges = traitlets.List(traitlets.Dict()).tag(sync=True)
    #: The node clicked last ("" when the background was clicked); set by the browser.
    selected = traitlets.Unicode("").tag(sync=True)
    #: The node marked as the focus; the view zooms to it and its neighbours.
    focus = traitlets.Unicode("").tag(sync=True)
    #: Raised by Python to make the view fit everything drawn (a new ring was opened).
    fit = traitlets.Int(0).tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._expand_handlers: list[ExpandHandler] = []
        self.on_msg(self._handle_message)

    def on_expand(self, handler: ExpandHandler) -> None:
        """Call ``handler(node_id)`` when the analyst double-clicks a node."""
        self._expand_handlers.append(handler)

    def _handle_message(self, _widget: Any, content: Any, _buffers: Any) -> None:
        if not isinstance(content, dict) or content.get("event") != "expand":
            return
        node = content.get("node")
        if isinstance(node, str) and node in {n["id"] for n in self.nodes}:
            for handler in self._expand_handlers:
                handler(node)
