"""The ipywidgets explorer for JupyterLab: thin wiring from controls to `ExplorerModel`.

Every widget carries a stable ``wb-*`` CSS class (see `CLASSES`) so browser
tests and custom styles can find it. Case text reaches the page only as
escaped HTML, widget text properties or inside the sandboxed graph iframe.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from workbench.dispositions import DECISIONS
from workbench.errors import CaseError
from workbench.explorer import markup
from workbench.explorer.state import MAX_HOPS, ExplorerModel

#: Ranked-table rows shown at once; filters narrow a long list.
MAX_ROWS = 50

#: Stable CSS classes of the explorer's widgets, by role.
CLASSES = {
    "root": "wb-explorer",
    "min_score": "wb-min-score",
    "kind": "wb-kind",
    "search": "wb-search",
    "count": "wb-count",
    "table": "wb-ring-table",
    "row": "wb-ring-row",
    "selected_row": "wb-ring-selected",
    "title": "wb-graph-title",
    "graph": "wb-graph",
    "reasons": "wb-reasons",
    "members": "wb-members",
    "evidence": "wb-evidence",
    "flags": "wb-flags",
    "identity": "wb-identity",
    "hops": "wb-hops",
    "expand": "wb-expand",
    "back": "wb-back",
    "export": "wb-export",
    "target": "wb-target",
    "note": "wb-note",
    "decide": "wb-decide",
    "decision": "wb-decision",
    "status": "wb-status",
}


def _styled(widget: widgets.Widget, role: str, *extra: str) -> Any:
    widget.add_class(CLASSES[role])
    for name in extra:
        widget.add_class(name)
    return widget


class ExplorerApp:
    """The explorer's widgets bound to one model; display it in a notebook cell.

    Examples
    --------
    >>> from workbench.investigation import investigate
    >>> app = ExplorerApp(ExplorerModel(investigate("sample_data/demo_case")))
    >>> app.rows[0].click()
    >>> app.model.selected == app.rows[0].tooltip
    True
    """

    def __init__(self, model: ExplorerModel, *, max_rows: int = MAX_ROWS) -> None:
        self.model = model
        self.max_rows = max_rows
        self.rows: list[widgets.Button] = []
        self._build_controls()
        self._build_detail()
        self.widget = _styled(
            widgets.VBox(
                [
                    widgets.HTML(markup.STYLE),
                    widgets.HBox([self.min_score, self.search]),
                    widgets.HBox(self.kind_boxes, layout=widgets.Layout(flex_flow="row wrap")),
                    self.count,
                    self.table,
                    self.status,
                    self.title,
                    self.graph,
                    widgets.HBox([self.identity, self.hops, self.expand_button, self.back_button]),
                    widgets.HBox([self.export_button, self.target]),
                    self.note,
                    widgets.HBox([*self.decide_buttons.values(), self.decision]),
                    self.tabs,
                ]
            ),
            "root",
        )
        self.refresh_table()
        self.refresh_detail()

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)

    def _build_controls(self) -> None:
        self.min_score = _styled(
            widgets.FloatSlider(
                value=0.0,
                min=0.0,
                max=100.0,
                step=1.0,
                description="Min score",
                continuous_update=False,
            ),
            "min_score",
        )
        self.search = _styled(
            widgets.Text(
                placeholder="name, e-mail, account or IP",
                description="Search",
                continuous_update=False,
            ),
            "search",
        )
        self.kind_boxes = [
            _styled(
                widgets.Checkbox(value=True, description=kind, indent=False),
                "kind",
                f"wb-kind-{markup.css_class(kind)}",
            )
            for kind in self.model.kinds
        ]
        self.count = _styled(widgets.HTML(), "count")
        self.table = _styled(widgets.VBox(), "table")
        self.status = _styled(widgets.HTML(), "status")
        self.min_score.observe(self._on_filter, names="value")
        self.search.observe(self._on_filter, names="value")
        for box in self.kind_boxes:
            box.observe(self._on_filter, names="value")

    def _build_detail(self) -> None:
        self.title = _styled(widgets.HTML(), "title")
        self.graph = _styled(widgets.HTML(), "graph")
        self.identity = _styled(widgets.Dropdown(description="Identity", options=[]), "identity")
        self.hops = _styled(
            widgets.IntSlider(value=1, min=1, max=MAX_HOPS, description="Hops"), "hops"
        )
        self.expand_button = _styled(widgets.Button(description="Expand neighbourhood"), "expand")
        self.back_button = _styled(widgets.Button(description="Back to ring"), "back")
        self.export_button = _styled(
            widgets.Button(description="Export ring HTML", icon="download"), "export"
        )
        self.target = _styled(
            widgets.ToggleButtons(
                options=[("Decide on ring", "ring"), ("on identity", "contractor")],
                value="ring",
            ),
            "target",
        )
        self.note = _styled(
            widgets.Textarea(placeholder="note kept with the decision", description="Note"),
            "note",
        )
        self.decide_buttons = {
            decision: _styled(
                widgets.Button(description=decision.capitalize()),
                "decide",
                f"wb-decide-{markup.css_class(decision)}",
            )
            for decision in DECISIONS
        }
        self.decision = _styled(widgets.HTML(), "decision")
        self.reasons = _styled(widgets.HTML(), "reasons")
        self.members = _styled(widgets.HTML(), "members")
        self.evidence = _styled(widgets.HTML(), "evidence")
        self.flags = _styled(widgets.HTML(), "flags")
        self.tabs = widgets.Tab(children=[self.reasons, self.members, self.evidence, self.flags])
        for index, name in enumerate(["Reasons", "Members", "Evidence", "Red flags"]):
            self.tabs.set_title(index, name)
        self.expand_button.on_click(self._guarded(self._on_expand))
        self.back_button.on_click(self._guarded(self._on_back))
        self.export_button.on_click(self._guarded(self._on_export))
        for decision, button in self.decide_buttons.items():
            button.on_click(self._guarded(self._decider(decision)))

    def refresh_table(self) -> None:
        """Rebuild the ranked rows from the model's filtered table."""
        table = self.model.table()
        total = self.model.investigation.ring_scores.height
        shown = min(table.height, self.max_rows)
        self.count.value = f"{table.height} of {total} rings match; showing the top {shown}."
        self.rows = []
        for ring_id, size, score, _, decision, _ in table.head(self.max_rows).iter_rows():
            row = _styled(
                widgets.Button(
                    description=markup.ring_row_label(ring_id, size, score, decision),
                    tooltip=ring_id,
                    layout=widgets.Layout(width="100%"),
                ),
                "row",
            )
            row.on_click(self._guarded(self._on_row))
            self.rows.append(row)
        self.table.children = self.rows
        self._mark_selected()

    def refresh_detail(self) -> None:
        """Redraw the graph, tables and decision of the current selection."""
        model = self.model
        self.title.value = f"<h3>{html.escape(model.graph_title())}</h3>"
        self.graph.value = markup.graph_frame(model.graph_html())
        members = model.members()
        self.identity.options = [
            (f"{cid} — {name or ''}", cid)
            for cid, name in members.select("contractor_id", "full_name").iter_rows()
        ]
        self.reasons.value = markup.bullet_list(model.reasons())
        empty = "Select a ring."
        self.members.value = markup.frame_table(members, empty=empty)
        self.evidence.value = markup.frame_table(model.evidence(), empty=empty)
        self.flags.value = markup.frame_table(model.flag_evidence(), empty="No red flags.")
        self._show_decision()

    def _show_decision(self) -> None:
        latest = self.model.decision()
        if latest is None:
            text = "No decision yet." if self.model.selected else ""
        else:
            text = f"Decision: {latest['decision']}" + (
                f" — {latest['note']}" if latest["note"] else ""
            )
        self.decision.value = f"<b>{html.escape(text)}</b>"

    def _mark_selected(self) -> None:
        for row in self.rows:
            chosen = row.tooltip == self.model.selected
            row.button_style = "info" if chosen else ""
            if chosen:
                row.add_class(CLASSES["selected_row"])
            else:
                row.remove_class(CLASSES["selected_row"])

    def _guarded(self, action: Callable[[Any], None]) -> Callable[[Any], None]:
        def run(event: Any) -> None:
            try:
                action(event)
            except CaseError as error:
                self.status.value = f'<span style="color:#b00">{html.escape(str(error))}</span>'

        return run

    def _on_filter(self, _change: Any) -> None:
        before = self.model.selected
        self.model.set_filters(
            min_score=self.min_score.value,
            kinds=[box.description for box in self.kind_boxes if box.value],
            query=self.search.value,
        )
        self.refresh_table()
        if self.model.selected != before:
            self.refresh_detail()

    def _on_row(self, button: widgets.Button) -> None:
        self.model.select(button.tooltip)
        self.status.value = ""
        self._mark_selected()
        self.refresh_detail()

    def _on_expand(self, _button: Any) -> None:
        if not self.identity.value:
            raise CaseError("select a ring and an identity first")
        self.model.expand(self.identity.value, self.hops.value)
        self.refresh_detail()

    def _on_back(self, _button: Any) -> None:
        self.model.collapse()
        self.refresh_detail()

    def _on_export(self, _button: Any) -> None:
        path = self.model.export()
        self.status.value = f"Wrote <code>{html.escape(str(path))}</code>"

    def _decider(self, decision: str) -> Callable[[Any], None]:
        def decide(_button: Any) -> None:
            on_identity = self.target.value == "contractor"
            if on_identity and not self.identity.value:
                raise CaseError("choose an identity to decide on")
            entry = self.model.decide(
                decision,
                self.note.value,
                contractor_id=self.identity.value if on_identity else None,
            )
            self.status.value = html.escape(
                f"Recorded '{decision}' for {entry['target_type']} {entry['target_id']}."
            )
            self.note.value = ""
            self.refresh_table()
            self.refresh_detail()

        return decide
