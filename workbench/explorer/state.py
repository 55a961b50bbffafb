"""The explorer's logic without widgets: the ranked rings, search, the canvas, the selection,
its timeline, decisions.

`ExplorerModel` holds what the analyst has done (the ring opened, the nodes
expanded, the kinds switched off, the node clicked) and answers every
question the widgets ask, as polars frames, node attributes and text. The
widget layer (`workbench.explorer.app`) only wires controls to these methods, so
everything here is tested without a browser or a kernel.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from workbench import dispositions
from workbench.errors import CaseError
from workbench.explorer import drawing, neighbours
from workbench.explorer.canvas import Canvas
from workbench.kinds import KINDS, RELATIONS, kind_for
from workbench.timeline import login_heat
from workbench.views.graphs import contractor_node
from workbench.views.report import ring_digest

if TYPE_CHECKING:
    from workbench.investigation import Investigation

_UNSAFE_FILE_CHARS = re.compile(r"[^A-Za-z0-9_.-]")


@dataclass(frozen=True)
class Expansion:
    """What one expansion added, and the rings it reached besides the one opened."""

    node: str
    added: tuple[str, ...]
    rings: tuple[str, ...]
    alerted: tuple[str, ...]

    def sentence(self) -> str:
        """The line the explorer shows after an expansion.

        Examples
        --------
        >>> line = Expansion("contractor:a", ("x", "y"), ("R-1", "R-2", "R-3"), ("R-1", "R-2"))
        >>> print(line.sentence())  # doctest: +NORMALIZE_WHITESPACE
        Expanded a: 2 new nodes; expansion reached 2 alerted rings: R-1, R-2
        (and 1 more ring: R-3).
        >>> Expansion("phone:+1", (), (), ()).sentence()
        'Expanded +1: nothing new.'
        """
        name = self.node.partition(":")[2]
        if not self.added:
            return f"Expanded {name}: nothing new."
        line = f"Expanded {name}: {len(self.added)} new node{'s' if len(self.added) > 1 else ''}"
        if self.alerted:
            many = "s" if len(self.alerted) > 1 else ""
            line += f"; expansion reached {len(self.alerted)} alerted ring{many}: "
            line += ", ".join(self.alerted)
        others = [ring for ring in self.rings if ring not in self.alerted]
        if others:
            lead = " (and " if self.alerted else "; expansion reached "
            line += f"{lead}{len(others)} more ring{'s' if len(others) > 1 else ''}: "
            line += ", ".join(others) + (")" if self.alerted else "")
        return line + "."


#: What the explorer exports a ring as (its HTML page, or one of `workbench.export`'s
#: formats), and the ending of what it writes: a referral package is a folder.
EXPORT_SUFFIXES = {
    "html": ".html",
    "stix": ".stix.json",
    "graphml": ".graphml",
    "gexf": ".gexf",
    "referral": "",
}
EXPORT_FORMATS = tuple(EXPORT_SUFFIXES)


def safe_file_name(ring_id: str) -> str:
    """A file name for a ring's page that no ring id can turn into a path.

    Examples
    --------
    >>> safe_file_name("r-12ab")
    'r-12ab.html'
    >>> safe_file_name("../../etc/passwd")
    '.._.._etc_passwd.html'
    """
    return _UNSAFE_FILE_CHARS.sub("_", ring_id) + ".html"


def tie_kinds(links: pl.DataFrame) -> list[tuple[str, str]]:
    """The kinds of tie in a case with the registry's labels, in the registry's order.

    Examples
    --------
    >>> tie_kinds(pl.DataFrame({"kind": ["ip", "referral", "email", "badge_no"]}))
    [('email', 'E-mail'), ('ip', 'Login IP'), ('badge_no', 'Badge no'), ('referral', 'Referral')]
    """
    order = [*KINDS, *RELATIONS]
    present = set(links["kind"].unique().to_list())
    ranked = sorted(
        present, key=lambda k: (k in RELATIONS, order.index(k) if k in order else 99, k)
    )
    return [(k, RELATIONS[k].label if k in RELATIONS else kind_for(k).label) for k in ranked]


class ExplorerModel:
    """State and answers of one explorer over one investigation.

    Parameters
    ----------
    investigation : a finished run (`workbench.investigation.Investigation`).
    case_dir : where decisions are kept; defaults to the investigation's case folder.
    export_dir : where exported ring pages go; defaults to ``exports`` in the working folder.

    Examples
    --------
    >>> from workbench.investigation import investigate
    >>> model = ExplorerModel(investigate("sample_data/demo_case"))
    >>> top = model.table()["ring_id"][0]
    >>> nodes, edges = model.open_ring(top).drawing()
    >>> len(nodes) > model.table()["ring_size"][0], all(e["kind"] for e in edges)
    (True, True)
    """

    def __init__(
        self,
        investigation: Investigation,
        *,
        case_dir: str | Path | None = None,
        export_dir: str | Path | None = None,
    ) -> None:
        self.investigation = investigation
        self.case_dir = Path(case_dir) if case_dir is not None else Path(investigation.case.path)
        self.export_dir = Path(export_dir) if export_dir is not None else Path("exports")
        self.min_score = 0.0
        self.ring_id: str | None = None
        self.node: str | None = None
        self.canvas = Canvas(seed=investigation.settings.seed)
        self.decisions = dispositions.latest(self.case_dir)
        self.kinds = tie_kinds(investigation.links)

    # The ring list ---------------------------------------------------------------------------

    @cached_property
    def _lines(self) -> pl.DataFrame:
        inv = self.investigation
        digest = ring_digest(inv.members, inv.links, inv.flags, inv.sightings)
        return digest.select("ring_id", "line")

    @property
    def alert_threshold(self) -> float:
        """Rings at or above this score are alerts."""
        return float(self.investigation.settings.alert_threshold)

    def set_min_score(self, min_score: float) -> pl.DataFrame:
        """Show only rings scoring at least ``min_score``; returns the new table."""
        self.min_score = float(min_score)
        return self.table()

    def table(self) -> pl.DataFrame:
        """Rings at or above the minimum score, highest first: ring_id, ring_size, ring_score,
        line (the one-line reason), alert, decision, note."""
        # A decision names the ring's lineage (or, from older logs, its content id); one
        # carried from earlier rings through a merge or a split is the ring's disposition.
        decided = self._decisions("ring")
        by_lineage = decided.rename({"target_id": "lineage_id"})
        by_content = decided.rename({"target_id": "ring_id", "decision": "d", "note": "n"})
        return (
            self.investigation.ring_scores.filter(pl.col("ring_score") >= self.min_score)
            .select("ring_id", "lineage_id", "ring_size", "ring_score", "disposition")
            .join(self._lines, on="ring_id", how="left")
            .with_columns(alert=pl.col("ring_score") >= self.alert_threshold)
            .join(by_lineage, on="lineage_id", how="left")
            .join(by_content, on="ring_id", how="left")
            .with_columns(
                decision=pl.coalesce("decision", "d", "disposition"),
                note=pl.coalesce("note", "n"),
            )
            .drop("lineage_id", "disposition", "d", "n")
            .sort(["ring_score", "ring_id"], descending=[True, False])
        )

    # Search ----------------------------------------------------------------------------------

    def search(self, query: str) -> pl.DataFrame:
        """Identities the query finds (`Investigation.search`); empty for a blank query."""
        if not query.strip():
            return self.investigation.search("").clear()
        return self.investigation.search(query.strip())

    def open_hit(self, contractor_id: str) -> ExplorerModel:
        """Show a search hit: its ring with it as the focus, or, outside any ring, its own
        neighbourhood; the identity is selected."""
        found = self.investigation.profiles([contractor_id])
        if found.is_empty():
            raise CaseError(f"no contractor '{contractor_id}' in this investigation")
        ring = found["ring_id"][0]
        node = contractor_node(contractor_id)
        if ring is not None:
            self.open_ring(ring)
        else:
            self.ring_id = None
            self.canvas.open(neighbours.around_identity(self.investigation, contractor_id))
        self.canvas.focus = node
        self.node = node
        return self

    # The canvas ------------------------------------------------------------------------------

    def open_ring(self, ring_id: str) -> ExplorerModel:
        """Draw a ring afresh (members and shared values); nothing is selected."""
        if ring_id not in set(self.investigation.ring_scores["ring_id"].to_list()):
            raise CaseError(f"no ring '{ring_id}' in this investigation")
        self.ring_id = ring_id
        self.node = None
        self.canvas.open(neighbours.ring_graph(self.investigation, ring_id))
        return self

    def select(self, node: str | None) -> ExplorerModel:
        """Select a node drawn on the canvas (None or an unknown node clears the selection)."""
        self.node = node if node in self.canvas.graph else None
        return self

    def expand(self, node: str) -> Expansion:
        """Add the neighbours of a drawn node to the canvas; it becomes the focus and the
        selection. Says which rings the new identities belong to, alerted ones first."""
        attrs = self.canvas.attributes(node)
        if not attrs:
            raise CaseError("select a node on the graph to expand it")
        if attrs.get("kind") == "contractor":
            more = neighbours.around_identity(self.investigation, str(attrs["contractor_id"]))
        else:
            more = neighbours.around_value(
                self.investigation, str(attrs["kind"]), str(attrs["value"])
            )
        added = self.canvas.add(more, around=node)
        self.node = node
        reached = {
            str(ring)
            for new in added
            if (ring := self.canvas.attributes(new).get("ring")) and ring != self.ring_id
        }
        scores = self.investigation.ring_scores.filter(
            pl.col("ring_id").is_in(sorted(reached))
        ).sort(["ring_score", "ring_id"], descending=[True, False])
        alerted = scores.filter(pl.col("ring_score") >= self.alert_threshold)["ring_id"]
        return Expansion(node, added, tuple(scores["ring_id"].to_list()), tuple(alerted.to_list()))

    def hide_kinds(self, kinds: Iterable[str]) -> ExplorerModel:
        """Draw no tie (nor value) of these kinds; the ring list is not filtered."""
        self.canvas.hide(kinds)
        if self.node is not None and self.node not in self.canvas.visible():
            self.node = None
        return self

    @cached_property
    def _teams(self) -> dict[str, int]:
        teams = self.investigation.sub_teams
        return dict(zip(teams["contractor_id"].to_list(), teams["sub_team"].to_list(), strict=True))

    def _colors(self) -> dict[str, str]:
        groups = [
            drawing.group_of(attrs, self._teams)
            for _, attrs in self.canvas.graph.nodes(data=True)
            if attrs.get("kind") == "contractor"
        ]
        return drawing.group_colors(groups, first_ring=self.ring_id)

    def drawing(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """The nodes and edges to draw now (kind filters applied), for `GraphWidget`."""
        return drawing.payload(
            self.canvas.visible(),
            self.canvas.positions,
            colors=self._colors(),
            teams=self._teams,
            focus=self.canvas.focus,
        )

    def legend(self) -> str:
        """Escaped legend of what is drawn."""
        return drawing.legend(self.canvas.visible(), self._colors(), focus=self.canvas.focus)

    def title(self) -> str:
        """Heading of the graph: the ring opened, or the identity a search opened."""
        if self.ring_id is not None:
            return f"Ring {self.ring_id}"
        if self.canvas.focus is not None:
            return f"Neighbourhood of {self.canvas.focus.partition(':')[2]} (in no ring)"
        return "No ring opened"

    # The selection ---------------------------------------------------------------------------

    def selected(self) -> dict[str, Any]:
        """The selected node's attributes (empty when nothing is selected)."""
        return self.canvas.attributes(self.node) if self.node else {}

    def selected_rows(self) -> list[list[str]]:
        """The selected node's details, [name, text] each."""
        return drawing.node_rows(self.selected(), self._teams)

    def selected_contractor(self) -> str | None:
        """The contractor id of the selected node, when it is an identity."""
        attrs = self.selected()
        return str(attrs["contractor_id"]) if attrs.get("kind") == "contractor" else None

    def profile(self) -> pl.DataFrame:
        """The selected identity's contractors row with ring, risk and flags (empty otherwise)."""
        chosen = self.selected_contractor()
        profiles = self.investigation.profiles([chosen] if chosen else [])
        return profiles.select(
            "contractor_id", "full_name", "country", "ring_id", "risk_score", "flags"
        )

    def focus_ids(self) -> list[str]:
        """The identities the timeline is about: the selected identity, the holders of the
        selected value, or everyone drawn when nothing is selected."""
        if self.node is None:
            return self.canvas.contractor_ids()
        chosen = self.selected_contractor()
        if chosen is not None:
            return [chosen]
        graph = self.canvas.graph
        return sorted(
            str(graph.nodes[other]["contractor_id"])
            for other in graph.neighbors(self.node)
            if graph.nodes[other].get("kind") == "contractor"
        )

    def timeline(self) -> pl.DataFrame:
        """Dated events of `focus_ids` (`Investigation.timeline`)."""
        return self.investigation.timeline(self.focus_ids())

    def login_heat(self) -> pl.DataFrame:
        """Logins of `focus_ids` by UTC weekday and hour (`workbench.timeline.login_heat`)."""
        ids = self.focus_ids()
        return login_heat(self.investigation.case.tables.rows_of("logins", ids), ids)

    def members(self) -> pl.DataFrame:
        """The opened ring's members: contractor_id, full_name, risk_score, flags, decision."""
        ids: Iterable[str] = (
            self.investigation.ring(self.ring_id).member_ids if self.ring_id else []
        )
        decided = self._decisions("contractor").select(
            pl.col("target_id").alias("contractor_id"), "decision"
        )
        return (
            self.investigation.profiles(ids)
            .join(decided, on="contractor_id", how="left")
            .select("contractor_id", "full_name", "risk_score", "flags", "decision")
            .sort(["risk_score", "contractor_id"], descending=[True, False])
        )

    def evidence(self) -> pl.DataFrame:
        """The opened ring's shared values, one row each: kind, value, members, since, weight."""
        if self.ring_id is None:
            return pl.DataFrame(schema={"kind": pl.String, "value": pl.String})
        shared = self.investigation.ring(self.ring_id).shared_values
        return shared.select("kind", "value", "members", "since", "weight")

    def flag_evidence(self) -> pl.DataFrame:
        """Red flags on the opened ring's members: contractor_id, code, weight, evidence."""
        flags = (
            self.investigation.ring(self.ring_id).flags
            if self.ring_id
            else self.investigation.flags.clear()
        )
        return flags.select("contractor_id", "code", "weight", "evidence").sort(
            ["contractor_id", "code"]
        )

    def reasons(self) -> list[str]:
        """Why the opened ring scored as it did."""
        return self.investigation.ring(self.ring_id).reasons if self.ring_id else []

    # Decisions and export --------------------------------------------------------------------

    def since_last_run(self) -> tuple[pl.DataFrame, int | None]:
        """What changed since the case's previous run, and that run's number (None on the
        first run): see `workbench.changes`."""
        previous = self.investigation.previous
        return self.investigation.changes, None if previous is None else previous.number

    def decision(self) -> dict[str, object] | None:
        """The latest decision on the opened ring, or None.

        A decision is recorded on the ring's lineage, so it holds while the ring grows
        or shrinks between runs; one carried from earlier rings (a merge, a split) is
        shown with where it came from.
        """
        if self.ring_id is None:
            return None
        ring = self.investigation.ring_scores.filter(pl.col("ring_id") == self.ring_id)
        lineage = ring["lineage_id"].item() if "lineage_id" in ring.columns else None
        targets = pl.Series([self.ring_id, lineage], dtype=pl.String).drop_nulls().implode()
        found = self._decisions("ring").filter(pl.col("target_id").is_in(targets))
        if found.height:
            return found.row(0, named=True)
        carried = ring["disposition"].item() if "disposition" in ring.columns else None
        if carried is None:
            return None
        return {"target_id": lineage, "decision": carried, "note": "carried from earlier runs"}

    def decide(
        self,
        decision: str,
        note: str = "",
        *,
        contractor_id: str | None = None,
        recorded_at: datetime | None = None,
    ) -> dict[str, Any]:
        """Record a decision on the opened ring (or on one identity) in the case's log.

        Returns the entry once it is written; a failed write raises and nothing is shown
        as saved.
        """
        if contractor_id is None and self.ring_id is None:
            raise CaseError("open a ring before recording a decision")
        entry = self.investigation.decide(
            decision,
            ring_id=self.ring_id if contractor_id is None else None,
            contractor_id=contractor_id,
            note=note,
            recorded_at=recorded_at,
        )
        self.decisions = dispositions.latest(self.case_dir)
        return entry

    def export(self, fmt: str = "html") -> Path:
        """Write the opened ring into ``export_dir``: its self-contained HTML page, or one
        of the exports of `workbench.export` (``stix``, ``graphml``, ``gexf``, ``referral``)."""
        if self.ring_id is None:
            raise CaseError("open a ring before exporting it")
        if fmt not in EXPORT_FORMATS:
            raise CaseError(
                f"unknown export format {fmt!r} (expected one of: {', '.join(EXPORT_FORMATS)})"
            )
        ring = self.investigation.ring(self.ring_id)
        stem = safe_file_name(self.ring_id).removesuffix(".html")
        path = self.export_dir / f"{stem}{EXPORT_SUFFIXES[fmt]}"
        if fmt == "html":
            return Path(ring.to_html(path))
        return ring.export(path, format=fmt)

    def _decisions(self, target_type: str) -> pl.DataFrame:
        return self.decisions.filter(pl.col("target_type") == target_type).select(
            "target_id", "decision", "note"
        )
