"""One ring and everything shown about it: members, ties, shared values, flags, reasons,
timeline, pages and exports."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import networkx as nx
import polars as pl

from workbench.kinds import RELATIONS
from workbench.rings import members_of, ties_within
from workbench.run_frames import Run
from workbench.score import score
from workbench.timeline import login_heat, timeline
from workbench.views import graphs
from workbench.views.cards import ring_card
from workbench.views.find import member_search_text
from workbench.views.graphs import contractor_graph, without_echoes
from workbench.views.ring_pages import RingPage


@dataclass(frozen=True)
class RingView:
    """One ring and everything shown about it: members, ties, shared values, flags, reasons,
    hours, timeline.

    The exports, the explorer and the notebooks read a ring from here.

    Examples
    --------
    >>> from workbench.investigation import investigate
    >>> inv = investigate("sample_data/demo_case")
    >>> ring = inv.ring(inv.ring_scores["ring_id"][0])
    >>> ring.score >= 50 and ring.ties["ring_id"].unique().to_list() == [ring.ring_id]
    True
    """

    investigation: Run
    ring_id: str

    @cached_property
    def member_ids(self) -> pl.Series:
        """The members' contractor ids, sorted."""
        return members_of(self.investigation.members, self.ring_id)

    @cached_property
    def members(self) -> pl.DataFrame:
        """The members' contractors rows with risk, flags, decision and sub-team (null
        below `workbench.subteams.SUB_TEAM_MIN_RING` members), by contractor id."""
        teams = self.investigation.sub_teams.select("contractor_id", "sub_team")
        return self.investigation.profiles(self.member_ids).join(
            teams, on="contractor_id", how="left", maintain_order="left"
        )

    @cached_property
    def summary(self) -> dict[str, Any]:
        """The ring's row of ``ring_scores``: score, size, reasons, disposition…"""
        rings = self.investigation.ring_scores
        return rings.filter(pl.col("ring_id") == self.ring_id).row(0, named=True)

    @property
    def score(self) -> float:
        """The ring score (0–100)."""
        return float(self.summary["ring_score"])

    @property
    def reasons(self) -> list[str]:
        """Why the ring scored as it did, strongest first."""
        return list(self.summary["reasons"])

    @cached_property
    def ties(self) -> pl.DataFrame:
        """Every tie between two members: ring_id and the columns of the links."""
        inside = self.investigation.members.filter(pl.col("ring_id") == self.ring_id)
        return ties_within(inside, self.investigation.links)

    @cached_property
    def sightings(self) -> pl.DataFrame:
        """The members' rows of the investigation's sightings (every identifier sighting)."""
        return self.investigation.sightings.rows_of(self.member_ids)

    @cached_property
    def shared_values(self) -> pl.DataFrame:
        """One row per value two or more members share, and per relation between two of them.

        Columns kind, value, written (every raw spelling), members, since (earliest
        sighting) and weight; see `workbench.views.graphs.shared_values`.

        Examples
        --------
        >>> from workbench.investigation import investigate
        >>> inv = investigate("sample_data/demo_case")
        >>> shared = inv.ring(inv.ring_scores["ring_id"][0]).shared_values
        >>> {"email", "device"} <= set(shared["kind"])
        True
        """
        return graphs.shared_values(self.ties.drop("ring_id"), self.sightings)

    @cached_property
    def tie_score(self) -> float:
        """The score the ring's ties give on their own: its score were no member flagged.

        The ring score's part from ties; the rest comes from the members' red
        flags (see `workbench.views.pages.split_score`).

        Examples
        --------
        >>> from workbench.investigation import investigate
        >>> inv = investigate("sample_data/demo_case")
        >>> ring = inv.ring(inv.ring_scores["ring_id"][0])
        >>> 0 < ring.tie_score <= 35 < ring.score
        True
        """
        inside = self.investigation.members.filter(pl.col("ring_id") == self.ring_id)
        # With the names the ring was scored with: one person's records have no ties part.
        names = self.investigation.case.tables.rows_of("contractors", self.member_ids)
        ties_alone = score(
            self.member_ids,
            inside,
            self.ties.drop("ring_id"),
            self.flags.clear(),
            names=names.select("contractor_id", "full_name"),
        )
        return float(ties_alone.rings["ring_score"].item())

    @cached_property
    def flags(self) -> pl.DataFrame:
        """Red flags raised on the members: contractor_id, code, weight, evidence, refs."""
        ids = self.member_ids.implode()
        return self.investigation.flags.filter(pl.col("contractor_id").is_in(ids))

    @cached_property
    def timeline(self) -> pl.DataFrame:
        """Dated events of the members, oldest first: at, contractor_id, event, detail,
        related_id (see `workbench.timeline.timeline`).

        Examples
        --------
        >>> from workbench.investigation import investigate
        >>> inv = investigate("sample_data/demo_case")
        >>> ring = inv.ring(inv.ring_scores["ring_id"][0])
        >>> events = ring.timeline
        >>> set(events["contractor_id"]) == set(ring.member_ids), events["at"].is_sorted()
        (True, True)
        """
        inv = self.investigation
        return timeline(inv.case.tables, self.sightings, self.member_ids)

    @cached_property
    def login_heat(self) -> pl.DataFrame:
        """The members' logins per UTC weekday (1 = Monday) and hour: weekday, hour, logins."""
        logins = self.investigation.case.tables.rows_of("logins", self.member_ids)
        return login_heat(logins, self.member_ids)

    def graph(self) -> nx.MultiGraph:
        """A networkx graph of the members and every tie between them."""
        return contractor_graph(self.members, self.ties.drop("ring_id"))

    def identifier_graph(self) -> nx.MultiGraph:
        """The members and the values they share as nodes; relations as edges between members.

        Examples
        --------
        >>> from workbench.investigation import investigate
        >>> inv = investigate("sample_data/demo_case")
        >>> graph = inv.ring(inv.ring_scores["ring_id"][0]).identifier_graph()
        >>> sorted({kind for _, kind in graph.nodes(data="kind")})[:3]
        ['account_holder', 'contractor', 'device']
        """
        return graphs.identifier_graph(self.members, self.shared_values)

    @cached_property
    def contents(self) -> RingPage:
        """Everything the ring's page shows, read from this view's frames.

        `workbench.views.ring_pages.ring_pages` reads the same for many rings at once.
        """
        return RingPage(
            ring_id=self.ring_id,
            score=self.score,
            tie_score=self.tie_score,
            reasons=self.reasons,
            members=self.members,
            ties=without_echoes(self.ties.drop("ring_id")),
            shared=self.shared_values,
            flags=self.flags,
            sightings=self.sightings,
            search_text=member_search_text(self.sightings.select("contractor_id", "raw", "value")),
            timeline=self.timeline,
            login_heat=self.login_heat,
        )

    def page(
        self,
        *,
        redact: bool = False,
        report_href: str | None = None,
        assets_href: str | None = None,
    ) -> str:
        """The ring's HTML page: self-contained, unless ``assets_href`` names the shared scripts.

        The graph shows the members and the values they share (`identifier_graph`),
        with the members tied pair by pair (`graph`) one click away; evidence is
        one row per shared value; the score is split into ties and red flags.
        With ``redact``, every identifier the members hold is masked wherever
        it is quoted, flag evidence included. ``report_href`` links back to the
        report; see `workbench.views.ring_pages.RingPage.html`.

        Examples
        --------
        >>> from workbench.investigation import investigate
        >>> inv = investigate("sample_data/demo_case")
        >>> page = inv.ring(inv.ring_scores["ring_id"][0]).page()
        >>> "<script src=" in page, "All rings" in page
        (False, False)
        """
        return self.contents.html(redact=redact, report_href=report_href, assets_href=assets_href)

    def to_html(self, path: str | Path, *, redact: bool = False) -> Path:
        """Write the ring's page to ``path`` (folders created) and return the path.

        The page is one self-contained file, fit to be shared: it carries the
        graph library and links to no other page.
        """
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(self.page(redact=redact), encoding="utf-8")
        return target

    def export(self, path: str | Path, *, format: str, redact: bool = False) -> Path:
        """Write the ring as ``stix``, ``graphml``, ``gexf`` or ``referral`` at ``path``.

        A referral package is a folder, or a zip when ``path`` ends in ``.zip``;
        see `workbench.export` and docs/exports.md.

        Examples
        --------
        >>> import tempfile
        >>> from workbench.investigation import investigate
        >>> inv = investigate("sample_data/demo_case")
        >>> ring = inv.ring(inv.ring_scores["ring_id"][0])
        >>> ring.export(Path(tempfile.mkdtemp()) / "ring.graphml", format="graphml").suffix
        '.graphml'
        """
        from workbench.export import export_ring

        return export_ring(self, path, format, redact=redact)

    def __repr__(self) -> str:
        members = self.member_ids.len()
        return f"RingView({self.ring_id!r}, score={self.score:.1f}, members={members})"

    def _repr_html_(self) -> str:
        relations = pl.col("kind").is_in(list(RELATIONS))
        return ring_card(
            ring_id=self.ring_id,
            score=self.score,
            tie_score=self.tie_score,
            reasons=self.reasons,
            members=self.members,
            shared_values=self.shared_values.filter(~relations).height,
        )
