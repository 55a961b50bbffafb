"""Tests for workbench/explorer/app.py: widgets drive the model and show its answers."""

from __future__ import annotations

import pytest

from tests.explorer.explorer_fakes import fake_investigation
from workbench import dispositions
from workbench.explorer import explore
from workbench.explorer.app import CLASSES, ExplorerApp
from workbench.explorer.state import ExplorerModel


@pytest.fixture
def investigation(tmp_path):
    """A fake investigation whose case folder is a fresh temporary folder."""
    return fake_investigation(tmp_path)


def app_for(investigation, **kwargs) -> ExplorerApp:
    return ExplorerApp(ExplorerModel(investigation, **kwargs))


def test_rows_are_ranked_and_nothing_is_selected(investigation):
    app = app_for(investigation)
    assert [row.tooltip for row in app.rows] == ["rA", "rB"]
    assert all(CLASSES["row"] in row._dom_classes for row in app.rows)
    assert "Select a ring" in app.graph.value
    assert "2 of 2 rings" in app.count.value


def test_clicking_a_row_selects_the_ring_and_draws_its_graph(investigation):
    app = app_for(investigation)
    app.rows[1].click()
    assert app.model.selected == "rB"
    assert app.rows[1].button_style == "info"
    assert CLASSES["selected_row"] in app.rows[1]._dom_classes
    assert CLASSES["selected_row"] not in app.rows[0]._dom_classes
    assert '<iframe class="wb-graph-frame" sandbox="allow-scripts"' in app.graph.value
    assert "&quot;label&quot;:&quot;c4&quot;" in app.graph.value
    assert [value for _, value in app.identity.options] == ["c4", "c5"]
    assert "shared login IP" in app.reasons.value


def test_filters_change_the_rows(investigation):
    app = app_for(investigation)
    app.min_score.value = 50
    assert [row.tooltip for row in app.rows] == ["rA"]
    app.min_score.value = 0
    next(box for box in app.kind_boxes if box.description == "ip").value = False
    next(box for box in app.kind_boxes if box.description == "device").value = False
    assert [row.tooltip for row in app.rows] == ["rA"]
    app.search.value = "203.0.113"
    assert app.rows == []


def test_filtering_out_the_selection_clears_the_graph(investigation):
    app = app_for(investigation)
    app.rows[1].click()
    app.min_score.value = 60
    assert app.model.selected is None
    assert "Select a ring" in app.graph.value


def test_untrusted_names_are_escaped_in_tables(investigation):
    app = app_for(investigation)
    app.rows[0].click()
    assert "Bo &lt;b&gt;Kim&lt;/b&gt;" in app.members.value
    assert "<b>Kim</b>" not in app.members.value


def test_expand_and_back(investigation):
    app = app_for(investigation)
    app.rows[0].click()
    app.identity.value = "c3"
    app.hops.value = 1
    app.expand_button.click()
    assert "Neighbourhood of c3" in app.title.value
    assert "&quot;label&quot;:&quot;c6&quot;" in app.graph.value
    app.back_button.click()
    assert "Ring rA" in app.title.value


def test_decision_buttons_record_and_a_new_explorer_remembers(investigation):
    app = app_for(investigation)
    app.rows[0].click()
    app.note.value = "same payee <x>"
    app.decide_buttons["confirmed"].click()
    assert "Decision: confirmed — same payee &lt;x&gt;" in app.decision.value
    assert "[confirmed]" in app.rows[0].description
    assert app.note.value == ""
    again = explore(investigation)
    again.rows[0].click()
    assert "Decision: confirmed" in again.decision.value
    assert "[confirmed]" in again.rows[0].description


def test_decision_on_an_identity(investigation):
    app = app_for(investigation)
    app.rows[0].click()
    app.identity.value = "c2"
    app.target.value = "contractor"
    app.decide_buttons["benign"].click()
    latest = dispositions.latest(investigation.case_path)
    assert latest.select("target_type", "target_id", "decision").rows() == [
        ("contractor", "c2", "benign")
    ]


def test_errors_show_in_the_status_line(investigation):
    app = app_for(investigation)
    app.decide_buttons["benign"].click()
    assert "select a ring" in app.status.value
    app.export_button.click()
    assert "select a ring" in app.status.value


def test_export_button_writes_the_page(investigation, tmp_path):
    app = app_for(investigation, export_dir=tmp_path / "exports")
    app.rows[0].click()
    app.export_button.click()
    assert (tmp_path / "exports" / "rA.html").is_file()
    assert "rA.html" in app.status.value


def test_app_displays_as_its_root_widget(investigation):
    bundle = app_for(investigation)._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
