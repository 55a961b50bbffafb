"""The JupyterLab explorer's widgets: thin wiring from controls to `ExplorerModel`.

Three columns fit one screen (1400 × 900 in JupyterLab): the ranked rings and
the search on the left, the graph in the middle, the selection, its timeline
and the decision on the right. Every widget carries a stable ``wb-*`` CSS class
(see `CLASSES`) so browser tests and custom styles can find it. Case text
reaches the page only as escaped HTML, as widget text properties, or as JSON
data of the graph widget.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from workbench.dispositions import DECISIONS
from workbench.errors import CaseError
from workbench.explorer import markup
from workbench.explorer.graph_widget import GraphWidget
from workbench.explorer.state import ExplorerModel
from workbench.views.style import node_label

#: Ring rows shown at once; the minimum score narrows a long list.
MAX_ROWS = 50
#: Search hits shown at once, best first.
MAX_HITS = 20
#: Heights in CSS pixels: the whole explorer, and the least the graph canvas keeps (it
#: takes whatever its column leaves).
HEIGHT = 640
GRAPH_MIN_HEIGHT = 320

#: The formats a ring can be exported in, as the explorer names them.
EXPORT_LABELS = {
    "HTML page": "html",
    "STIX 2.1 bundle": "stix",
    "GraphML": "graphml",
    "GEXF": "gexf",
    "Referral package": "referral",
}

#: Stable CSS classes of the explorer's widgets, by role.
CLASSES = {
    "root": "wb-explorer",
    "rings_column": "wb-rings-column",
    "graph_column": "wb-graph-column",
    "details_column": "wb-details-column",
    "search": "wb-search",
    "hits": "wb-hits",
    "hit": "wb-hit",
    "min_score": "wb-min-score",
    "count": "wb-count",
    "table": "wb-ring-table",
    "row": "wb-ring-row",
    "alert": "wb-alert",
    "selected_row": "wb-ring-selected",
    "title": "wb-graph-title",
    "graph": "wb-graph",
    "kind": "wb-kind",
    "legend": "wb-legend-box",
    "expand": "wb-expand",
    "back": "wb-back",
    "export": "wb-export",
    "export-format": "wb-export-format",
    "status": "wb-status",
    "details": "wb-details",
    "timeline": "wb-timeline",
    "reasons": "wb-reasons",
    "members": "wb-members",
    "evidence": "wb-evidence",
    "flags": "wb-flags",
    "target": "wb-target",
    "note": "wb-note",
    "decide": "wb-decide",
    "decision": "wb-decision",
    "saved": "wb-saved",
}


def _styled(widget: widgets.Widget, role: str, *extra: str) -> Any:
    widget.add_class(CLASSES[role])
    for name in extra:
        widget.add_class(name)
    return widget


def _error(message: str | Exception) -> str:
    return f'<span style="color:#b00">{html.escape(str(message))}</span>'


class ExplorerApp:
    """The explorer's widgets bound to one model; display it in a notebook cell.

    Examples
    --------
    >>> from workbench.investigation import investigate
    >>> app = ExplorerApp(ExplorerModel(investigate("sample_data/demo_case")))
    >>> app.rows[0].click()
    >>> app.model.ring_id == app.rows[0].tooltip, len(app.graph.nodes) > 2
    (True, True)
    """

    def __init__(self, model: ExplorerModel, *, max_rows: int = MAX_ROWS) -> None:
        self.model = model
        self.max_rows = max_rows
        self.rows: list[widgets.Button] = []
        self.hits: list[widgets.Button] = []
        rings = self._rings_column()
        graph = self._graph_column()
        details = self._details_column()
        self.widget = _styled(
            widgets.VBox(
                [
                    widgets.HTML(markup.STYLE),
                    widgets.HTML(markup.newcomer_banner(model.investigation.newcomer_alerts)),
                    widgets.HTML(markup.since_last_run(*model.since_last_run())),
                    widgets.HBox(
                        [rings, graph, details],
                        layout=widgets.Layout(height=f"{HEIGHT}px", width="100%"),
                    ),
                ]
            ),
            "root",
        )
        self.refresh_table()
        self.refresh_graph()
        self.refresh_selection()
        self.refresh_ring()

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)

    # Building --------------------------------------------------------------------------------

    def _rings_column(self) -> widgets.Widget:
        self.search = _styled(
            widgets.Text(
                placeholder="phone, e-mail, address, account, IP, name or id",
                continuous_update=False,
                layout=widgets.Layout(width="100%"),
            ),
            "search",
        )
        self.hit_list = _styled(widgets.VBox(), "hits")
        self.min_score = _styled(
            widgets.FloatSlider(
                value=0.0,
                min=0.0,
                max=100.0,
                step=1.0,
                description="Min score",
                continuous_update=False,
                layout=widgets.Layout(width="100%"),
            ),
            "min_score",
        )
        self.count = _styled(widgets.HTML(), "count")
        self.table = _styled(widgets.VBox(), "table")
        self.search.observe(self._guarded(self._on_search), names="value")
        self.min_score.observe(self._guarded(self._on_min_score), names="value")
        listing = widgets.VBox(
            [self.hit_list, self.count, self.table],
            layout=widgets.Layout(flex="1 1 auto", width="100%"),
        ).add_class("wb-scroll")
        return _styled(
            widgets.VBox(
                [self.search, self.min_score, listing],
                layout=widgets.Layout(flex="0 0 300px", height="100%"),
            ),
            "rings_column",
            "wb-column",
        )

    def _graph_column(self) -> widgets.Widget:
        self.title = _styled(widgets.HTML(), "title")
        self.expand_button = _styled(
            widgets.Button(description="Expand", tooltip="add the selected node's neighbours"),
            "expand",
        )
        self.back_button = _styled(widgets.Button(description="Back to ring"), "back")
        self.export_button = _styled(
            widgets.Button(description="Export ring", icon="download"), "export"
        )
        self.export_format = _styled(
            widgets.Dropdown(
                options=list(EXPORT_LABELS.items()),
                value="html",
                layout=widgets.Layout(width="11em"),
            ),
            "export-format",
        )
        self.kind_boxes = {
            kind: _styled(
                widgets.Checkbox(
                    value=True,
                    description=label,
                    indent=False,
                    layout=widgets.Layout(width="auto"),
                ),
                "kind",
                f"wb-kind-{markup.css_class(kind)}",
            )
            for kind, label in self.model.kinds
        }
        self.graph = _styled(
            GraphWidget(
                layout=widgets.Layout(
                    flex="1 1 auto", min_height=f"{GRAPH_MIN_HEIGHT}px", width="100%"
                )
            ),
            "graph",
        )
        self.legend = _styled(widgets.HTML(), "legend")
        self.status = _styled(widgets.HTML(), "status")
        self.expand_button.on_click(self._guarded(lambda _: self._expand(self.model.node)))
        self.back_button.on_click(self._guarded(self._on_back))
        self.export_button.on_click(self._guarded(self._on_export))
        for box in self.kind_boxes.values():
            box.observe(self._guarded(self._on_kinds), names="value")
        self.graph.observe(self._guarded(self._on_click), names="selected")
        self.graph.on_expand(self._guarded(self._expand))
        return _styled(
            widgets.VBox(
                [
                    self.title,
                    widgets.HBox(
                        [
                            self.expand_button,
                            self.back_button,
                            self.export_format,
                            self.export_button,
                        ]
                    ),
                    widgets.HBox(
                        list(self.kind_boxes.values()), layout=widgets.Layout(flex_flow="row wrap")
                    ),
                    self.graph,
                    self.legend,
                    self.status,
                ],
                layout=widgets.Layout(flex="1 1 auto", min_width="360px", height="100%"),
            ),
            "graph_column",
            "wb-column",
        )

    def _details_column(self) -> widgets.Widget:
        self.details = _styled(widgets.HTML(), "details")
        self.timeline = _styled(widgets.HTML(), "timeline")
        self.reasons = _styled(widgets.HTML(), "reasons")
        self.members = _styled(widgets.HTML(), "members")
        self.evidence = _styled(widgets.HTML(), "evidence")
        self.flags = _styled(widgets.HTML(), "flags")
        pages = {
            "Selected": self.details,
            "Timeline": self.timeline,
            "Ring": widgets.VBox([self.reasons, self.members]),
            "Shared": self.evidence,
            "Flags": self.flags,
        }
        self.tabs = widgets.Tab(
            children=list(pages.values()),
            layout=widgets.Layout(flex="1 1 auto", overflow="auto"),
        )
        for index, name in enumerate(pages):
            self.tabs.set_title(index, name)
        self.target = _styled(
            widgets.ToggleButtons(
                options=[("Decide on ring", "ring"), ("on selected identity", "contractor")],
                value="ring",
                style={"button_width": "auto"},
            ),
            "target",
        )
        self.note = _styled(
            widgets.Textarea(
                placeholder="note kept with the decision", layout=widgets.Layout(width="100%")
            ),
            "note",
        )
        self.decide_buttons = {
            decision: _styled(
                widgets.Button(description=decision.capitalize(), layout={"width": "auto"}),
                "decide",
                f"wb-decide-{markup.css_class(decision)}",
            )
            for decision in DECISIONS
        }
        self.decision = _styled(widgets.HTML(), "decision")
        self.saved = _styled(widgets.HTML(), "saved")
        for decision, button in self.decide_buttons.items():
            button.on_click(self._decider(decision))
        return _styled(
            widgets.VBox(
                [
                    self.tabs,
                    self.target,
                    self.note,
                    widgets.HBox(list(self.decide_buttons.values())),
                    self.decision,
                    self.saved,
                ],
                layout=widgets.Layout(flex="0 0 420px", height="100%"),
            ),
            "details_column",
            "wb-column",
        )

    # Refreshing ------------------------------------------------------------------------------

    def refresh_table(self) -> None:
        """Rebuild the ranked ring rows (alerts marked, then a line, then the rest)."""
        table = self.model.table()
        total = self.model.investigation.ring_scores.height
        shown = min(table.height, self.max_rows)
        self.count.value = f"{table.height} of {total} rings; showing the top {shown}."
        self.rows = []
        children: list[widgets.Widget] = []
        alerts_done = False
        for ring in table.head(self.max_rows).iter_rows(named=True):
            if not ring["alert"] and not alerts_done:
                alerts_done = True
                if children:
                    children.append(widgets.HTML(markup.alert_line(self.model.alert_threshold)))
            label = markup.ring_row_label(
                ring["ring_id"], ring["ring_size"], ring["ring_score"], ring["line"],
                ring["decision"],
            )  # fmt: skip
            row = widgets.Button(
                description=label,
                tooltip=ring["ring_id"],
                layout=widgets.Layout(width="100%"),
            )
            _styled(row, "row", *([CLASSES["alert"]] if ring["alert"] else []))
            row.on_click(self._guarded(self._on_row))
            self.rows.append(row)
            children.append(row)
        self.table.children = children
        self._mark_selected()

    def refresh_graph(self, *, fit: bool = False) -> None:
        """Send the drawing to the graph widget (``fit``: zoom to all of it); its legend, its
        title and the kind switches follow (a switch shows for each kind of tie on the canvas)."""
        nodes, edges = self.model.drawing()
        with self.graph.hold_sync():
            self.graph.nodes = nodes
            self.graph.edges = edges
            self.graph.fit += int(fit)
            self.graph.focus = self.model.canvas.focus or ""
            self.graph.selected = self.model.node or ""
        drawn = self.model.canvas.kinds()
        for kind, box in self.kind_boxes.items():
            box.layout.display = None if kind in drawn else "none"
        self.legend.value = self.model.legend() if nodes else ""
        self.title.value = f"<b>{html.escape(self.model.title())}</b>"

    def refresh_selection(self) -> None:
        """Redraw what follows the selected node: its details and its timeline."""
        model = self.model
        attrs = model.selected()
        self.details.value = markup.selection_card(
            str(attrs.get("label") or ""), _kind_label(attrs), model.selected_rows()
        )
        about = (
            str(attrs.get("label"))
            if attrs
            else (f"ring {model.ring_id}" if model.ring_id else "the graph")
        )
        self.timeline.value = (
            markup.timeline_panel(about, model.timeline(), model.login_heat())
            if model.canvas.graph
            else '<p class="wb-muted">Open a ring or search to see a timeline.</p>'
        )

    def refresh_ring(self) -> None:
        """Redraw what follows the opened ring: its reasons, members, shared values, red
        flags and decision."""
        model = self.model
        self.reasons.value = markup.bullet_list(model.reasons())
        empty = "Open a ring."
        self.members.value = markup.frame_table(model.members(), empty=empty)
        self.evidence.value = markup.frame_table(model.evidence(), empty=empty)
        self.flags.value = markup.frame_table(model.flag_evidence(), empty="No red flags.")
        latest = model.decision()
        if latest is None:
            text = "No decision yet." if model.ring_id else ""
        else:
            note = f" — {latest['note']}" if latest["note"] else ""
            text = f"Decision: {latest['decision']}{note}"
        self.decision.value = f"<b>{html.escape(text)}</b>"

    def _mark_selected(self) -> None:
        for row in self.rows:
            chosen = row.tooltip == self.model.ring_id
            row.button_style = "info" if chosen else ""
            if chosen:
                row.add_class(CLASSES["selected_row"])
            else:
                row.remove_class(CLASSES["selected_row"])

    # Events ----------------------------------------------------------------------------------

    def _guarded(self, action: Callable[[Any], None]) -> Callable[[Any], None]:
        def run(event: Any) -> None:
            try:
                action(event)
            except CaseError as error:
                self.status.value = _error(error)

        return run

    def _on_search(self, _change: Any) -> None:
        hits = self.model.search(self.search.value)
        self.hits = []
        for hit in hits.head(MAX_HITS).iter_rows(named=True):
            label = markup.hit_label(
                hit["contractor_id"], hit["full_name"], hit["kind"], hit["match"], hit["ring_id"]
            )
            button = _styled(
                widgets.Button(
                    description=label, tooltip=hit["contractor_id"], layout={"width": "100%"}
                ),
                "hit",
            )
            button.on_click(self._guarded(lambda b: self._open_hit(b.tooltip)))
            self.hits.append(button)
        self.hit_list.children = self.hits
        query = self.search.value.strip()
        if query and not self.hits:
            self.status.value = f"No identity found for {html.escape(query)}."
        if self.hits:
            self._open_hit(self.hits[0].tooltip)

    def _open_hit(self, contractor_id: str) -> None:
        self.model.open_hit(contractor_id)
        self.status.value = html.escape(f"Showing {contractor_id}: {self.model.title()}.")
        self._mark_selected()
        self.refresh_graph(fit=True)
        self.refresh_selection()
        self.refresh_ring()

    def _on_min_score(self, _change: Any) -> None:
        self.model.set_min_score(self.min_score.value)
        self.refresh_table()

    def _on_row(self, button: widgets.Button) -> None:
        self.model.open_ring(button.tooltip)
        self.status.value = ""
        self._mark_selected()
        self.refresh_graph(fit=True)
        self.refresh_selection()
        self.refresh_ring()

    def _on_click(self, change: Any) -> None:
        node = change["new"] or None
        if node == self.model.node:
            return
        self.model.select(node)
        self.refresh_selection()

    def _expand(self, node: str | None) -> None:
        if node is None:
            raise CaseError("click a node of the graph, then expand it")
        expansion = self.model.expand(node)
        self.status.value = html.escape(expansion.sentence())
        self.refresh_graph(fit=True)
        self.refresh_selection()

    def _on_kinds(self, _change: Any) -> None:
        self.model.hide_kinds(kind for kind, box in self.kind_boxes.items() if not box.value)
        self.refresh_graph()
        self.refresh_selection()

    def _on_back(self, _button: Any) -> None:
        if self.model.ring_id is None:
            raise CaseError("no ring is open")
        self.model.open_ring(self.model.ring_id)
        self.refresh_graph(fit=True)
        self.refresh_selection()
        self.refresh_ring()

    def _on_export(self, _button: Any) -> None:
        path = self.model.export(self.export_format.value)
        self.status.value = f"Wrote <code>{html.escape(str(path))}</code>"

    def _decider(self, decision: str) -> Callable[[Any], None]:
        def decide(_button: Any) -> None:
            self.saved.value = ""
            contractor = self.model.selected_contractor()
            on_identity = self.target.value == "contractor"
            try:
                if on_identity and contractor is None:
                    raise CaseError("click an identity on the graph to decide on it")
                entry = self.model.decide(
                    decision, self.note.value, contractor_id=contractor if on_identity else None
                )
            except (CaseError, OSError) as error:
                self.saved.value = _error(f"Not saved: {error}")
                return
            self.saved.value = html.escape(
                f"Saved: '{decision}' for {entry['target_type']} {entry['target_id']}."
            )
            self.note.value = ""
            self.refresh_table()
            self.refresh_ring()

        return decide


def _kind_label(attrs: dict[str, Any]) -> str:
    return node_label(str(attrs.get("kind") or "")) if attrs else ""
