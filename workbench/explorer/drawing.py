"""How the explorer's graph looks: JSON-ready nodes and edges for `GraphWidget`, and their legend.

Values keep the look of their kind (`workbench.views.style`, from the kind
registry). Identities are coloured by ring, and by sub-team inside a ring
large enough to have them (`Investigation.sub_teams`), so an expansion that
reaches another ring shows it at a glance; an identity in no ring is grey.
The focus has a thick black border. Every string is data: the widget places
it as text, and the legend here is escaped.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import networkx as nx

from workbench.views import style
from workbench.views.escape import capped, text

#: Colours of the ring groups on a canvas, in order of appearance: the ring opened
#: first takes the ring pages' red. More groups than colours reuse them in turn.
GROUP_COLORS = (
    "#d62728",
    "#1b9e77",
    "#7570b3",
    "#e7298a",
    "#66a61e",
    "#e6ab02",
    "#a6761d",
    "#1f78b4",
    "#fb9a99",
    "#6a3d9a",
)
#: An identity in no ring.
NO_RING = "no ring"
SUB_TEAM = "sub-team"
#: Ring groups named in the legend; more are counted (colours repeat past `GROUP_COLORS`).
LEGEND_GROUPS = 8
NO_RING_COLOR = "#bdbdbd"
BORDER = "#333333"
FOCUS_BORDER = "#000000"
#: Labels drawn on the canvas are cut to this many characters; the tooltip has them whole.
SHORT_LABEL = 28


def group_of(attrs: Mapping[str, Any], teams: Mapping[str, int]) -> str:
    """The colour group of an identity: its ring, its ring's sub-team, or none.

    Parameters
    ----------
    attrs : the node's attributes (``ring``, ``contractor_id``).
    teams : contractor id → sub-team number, for members of rings that have sub-teams.

    Examples
    --------
    >>> group_of({"ring": "R-1", "contractor_id": "a"}, {"a": 2})
    'R-1 · sub-team 2'
    >>> group_of({"ring": "R-1", "contractor_id": "b"}, {}), group_of({}, {})
    ('R-1', 'no ring')
    """
    ring = attrs.get("ring")
    if not ring:
        return NO_RING
    team = teams.get(str(attrs.get("contractor_id")))
    return f"{ring} · {SUB_TEAM} {team}" if team is not None else str(ring)


def group_colors(groups: list[str], first_ring: str | None = None) -> dict[str, str]:
    """A colour for each group: the groups of ``first_ring`` first (sub-teams in number
    order), then the others sorted.

    Examples
    --------
    >>> group_colors(["R-2", "no ring", "R-1 · sub-team 10", "R-1 · sub-team 9"], first_ring="R-1")
    {'R-1 · sub-team 9': '#d62728', 'R-1 · sub-team 10': '#1b9e77', 'R-2': '#7570b3', \
'no ring': '#bdbdbd'}
    """
    ringed = sorted(set(groups) - {NO_RING}, key=lambda g: (not _of_ring(g, first_ring), *_key(g)))
    colors = {group: GROUP_COLORS[i % len(GROUP_COLORS)] for i, group in enumerate(ringed)}
    if NO_RING in groups:
        colors[NO_RING] = NO_RING_COLOR
    return colors


def _key(group: str) -> tuple[str, int]:
    ring, _, team = group.partition(f" · {SUB_TEAM} ")
    return ring, int(team) if team.isdigit() else 0


def _of_ring(group: str, ring: str | None) -> bool:
    return ring is not None and (group == ring or group.startswith(f"{ring} · "))


def payload(
    graph: nx.MultiGraph,
    positions: Mapping[str, tuple[float, float]],
    *,
    colors: Mapping[str, str],
    teams: Mapping[str, int],
    focus: str | None,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The nodes and edges `GraphWidget` draws, sorted by id.

    Examples
    --------
    >>> g = nx.MultiGraph()
    >>> g.add_node("contractor:a", kind="contractor", label="<b>Ann</b>", contractor_id="a",
    ...            ring="R-1", risk=90.0, flags="VPN_HEAVY")
    >>> g.add_node("phone:+1", kind="phone", label="+1", value="+1", shared_by="a, b")
    >>> _ = g.add_edge("contractor:a", "phone:+1", key="phone", kind="phone", weight=0.85,
    ...                evidence="Phone: +1")
    >>> nodes, edges = payload(g, {"contractor:a": (0, 0), "phone:+1": (50, 0)},
    ...                        colors={"R-1": "#d62728"}, teams={}, focus="contractor:a")
    >>> nodes[0]["label"], nodes[0]["color"], nodes[0]["focus"], nodes[1]["kind_label"]
    ('<b>Ann</b>', '#d62728', True, 'Phone')
    >>> edges[0]["from"], edges[0]["kind_label"]
    ('contractor:a', 'Shared phone')
    """
    nodes = [
        _node(str(node), attrs, positions.get(str(node), (0.0, 0.0)), colors, teams, focus)
        for node, attrs in sorted(graph.nodes(data=True), key=lambda item: str(item[0]))
    ]
    return nodes, _edges(graph)


def _node(
    node: str,
    attrs: Mapping[str, Any],
    place: tuple[float, float],
    colors: Mapping[str, str],
    teams: Mapping[str, int],
    focus: str | None,
) -> dict[str, Any]:
    kind = str(attrs.get("kind") or "")
    person = kind == "contractor"
    name = capped(str(attrs.get("label") or node))
    look = style.node_style(kind)
    color = colors.get(group_of(attrs, teams), NO_RING_COLOR) if person else look.color
    return {
        "id": node,
        "label": name if len(name) <= SHORT_LABEL else name[: SHORT_LABEL - 1] + "…",
        "name": name,
        "kind": kind,
        "kind_label": style.node_label(kind),
        "shape": look.shape,
        "color": color,
        "border": FOCUS_BORDER if node == focus else BORDER,
        "size": style.node_size(kind, attrs.get("risk")),
        "x": place[0],
        "y": place[1],
        "focus": node == focus,
        "rows": node_rows(attrs, teams),
    }


def node_rows(attrs: Mapping[str, Any], teams: Mapping[str, int]) -> list[list[str]]:
    """A node's tooltip and details rows, [name, text] each (case text, unescaped).

    Examples
    --------
    >>> node_rows({"kind": "contractor", "contractor_id": "a", "ring": "R-1", "risk": 71.25,
    ...            "flags": "A;B"}, {"a": 1})
    [['contractor id', 'a'], ['ring', 'R-1 · sub-team 1'], ['risk', '71'], ['flags', 'A; B']]
    >>> node_rows({"kind": "phone", "value": "+1", "written": "(1)", "since": "2024-01-02"}, {})
    [['value', '+1'], ['written as', '(1)'], ['since', '2024-01-02']]
    """
    rows: list[tuple[str, object]]
    if attrs.get("kind") == "contractor":
        rows = [
            ("contractor id", attrs.get("contractor_id")),
            ("ring", group_of(attrs, teams)),
            ("risk", f"{float(attrs.get('risk') or 0.0):.0f}"),
            ("flags", str(attrs.get("flags") or "").replace(";", "; ")),
            *((field, attrs.get(field)) for field in ("country", "client", "video_interview")),
        ]
    else:
        rows = [
            ("value", attrs.get("value")),
            ("written as", attrs.get("written")),
            ("shared by", attrs.get("shared_by")),
            ("since", attrs.get("since")),
        ]
    return [[name, capped(str(value))] for name, value in rows if value not in (None, "")]


def _edges(graph: nx.MultiGraph) -> list[dict[str, Any]]:
    edges = sorted(
        (*sorted((str(u), str(v))), str(key), attrs)
        for u, v, key, attrs in graph.edges(keys=True, data=True)
    )
    drawn: list[dict[str, Any]] = []
    parallel: dict[tuple[str, str], int] = {}
    for a, b, key, attrs in edges:
        kind = str(attrs.get("kind") or "")
        index = parallel.get((a, b), 0)
        parallel[(a, b)] = index + 1
        weight = float(attrs.get("weight") or 0.0)
        drawn.append(
            {
                "id": json.dumps([a, b, key]),
                "from": a,
                "to": b,
                "kind": kind,
                "name": capped(str(attrs.get("evidence") or style.edge_label(kind))),
                "kind_label": style.edge_label(kind),
            }
            | style.edge_look(kind, weight, index)
        )
    return drawn


def legend(graph: nx.MultiGraph, colors: Mapping[str, str], *, focus: str | None) -> str:
    """Escaped legend of a drawing: the ring groups' colours, the value kinds, the focus.

    Examples
    --------
    >>> g = nx.MultiGraph(); g.add_node("ip:1", kind="ip")
    >>> html = legend(g, {"R-<1>": "#d62728"}, focus="ip:1")
    >>> "R-&lt;1&gt;" in html, "Login IP" in html, "focus" in html
    (True, True, True)
    """
    items = [
        f'<span class="wb-legend-item"><span class="wb-swatch" style="background:{color}">'
        f"</span>{text(group)}</span>"
        for group, color in list(colors.items())[:LEGEND_GROUPS]
    ]
    if len(colors) > LEGEND_GROUPS:
        items.append(
            f'<span class="wb-legend-item wb-muted">and {len(colors) - LEGEND_GROUPS} more '
            "groups (in the tooltips)</span>"
        )
    kinds = sorted({str(k) for _, k in graph.nodes(data="kind") if k and k != "contractor"})
    items += [
        f'<span class="wb-legend-item">{style.legend_shape(style.node_style(kind))}'
        f"{text(style.node_label(kind))}</span>"
        for kind in kinds
    ]
    if focus:
        items.append('<span class="wb-legend-item"><b>◎</b> thick black border: the focus</span>')
    items.append('<span class="wb-legend-item wb-muted">size: risk · double-click: expand</span>')
    return f'<div class="wb-legend">{"".join(items)}</div>'
