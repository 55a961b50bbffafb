"""GraphML and GEXF files (workbench.export.graph_files), read back with networkx."""

from __future__ import annotations

from collections import Counter

import networkx as nx
import pytest

from tests.export.cases import PRIVATE_VALUES
from workbench.export.graph_files import rings_graph, write_graph_file
from workbench.investigation import investigate

READERS = {
    "graphml": lambda path: nx.read_graphml(path, force_multigraph=True),
    # read_gexf gives a simple graph when no two edges join the same nodes.
    "gexf": lambda path: nx.MultiGraph(nx.read_gexf(path)),
}

#: Attributes every node carries into the file, as the issue asks.
NODE_ATTRIBUTES = ("kind", "label", "ring")


def edges(graph: nx.MultiGraph) -> Counter:
    """Every edge as (its two ends, sorted; kind; weight), counted."""
    return Counter(
        (tuple(sorted((u, v))), data["kind"], round(float(data["weight"]), 6))
        for u, v, data in graph.edges(data=True)
    )


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_a_file_reads_back_with_the_same_nodes_edges_and_attributes(fmt, sample, tmp_path):
    rings = [sample.ring(ring_id) for ring_id in sample.ring_scores["ring_id"].head(4)]
    written = rings_graph(rings)
    back = READERS[fmt](write_graph_file(rings, tmp_path / f"rings.{fmt}", fmt))
    assert not back.is_directed()
    assert set(back.nodes) == set(written.nodes)
    assert edges(back) == edges(written)
    for node, attrs in written.nodes(data=True):
        for name in NODE_ATTRIBUTES:
            assert back.nodes[node][name] == attrs[name], (node, name)
        if attrs["kind"] == "contractor":
            assert back.nodes[node]["risk"] == pytest.approx(attrs["risk"])
            assert back.nodes[node]["flags"] == attrs["flags"]
    # A value the members of two rings share is one node naming both rings.
    named = {ring for _, rings_of in back.nodes(data="ring") for ring in rings_of.split(";")}
    assert named == {r.ring_id for r in rings}


def test_ring_graphs_write_to_graphml_as_they_are(sample, tmp_path):
    ring = sample.ring(sample.ring_scores["ring_id"][0])
    for name, graph in [("people", ring.graph()), ("values", ring.identifier_graph())]:
        for _, attrs in [*graph.nodes(data=True), *((e[:2], e[2]) for e in graph.edges(data=True))]:
            assert all(isinstance(v, str | int | float) for v in attrs.values()), attrs
        nx.write_graphml(graph, tmp_path / f"{name}.graphml")
        back = nx.read_graphml(tmp_path / f"{name}.graphml", force_multigraph=True)
        assert back.number_of_edges() == graph.number_of_edges()
    flagged = [a for _, a in ring.graph().nodes(data=True) if a["flags"]]
    assert flagged and all(";" in a["flags"] or a["flags"].isupper() for a in flagged)


def test_control_characters_of_a_case_cannot_break_the_xml(write_case, tmp_path):
    case = write_case(
        {
            "contractors.csv": "contractor_id,full_name,phone\n"
            'a,"Ann \x1b[2J \x07",+1 415 555 0134\nb,Bo,(415) 555-0134\n',
            "logins.csv": "contractor_id,ts,device_id\na,2024-01-01T00:00Z,d\x01evice-7\n"
            "b,2024-01-01T00:00Z,d\x01evice-7\n",
        }
    )
    inv = investigate(case)
    rings = [inv.ring(ring_id) for ring_id in inv.ring_scores["ring_id"]]
    for fmt, read in READERS.items():
        back = read(write_graph_file(rings, tmp_path / f"r.{fmt}", fmt))
        assert "Ann \ufffd[2J \ufffd" in {label for _, label in back.nodes(data="label")}


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_a_redacted_file_quotes_no_identifier(fmt, ring_case, tmp_path):
    rings = [ring_case.ring(ring_case.ring_scores["ring_id"][0])]
    plain = write_graph_file(rings, tmp_path / f"plain.{fmt}", fmt).read_text(encoding="utf-8")
    masked = write_graph_file(rings, tmp_path / f"masked.{fmt}", fmt, redact=True)
    text = masked.read_text(encoding="utf-8")
    assert any(value in plain for value in PRIVATE_VALUES)  # the scan can see them
    assert [value for value in PRIVATE_VALUES if value in text] == []
    assert (
        READERS[fmt](masked).number_of_nodes()
        == READERS[fmt](tmp_path / f"plain.{fmt}").number_of_nodes()
    )
