"""networkx views built from frames: identities and their ties, identities and identifiers."""

from __future__ import annotations

import polars as pl
import pytest

from workbench.investigation import investigate
from workbench.kinds import RELATIONS
from workbench.views.graphs import (
    contractor_graph,
    contractor_node,
    identifier_graph,
    shared_values,
)


@pytest.fixture(scope="module")
def inv():
    return investigate("sample_data/demo_case")


def test_ring_graph_holds_the_members_and_their_ties(inv):
    ring_id = inv.ring_scores["ring_id"][0]
    members = inv.members.filter(pl.col("ring_id") == ring_id)["contractor_id"].to_list()
    graph = inv.ring(ring_id).graph()
    assert sorted(graph.nodes) == sorted(contractor_node(m) for m in members)
    assert graph.number_of_edges() > 0
    for _, data in graph.nodes(data=True):
        assert data["kind"] == "contractor" and 0 <= data["risk"] <= 100
    for _, _, data in graph.edges(data=True):
        assert data["evidence"] and 0 < data["weight"] <= 1


def test_a_derived_tie_is_not_drawn_beside_its_parent(inv):
    for ring_id in inv.ring_scores["ring_id"]:
        graph = inv.ring(ring_id).graph()
        for a, b in {tuple(sorted(e)) for e in graph.edges()}:
            kinds = {data["kind"] for data in graph.get_edge_data(a, b).values()}
            assert not ({"ip", "ip_net"} <= kinds or {"address", "address_building"} <= kinds)


def test_neighbourhood_grows_with_hops(inv):
    member = inv.members["contractor_id"][0]
    one, two = inv.neighbourhood(member, 1), inv.neighbourhood(member, 2)
    assert contractor_node(member) in one
    assert set(one.nodes) <= set(two.nodes)
    assert inv.neighbourhood(member, 0).number_of_nodes() == 1


def test_identifier_graph_ties_people_to_values_and_relations_person_to_person(inv):
    ring = inv.ring(inv.ring_scores["ring_id"][0])
    graph = ring.identifier_graph()
    for a, b, kind in graph.edges(data="kind"):
        kinds = {graph.nodes[a]["kind"], graph.nodes[b]["kind"]}
        if kind in RELATIONS:
            assert kinds == {"contractor"}
        else:
            assert kinds == {"contractor", kind}
    assert any(kind in RELATIONS for *_, kind in graph.edges(data="kind"))


def test_graphs_take_plain_frames():
    people = pl.DataFrame(
        {
            "contractor_id": ["a", "b", "c"],
            "full_name": ["Ann", "Bo", None],
            "risk_score": [80.0, 40.0, 10.0],
            "flags": ["VOIP_PHONE;VPN_HEAVY", "", ""],
        }
    )
    ties = pl.DataFrame(
        {
            "contractor_a": ["a", "a", "a"],
            "contractor_b": ["b", "b", "c"],
            "kind": ["ip", "ip_net", "referral"],
            "value": ["203.0.113.9", "203.0.113.0/24", "a>c"],
            "weight": [0.45, 0.1, 0.3],
        }
    )
    graph = contractor_graph(people, ties)
    assert graph.nodes["contractor:a"]["flags"] == "VOIP_PHONE;VPN_HEAVY"
    assert graph.nodes["contractor:c"]["label"] == "c"
    assert sorted(k for _, _, k in graph.edges(keys=True)) == ["ip:203.0.113.9", "referral:a>c"]
    sightings = pl.DataFrame(
        {
            "contractor_id": ["a", "b"],
            "kind": ["ip", "ip"],
            "value": ["203.0.113.9"] * 2,
            "raw": ["203.0.113.9"] * 2,
            "seen_at": [None, None],
        }
    )
    shared = identifier_graph(people, shared_values(ties, sightings))
    assert "ip_net:203.0.113.0/24" not in shared  # it only repeats the shared IP
    assert shared.degree("ip:203.0.113.9") == 2
    assert list(shared.get_edge_data("contractor:a", "contractor:c")) == ["referral:a>c"]
