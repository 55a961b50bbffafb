"""What the explorer's graph holds: the nodes gathered so far, where they sit, the focus,
and the kinds of tie switched off.

Opening a ring or an identity starts a new canvas, laid out once with the
ring pages' seeded layout. An expansion adds a neighbourhood and keeps what was
there: nodes already drawn keep their place, and new ones are laid out together
and set around the node that was expanded, within `EXPANSION_REACH`. Kind
filters act on the ties drawn, never on what the canvas holds, so switching a
kind back on brings its ties back.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import networkx as nx

from workbench.views.html import layout

#: A canvas position in vis-network pixels.
Position = tuple[float, float]

#: How far from the expanded node its new neighbours may sit, in pixels per square root
#: of their number: near enough to read as its neighbourhood, apart enough to click.
EXPANSION_REACH = 150.0


class Canvas:
    """The graph an analyst is working on.

    Parameters
    ----------
    seed : seed of the layouts, so that the same steps draw the same picture.

    Examples
    --------
    >>> canvas = Canvas(seed=7)
    >>> ring = nx.MultiGraph()
    >>> ring.add_node("phone:1", kind="phone")
    >>> for person in ("contractor:a", "contractor:b"):
    ...     _ = ring.add_edge(person, "phone:1", kind="phone")
    >>> canvas.open(ring, focus="contractor:a")
    >>> more = nx.MultiGraph()
    >>> more.add_node("ip:9", kind="ip")
    >>> for person in ("contractor:b", "contractor:c"):
    ...     _ = more.add_edge(person, "ip:9", kind="ip")
    >>> before = canvas.positions["contractor:a"]
    >>> canvas.add(more, around="contractor:b")
    ('contractor:c', 'ip:9')
    >>> canvas.positions["contractor:a"] == before, canvas.focus
    (True, 'contractor:b')
    >>> canvas.hide(["ip"])
    >>> sorted(canvas.visible()), canvas.visible().number_of_edges()
    (['contractor:a', 'contractor:b', 'contractor:c', 'phone:1'], 2)
    """

    def __init__(self, *, seed: int) -> None:
        self.seed = seed
        self.graph = nx.MultiGraph()
        self.positions: dict[str, Position] = {}
        self.focus: str | None = None
        self.hidden: frozenset[str] = frozenset()

    def open(self, graph: nx.MultiGraph, *, focus: str | None = None) -> None:
        """Start again from ``graph`` (a ring, an identity's neighbourhood), laid out afresh."""
        self.graph = nx.MultiGraph(graph)
        self.positions = {str(node): place for node, place in layout(self.graph, self.seed).items()}
        self.focus = focus if focus in self.graph else None

    def add(self, graph: nx.MultiGraph, *, around: str) -> tuple[str, ...]:
        """Add ``graph`` to the canvas, expanding ``around`` (which becomes the focus).

        Returns the nodes that were not on the canvas before, sorted. Nodes already
        drawn keep their place; new ones are laid out together and set around
        ``around``, at most `EXPANSION_REACH` times the square root of their number away.
        """
        new = tuple(sorted(str(node) for node in graph if node not in self.graph))
        self.graph = nx.compose(self.graph, graph)
        self.focus = around if around in self.graph else None
        if new:
            self.positions.update(self._placed(graph, new, around))
        return new

    def hide(self, kinds: Iterable[str]) -> None:
        """Draw no tie of these kinds, nor the values of these kinds (the rest stays)."""
        self.hidden = frozenset(kinds)

    def visible(self) -> nx.MultiGraph:
        """The canvas less the hidden kinds' ties and values; every identity stays."""
        shown = nx.MultiGraph()
        shown.add_nodes_from(
            (node, attrs)
            for node, attrs in self.graph.nodes(data=True)
            if attrs.get("kind") == "contractor" or attrs.get("kind") not in self.hidden
        )
        shown.add_edges_from(
            (u, v, key, attrs)
            for u, v, key, attrs in self.graph.edges(keys=True, data=True)
            if attrs.get("kind") not in self.hidden and u in shown and v in shown
        )
        return shown

    def attributes(self, node: str) -> dict[str, Any]:
        """A node's attributes (see `workbench.views.graphs`); empty for a node not drawn."""
        return dict(self.graph.nodes[node]) if node in self.graph else {}

    def kinds(self) -> set[str]:
        """The kinds of tie on the canvas, drawn or switched off."""
        return {str(kind) for *_, kind in self.graph.edges(data="kind") if kind}

    def contractor_ids(self) -> list[str]:
        """The identities on the canvas, sorted."""
        return sorted(
            str(attrs["contractor_id"])
            for _, attrs in self.graph.nodes(data=True)
            if attrs.get("kind") == "contractor" and attrs.get("contractor_id") is not None
        )

    def _placed(
        self, graph: nx.MultiGraph, new: tuple[str, ...], around: str
    ) -> dict[str, Position]:
        local = graph.subgraph([*new, around]) if around in graph else graph.subgraph(new)
        spots = layout(local, self.seed)
        centre = spots.get(around, (0.0, 0.0))
        offsets = {node: (x - centre[0], y - centre[1]) for node, (x, y) in spots.items()}
        farthest = max((math.hypot(dx, dy) for dx, dy in offsets.values()), default=0.0)
        reach = EXPANSION_REACH * math.sqrt(len(new))
        shrink = min(1.0, reach / farthest) if farthest else 1.0
        anchor_x, anchor_y = self.positions.get(around, (0.0, 0.0))
        return {
            node: (round(anchor_x + dx * shrink, 1), round(anchor_y + dy * shrink, 1))
            for node, (dx, dy) in offsets.items()
            if node in new
        }
