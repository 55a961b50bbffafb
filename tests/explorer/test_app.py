"""Tests for workbench/explorer/app.py: the widgets drive the model and show its answers."""

from __future__ import annotations

import ipywidgets as widgets
import pytest

from tests.explorer.conftest import ring_of
from workbench import case_memory, dispositions
from workbench.explorer import explore
from workbench.explorer.app import CLASSES, EXPORT_LABELS, ExplorerApp
from workbench.explorer.state import EXPORT_FORMATS, ExplorerModel
from workbench.export import FORMATS
from workbench.investigation import investigate


@pytest.fixture
def app(tiny) -> ExplorerApp:
    return ExplorerApp(ExplorerModel(tiny))


def _kinds_drawn(app: ExplorerApp) -> set[str]:
    return {edge["kind"] for edge in app.graph.edges}


def test_rows_show_score_size_reason_and_the_alert_line(app, tiny):
    assert [row.tooltip for row in app.rows] == [ring_of(tiny, "a1"), ring_of(tiny, "b1")]
    first, second = app.rows
    assert "3 ids" in first.description and "\n3 identities share" in first.description
    assert CLASSES["alert"] in first._dom_classes
    assert CLASSES["alert"] not in second._dom_classes
    divider = app.table.children[1]
    assert "alerts: score 45.3 and above" in divider.value
    assert app.graph.nodes == [] and "No ring opened" in app.title.value


def test_clicking_a_row_opens_the_ring_on_the_graph(app, tiny):
    app.rows[1].click()
    assert CLASSES["selected_row"] in app.rows[1]._dom_classes
    assert {n["id"] for n in app.graph.nodes} >= {"contractor:b1", "contractor:b2"}
    assert app.graph.fit == 1
    assert ring_of(tiny, "b1") in app.title.value
    assert ring_of(tiny, "b1") in app.legend.value


def test_a_click_on_the_graph_selects_and_shows_the_node_escaped(app):
    app.rows[0].click()
    app.graph.selected = "contractor:a2"
    assert "Bo &lt;b&gt;Kim&lt;/b&gt;" in app.details.value
    assert "<b>Kim</b>" not in app.details.value
    assert "Timeline of Bo &lt;b&gt;Kim&lt;/b&gt;" in app.timeline.value
    assert "<svg" in app.timeline.value and "Hour of day (UTC)" in app.timeline.value
    app.graph.selected = ""
    assert "Click a node" in app.details.value


def test_expand_adds_neighbours_and_says_which_rings_it_reached(app, tiny):
    app.rows[0].click()
    before = {n["id"] for n in app.graph.nodes}
    app.graph.selected = "contractor:a3"
    app.expand_button.click()
    after = {n["id"] for n in app.graph.nodes}
    assert before < after and "contractor:b1" in after
    assert f"expansion reached 1 more ring: {ring_of(tiny, 'b1')}" in app.status.value
    assert app.graph.focus == "contractor:a3"


def test_a_double_click_in_the_browser_expands(app):
    app.rows[0].click()
    app.graph._handle_message(app.graph, {"event": "expand", "node": "contractor:a3"}, [])
    assert "contractor:b1" in {n["id"] for n in app.graph.nodes}


def test_expand_without_a_selection_says_what_to_do(app):
    app.rows[0].click()
    app.expand_button.click()
    assert "click a node" in app.status.value


def test_kind_switches_use_labels_act_on_edges_and_show_for_kinds_drawn(app):
    box = app.kind_boxes["ip"]
    assert box.description == "Login IP"
    app.rows[0].click()
    assert box.layout.display == "none"
    app.graph.selected = "contractor:a3"
    app.expand_button.click()
    assert box.layout.display is None and "ip" in _kinds_drawn(app)
    rows = [row.tooltip for row in app.rows]
    box.value = False
    assert "ip" not in _kinds_drawn(app) and "phone" in _kinds_drawn(app)
    assert [row.tooltip for row in app.rows] == rows
    box.value = True
    assert "ip" in _kinds_drawn(app)


def test_search_lists_hits_and_opens_the_best(app, tiny):
    app.search.value = "415-555-0101"
    found = [hit.tooltip for hit in app.hits]
    assert sorted(found) == ["a1", "a2"]
    assert app.graph.selected == f"contractor:{found[0]}"
    app.hits[1].click()
    assert app.graph.selected == f"contractor:{found[1]}"
    app.search.value = "l1"
    assert "in no ring" in app.title.value
    assert "Lone Wolf" in app.details.value
    app.search.value = "nothing like this"
    assert app.hits == [] and "No identity found" in app.status.value


def test_min_score_narrows_the_list(app):
    app.min_score.value = 45.3
    assert len(app.rows) == 1


def test_saved_shows_after_the_write_and_a_new_explorer_remembers(app, tiny):
    app.rows[0].click()
    app.note.value = "same payee <x>"
    app.decide_buttons["confirmed"].click()
    assert app.saved.value.startswith("Saved: &#x27;confirmed&#x27; for ring")
    assert "Decision: confirmed — same payee &lt;x&gt;" in app.decision.value
    assert "[confirmed]" in app.rows[0].description and app.note.value == ""
    again = explore(tiny)
    again.rows[0].click()
    assert "Decision: confirmed" in again.decision.value


def test_a_decision_on_the_selected_identity(app, tiny):
    app.rows[0].click()
    app.target.value = "contractor"
    app.decide_buttons["benign"].click()
    assert "click an identity" in app.saved.value and "Saved" not in app.saved.value
    app.graph.selected = "contractor:a2"
    app.decide_buttons["benign"].click()
    latest = dispositions.latest(tiny.case.path)
    assert latest.select("target_type", "target_id", "decision").rows() == [
        ("contractor", "a2", "benign")
    ]


def test_a_failed_write_is_never_shown_as_saved(app, tiny, monkeypatch):
    def full_disk(*_args, **_kwargs):
        raise OSError("No space left on device")

    monkeypatch.setattr(dispositions, "record", full_disk)
    app.rows[0].click()
    app.note.value = "kept"
    app.decide_buttons["confirmed"].click()
    assert "Not saved: No space left on device" in app.saved.value
    assert "Saved:" not in app.saved.value
    assert app.note.value == "kept"


def test_export_button_writes_the_page(tiny, tmp_path):
    app = ExplorerApp(ExplorerModel(tiny, export_dir=tmp_path / "exports"))
    app.export_button.click()
    assert "open a ring" in app.status.value
    app.rows[0].click()
    app.export_button.click()
    assert (tmp_path / "exports" / f"{ring_of(tiny, 'a1')}.html").is_file()


def test_the_three_columns_share_one_row_of_fixed_height(app):
    row = app.widget.children[-1]  # below the style, the newcomer banner and what changed
    assert [CLASSES[c] in col._dom_classes for c, col in zip(
        ["rings_column", "graph_column", "details_column"], row.children, strict=True
    )] == [True, True, True]  # fmt: skip
    assert row.layout.height == "640px"


def test_app_displays_as_its_root_widget(app):
    assert "application/vnd.jupyter.widget-view+json" in app._repr_mimebundle_()


def test_the_export_menu_offers_every_format_and_writes_it(tiny, tmp_path):
    assert sorted(EXPORT_LABELS.values()) == sorted(EXPORT_FORMATS)
    assert set(EXPORT_FORMATS) == {"html", *FORMATS}  # every export has a file ending
    app = ExplorerApp(ExplorerModel(tiny, export_dir=tmp_path / "exports"))
    app.model.open_ring(ring_of(tiny, "a1"))
    written = {}
    for fmt in ("stix", "graphml", "referral"):
        app.export_format.value = fmt
        app.export_button.click()
        written[fmt] = sorted(p.name for p in (tmp_path / "exports").iterdir())
    ring = ring_of(tiny, "a1")
    assert f"{ring}.stix.json" in written["stix"]
    assert f"{ring}.graphml" in written["graphml"]
    assert ring in written["referral"] and (tmp_path / "exports" / ring).is_dir()
    assert "Wrote" in app.status.value


def html_of(app: ExplorerApp) -> str:
    """The markup of every HTML widget of the explorer, in order."""

    def walk(widget) -> list[str]:
        own = [widget.value] if isinstance(widget, widgets.HTML) else []
        return own + [text for child in getattr(widget, "children", ()) for text in walk(child)]

    return "".join(walk(app.widget))


def test_the_explorer_says_what_changed_since_the_last_run(tiny):
    assert "wb-since" not in html_of(ExplorerApp(ExplorerModel(tiny)))  # a first run
    case_memory.remember(tiny)
    # A new hire paid into ring B's wallet, under a hostile id.
    for table, row in (
        ("contractors.csv", "n<i>9</i>,New Hire,,US,2024-05-01\n"),
        (
            "payments.csv",
            "n<i>9</i>,2024-05-05T10:00:00Z,100,USD,crypto,"
            "0x52908400098527886e0f7030069857d2e4169ee7\n",
        ),
    ):
        path = tiny.case.path / table
        path.write_text(path.read_text(encoding="utf-8") + row, encoding="utf-8")
    shown = html_of(ExplorerApp(ExplorerModel(investigate(tiny.case.path))))
    assert "Since run 1: 2 changes: grown ring: 1, new identity: 1" in shown
    assert "n&lt;i&gt;9&lt;/i&gt;" in shown and "n<i>9" not in shown
