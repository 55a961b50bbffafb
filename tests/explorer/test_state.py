"""Tests for workbench/explorer/state.py: the ring list, search, the canvas, the selection."""

from __future__ import annotations

from datetime import datetime, timezone

import polars as pl
import pytest

from tests.explorer.conftest import TINY_CASE, ring_of
from workbench import case_memory, dispositions
from workbench.errors import CaseError
from workbench.explorer.state import Expansion, ExplorerModel, safe_file_name, tie_kinds
from workbench.investigation import investigate


@pytest.fixture
def model(tiny) -> ExplorerModel:
    return ExplorerModel(tiny)


def test_the_ring_list_ranks_rings_with_a_reason_and_the_alert_line(model, tiny):
    table = model.table()
    assert table.columns == [
        "ring_id", "ring_size", "ring_score", "line", "alert", "decision", "note",
    ]  # fmt: skip
    assert table["ring_id"].to_list() == [ring_of(tiny, "a1"), ring_of(tiny, "b1")]
    assert table["alert"].to_list() == [True, False]
    assert table["line"][0].startswith("3 identities share")
    assert model.set_min_score(45.3)["ring_id"].to_list() == [ring_of(tiny, "a1")]


def test_opening_a_ring_draws_members_and_the_values_they_share(model, tiny):
    model.open_ring(ring_of(tiny, "a1"))
    nodes = set(model.canvas.graph)
    assert {"contractor:a1", "contractor:a2", "contractor:a3"} <= nodes
    assert {"phone:+14155550101", "payment_account:iban:DE89370400440532013000"} <= nodes
    assert "contractor:b1" not in nodes
    assert model.title() == f"Ring {ring_of(tiny, 'a1')}"


def test_expanding_an_identity_keeps_the_canvas_and_names_the_rings_reached(model, tiny):
    model.open_ring(ring_of(tiny, "a1"))
    kept = dict(model.canvas.positions)
    expansion = model.expand("contractor:a3")
    # The /24 of the IP only repeats the IP: it is not drawn.
    assert expansion.added == ("contractor:b1", "ip:203.0.113.7")
    assert expansion.rings == (ring_of(tiny, "b1"),)
    assert expansion.alerted == ()
    assert "expansion reached 1 more ring" in expansion.sentence()
    assert all(model.canvas.positions[node] == place for node, place in kept.items())
    assert model.canvas.focus == model.node == "contractor:a3"


def test_an_expansion_to_an_alerted_ring_says_so(tiny):
    model = ExplorerModel(tiny)
    model.open_ring(ring_of(tiny, "b1"))
    expansion = model.expand("contractor:b1")
    assert expansion.alerted == (ring_of(tiny, "a1"),)
    assert f"expansion reached 1 alerted ring: {ring_of(tiny, 'a1')}" in expansion.sentence()


def test_expanding_a_value_adds_every_holder(model, tiny):
    model.open_hit("l1")
    assert sorted(model.canvas.contractor_ids()) == ["b2", "l1"]
    model.expand("ip:198.51.100.1")
    assert model.expand("contractor:b2").added == (
        "contractor:b1",
        "payment_account:crypto:0x52908400098527886e0f7030069857d2e4169ee7",
    )
    assert model.canvas.contractor_ids() == ["b1", "b2", "l1"]


def test_expanding_needs_a_node_on_the_canvas(model):
    with pytest.raises(CaseError, match="select a node"):
        model.expand("contractor:a1")


def test_kind_filters_act_on_the_ties_drawn_not_on_the_ring_list(model, tiny):
    model.open_ring(ring_of(tiny, "a1")).expand("contractor:a3")
    rings = model.table()
    model.hide_kinds(["ip", "ip_net"])
    nodes, edges = model.drawing()
    assert {edge["kind"] for edge in edges} == {"phone", "payment_account"}
    assert "ip:203.0.113.7" not in {node["id"] for node in nodes}
    assert "contractor:b1" in {node["id"] for node in nodes}
    assert model.table().equals(rings)
    model.hide_kinds([])
    assert "ip" in {edge["kind"] for edge in model.drawing()[1]}


def test_switching_off_the_selected_values_kind_clears_the_selection(model, tiny):
    model.open_ring(ring_of(tiny, "a1")).select("phone:+14155550101")
    model.hide_kinds(["phone"])
    assert model.node is None


def test_identities_are_coloured_by_ring_and_the_focus_is_marked(model, tiny):
    model.open_ring(ring_of(tiny, "a1")).expand("contractor:a3")
    nodes = {node["id"]: node for node in model.drawing()[0]}
    ring_a = {nodes[f"contractor:{c}"]["color"] for c in ("a1", "a2", "a3")}
    assert len(ring_a) == 1
    assert nodes["contractor:b1"]["color"] not in ring_a
    assert nodes["contractor:a3"]["focus"] and nodes["contractor:a3"]["border"] == "#000000"
    assert not nodes["contractor:a1"]["focus"]
    assert ring_of(tiny, "b1") in model.legend()


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("415-555-0101", ["a1", "a2"]),  # a phone, written a third way
        ("de89 3704 0044 0532 0130 00", ["a2", "a3"]),  # an IBAN as written
        ("l1", ["l1"]),  # a contractor id in no ring
        ("   ", []),  # nothing typed
    ],
)
def test_search_finds_identities_by_any_identifier(model, query, found):
    assert sorted(model.search(query)["contractor_id"].unique()) == found


def test_a_hit_in_a_ring_opens_the_ring_with_the_identity_selected(model, tiny):
    model.open_hit("a2")
    assert model.ring_id == ring_of(tiny, "a1")
    assert model.node == model.canvas.focus == "contractor:a2"
    assert model.profile()["full_name"].to_list() == ["Bo <b>Kim</b>"]


def test_a_hit_outside_any_ring_shows_its_profile_and_neighbourhood(model):
    model.open_hit("l1")
    assert model.ring_id is None
    assert model.title() == "Neighbourhood of l1 (in no ring)"
    assert set(model.canvas.graph) == {"contractor:l1", "contractor:b2", "ip:198.51.100.1"}
    assert model.profile().select("contractor_id", "ring_id").rows() == [("l1", None)]
    with pytest.raises(CaseError, match="no contractor"):
        model.open_hit("ghost")


def test_the_timeline_follows_the_selection(model, tiny):
    model.open_ring(ring_of(tiny, "a1"))
    assert model.focus_ids() == ["a1", "a2", "a3"]
    assert set(model.timeline()["contractor_id"]) == {"a1", "a2", "a3"}
    model.select("contractor:a3")
    assert model.focus_ids() == ["a3"]
    assert model.timeline()["event"].to_list()[0] == "hired"
    assert model.login_heat()["logins"].sum() == 1
    model.select("payment_account:iban:DE89370400440532013000")
    assert model.focus_ids() == ["a2", "a3"]
    assert model.selected_contractor() is None
    assert ["shared by", "a2, a3"] in model.selected_rows()


def test_the_rings_tables(model, tiny):
    assert model.members().is_empty() and model.reasons() == []
    model.open_ring(ring_of(tiny, "a1"))
    assert model.members()["contractor_id"].to_list() == ["a2", "a3", "a1"]
    assert set(model.evidence()["kind"]) == {"phone", "payment_account"}
    assert model.reasons()


def test_decisions_are_saved_in_the_case_log_and_shown_again(model, tiny):
    ring = ring_of(tiny, "b1")
    model.open_ring(ring)
    model.decide("confirmed", "same wallet", recorded_at=datetime(2026, 2, 1, tzinfo=timezone.utc))
    model.decide("benign", contractor_id="b2")
    assert model.decision()["decision"] == "confirmed"
    assert model.members().filter(contractor_id="b2")["decision"].to_list() == ["benign"]
    again = ExplorerModel(tiny)
    assert again.table().filter(pl.col("ring_id") == ring)["note"].to_list() == ["same wallet"]
    assert dispositions.latest(tiny.case.path).height == 2


def test_deciding_or_exporting_needs_an_open_ring(model):
    with pytest.raises(CaseError, match="open a ring"):
        model.decide("benign")
    with pytest.raises(CaseError, match="open a ring"):
        model.export()


def test_export_writes_the_ring_page(tiny, tmp_path):
    model = ExplorerModel(tiny, export_dir=tmp_path / "out")
    path = model.open_ring(ring_of(tiny, "a1")).export()
    assert path.parent == tmp_path / "out" and path.read_text().startswith("<!DOCTYPE html>")


def test_unknown_rings_are_refused(model):
    with pytest.raises(CaseError, match="no ring"):
        model.open_ring("nope")


def test_tie_kinds_use_the_registry_labels(tiny):
    assert tie_kinds(tiny.links) == [
        ("phone", "Phone"),
        ("payment_account", "Payment account"),
        ("ip", "Login IP"),
        ("ip_net", "IP network"),
    ]


def test_an_expansion_with_nothing_new_says_so():
    assert Expansion("contractor:a", (), (), ()).sentence() == "Expanded a: nothing new."


def test_safe_file_name_never_leaves_the_folder():
    assert "/" not in safe_file_name("../../x/y")
    assert safe_file_name("r-1_a.b") == "r-1_a.b.html"


def test_a_ring_decision_follows_the_ring_when_it_grows(tiny, write_case):
    ring = ring_of(tiny, "b1")
    ExplorerModel(tiny).open_ring(ring).decide("confirmed", "same wallet")
    case_memory.remember(investigate(tiny.case.path))
    # A new hire paid into ring B's wallet: the ring grows and gets a new content id.
    grown = dict(TINY_CASE)
    grown["contractors.csv"] += "b3,Flo Ray,,US,2024-04-01\n"
    grown["payments.csv"] += (
        "b3,2024-04-05T10:00:00Z,100,USD,crypto,0x52908400098527886e0f7030069857d2e4169ee7\n"
    )
    for name, content in grown.items():
        (tiny.case.path / name).write_text(content, encoding="utf-8")
    again = investigate(tiny.case.path)
    new_ring = ring_of(again, "b3")
    assert new_ring != ring
    row = ExplorerModel(again).table().filter(pl.col("ring_id") == new_ring).row(0, named=True)
    assert (row["decision"], row["note"]) == ("confirmed", "same wallet")
