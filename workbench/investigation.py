"""One run of the pipeline: the frames of every stage, and views of rings and identities."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import Any

import networkx as nx
import polars as pl

from workbench import carry, case_memory, dispositions
from workbench.case import Case
from workbench.case_tables import TableHandle
from workbench.changes import CHANGES_SCHEMA, compare, remembered_state, state_of
from workbench.concentration import Conduct
from workbench.engines.bulk import BulkStages, bulk_stages
from workbench.errors import CaseError
from workbench.flags.context import FlagContext
from workbench.flags.evaluate import FlagResult
from workbench.flags.registry import CONDUCT_FLAGS, FLAGS
from workbench.kinds import KINDS
from workbench.link import HUB_SCHEMA, pair_weights, reach, ties_among
from workbench.observe import UNUSABLE_SCHEMA, canonical_values
from workbench.ring_view import RingView
from workbench.score import client_placements, score
from workbench.search import search
from workbench.settings import Settings
from workbench.subteams import sub_teams
from workbench.timeline import timeline
from workbench.views.cards import investigation_card
from workbench.views.graphs import contractor_graph

#: Called with the name of each stage as it starts (the CLI shows a progress bar).
Progress = Callable[[str], None]

#: No value set aside as widely shared: conduct flags read no shared value.
_NO_HUBS = pl.DataFrame(schema=HUB_SCHEMA)

#: The codes of `CONDUCT_FLAGS`, whose weight overrides apply before linking.
CONDUCT_CODES = frozenset(flag.code for flag in CONDUCT_FLAGS)

STAGES = ("load", "observe", "link", "group", "flag", "score", "dispositions")


@dataclass(frozen=True)
class Investigation:
    """The frames of one run, from the loaded case to the scored rings.

    Attributes are polars frames, except `sightings`: a `TableHandle`, perhaps
    on the engine that observed them, from which a ring's or an identity's rows
    are read without gathering the rest (`observations` gathers them all as one
    frame). `ring` and `neighbourhood` hand out networkx views for the analyst
    and the renderers.
    """

    case: Case
    settings: Settings
    sightings: TableHandle
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
    #: Each ring's lineage and the decision it carries (`workbench.carry.FOLLOWED_SCHEMA`).
    lineage: pl.DataFrame = field(
        default_factory=lambda: pl.DataFrame(schema=carry.FOLLOWED_SCHEMA)
    )
    #: The case's previous remembered run (`workbench.case_memory`), None before the first.
    previous: case_memory.Remembered | None = None
    #: The engine that ran the bulk stages (`workbench.engines.bulk.ENGINES`).
    engine: str = "polars"

    @property
    def observations(self) -> pl.DataFrame:
        """Every identifier sighting (`workbench.observe.OBSERVATION_SCHEMA`), as one frame:
        gathered once from an engine that holds them (`sightings` reads parts of them)."""
        return self.sightings.frame

    @property
    def flags(self) -> pl.DataFrame:
        """Red flags raised: contractor_id, code, weight, evidence, refs."""
        return self.flag_result.flags

    @property
    def rings(self) -> pl.DataFrame:
        """The contract's rings.csv: ring_id, contractor_id, ring_score, ring_size, lineage_id."""
        return (
            self.members.join(self.ring_scores, on="ring_id")
            .select("ring_id", "contractor_id", "ring_score", "ring_size", "lineage_id")
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
    def newcomer_alerts(self) -> pl.DataFrame:
        """Confirmed or benign rings that identities joined after the decision: "new member
        joined a confirmed ring" or "… a ring judged benign" (`workbench.carry.newcomer_alerts`),
        highest score first."""
        newcomers = self.lineage["newcomers"].explode().drop_nulls()
        names = self._names(newcomers)
        return carry.newcomer_alerts(self.lineage, self.ring_scores, names)

    @cached_property
    def changes(self) -> pl.DataFrame:
        """What changed since the case's previous remembered run (`workbench.changes`).

        Empty on a case's first run (`previous` is None).
        """
        if self.previous is None:
            return pl.DataFrame(schema=CHANGES_SCHEMA)
        before = remembered_state(self.previous)
        return compare(before, state_of(self), alert_threshold=self.settings.alert_threshold)

    def decide(
        self,
        decision: str,
        *,
        ring_id: str | None = None,
        contractor_id: str | None = None,
        note: str = "",
        analyst: str | None = None,
        recorded_at: datetime | None = None,
    ) -> dict[str, Any]:
        """Record a decision in the case's log with the evidence this run shows for it.

        A ring, named by its content id or lineage id, is decided on its lineage
        with its content id, members and score; an identity with its ring, risk
        score and red flags (`workbench.carry.evidence_for`). The frames of this
        run stay as they were: the next `investigate` shows the decision.

        Examples
        --------
        >>> import shutil, tempfile
        >>> case = shutil.copytree("sample_data/demo_case", tempfile.mkdtemp() + "/case",
        ...                        ignore=shutil.ignore_patterns(".workbench"))
        >>> inv = investigate(case)
        >>> entry = inv.decide("confirmed", ring_id=inv.ring_scores["ring_id"][0], analyst="ana")
        >>> entry["target_id"] == inv.ring_scores["lineage_id"][0], entry["analyst"]
        (True, 'ana')
        """
        target, evidence = carry.evidence_for(self, ring_id=ring_id, contractor_id=contractor_id)
        return dispositions.record(
            self.case.path,
            ring_id=target if ring_id is not None else None,
            contractor_id=contractor_id,
            decision=decision,
            note=note,
            analyst=analyst,
            evidence=evidence,
            recorded_at=recorded_at,
        )

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
        return (
            at_risk.select("contractor_id", "ring_id", "risk_score", "disposition")
            .join(self._names(at_risk["contractor_id"]), on="contractor_id", how="left")
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
        return (
            self.case.tables.rows_of("contractors", sorted(set(contractor_ids)))
            .join(self.scored, on="contractor_id")
            .sort("contractor_id")
        )

    def _names(self, contractor_ids: pl.Series) -> pl.DataFrame:
        """contractor_id, full_name of some identities (their contractors rows only)."""
        mine = self.case.tables.rows_of("contractors", contractor_ids.unique())
        return mine.select("contractor_id", "full_name")

    @cached_property
    def sub_teams(self) -> pl.DataFrame:
        """The sub-teams of every large ring: ring_id, contractor_id, sub_team.

        Community detection inside each ring of `workbench.subteams.SUB_TEAM_MIN_RING` members or
        more (see `workbench.subteams`); it labels members and never splits a ring.

        Examples
        --------
        >>> teams = investigate("sample_data/demo_case").sub_teams
        >>> teams.columns
        ['ring_id', 'contractor_id', 'sub_team']
        """
        return sub_teams(self.members, self.pairs, seed=self.settings.seed)

    def search(self, query: str) -> pl.DataFrame:
        """Every identity a phone, e-mail, address, account, device, IP, GitHub handle, name or
        contractor id finds, written in any format or in part (see `workbench.search.search`).

        Columns contractor_id, full_name, kind, written, value, match, ring_id
        (null for an identity in no ring: see `profiles` and `neighbourhood`),
        risk_score; exact hits first.

        Examples
        --------
        >>> inv = investigate("sample_data/demo_case")
        >>> inv.search("akiko.sato@OUTLOOK.com").select("contractor_id", "match").row(0)
        ('C000476', 'exact')
        """
        return search(query, sightings=self.sightings, tables=self.case.tables, scored=self.scored)

    def timeline(self, contractor_ids: Iterable[str]) -> pl.DataFrame:
        """Dated events of any identities, oldest first: at, contractor_id, event, detail,
        related_id (see `workbench.timeline.timeline`).

        Examples
        --------
        >>> inv = investigate("sample_data/demo_case")
        >>> inv.timeline(["C000001"])["event"].to_list()[:2]
        ['hired', 'first login']
        """
        return timeline(self.case.tables, self.sightings, contractor_ids)

    def __repr__(self) -> str:
        return (
            f"Investigation(case={self.case.path.name!r}, "
            f"contractors={self.case.tables.height('contractors')}, "
            f"rings={self.ring_scores.height}, alerts={self.alerts.height})"
        )

    def _repr_html_(self) -> str:
        at_risk = self.scored.filter(
            pl.col("ring_id").is_null() & (pl.col("risk_score") >= self.settings.alert_threshold)
        )
        counts = {
            "contractors": self.case.tables.height("contractors"),
            "rings": self.ring_scores.height,
            f"rings at or above {self.settings.alert_threshold:g}": self.alerts.height,
            "identities at risk outside rings": at_risk.height,
            "rejected rows": self.case.rejects.height,
        }
        return investigation_card(case=self.case.path.name, counts=counts, rings=self.ring_scores)

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


def investigate(
    case: Case | str | Path,
    settings: Settings | None = None,
    *,
    progress: Progress | None = None,
    engine: str | BulkStages = "polars",
    **overrides: Any,
) -> Investigation:
    """Run every stage on a case: observe, link, group, flag and score.

    Parameters
    ----------
    case : a loaded `Case` or the path of a case folder.
    settings : weights, limits and seeds; defaults to `Settings()`.
    progress : called with each stage's name as it starts.
    engine : where observing and the red flags run: ``"polars"`` (this process)
        or ``"spark"`` (the active Spark session, or a local one), with the same
        answers (`workbench.engines.bulk`).
    overrides : settings to change, by name (``alert_threshold=60``), checked
        and coerced as ``workbench run --set`` checks them (`Settings.with_overrides`).

    Returns
    -------
    Investigation holding the frames of every stage.

    Examples
    --------
    >>> inv = investigate("sample_data/demo_case")
    >>> inv.rings.columns
    ['ring_id', 'contractor_id', 'ring_score', 'ring_size', 'lineage_id']
    >>> investigate("sample_data/demo_case", alert_threshold=60).settings.alert_threshold
    60.0
    """
    settings = (settings or Settings()).with_overrides(_source="investigate", **overrides)
    bulk = bulk_stages(engine)
    timings: dict[str, float] = {}

    @contextmanager
    def stage(name: str) -> Iterator[None]:
        if progress:
            progress(name)
        started = time.perf_counter()
        yield
        timings[name] = round(time.perf_counter() - started, 3)

    with stage("load"):
        loaded = case if isinstance(case, Case) else bulk.load(case)
    with stage("observe"):
        observed = bulk.observe(loaded)
        sightings = TableHandle(observed.observations)
    with stage("link"):
        # An identity's own conduct is evidence on the values it shares, so its flags come first.
        before_links = FlagContext(
            tables=loaded.tables, sightings=sightings, hubs=_NO_HUBS, as_of=settings.as_of
        )
        conduct = bulk.flags(
            before_links,
            weights={c: w for c, w in settings.flag_weights.items() if c in CONDUCT_CODES},
            flags=CONDUCT_FLAGS,
        )
        linked = bulk.link(
            sightings,
            loaded.tables.handle("referrals"),
            shipments=loaded.tables.handle("shipments"),
            hub_limits=settings.hub_limits,
            strengths=settings.strengths,
            infrastructure=canonical_values(loaded.infrastructure, KINDS),
            conduct=Conduct(conduct.flags, loaded.tables.height("contractors")),
        )
    with stage("match"):
        matched = bulk.match(loaded.tables.handle("contractors"), sightings, seed=settings.seed)
        links = pl.concat([linked.links, matched.links]).sort(
            "contractor_a", "contractor_b", "kind", "value"
        )
        pairs = pair_weights(links)
    with stage("group"):
        members = bulk.group(
            pairs,
            threshold=settings.group_threshold,
            max_ring_size=settings.max_ring_size,
            seed=settings.seed,
            units=linked.concentrated,
        )
    with stage("flag"):
        # Flags set aside infrastructure only: a concentrated value is evidence.
        infrastructure = linked.hubs.filter(pl.col("verdict") != "concentration")
        context = before_links.with_hubs(infrastructure)
        flag_result = bulk.flags(context, weights=settings.flag_weights, done=conduct)
    with stage("score"):
        member_rows = loaded.tables.rows_of("contractors", members["contractor_id"])
        scores = score(
            loaded.tables.handle("contractors").select("contractor_id")["contractor_id"],
            members,
            links,
            flag_result.flags,
            tie_flags={f.code for f in FLAGS if f.restates_tie},
            company_payee_flags={f.code for f in FLAGS if f.restates_company_payee},
            # Only members' clients make a reason: the rest of the engagements stay unread.
            placements=client_placements(
                member_rows, loaded.tables.rows_of("engagements", members["contractor_id"])
            ),
            names=member_rows.select("contractor_id", "full_name"),
        )
    with stage("dispositions"):
        decisions = dispositions.latest(loaded.path)
        previous = case_memory.previous_run(loaded.path)
        lineage = carry.follow(loaded.path, members, previous, dispositions.history(loaded.path))
        ring_scores, scored = carry.with_decisions(
            scores.rings, scores.contractors, decisions, lineage
        )
    return Investigation(
        case=loaded,
        settings=settings,
        sightings=sightings,
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
        lineage=lineage,
        previous=previous,
        engine=bulk.name,
    )
