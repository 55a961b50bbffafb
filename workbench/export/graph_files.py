"""GraphML and GEXF files of rings, for Gephi, yEd, Cytoscape or i2 Analyst's Notebook.

The graph is each ring's identifier graph (`RingView.identifier_graph`):
members and the values they share as nodes, relations between two members
as edges. Its attributes are text and numbers only (`workbench.views.graphs`):
``kind``, ``label``, ``risk``, ``ring``, ``flags`` as text and the rest, so
networkx writes and reads them back as they are. Characters XML 1.0 cannot
hold (control characters a case may carry) are written as U+FFFD.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import networkx as nx

from workbench.errors import CaseError
from workbench.run_frames import Ring
from workbench.views.graphs import redacted

#: Writers by format.
WRITERS: dict[str, Callable[[nx.Graph, Path], None]] = {
    "graphml": lambda graph, path: nx.write_graphml(graph, path),
    "gexf": lambda graph, path: nx.write_gexf(graph, path),
}

# Characters outside XML 1.0's Char production: no XML file may hold them, escaped or not.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def rings_graph(rings: Sequence[Ring], *, redact: bool = False) -> nx.MultiGraph:
    """The identifier graphs of several rings in one graph, every node marked with its ring.

    A value two rings' members share (their rings are tied weakly) is one
    node whose ``ring`` names both, ``;``-separated. With ``redact`` values
    are masked (`workbench.views.graphs.redacted`) and their nodes renamed
    ``<kind>:<n>``, since a value node's id quotes the value.

    Examples
    --------
    >>> from workbench.investigation import investigate
    >>> inv = investigate("sample_data/demo_case")
    >>> ring = inv.ring(inv.ring_scores["ring_id"][0])
    >>> graph = rings_graph([ring])
    >>> {ring_id for _, ring_id in graph.nodes(data="ring")} == {ring.ring_id}
    True
    """
    merged = nx.MultiGraph()
    for ring in rings:
        graph = ring.identifier_graph()
        for node, attrs in graph.nodes(data=True):
            if node in merged:
                earlier = merged.nodes[node]["ring"].split(";")
                merged.nodes[node]["ring"] = ";".join(sorted({*earlier, ring.ring_id}))
            else:
                merged.add_node(node, **{**attrs, "ring": attrs.get("ring", ring.ring_id)})
        merged.add_edges_from(graph.edges(keys=True, data=True))
    return _numbered_values(redacted(merged)) if redact else merged


def _numbered_values(graph: nx.MultiGraph) -> nx.MultiGraph:
    """The graph with each value node renamed ``<kind>:<n>`` (numbered in id order)."""
    names: dict[Any, str] = {}
    counts: dict[str, int] = {}
    for node in sorted(graph.nodes, key=str):
        kind = str(graph.nodes[node].get("kind"))
        if kind != "contractor":
            counts[kind] = counts.get(kind, 0) + 1
            names[node] = f"{kind}:{counts[kind]}"
    return nx.relabel_nodes(graph, names)


def xml_safe(graph: nx.MultiGraph) -> nx.MultiGraph:
    """A copy whose node ids, edge keys and text attributes XML 1.0 can hold.

    Examples
    --------
    >>> g = nx.MultiGraph(); g.add_node("a\\x1b", label="x\\x00y")
    >>> list(xml_safe(g).nodes(data="label"))
    [('a\ufffd', 'x\ufffdy')]
    """

    def clean(value: Any) -> Any:
        return _NOT_XML.sub("\ufffd", value) if isinstance(value, str) else value

    safe = nx.MultiGraph()
    for node, attrs in graph.nodes(data=True):
        safe.add_node(clean(node), **{key: clean(value) for key, value in attrs.items()})
    if safe.number_of_nodes() != graph.number_of_nodes():
        raise CaseError("two node ids differ only by control characters: cannot write them as XML")
    for u, v, key, attrs in graph.edges(keys=True, data=True):
        safe.add_edge(clean(u), clean(v), key=clean(key), **{k: clean(a) for k, a in attrs.items()})
    return safe


def write_graph_file(
    rings: Sequence[Ring], path: str | Path, fmt: str, *, redact: bool = False
) -> Path:
    """Write `rings_graph` as ``graphml`` or ``gexf`` at ``path`` (folders created).

    Examples
    --------
    >>> import tempfile
    >>> from workbench.investigation import investigate
    >>> inv = investigate("sample_data/demo_case")
    >>> ring = inv.ring(inv.ring_scores["ring_id"][0])
    >>> path = write_graph_file([ring], Path(tempfile.mkdtemp()) / "r.graphml", "graphml")
    >>> nx.read_graphml(path).number_of_nodes() == ring.identifier_graph().number_of_nodes()
    True
    """
    if fmt not in WRITERS:
        raise CaseError(f"graph file format {fmt!r} is not one of {', '.join(WRITERS)}")
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    WRITERS[fmt](xml_safe(rings_graph(rings, redact=redact)), target)
    return target
