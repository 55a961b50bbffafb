"""networkx views of an investigation: rings, neighbourhoods, identifier graphs."""

from __future__ import annotations

import polars as pl
import pytest

from workbench.investigation import investigate
from workbench.views.graphs import (
    contractor_node,
    identifier_graph,
    neighbourhood_graph,
    ring_graph,
)


@pytest.fixture(scope="module")
def inv():
    return investigate("sample_data/demo_case")


def test_ring_graph_holds_the_members_and_their_ties(inv):
    ring_id = inv.ring_scores["ring_id"][0]
    members = inv.members.filter(pl.col("ring_id") == ring_id)["contractor_id"].to_list()
    graph = ring_graph(inv, ring_id)
    assert sorted(graph.nodes) == sorted(contractor_node(m) for m in members)
    assert graph.number_of_edges() > 0
    for _, data in graph.nodes(data=True):
        assert data["kind"] == "contractor" and 0 <= data["risk"] <= 100
    for _, _, data in graph.edges(data=True):
        assert data["evidence"] and 0 < data["weight"] <= 1


def test_a_derived_tie_is_not_drawn_beside_its_parent(inv):
    for ring_id in inv.ring_scores["ring_id"]:
        graph = ring_graph(inv, ring_id)
        for a, b in {tuple(sorted(e)) for e in graph.edges()}:
            kinds = {data["kind"] for data in graph.get_edge_data(a, b).values()}
            assert not ({"ip", "ip_net"} <= kinds or {"address", "address_building"} <= kinds)


def test_neighbourhood_grows_with_hops(inv):
    member = inv.members["contractor_id"][0]
    one, two = neighbourhood_graph(inv, member, 1), neighbourhood_graph(inv, member, 2)
    assert contractor_node(member) in one
    assert set(one.nodes) <= set(two.nodes)
    assert neighbourhood_graph(inv, member, 0).number_of_nodes() == 1


def test_identifier_graph_is_bipartite(inv):
    ring_id = inv.ring_scores["ring_id"][0]
    members = inv.members.filter(pl.col("ring_id") == ring_id)["contractor_id"]
    graph = identifier_graph(inv, members)
    for a, b in graph.edges():
        kinds = {graph.nodes[a]["kind"], graph.nodes[b]["kind"]}
        assert "contractor" in kinds and len(kinds) == 2
