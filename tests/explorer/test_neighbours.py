"""Tests for workbench/explorer/neighbours.py: identifier graphs of rings, identities, values."""

from __future__ import annotations

from tests.explorer.conftest import ring_of
from workbench.explorer.neighbours import around_identity, around_value, ring_graph


def _kinds(graph) -> dict[str, str]:
    return dict(graph.nodes(data="kind"))


def test_a_ring_graph_holds_its_members_and_their_shared_values(tiny):
    graph = ring_graph(tiny, ring_of(tiny, "a1"))
    assert _kinds(graph) == {
        "contractor:a1": "contractor",
        "contractor:a2": "contractor",
        "contractor:a3": "contractor",
        "phone:+14155550101": "phone",
        "payment_account:iban:DE89370400440532013000": "payment_account",
    }
    phone = graph.nodes["phone:+14155550101"]
    assert phone["shared_by"] == "a1, a2"
    assert set(phone["written"].split("; ")) == {"+1 415 555 0101", "(415) 555-0101"}


def test_an_identity_reaches_its_values_holders_across_rings(tiny):
    graph = around_identity(tiny, "a3")
    assert sorted(graph) == [
        "contractor:a2",
        "contractor:a3",
        "contractor:b1",
        "ip:203.0.113.7",
        "payment_account:iban:DE89370400440532013000",
    ]
    assert graph.nodes["contractor:b1"]["ring"] == ring_of(tiny, "b1")


def test_a_value_reaches_every_holder(tiny):
    graph = around_value(tiny, "ip", "198.51.100.1")
    assert sorted(graph) == ["contractor:b2", "contractor:l1", "ip:198.51.100.1"]
    assert "ring" not in graph.nodes["contractor:l1"]


def test_an_identity_tied_to_no_one_is_drawn_alone(write_case):
    from workbench.investigation import investigate

    inv = investigate(write_case({"contractors.csv": "contractor_id,full_name\nz1,Zed\n"}))
    assert list(around_identity(inv, "z1")) == ["contractor:z1"]
