"""One run of the pipeline: the frames of every stage, and views of rings and identities."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import networkx as nx
import polars as pl

from workbench import dispositions
from workbench.case import Case, load_case
from workbench.errors import CaseError
from workbench.flags.context import FlagContext
from workbench.flags.evaluate import FlagResult, evaluate
from workbench.flags.registry import FLAGS
from workbench.kinds import KINDS
from workbench.link import link, pair_weights, reach, ties_among
from workbench.observe import UNUSABLE_SCHEMA, canonical_values, observe_all
from workbench.person_match import match_people
from workbench.rings import group_rings, login_hours, members_of, ties_within, timeline
from workbench.score import score
from workbench.settings import Settings
from workbench.views import graphs
from workbench.views.graphs import contractor_graph
from workbench.views.pages import render_ring_page
from workbench.views.redact import KnownValues

#: Called with the name of each stage as it starts (the CLI shows a progress bar).
Progress = Callable[[str], None]

STAGES = ("load", "observe", "link", "group", "flag", "score", "dispositions")


@dataclass(frozen=True)
class Investigation:
    """The frames of one run, from the loaded case to the scored rings.

    Attributes are plain polars frames; `ring` and `neighbourhood` hand out
    networkx views for the analyst and the renderers.
    """

    case: Case
    settings: Settings
    observations: pl.DataFrame
    links: pl.DataFrame
    hubs: pl.DataFrame
    pairs: pl.DataFrame
    members: pl.DataFrame
    flag_result: FlagResult
    ring_scores: pl.DataFrame
    scored: pl.DataFrame
    decisions: pl.DataFrame = field(
        default_factory=lambda: pl.DataFrame(schema=dispositions.SCHEMA)
    )
    unusable: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=UNUSABLE_SCHEMA))
    timings: dict[str, float] = field(default_factory=dict)
    #: What the record linkage of `workbench.person_match` compared, or why it did not run.
    person_match: str = ""

    @property
    def flags(self) -> pl.DataFrame:
        """Red flags raised: contractor_id, code, weight, evidence, refs."""
        return self.flag_result.flags

    @property
    def rings(self) -> pl.DataFrame:
        """The contract's rings.csv: ring_id, contractor_id, ring_score, ring_size."""
        return (
            self.members.join(self.ring_scores, on="ring_id")
            .select("ring_id", "contractor_id", "ring_score", "ring_size")
            .sort(["ring_score", "ring_id", "contractor_id"], descending=[True, False, False])
        )

    @property
    def contractors(self) -> pl.DataFrame:
        """contractors.csv: contractor_id, ring_id, risk_score, flags, disposition."""
        return self.scored.select("contractor_id", "ring_id", "risk_score", "flags", "disposition")

    @property
    def alerts(self) -> pl.DataFrame:
        """Rings at or above the alert threshold, highest first."""
        return self.ring_scores.filter(pl.col("ring_score") >= self.settings.alert_threshold)

    @property
    def loners_at_risk(self) -> pl.DataFrame:
        """Identities in no ring whose risk reaches the alert level, one row per red flag.

        Examples
        --------
        >>> loners = investigate("sample_data/demo_case").loners_at_risk
        >>> loners["ring_id"].null_count() == loners.height and loners["risk_score"].min() >= 50
        True
        """
        at_risk = self.scored.filter(
            pl.col("ring_id").is_null() & (pl.col("risk_score") >= self.settings.alert_threshold)
        )
        names = self.case.tables["contractors"].select("contractor_id", "full_name")
        return (
            at_risk.select("contractor_id", "ring_id", "risk_score", "disposition")
            .join(names, on="contractor_id", how="left")
            .join(self.flags.select("contractor_id", "code", "evidence"), on="contractor_id")
            .sort("contractor_id", "code")
        )

    def profiles(self, contractor_ids: Iterable[str]) -> pl.DataFrame:
        """The contractors rows of some identities with their ring, risk, flags and decision.

        Examples
        --------
        >>> inv = investigate("sample_data/demo_case")
        >>> inv.profiles(["no such id"]).height
        0
        """
        ids = pl.Series(sorted(set(contractor_ids)), dtype=pl.String).implode()
        return (
            self.case.tables["contractors"]
            .filter(pl.col("contractor_id").is_in(ids))
            .join(self.scored, on="contractor_id")
            .sort("contractor_id")
        )

    def ring(self, ring_id: str) -> RingView:
        """A view of one ring.

        Examples
        --------
        >>> inv = investigate("sample_data/demo_case")
        >>> top = inv.ring_scores["ring_id"][0]
        >>> inv.ring(top).graph().number_of_nodes() == inv.ring_scores["ring_size"][0]
        True
        """
        if ring_id not in set(self.ring_scores["ring_id"].to_list()):
            raise CaseError(f"no ring '{ring_id}' in this investigation")
        return RingView(self, ring_id)

    def neighbourhood(self, contractor_id: str, hops: int = 1) -> nx.MultiGraph:
        """Identities within ``hops`` ties of one identity, and what ties them.

        Examples
        --------
        >>> inv = investigate("sample_data/demo_case")
        >>> member = inv.members["contractor_id"][0]
        >>> inv.neighbourhood(member, hops=1).number_of_nodes() >= 2
        True
        """
        ids = reach(self.links, contractor_id, hops)
        return contractor_graph(self.profiles(ids), ties_among(self.links, ids))


@dataclass(frozen=True)
class RingView:
    """One ring and everything shown about it: members, ties, shared values, flags, reasons,
    hours, timeline.

    The exports, the explorer and the notebooks read a ring from here.

    Examples
    --------
    >>> inv = investigate("sample_data/demo_case")
    >>> ring = inv.ring(inv.ring_scores["ring_id"][0])
    >>> ring.score >= 50 and ring.ties["ring_id"].unique().to_list() == [ring.ring_id]
    True
    """

    investigation: Investigation
    ring_id: str

    @cached_property
    def member_ids(self) -> pl.Series:
        """The members' contractor ids, sorted."""
        return members_of(self.investigation.members, self.ring_id)

    @cached_property
    def members(self) -> pl.DataFrame:
        """The members' contractors rows with risk, flags and decision, by contractor id."""
        return self.investigation.profiles(self.member_ids)

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
        """The members' rows of the investigation's observations (every identifier sighting)."""
        ids = self.member_ids.implode()
        return self.investigation.observations.filter(pl.col("contractor_id").is_in(ids))

    @cached_property
    def shared_values(self) -> pl.DataFrame:
        """One row per value two or more members share, and per relation between two of them.

        Columns kind, value, written (every raw spelling), members, since (earliest
        sighting) and weight; see `workbench.views.graphs.shared_values`.

        Examples
        --------
        >>> inv = investigate("sample_data/demo_case")
        >>> shared = inv.ring(inv.ring_scores["ring_id"][0]).shared_values
        >>> {"payment_account", "address"} <= set(shared["kind"])
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
        >>> inv = investigate("sample_data/demo_case")
        >>> ring = inv.ring(inv.ring_scores["ring_id"][0])
        >>> 0 < ring.tie_score <= 35 < ring.score
        True
        """
        inside = self.investigation.members.filter(pl.col("ring_id") == self.ring_id)
        ties_alone = score(self.member_ids, inside, self.ties.drop("ring_id"), self.flags.clear())
        return float(ties_alone.rings["ring_score"].item())

    @cached_property
    def flags(self) -> pl.DataFrame:
        """Red flags raised on the members: contractor_id, code, weight, evidence, refs."""
        ids = self.member_ids.implode()
        return self.investigation.flags.filter(pl.col("contractor_id").is_in(ids))

    @cached_property
    def login_hours(self) -> pl.DataFrame:
        """Logins per member and UTC hour: ring_id, contractor_id, hour, logins."""
        inside = self.investigation.members.filter(pl.col("ring_id") == self.ring_id)
        return login_hours(inside, self.investigation.case.tables["logins"])

    @cached_property
    def timeline(self) -> pl.DataFrame:
        """Dated events of the members, oldest first: contractor_id, at, event, detail."""
        return timeline(self.investigation.case.tables, self.member_ids)

    def graph(self) -> nx.MultiGraph:
        """A networkx graph of the members and every tie between them."""
        return contractor_graph(self.members, self.ties.drop("ring_id"))

    def identifier_graph(self) -> nx.MultiGraph:
        """The members and the values they share as nodes; relations as edges between members.

        Examples
        --------
        >>> inv = investigate("sample_data/demo_case")
        >>> graph = inv.ring(inv.ring_scores["ring_id"][0]).identifier_graph()
        >>> sorted({kind for _, kind in graph.nodes(data="kind")})[:3]
        ['address', 'contractor', 'github']
        """
        return graphs.identifier_graph(self.members, self.shared_values)

    def page(self, *, redact: bool = False) -> str:
        """The ring's self-contained HTML page.

        The graph shows the members and the values they share (`identifier_graph`),
        with the members tied pair by pair (`graph`) one click away; evidence is
        one row per shared value; the score is split into ties and red flags.
        With ``redact``, every identifier the members hold is masked wherever
        it is quoted, flag evidence included.
        """
        flags = self.flags
        if redact:
            known = KnownValues.from_observations(self.sightings)
            flags = flags.with_columns(evidence=known.redact(flags["evidence"]))
        return render_ring_page(
            ring_id=self.ring_id,
            ring_score=self.score,
            tie_score=self.tie_score,
            reasons=self.reasons,
            graph=self.identifier_graph(),
            people_graph=self.graph(),
            members=self.members.select(
                "contractor_id", "full_name", "country", "risk_score", "flags", "disposition"
            ),
            evidence=self.shared_values,
            login_hours=self.login_hours.drop("ring_id"),
            redact=redact,
            red_flags=flags,
        )

    def to_html(self, path: str | Path, *, redact: bool = False) -> Path:
        """Write the ring's page to ``path`` (folders created) and return the path."""
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(self.page(redact=redact), encoding="utf-8")
        return target


def investigate(
    case: Case | str | Path, settings: Settings | None = None, *, progress: Progress | None = None
) -> Investigation:
    """Run every stage on a case: observe, link, group, flag and score.

    Parameters
    ----------
    case : a loaded `Case` or the path of a case folder.
    settings : weights, limits and seeds; defaults to `Settings()`.
    progress : called with each stage's name as it starts.

    Returns
    -------
    Investigation holding the frames of every stage.

    Examples
    --------
    >>> inv = investigate("sample_data/demo_case")
    >>> inv.rings.columns
    ['ring_id', 'contractor_id', 'ring_score', 'ring_size']
    """
    settings = settings or Settings()
    timings: dict[str, float] = {}

    @contextmanager
    def stage(name: str) -> Iterator[None]:
        if progress:
            progress(name)
        started = time.perf_counter()
        yield
        timings[name] = round(time.perf_counter() - started, 3)

    with stage("load"):
        loaded = case if isinstance(case, Case) else load_case(case)
    with stage("observe"):
        observed = observe_all(loaded, KINDS)
        observations = observed.observations
    with stage("link"):
        linked = link(
            observations,
            loaded.tables["referrals"],
            hub_limits=settings.hub_limits,
            strengths=settings.strengths,
            infrastructure=canonical_values(loaded.infrastructure, KINDS),
        )
    with stage("match"):
        matched = match_people(loaded.tables["contractors"], observations, seed=settings.seed)
        links = pl.concat([linked.links, matched.links]).sort(
            "contractor_a", "contractor_b", "kind", "value"
        )
        pairs = pair_weights(links)
    with stage("group"):
        members = group_rings(
            pairs,
            threshold=settings.group_threshold,
            max_ring_size=settings.max_ring_size,
            seed=settings.seed,
            units=linked.concentrated,
        )
    with stage("flag"):
        # Flags set aside infrastructure only: a concentrated value is evidence.
        infrastructure = linked.hubs.filter(pl.col("verdict") != "concentration")
        context = FlagContext(
            tables=loaded.tables,
            observations=observations,
            hubs=infrastructure,
            as_of=settings.as_of,
        )
        flag_result = evaluate(context, weights=settings.flag_weights)
    with stage("score"):
        scores = score(
            loaded.tables["contractors"]["contractor_id"],
            members,
            links,
            flag_result.flags,
            tie_flags={f.code for f in FLAGS if f.restates_tie},
        )
    with stage("dispositions"):
        decisions = dispositions.latest(loaded.path)
        ring_scores, scored = dispositions.with_decisions(
            scores.rings, scores.contractors, decisions
        )
    return Investigation(
        case=loaded,
        settings=settings,
        observations=observations,
        links=links,
        hubs=linked.hubs,
        pairs=pairs,
        members=members,
        flag_result=flag_result,
        ring_scores=ring_scores,
        scored=scored,
        decisions=decisions,
        unusable=observed.unusable,
        timings=timings,
        person_match=matched.note,
    )
