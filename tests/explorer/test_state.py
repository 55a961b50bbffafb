"""Tests for workbench/explorer/state.py: filters change the table, selection changes the graph."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from tests.explorer.explorer_fakes import fake_investigation
from workbench import dispositions
from workbench.errors import CaseError
from workbench.explorer.state import ExplorerModel, safe_file_name


@pytest.fixture
def investigation(tmp_path):
    """A fake investigation whose case folder is a fresh temporary folder."""
    return fake_investigation(tmp_path)


def test_table_ranks_rings_by_score(investigation):
    table = ExplorerModel(investigation).table()
    assert table["ring_id"].to_list() == ["rA", "rB"]
    assert table.columns == ["ring_id", "ring_size", "ring_score", "reasons", "decision", "note"]


def test_min_score_hides_weaker_rings(investigation):
    model = ExplorerModel(investigation)
    assert model.set_filters(min_score=50)["ring_id"].to_list() == ["rA"]
    assert model.set_filters(min_score=90).height == 0
    assert model.set_filters(min_score=0).height == 2


def test_kind_filter_keeps_rings_with_a_tie_of_that_kind(investigation):
    model = ExplorerModel(investigation)
    assert model.kinds == ["device", "ip", "payment_account"]
    assert model.set_filters(kinds=["ip"])["ring_id"].to_list() == ["rB"]
    assert model.set_filters(kinds=["device"])["ring_id"].to_list() == ["rA"]
    assert model.set_filters(kinds=[]).height == 0
    assert model.set_filters(kinds=model.kinds).height == 2


def test_ip_tie_to_a_loner_outside_the_ring_does_not_count(investigation):
    # c3 (ring rA) shares an IP with c6 (no ring): rA has no ip tie inside it.
    model = ExplorerModel(investigation)
    assert "rA" not in model.set_filters(kinds=["ip"])["ring_id"].to_list()


@pytest.mark.parametrize(
    ("query", "rings"),
    [
        ("ann", ["rA"]),  # a name
        ("ANN.LEE@example", ["rA"]),  # an e-mail, any case
        ("DE89 3704", ["rB"]),  # an account as written
        ("de8937", ["rB"]),  # the canonical account (only c5 was observed with it)
        ("203.0.113", ["rB"]),  # an IP
        ("rb", ["rB"]),  # a ring id
        ("lone@x.org", []),  # someone in no ring
        ("(", []),  # regex characters are literal
    ],
)
def test_search_matches_names_emails_accounts_ips(investigation, query, rings):
    model = ExplorerModel(investigation)
    assert model.set_filters(query=query)["ring_id"].to_list() == rings


def test_filters_combine(investigation):
    model = ExplorerModel(investigation)
    model.set_filters(query="203.0.113")
    assert model.set_filters(min_score=50).height == 0
    assert model.filters.query == "203.0.113"


def test_selection_changes_the_graph(investigation):
    model = ExplorerModel(investigation)
    assert model.graph() is None
    assert model.graph_html() is None
    assert sorted(model.select("rA").graph().nodes) == [
        "contractor:c1",
        "contractor:c2",
        "contractor:c3",
    ]
    assert sorted(model.select("rB").graph().nodes) == ["contractor:c4", "contractor:c5"]
    assert model.graph_title() == "Ring rB"
    html = model.graph_html()
    assert html is not None and "Ring rB" in html and '"label":"c4"' in html


def test_unknown_ring_is_refused(investigation):
    with pytest.raises(CaseError, match="no ring"):
        ExplorerModel(investigation).select("nope")


def test_filtering_out_the_selection_clears_it(investigation):
    model = ExplorerModel(investigation).select("rB")
    model.set_filters(min_score=50)
    assert model.selected is None
    assert model.graph() is None


def test_expand_shows_the_neighbourhood_and_collapse_returns(investigation):
    model = ExplorerModel(investigation).select("rA")
    model.expand("c3", hops=1)
    assert sorted(model.graph().nodes) == ["contractor:c2", "contractor:c3", "contractor:c6"]
    assert model.graph_title() == "Neighbourhood of c3 (1 hop)"
    model.expand("c3", hops=2)
    assert "contractor:c1" in model.graph().nodes
    model.collapse()
    assert model.graph_title() == "Ring rA"
    model.expand("c3")
    model.select("rB")
    assert model.focus is None


@pytest.mark.parametrize(("contractor", "hops"), [("ghost", 1), ("c1", 0), ("c1", 4)])
def test_bad_expansion_is_refused(investigation, contractor, hops):
    with pytest.raises(CaseError):
        ExplorerModel(investigation).select("rA").expand(contractor, hops)


def test_evidence_reasons_members_of_the_selection(investigation):
    model = ExplorerModel(investigation).select("rA")
    assert model.evidence().select("kind", "weight").rows() == [
        ("payment_account", 0.9),
        ("device", 0.7),
    ]
    assert model.reasons() == ["shared payment account", "same device"]
    assert model.members()["contractor_id"].to_list() == ["c1", "c2", "c3"]
    assert model.members()["full_name"][1] == "Bo <b>Kim</b>"
    assert model.flag_evidence()["code"].to_list() == ["VPN_HEAVY"]
    assert ExplorerModel(investigation).reasons() == []


def test_decisions_are_saved_beside_the_case_and_shown_again(investigation):
    model = ExplorerModel(investigation).select("rB")
    model.decide(
        "confirmed", "same laptop farm", recorded_at=datetime(2026, 2, 1, tzinfo=timezone.utc)
    )
    model.decide("benign", contractor_id="c5")
    assert model.decision()["decision"] == "confirmed"
    assert model.table().filter(ring_id="rB")["decision"].to_list() == ["confirmed"]
    assert model.members().filter(contractor_id="c5")["decision"].to_list() == ["benign"]
    reopened = ExplorerModel(investigation)
    assert reopened.table().select("ring_id", "decision", "note").rows() == [
        ("rA", None, None),
        ("rB", "confirmed", "same laptop farm"),
    ]
    assert dispositions.latest(investigation.case_path).height == 2


def test_deciding_needs_a_selection(investigation):
    with pytest.raises(CaseError, match="select a ring"):
        ExplorerModel(investigation).decide("benign")


def test_export_writes_the_ring_page(investigation, tmp_path):
    model = ExplorerModel(investigation, export_dir=tmp_path / "out").select("rA")
    path = model.export()
    assert path == tmp_path / "out" / "rA.html"
    assert path.read_text() == "<html>rA</html>"
    with pytest.raises(CaseError, match="select a ring"):
        ExplorerModel(investigation).export()


def test_safe_file_name_never_leaves_the_folder():
    assert "/" not in safe_file_name("../../x/y")
    assert safe_file_name("r-1_a.b") == "r-1_a.b.html"
