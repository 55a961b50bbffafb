"""Render any networkx view (a ring, a neighbourhood, the identity–identifier
graph) as one self-contained, deterministic and attacker-proof HTML file.

Several views of the same identities (people and the values they share; people
tied pair by pair) can share one page: a button switches between them and
identities keep their place. Every link kind can be hidden from the legend.

Everything the page needs is inlined: our template and stylesheet, our
script and the vendored vis-network 9.1.2 (from the pyvis package), unless
the page sits beside a folder of shared scripts (`SHARED_SCRIPTS`, written
by `write_shared_scripts`), as the ring pages of an output folder do. The page
loads nothing from the network; a Content-Security-Policy with script hashes
forbids it and blocks any inline handler that escaping might ever miss.
Positions are computed here with a seeded layout, so physics stays off and the
same graph always gives the same bytes; the graphs of many pages are laid out
together (`draw_many`, `layouts`), to the same positions.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np

from workbench.kinds import RELATIONS
from workbench.views import style
from workbench.views.escape import safe_href, script_json, text
from workbench.views.find import folded_words
from workbench.views.graphs import redacted
from workbench.views.spring import DENSE_LIMIT, spring_positions

ASSETS = Path(__file__).with_name("assets")
_PLACEHOLDER_RE = re.compile(r"\{\{(\w+)\}\}")
# Labels drawn on the canvas are cut to this many characters; the tooltip
# shows the whole value.
SHORT_LABEL = 32
# Spread of the layout in canvas pixels: grows with sqrt(n) so density stays
# readable from a 3-node ring to a 1,000-node neighbourhood.
LAYOUT_BASE = 60.0
LAYOUT_PER_SQRT_NODE = 80.0


#: Scripts a page can load from a folder of shared scripts instead of carrying
#: them (`render_document`): vis-network is about 460 KiB of every graph page.
SHARED_SCRIPTS = ("vis-network.min.js",)


@dataclass(frozen=True)
class Fragment:
    """A piece of page: escaped body markup, the shared scripts it loads first
    (names of `SHARED_SCRIPTS`) and the raw scripts of its own."""

    body: str
    scripts: tuple[str, ...] = ()
    libraries: tuple[str, ...] = ()


@functools.cache
def asset(name: str) -> str:
    """Text of a file in ``workbench/views/assets``.

    Examples
    --------
    >>> "vis-network" in asset("vis-network.min.js")[:200]
    True
    """
    return (ASSETS / name).read_text(encoding="utf-8")


def fill(template: str, values: Mapping[str, str]) -> str:
    """Replace ``{{name}}`` placeholders in one pass (inserted text is never rescanned).

    Examples
    --------
    >>> fill("<b>{{a}}</b>{{b}}", {"a": "{{b}}", "b": "x"})
    '<b>{{b}}</b>x'
    """
    return _PLACEHOLDER_RE.sub(lambda m: values[m.group(1)], template)


@functools.cache
def _sha256(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def render_document(
    *,
    title: str,
    body: str,
    scripts: Iterable[str] = (),
    libraries: Iterable[str] = (),
    assets_href: str | None = None,
) -> str:
    """Wrap escaped body markup and trusted scripts into one page, self-contained by default.

    Parameters
    ----------
    title : page title (untrusted; escaped here).
    body : markup already escaped by the caller.
    scripts : our own JavaScript sources, inlined and allowed by hash in the CSP.
    libraries : names of `SHARED_SCRIPTS` the page runs before ``scripts``.
    assets_href : the folder holding the shared scripts (`write_shared_scripts`),
        relative to the page. None inlines the libraries as well, each allowed
        by its hash: the page is one file that opens anywhere. Otherwise the
        page loads them from that folder, which the CSP allows as ``'self'``
        (a hash cannot allow a file: Chromium asks a hashed external script for
        CORS, which a file:// page cannot give; see docs/html_exports.md).

    Returns
    -------
    The HTML document as text.

    Examples
    --------
    >>> page = render_document(title="<x>", body="<p>hi</p>")
    >>> "<title>&lt;x&gt;</title>" in page, "script-src 'none'" in page
    (True, True)
    >>> page = render_document(
    ...     title="t", body="", libraries=SHARED_SCRIPTS, assets_href="../assets"
    ... )
    >>> '<script src="../assets/vis-network.min.js"></script>' in page, "script-src 'self';" in page
    (True, True)
    """
    inline = tuple(scripts)
    loaded = ""
    if assets_href is None:
        inline = tuple(asset(name) for name in libraries) + inline
    else:
        loaded = "".join(
            f'<script src="{safe_href(f"{assets_href}/{name}")}"></script>\n' for name in libraries
        )
    sources = ("'self'",) if loaded else ()
    script_src = " ".join(sources + tuple(_sha256(s) for s in inline)) or "'none'"
    csp = (
        f"default-src 'none'; script-src {script_src}; style-src 'unsafe-inline'; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    return fill(
        asset("page.html"),
        {
            "csp": csp,
            "title": text(title),
            "style": asset("style.css"),
            "body": body,
            "scripts": loaded + "\n".join(f"<script>{s}</script>" for s in inline),
        },
    )


def write_shared_scripts(folder: str | Path) -> list[Path]:
    """Write `SHARED_SCRIPTS` into ``folder`` (created if missing), for pages that load them.

    Examples
    --------
    >>> import tempfile
    >>> [path.name for path in write_shared_scripts(tempfile.mkdtemp())]
    ['vis-network.min.js']
    """
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name in SHARED_SCRIPTS:
        path = target / name
        path.write_text(asset(name), encoding="utf-8")
        written.append(path)
    return written


def _number(value: Any, default: float = 0.0) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return default
    return number if math.isfinite(number) else default


def reduce_graph(graph: nx.Graph, max_nodes: int) -> nx.Graph:
    """Keep at most `max_nodes` nodes: the riskiest contractors and their strongest ties.

    Contractors rank by risk; an identifier ranks by its strongest tie to a
    contractor (risk × edge weight), so hub identifiers hanging off low-risk
    identities drop first. Ties break on the node id, so the cut is stable.

    Parameters
    ----------
    graph : the view to shrink; it is not modified.
    max_nodes : the node budget.

    Returns
    -------
    The induced subgraph on the kept nodes (the graph itself when it fits).

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_node("a", kind="contractor", risk=90); g.add_node("b", kind="contractor", risk=10)
    >>> g.add_node("x", kind="email"); g.add_edge("a", "x", weight=1.0); g.add_edge("b", "x")
    >>> sorted(reduce_graph(g, 2))
    ['a', 'x']
    """
    if graph.number_of_nodes() <= max_nodes:
        return graph

    def risk(node: Any) -> float:
        attrs = graph.nodes[node]
        return _number(attrs.get("risk")) if attrs.get("kind") == "contractor" else 0.0

    def priority(node: Any) -> tuple[float, int, str]:
        if graph.nodes[node].get("kind") == "contractor":
            return (-risk(node), 0, str(node))
        ties = [
            risk(other) * _number(attrs.get("weight"), 1.0)
            for _, other, attrs in graph.edges(node, data=True)
        ]
        return (-max(ties, default=0.0), 1, str(node))

    kept = sorted(graph.nodes, key=priority)[: max(max_nodes, 0)]
    return graph.subgraph(kept).copy()


def layout(graph: nx.Graph, seed: int) -> dict[Any, tuple[float, float]]:
    """Seeded spring layout in canvas pixels, rounded so output bytes are stable.

    Edges of a later view (``view`` above 0, see `merge_views`) do not pull:
    nodes sit where the first view puts them, in every view. Each pair of
    nodes pulls by its strongest tie, of weight at least 0.01 (1 when unknown).

    Examples
    --------
    >>> g = nx.path_graph(["a", "b", "c"])
    >>> layout(g, 7) == layout(g, 7)
    True
    """
    return layouts([graph], seed)[0]


def layouts(graphs: Sequence[nx.Graph], seed: int) -> list[dict[Any, tuple[float, float]]]:
    """The `layout` of each of many graphs, those of one size computed together.

    networkx's spring layout, worked out for many graphs at once where
    networkx lays out one at a time (`workbench.views.spring`): the same
    positions, in a fraction of the time.

    Examples
    --------
    >>> graphs = [nx.path_graph(["a", "b", "c"]), nx.cycle_graph(["x", "y", "z"]), nx.Graph()]
    >>> layouts(graphs, 7) == [layout(graph, 7) for graph in graphs]
    True
    """
    orders = [sorted(graph.nodes, key=str) for graph in graphs]
    dense = [i for i, order in enumerate(orders) if 2 <= len(order) < DENSE_LIMIT]
    adjacencies = [_adjacency(graphs[i], orders[i]) for i in dense]
    sprung = dict(zip(dense, spring_positions(adjacencies, seed), strict=True))
    placed = []
    for index, (graph, order) in enumerate(zip(graphs, orders, strict=True)):
        if len(order) < 2:
            placed.append({node: (0.0, 0.0) for node in order})
            continue
        positions = sprung.get(index)
        if positions is None:
            laid = nx.spring_layout(_pull_graph(graph, order), seed=seed, weight="weight")
            positions = np.array([laid[node] for node in order])
        scale = LAYOUT_BASE + LAYOUT_PER_SQRT_NODE * math.sqrt(len(order))
        placed.append(
            {
                node: (round(float(x) * scale, 1), round(float(y) * scale, 1))
                for node, (x, y) in zip(order, positions, strict=True)
            }
        )
    return placed


def _pull(u: Any, v: Any, attrs: Mapping[str, Any]) -> float | None:
    """How hard an edge pulls its two nodes together: its weight, at least 0.01 (1 when
    unknown); None for a loop or an edge of a later view, which do not pull."""
    if u == v or attrs.get("view", 0):
        return None
    return max(_number(attrs.get("weight"), 1.0), 0.01)


def _adjacency(graph: nx.Graph, order: Sequence[Any]) -> np.ndarray:
    """Each pair's strongest `_pull` as a symmetric matrix, nodes in ``order`` (0: no pull)."""
    index = {node: i for i, node in enumerate(order)}
    pulls: dict[tuple[int, int], float] = {}
    for u, v, attrs in graph.edges(data=True):
        weight = _pull(u, v, attrs)
        if weight is not None:
            pair = (index[u], index[v])
            pulls[pair] = max(pulls.get(pair, weight), weight)
    matrix = np.zeros((len(order), len(order)))
    if pulls:
        ends, weights = zip(*pulls.items(), strict=True)
        rows, columns = zip(*ends, strict=True)
        matrix[rows, columns] = weights
    # A pair tied both ways round pulls by the stronger.
    return np.maximum(matrix, matrix.T)


def _pull_graph(graph: nx.Graph, order: Sequence[Any]) -> nx.Graph:
    """Each pair's strongest `_pull` as a graph for `nx.spring_layout`, nodes in ``order``.

    Its edges go in as they always have (sorted by their ends, as written): the
    layout of a graph too large for `spring_positions` sums in their order.
    """
    simple = nx.Graph()
    simple.add_nodes_from(order)
    for u, v, attrs in sorted(graph.edges(data=True), key=lambda e: (str(e[0]), str(e[1]))):
        weight = _pull(u, v, attrs)
        if weight is not None and (not simple.has_edge(u, v) or simple[u][v]["weight"] < weight):
            simple.add_edge(u, v, weight=weight)
    return simple


#: Node attributes drawn or placed in rows of their own, not listed as they are.
_OWN_ROWS = frozenset({"kind", "label", "views", "value", "written", "risk", "flags"})


def _node_rows(attrs: Mapping[str, Any], kind: str) -> list[list[str]]:
    """A node's tooltip rows: its value and spellings, its other attributes, risk and flags.

    Attributes are scalars (see `workbench.views.graphs`); names are shown
    with spaces for underscores, numbers with two decimals.
    """
    rows = []
    if attrs.get("value") is not None:
        rows.append(["value", str(attrs["value"])])
    if attrs.get("written"):
        rows.append(["written as", str(attrs["written"])])
    rows += [
        [str(k).replace("_", " "), f"{v:.2f}" if isinstance(v, float) else str(v)]
        for k, v in attrs.items()
        if k not in _OWN_ROWS
    ]
    if kind == "contractor" and attrs.get("risk") is not None:
        rows.append(["risk", f"{_number(attrs.get('risk')):.0f}"])
    if attrs.get("flags"):
        rows.append(["flags", str(attrs["flags"]).replace(";", "; ")])
    return rows


def merge_views(views: Mapping[str, nx.Graph]) -> nx.MultiGraph:
    """One multigraph holding several views of the same identities, for one page.

    Every node gets ``views`` (the indexes of the views it is in) and every
    edge ``view`` (the index of its view); the first view is the default.

    Examples
    --------
    >>> values = nx.Graph(); values.add_edge("c1", "acct"); values.add_edge("c2", "acct")
    >>> people = nx.Graph(); people.add_edge("c1", "c2")
    >>> merged = merge_views({"Shared values": values, "People": people})
    >>> merged.nodes["c1"]["views"], merged.nodes["acct"]["views"]
    ([0, 1], [0])
    >>> sorted(view for *_, view in merged.edges(data="view"))
    [0, 0, 1]
    """
    merged = nx.MultiGraph()
    # Edges of a pair are keyed 0, 1, 2 … in turn, as networkx keys them when told no
    # key; counted here, where networkx would raise and catch a KeyError for each new pair.
    between: dict[frozenset[Any], int] = {}
    for index, graph in enumerate(views.values()):
        for node, attrs in graph.nodes(data=True):
            if node in merged:
                merged.nodes[node]["views"].append(index)
            else:
                merged.add_node(node, **attrs, views=[index])
        # add_edges_from would look each new edge up through two views to set its data.
        for u, v, attrs in graph.edges(data=True):
            pair = frozenset((u, v))
            key = between.get(pair, 0)
            between[pair] = key + 1
            merged.add_edge(u, v, key)
            merged.get_edge_data(u, v, key).update(attrs, view=index)
    return merged


def graph_payload(
    graph: nx.Graph,
    *,
    redact: bool = False,
    seed: int = 7,
    search_text: Mapping[Any, str] | None = None,
    positions: Mapping[Any, tuple[float, float]] | None = None,
) -> dict[str, Any]:
    """The JSON-ready nodes and edges the page script draws (ids are opaque ``n0``…).

    A node says whether it is a ``person`` (kept in sight when its links are
    hidden); nodes and edges of a merged graph (`merge_views`) say their views.
    With ``redact``, identifiers are masked first (`workbench.views.graphs.redacted`).
    A node of ``search_text`` carries that text as ``find``, matched by the
    page's search but never shown (left out when redacting); ``fold`` holds the
    words the search folds (`workbench.views.find.folded_words`). Nodes sit at
    ``positions`` when the graph is already laid out, else at its `layout`.

    Examples
    --------
    >>> g = nx.Graph(); g.add_edge("c1", "e1", kind="email", weight=1.0, evidence="same")
    >>> payload = graph_payload(g)
    >>> [n["id"] for n in payload["nodes"]], payload["edges"][0]["label"]
    (['n0', 'n1'], 'same')
    """
    shown = redacted(graph) if redact else graph
    order = sorted(shown.nodes, key=str)
    ids = {node: f"n{i}" for i, node in enumerate(order)}
    if positions is None:
        positions = layout(shown, seed)
    nodes = []
    for node in order:
        attrs = shown.nodes[node]
        kind = str(attrs.get("kind") or "")
        look = style.node_style(kind)
        label = str(attrs.get("label") or node)
        x, y = positions[node]
        nodes.append(
            _in_views(attrs, "views")
            | {
                "id": ids[node],
                "label": label,
                "short": label if len(label) <= SHORT_LABEL else label[: SHORT_LABEL - 1] + "…",
                "kind": style.node_label(kind),
                "person": kind == "contractor",
                "shape": look.shape,
                "color": _node_color(attrs, look.color),
                "size": style.node_size(kind, _number(attrs.get("risk"))),
                "x": x,
                "y": y,
                "rows": _node_rows(attrs, kind),
            }
            | _hidden_text(node, search_text, redact)
        )
    return {"nodes": nodes, "edges": _edge_payload(shown, order), "fold": folded_words()}


def _node_color(attrs: Mapping[str, Any], kind_color: str) -> str:
    """A person in a large ring takes their sub-team's colour; every other node its kind's."""
    sub_team = attrs.get("sub_team")
    return style.sub_team_color(int(sub_team)) if sub_team is not None else kind_color


def _hidden_text(node: Any, search_text: Mapping[Any, str] | None, redact: bool) -> dict[str, str]:
    found = None if redact or search_text is None else search_text.get(node)
    return {"find": found} if found else {}


def _edge_payload(graph: nx.Graph, order: Sequence[Any]) -> list[dict[str, Any]]:
    """The edges, each between the ids of its ends (`graph_payload` numbers the nodes in
    ``order``), sorted by ends, kind, weight (strongest first) and evidence."""
    rank = {node: i for i, node in enumerate(order)}
    names = [f"n{i}" for i in range(len(order))]
    edges: list[tuple[str, str, str, float, str, int]] = []
    attributes: list[Mapping[str, Any]] = []
    for u, v, attrs in graph.edges(data=True):
        low, high = rank[u], rank[v]
        if high < low:
            low, high = high, low
        weight = _number(attrs.get("weight"))
        kind, evidence = str(attrs.get("kind") or ""), str(attrs.get("evidence") or "")
        # The edge's place last: edges alike in all the rest keep the graph's order.
        edges.append((names[low], names[high], kind, -weight, evidence, len(attributes)))
        attributes.append(attrs)
    edges.sort()
    # Edges of one kind, weight and rank among parallels look alike: each look is
    # worked out once a page, and its edges share it (read only, as JSON is). The
    # weight's sign is part of the key: -0.0 equals 0.0 but reads "-0.00".
    looks: dict[tuple[str, float, float, int], tuple[dict[str, object], str]] = {}
    payload = []
    seen: dict[tuple[str, str], int] = {}
    for index, (a, b, kind, negated, evidence, place) in enumerate(edges):
        weight = -negated
        parallel = seen.get((a, b), 0)
        seen[a, b] = parallel + 1
        alike = (kind, weight, math.copysign(1.0, weight), parallel)
        known = looks.get(alike)
        if known is None:
            known = looks[alike] = (style.edge_look(kind, weight, parallel), style.edge_label(kind))
        look, kind_label = known
        edge: dict[str, Any] = {
            "id": f"e{index}",
            "from": a,
            "to": b,
            "label": evidence or kind_label,
            "kind": kind_label,
            **look,
        }
        attrs = attributes[place]
        if "view" in attrs:
            edge["view"] = attrs["view"]
        payload.append(edge)
    return payload


def _in_views(attrs: Mapping[str, Any], key: str) -> dict[str, Any]:
    return {key: attrs[key]} if key in attrs else {}


def legend_html(graph: nx.Graph) -> str:
    """Legend markup: the node and link kinds present in `graph`, and how to read them.

    Each node kind shows its shape and colour; each link kind its line and a
    checkbox that hides its links (read by the page script). Notes explain
    size, width, dashes and relations where the graph has them.

    Examples
    --------
    >>> g = nx.Graph(); g.add_node("a", kind="<new>")
    >>> "&lt;new&gt;" in legend_html(g)
    True
    >>> g.add_edge("a", "b", kind="ip")
    >>> 'class="edge-toggle" value="Shared login IP"' in legend_html(g)
    True
    """
    node_kinds = sorted({str(k or "") for _, k in graph.nodes(data="kind")})
    # Each link kind once, by its last edge: of two kinds named alike, the later names it.
    last_first = dict.fromkeys(reversed([k for *_, k in graph.edges(data="kind")]))
    edge_kinds = {style.edge_label(str(k or "")): str(k or "") for k in reversed(last_first)}
    items = [
        f"<li>{style.legend_shape(style.node_style(k))}{text(style.node_label(k) or 'unknown')}"
        + (" (size: risk)" if k == "contractor" else "")
        + "</li>"
        for k in node_kinds
    ]
    links = [
        f'<li><label><input type="checkbox" class="edge-toggle" value="{text(label)}" checked>'
        f'<span class="swatch line{" dashed" if style.edge_style(k).dashed else ""}" '
        f'style="border-top-color:{style.edge_style(k).color}"></span>'
        f"{text(label or 'unknown')}</label></li>"
        for label, k in sorted(edge_kinds.items())
    ]
    sections = [f"<h3>Nodes</h3><ul>{''.join(items)}</ul>"]
    if links:
        sections.append(f"<h3>Links <small>(untick to hide)</small></h3><ul>{''.join(links)}</ul>")
    sub_teams = any(team is not None for _, team in graph.nodes(data="sub_team"))
    notes = _legend_notes(node_kinds, sorted(edge_kinds.values()), sub_teams=sub_teams)
    sections.append(f'<h3>Reading it</h3><ul class="legend-notes">{notes}</ul>')
    return "".join(sections)


def _legend_notes(
    node_kinds: Sequence[str], edge_kinds: Sequence[str], *, sub_teams: bool = False
) -> str:
    """What each encoding of the graph means, for the encodings the graph uses."""
    notes = []
    if "contractor" in node_kinds:
        notes.append("Size: a person's risk score (0–100); the bigger, the riskier.")
    if sub_teams:
        notes.append(
            "Colour of a person: their sub-team, a community found inside this large ring "
            "(its number is in the person's details). Sub-teams are parts of one ring, "
            "not separate rings."
        )
    if any(k != "contractor" for k in node_kinds):
        notes.append(
            "Shape and colour: the kind of a value that two or more people share "
            "(payment account, address, phone, device, IP, e-mail, template…)."
        )
    if edge_kinds:
        notes.append("Line width: the tie's weight (0–1); colour: its kind.")
    weak = [style.edge_label(k) for k in edge_kinds if style.edge_style(k).dashed]
    if weak:
        notes.append(f"Dashed line: weak evidence ({', '.join(weak)}).")
    relations = [style.edge_label(k) for k in edge_kinds if k in RELATIONS]
    if relations:
        notes.append(
            f"{', '.join(relations)}: a relation between two people, not a shared value, "
            "so always drawn person to person."
        )
    return "".join(f"<li>{text(note)}</li>" for note in notes)


@dataclass(frozen=True)
class Drawing:
    """Views of the same identities as a page draws them: merged into one graph
    (`merge_views`), cut to the node budget (`reduce_graph`) and laid out (`layout`).

    Attributes
    ----------
    views : the views' names, the default first.
    graph : the merged graph, cut to the budget.
    total : the merged graph's nodes before the cut.
    positions : each node of ``graph`` → its place in canvas pixels.
    """

    views: tuple[str, ...]
    graph: nx.Graph
    total: int
    positions: Mapping[Any, tuple[float, float]]


def draw(views: Mapping[str, nx.Graph], *, seed: int = 7, max_nodes: int = 1000) -> Drawing:
    """The `Drawing` of one page's views (see `graph_fragment`).

    Examples
    --------
    >>> drawing = draw({"Graph": nx.path_graph(["a", "b", "c"])})
    >>> drawing.total, sorted(drawing.positions) == ["a", "b", "c"]
    (3, True)
    """
    return draw_many([views], seed=seed, max_nodes=max_nodes)[0]


def draw_many(
    pages: Iterable[Mapping[str, nx.Graph]], *, seed: int = 7, max_nodes: int = 1000
) -> list[Drawing]:
    """The `Drawing` of each of many pages' views, laid out together (`layouts`).

    Each page's views are merged as they come: views made on the fly (a generator)
    are let go of before the next page's are made.

    Examples
    --------
    >>> pages = [{"Graph": nx.path_graph(["a", "b"])}, {"Graph": nx.cycle_graph(["x", "y", "z"])}]
    >>> [d.positions for d in draw_many(pages)] == [draw(views).positions for views in pages]
    True
    """
    names, totals, shown = [], [], []
    for views in pages:
        merged = merge_views(views) if len(views) > 1 else next(iter(views.values()))
        names.append(tuple(views))
        totals.append(merged.number_of_nodes())
        shown.append(reduce_graph(merged, max_nodes))
    return [
        Drawing(views, graph, total, positions)
        for views, graph, total, positions in zip(
            names, shown, totals, layouts(shown, seed), strict=True
        )
    ]


def graph_fragment(
    views: Mapping[str, nx.Graph],
    *,
    title: str,
    redact: bool = False,
    seed: int = 7,
    max_nodes: int = 1000,
    subtitle: str = "",
    search_text: Mapping[Any, str] | None = None,
) -> Fragment:
    """The interactive graph as a page fragment, for embedding in larger pages.

    Parameters
    ----------
    views : one or more views of the same identities by name, the default
        first; with several, buttons named after them switch the view and
        nodes keep their place (see `merge_views`).
    title, subtitle, redact, seed, max_nodes : as for `render_graph_html`.
    search_text : node → text the search box also matches it by (see `graph_payload`).

    Returns
    -------
    The escaped body markup and the scripts it needs.

    Examples
    --------
    >>> frag = graph_fragment({"Graph": nx.Graph()}, title="empty")
    >>> frag.libraries, len(frag.scripts), 'class="graph-view"' in frag.body
    (('vis-network.min.js',), 1, False)
    >>> 'data-view="1"' in graph_fragment({"A": nx.Graph(), "B": nx.Graph()}, title="two").body
    True
    """
    return drawing_fragment(
        draw(views, seed=seed, max_nodes=max_nodes),
        title=title,
        redact=redact,
        subtitle=subtitle,
        search_text=search_text,
    )


def drawing_fragment(
    drawing: Drawing,
    *,
    title: str,
    redact: bool = False,
    subtitle: str = "",
    search_text: Mapping[Any, str] | None = None,
) -> Fragment:
    """`graph_fragment` of views already drawn (`draw`, or `draw_many` for many pages).

    Examples
    --------
    >>> views = {"Graph": nx.path_graph(["a", "b"])}
    >>> drawing_fragment(draw(views), title="t") == graph_fragment(views, title="t")
    True
    """
    shown = drawing.graph
    cap_note = ""
    if shown.number_of_nodes() < drawing.total:
        cap_note = (
            f'<p class="cap-note" id="graph-cap-note">Showing {shown.number_of_nodes()} of '
            f"{drawing.total} nodes: the highest-risk contractors and their strongest ties.</p>"
        )
    payload = graph_payload(
        shown, redact=redact, search_text=search_text, positions=drawing.positions
    )
    body = fill(
        asset("graph.html"),
        {
            "title": text(title),
            "subtitle": text(subtitle),
            "views": _view_buttons(drawing.views) if len(drawing.views) > 1 else "",
            "cap_note": cap_note,
            "legend": legend_html(shown),
            "data": script_json(payload),
        },
    )
    return Fragment(body=body, scripts=(asset("graph.js"),), libraries=SHARED_SCRIPTS)


def _view_buttons(names: Sequence[str]) -> str:
    buttons = "".join(
        f'<button type="button" class="graph-view" data-view="{i}" '
        f'aria-pressed="{"true" if i == 0 else "false"}">{text(name)}</button>'
        for i, name in enumerate(names)
    )
    return f'<span class="graph-views" role="group" aria-label="View">{buttons}</span>'


def render_graph_html(
    graph: nx.Graph,
    *,
    title: str,
    redact: bool = False,
    seed: int = 7,
    max_nodes: int = 1000,
    subtitle: str = "",
) -> str:
    """Render a graph view as one self-contained, offline, deterministic HTML page.

    Parameters
    ----------
    graph : ``nx.Graph`` or ``nx.MultiGraph``; node attributes ``kind``, ``label``,
        ``risk``, ``flags`` (``;``-separated), ``value``, ``written`` and any other
        text or number, shown as a tooltip row; edge attributes ``kind``,
        ``weight``, ``evidence`` (all strings untrusted).
    title, subtitle : headings shown above the graph (escaped).
    redact : mask e-mails, phones, accounts and addresses in labels, details, evidence.
    seed : layout seed; the same graph and seed give byte-identical output.
    max_nodes : larger graphs are cut to this budget with a visible note.

    Returns
    -------
    The HTML document as text.

    Examples
    --------
    >>> g = nx.Graph(); g.add_node("c1", kind="contractor", label="<b>x</b>", risk=80)
    >>> page = render_graph_html(g, title="Ring R1")
    >>> "<b>x</b>" in page, "\\\\u003cb\\\\u003ex" in page
    (False, True)
    """
    fragment = graph_fragment(
        {title: graph},
        title=title,
        redact=redact,
        seed=seed,
        max_nodes=max_nodes,
        subtitle=subtitle,
    )
    return render_document(
        title=title, body=fragment.body, scripts=fragment.scripts, libraries=fragment.libraries
    )
