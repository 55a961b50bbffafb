"""The explorer's logic without widgets: filters, the ranked table, selection, graph, decisions.

`ExplorerModel` holds what the analyst has chosen (filters, the selected ring,
an expanded neighbourhood) and answers every question the widgets ask, as
polars frames, networkx graphs and HTML text. The widget layer (`app`) only
wires controls to these methods, so everything here is tested without a
browser or a kernel.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx
import polars as pl

from workbench import dispositions
from workbench.errors import CaseError
from workbench.kinds import searchable_kinds
from workbench.rings import ties_within

if TYPE_CHECKING:
    from workbench.investigation import Investigation, RingView

#: Most hops a neighbourhood may be expanded by; beyond three the view is
#: usually most of the case and too dense to read.
MAX_HOPS = 3

_UNSAFE_FILE_CHARS = re.compile(r"[^A-Za-z0-9_.-]")


@dataclass(frozen=True)
class Filters:
    """What the ranked table shows: a minimum score, tie kinds (None = all) and a search text."""

    min_score: float = 0.0
    kinds: frozenset[str] | None = None
    query: str = ""


@dataclass(frozen=True)
class Focus:
    """An identity whose neighbourhood replaces the ring's graph."""

    contractor_id: str
    hops: int = 1


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
    >>> model.select(top).graph().number_of_nodes() >= 2
    True
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
        self.filters = Filters()
        self.selected: str | None = None
        self.focus: Focus | None = None
        self.decisions = dispositions.latest(self.case_dir)
        self._ring_kinds = _ring_kinds(investigation.members, investigation.links)
        self._search_index = _search_index(investigation)

    @property
    def kinds(self) -> list[str]:
        """Kinds of tie found inside rings, sorted (the filter's choices)."""
        return sorted(set(self._ring_kinds["kind"].to_list()))

    def set_filters(
        self,
        *,
        min_score: float | None = None,
        kinds: Iterable[str] | None = None,
        query: str | None = None,
    ) -> pl.DataFrame:
        """Change some filters and return the new table; a ring filtered out is deselected."""
        changes: dict[str, Any] = {}
        if min_score is not None:
            changes["min_score"] = float(min_score)
        if kinds is not None:
            chosen = frozenset(kinds)
            changes["kinds"] = None if chosen >= set(self.kinds) else chosen
        if query is not None:
            changes["query"] = query.strip()
        self.filters = replace(self.filters, **changes)
        table = self.table()
        if self.selected is not None and self.selected not in set(table["ring_id"].to_list()):
            self.selected = None
            self.focus = None
        return table

    def table(self) -> pl.DataFrame:
        """Rings passing the filters, highest score first, with their latest decision.

        Columns: ring_id, ring_size, ring_score, reasons (list of text), decision, note.
        """
        rings = self.investigation.ring_scores.filter(
            pl.col("ring_score") >= self.filters.min_score
        )
        if self.filters.kinds is not None:
            keep = self._ring_kinds.filter(pl.col("kind").is_in(sorted(self.filters.kinds)))
            rings = rings.filter(pl.col("ring_id").is_in(keep["ring_id"].implode()))
        if self.filters.query:
            rings = rings.filter(pl.col("ring_id").is_in(self._matching_rings().implode()))
        decided = self._decisions("ring").rename({"target_id": "ring_id"})
        return (
            rings.select("ring_id", "ring_size", "ring_score", "reasons")
            .join(decided, on="ring_id", how="left")
            .sort(["ring_score", "ring_id"], descending=[True, False])
        )

    def select(self, ring_id: str | None) -> ExplorerModel:
        """Select a ring (None clears); the graph goes back to the whole ring."""
        if ring_id is not None and ring_id not in set(
            self.investigation.ring_scores["ring_id"].to_list()
        ):
            raise CaseError(f"no ring '{ring_id}' in this investigation")
        self.selected = ring_id
        self.focus = None
        return self

    def expand(self, contractor_id: str, hops: int = 1) -> ExplorerModel:
        """Show the neighbourhood of one identity within ``hops`` ties instead of the ring."""
        known = self.investigation.scored["contractor_id"]
        if not known.is_in([contractor_id]).any():
            raise CaseError(f"no contractor '{contractor_id}' in this investigation")
        if not 1 <= hops <= MAX_HOPS:
            raise CaseError(f"hops must be between 1 and {MAX_HOPS}, not {hops}")
        self.focus = Focus(contractor_id, hops)
        return self

    def collapse(self) -> ExplorerModel:
        """Back from a neighbourhood to the selected ring's graph."""
        self.focus = None
        return self

    def graph(self) -> nx.MultiGraph | None:
        """What to draw: the focused neighbourhood, else the selected ring, else nothing."""
        if self.focus is not None:
            return self.investigation.neighbourhood(self.focus.contractor_id, self.focus.hops)
        if self.selected is not None:
            return self.investigation.ring(self.selected).graph()
        return None

    def graph_title(self) -> str:
        """Heading for the graph being shown."""
        if self.focus is not None:
            hops = "hop" if self.focus.hops == 1 else "hops"
            return f"Neighbourhood of {self.focus.contractor_id} ({self.focus.hops} {hops})"
        if self.selected is not None:
            return f"Ring {self.selected}"
        return "No ring selected"

    def graph_html(self) -> str | None:
        """The graph as our self-contained HTML page, or None when nothing is selected."""
        graph = self.graph()
        if graph is None:
            return None
        from workbench.views.html import render_graph_html

        return render_graph_html(
            graph, title=self.graph_title(), seed=self.investigation.settings.seed
        )

    def members(self) -> pl.DataFrame:
        """The selected ring's members: contractor_id, full_name, risk_score, flags, decision."""
        ids = self._member_ids()
        profiles = self.investigation.case.tables["contractors"].select(
            "contractor_id", "full_name"
        )
        decided = self._decisions("contractor").select(
            pl.col("target_id").alias("contractor_id"), "decision"
        )
        return (
            ids.join(self.investigation.scored, on="contractor_id")
            .join(profiles, on="contractor_id", how="left")
            .join(decided, on="contractor_id", how="left")
            .select("contractor_id", "full_name", "risk_score", "flags", "decision")
            .sort(["risk_score", "contractor_id"], descending=[True, False])
        )

    def evidence(self) -> pl.DataFrame:
        """Ties between the selected ring's members, strongest first."""
        ring = self._ring()
        ties = ring.ties if ring else pl.DataFrame(schema=self.investigation.links.schema)
        return ties.select("kind", "value", "contractor_a", "contractor_b", "weight").sort(
            ["weight", "kind", "value", "contractor_a", "contractor_b"],
            descending=[True, False, False, False, False],
        )

    def flag_evidence(self) -> pl.DataFrame:
        """Red flags on the selected ring's members: contractor_id, code, weight, evidence."""
        ring = self._ring()
        flags = ring.flags if ring else self.investigation.flags.clear()
        return flags.select("contractor_id", "code", "weight", "evidence").sort(
            ["contractor_id", "code"]
        )

    def reasons(self) -> list[str]:
        """Why the selected ring scored as it did."""
        ring = self._ring()
        return ring.reasons if ring else []

    def decision(self) -> dict[str, object] | None:
        """The latest decision on the selected ring, or None."""
        chosen = pl.lit(self.selected, pl.String)
        found = self._decisions("ring").filter(pl.col("target_id") == chosen)
        return found.row(0, named=True) if found.height else None

    def decide(
        self,
        decision: str,
        note: str = "",
        *,
        contractor_id: str | None = None,
        recorded_at: datetime | None = None,
    ) -> dict[str, str]:
        """Record a decision on the selected ring (or on one identity) beside the case."""
        if contractor_id is None and self.selected is None:
            raise CaseError("select a ring before recording a decision")
        entry = dispositions.record(
            self.case_dir,
            ring_id=self.selected if contractor_id is None else None,
            contractor_id=contractor_id,
            decision=decision,
            note=note,
            recorded_at=recorded_at,
        )
        self.decisions = dispositions.latest(self.case_dir)
        return entry

    def export(self) -> Path:
        """Write the selected ring's self-contained HTML page into ``export_dir``."""
        if self.selected is None:
            raise CaseError("select a ring before exporting it")
        path = self.export_dir / safe_file_name(self.selected)
        return Path(self.investigation.ring(self.selected).to_html(path))

    def _ring(self) -> RingView | None:
        return self.investigation.ring(self.selected) if self.selected is not None else None

    def _member_ids(self) -> pl.DataFrame:
        ring = self._ring()
        ids = ring.member_ids if ring else pl.Series(dtype=pl.String)
        return ids.alias("contractor_id").to_frame()

    def _decisions(self, target_type: str) -> pl.DataFrame:
        return self.decisions.filter(pl.col("target_type") == target_type).select(
            "target_id", "decision", "note"
        )

    def _matching_rings(self) -> pl.Series:
        needle = self.filters.query.lower()
        hits = self._search_index.filter(pl.col("text").str.contains(needle, literal=True))
        members = self.investigation.members
        by_member = members.filter(pl.col("contractor_id").is_in(hits["contractor_id"].implode()))
        by_id = members.filter(
            pl.col("ring_id").str.to_lowercase().str.contains(needle, literal=True)
        )
        return pl.concat([by_member["ring_id"], by_id["ring_id"]]).unique()


def _ring_kinds(members: pl.DataFrame, links: pl.DataFrame) -> pl.DataFrame:
    """(ring_id, kind) for every kind of tie found between two members of one ring."""
    return ties_within(members, links).select("ring_id", "kind").unique().sort("ring_id", "kind")


def _search_index(investigation: Investigation) -> pl.DataFrame:
    """(contractor_id, lower-case text) for names and the searchable identifiers."""
    names = investigation.case.tables["contractors"].select(
        "contractor_id", pl.col("full_name").alias("text")
    )
    observed = investigation.observations.filter(pl.col("kind").is_in(searchable_kinds()))
    return (
        pl.concat(
            [
                names,
                observed.select("contractor_id", pl.col("raw").alias("text")),
                observed.select("contractor_id", pl.col("value").alias("text")),
            ]
        )
        .drop_nulls()
        .with_columns(pl.col("text").str.to_lowercase())
        .unique()
    )
