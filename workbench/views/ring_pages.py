"""What ring pages show, as plain frames: for one ring, or for many rings in one pass.

A ring page shows its ring's members, ties, shared values, red flags, timeline
and logins by day and hour. Read one ring at a time (`workbench.ring_view.RingView`),
each of those is a few filters, joins and group-bys over the whole run: about
45 ms a page, 9 s for the 200 pages of a case of 100,000 identities.
`ring_pages` runs each of them once for every ring asked for and splits the
results by ring (`partition_by`), so that a page costs only its drawing; and it
lays the graphs of all the pages out together (`workbench.views.html.draw_many`),
where one at a time each would cost its own numpy calls. Both call the same
stage functions (the heat map's counts apart, made per ring here by the rule of
`workbench.timeline.login_heat`), and a page is the same bytes either way
(tests/views/test_ring_pages.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace

import networkx as nx
import polars as pl

from workbench.rings import ties_within
from workbench.run_frames import Run
from workbench.score import score
from workbench.timeline import timeline
from workbench.views.find import member_search_text
from workbench.views.graphs import (
    contractor_node,
    identifier_graph,
    shared_values_per_ring,
    tie_graph,
    without_echoes,
)
from workbench.views.html import Drawing, draw, draw_many
from workbench.views.pages import render_ring_page, ring_views
from workbench.views.redact import KnownValues


@dataclass(frozen=True)
class RingPage:
    """Everything one ring's page shows.

    Attributes
    ----------
    ring_id, score, reasons : the ring, its score (0–100) and why, strongest first.
    tie_score : the score its ties give alone (see `workbench.views.pages.split_score`).
    members : the members' contractors rows with ring, risk, flags, decision and sub-team.
    ties : the ties between two members the People view draws: the links' columns,
        `workbench.views.graphs.without_echoes`.
    shared : one row per shared value or relation (`workbench.views.graphs.shared_values`).
    flags : the members' red flags: contractor_id, code, weight, evidence, refs.
    sightings : the members' observations (every identifier sighting).
    search_text : each member's graph node and every identifier they hold
        (`workbench.views.find.member_search_text`).
    timeline : the members' dated events (`workbench.timeline.timeline`).
    login_heat : the members' logins per weekday and hour (`workbench.timeline.login_heat`).
    drawing : the graph `views` drawn (`workbench.views.html.Drawing`), as
        `ring_pages` draws many rings' at once; `html` draws them when None.
    """

    ring_id: str
    score: float
    tie_score: float
    reasons: list[str]
    members: pl.DataFrame
    ties: pl.DataFrame
    shared: pl.DataFrame
    flags: pl.DataFrame
    sightings: pl.DataFrame
    search_text: Mapping[str, str]
    timeline: pl.DataFrame
    login_heat: pl.DataFrame
    drawing: Drawing | None = None

    def views(self) -> dict[str, nx.Graph]:
        """The page's graph views by name (`workbench.views.pages.ring_views`).

        Examples
        --------
        >>> from workbench.investigation import investigate
        >>> inv = investigate("sample_data/demo_case")
        >>> page = next(ring_pages(inv, inv.ring_scores["ring_id"].head(1).to_list()))
        >>> list(page.views())
        ['Shared values', 'People']
        """
        return ring_views(
            identifier_graph(self.members, self.shared), tie_graph(self.members, self.ties)
        )

    def html(
        self,
        *,
        redact: bool = False,
        report_href: str | None = None,
        assets_href: str | None = None,
    ) -> str:
        """The ring's HTML page (see `workbench.views.pages.render_ring_page`).

        Parameters
        ----------
        redact : mask every identifier the members hold wherever the page quotes
            it, flag evidence and event details included.
        report_href : the report's address from the page, for a link back to
            it; no link when None (a page exported on its own).
        assets_href : the folder of the shared scripts from the page
            (`workbench.views.html.SHARED_SCRIPTS`); None inlines them, so that
            the page is one self-contained file.

        Returns
        -------
        The HTML document as text.

        Examples
        --------
        >>> from workbench.investigation import investigate
        >>> inv = investigate("sample_data/demo_case")
        >>> page = next(ring_pages(inv, inv.ring_scores["ring_id"].head(1).to_list()))
        >>> 'src="../assets/vis-network.min.js"' in page.html(assets_href="../assets")
        True
        """
        flags, events = self.flags, self.timeline
        if redact:
            known = KnownValues.from_observations(self.sightings)
            flags = flags.with_columns(evidence=known.redact(flags["evidence"]))
            events = events.with_columns(detail=known.redact(events["detail"]))
        return render_ring_page(
            ring_id=self.ring_id,
            ring_score=self.score,
            tie_score=self.tie_score,
            reasons=self.reasons,
            drawing=draw(self.views()) if self.drawing is None else self.drawing,
            members=self.members,
            evidence=self.shared,
            timeline=events,
            login_heat=self.login_heat,
            search_text=self.search_text,
            redact=redact,
            red_flags=flags,
            report_href=report_href,
            assets_href=assets_href,
        )


def ring_pages(run: Run, ring_ids: Sequence[str]) -> Iterator[RingPage]:
    """The pages of many rings, each frame computed once for all of them.

    Parameters
    ----------
    run : a finished run (`workbench.investigation.Investigation`).
    ring_ids : the rings to page, in the order wanted.

    Returns
    -------
    One `RingPage` per ring, in the order of ``ring_ids``: the same frames a
    `workbench.ring_view.RingView` of the ring reads, so the same page; their
    graphs drawn together (`workbench.views.html.draw_many`).

    Examples
    --------
    >>> from workbench.investigation import investigate
    >>> inv = investigate("sample_data/demo_case")
    >>> top = inv.ring_scores["ring_id"].head(2).to_list()
    >>> [page.ring_id for page in ring_pages(inv, top)] == top
    True
    """
    paged = pl.col("ring_id").is_in(pl.Series(ring_ids, dtype=pl.String).implode())
    members = run.members.filter(paged)
    ids = members["contractor_id"].sort()
    tables = run.case.tables
    ties = ties_within(members, run.links)
    sightings = _in_rings(run.sightings.rows_of(ids), members)
    logins = _in_rings(tables.rows_of("logins", ids), members)
    search_text = member_search_text(sightings.select("contractor_id", "raw", "value"))
    tie_scores = score(ids, members, ties.drop("ring_id"), run.flags.clear()).rings
    teams = run.sub_teams.select("contractor_id", "sub_team")
    people = run.profiles(ids).join(teams, on="contractor_id", how="left", maintain_order="left")
    parts = {
        "members": _by_ring(people, keep_ring=True),
        "ties": _by_ring(without_echoes(ties)),
        "shared": _by_ring(shared_values_per_ring(ties, sightings)),
        "flags": _by_ring(_in_rings(run.flags, members)),
        "sightings": _by_ring(sightings),
        # The members' own sightings hold every sighting their timeline reads.
        "timeline": _by_ring(_in_rings(timeline(tables, sightings, ids), members)),
        "login_heat": _by_ring(_login_heat_by_ring(logins)),
    }
    ties_alone = dict(tie_scores.select("ring_id", "ring_score").iter_rows())
    rings = run.ring_scores.filter(paged)
    summaries = {row["ring_id"]: row for row in rings.iter_rows(named=True)}
    pages = []
    for ring_id in ring_ids:
        part = {name: of_ring(ring_id) for name, of_ring in parts.items()}
        pages.append(
            RingPage(
                ring_id=ring_id,
                score=float(summaries[ring_id]["ring_score"]),
                tie_score=float(ties_alone[ring_id]),
                reasons=list(summaries[ring_id]["reasons"]),
                members=part["members"],
                ties=part["ties"],
                shared=part["shared"],
                flags=part["flags"],
                sightings=part["sightings"],
                search_text=_of_members(search_text, part["members"]["contractor_id"]),
                timeline=part["timeline"],
                login_heat=part["login_heat"],
            )
        )
    drawings = draw_many(page.views() for page in pages)
    for page, drawing in zip(pages, drawings, strict=True):
        yield replace(page, drawing=drawing)


def _of_members(search_text: Mapping[str, str], ids: pl.Series) -> dict[str, str]:
    """The entries of some members in a `member_search_text`."""
    nodes = (contractor_node(cid) for cid in ids)
    return {node: search_text[node] for node in nodes if node in search_text}


def _login_heat_by_ring(logins: pl.DataFrame) -> pl.DataFrame:
    """`workbench.timeline.login_heat` of every ring at once: ring_id, weekday, hour, logins."""
    return (
        logins.filter(pl.col("ts").is_not_null())
        .group_by(
            "ring_id",
            weekday=pl.col("ts").dt.weekday().cast(pl.Int8),
            hour=pl.col("ts").dt.hour().cast(pl.Int8),
        )
        .agg(logins=pl.len().cast(pl.UInt32))
        .sort("ring_id", "weekday", "hour")
    )


def _in_rings(frame: pl.DataFrame, members: pl.DataFrame) -> pl.DataFrame:
    """The rows of ``frame`` whose identity is a member, in their order, with the ring's id.

    The rows are picked first (`is_in`), so that the join reads only them: the
    observations and logins of a large case are millions of rows.
    """
    mine = frame.filter(pl.col("contractor_id").is_in(members["contractor_id"].implode()))
    return mine.join(members, on="contractor_id", maintain_order="left")


def _by_ring(frame: pl.DataFrame, *, keep_ring: bool = False) -> Callable[[str], pl.DataFrame]:
    """A ring's rows of ``frame`` (which has a ring_id), in their order, from one partition.

    The ring_id column is dropped unless ``keep_ring``; a ring with no rows gets none.
    """
    parts = {
        ring_id: part
        for (ring_id,), part in frame.partition_by(
            "ring_id", as_dict=True, include_key=keep_ring, maintain_order=True
        ).items()
    }
    empty = frame.clear() if keep_ring else frame.clear().drop("ring_id")
    return lambda ring_id: parts.get(ring_id, empty)
