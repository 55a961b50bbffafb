"""One run of the pipeline: the frames of every stage, and views of rings and identities."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import polars as pl

from workbench import dispositions
from workbench.case import Case, load_case
from workbench.errors import CaseError
from workbench.flags.context import FlagContext
from workbench.flags.evaluate import FlagResult, evaluate
from workbench.flags.registry import FLAGS
from workbench.kinds import KINDS
from workbench.link import link, pair_weights
from workbench.observe import observe
from workbench.rings import group_rings
from workbench.score import score
from workbench.settings import Settings

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
    timings: dict[str, float] = field(default_factory=dict)

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
        from workbench.views.graphs import neighbourhood_graph

        return neighbourhood_graph(self, contractor_id, hops)


@dataclass(frozen=True)
class RingView:
    """One ring: its members, its ties and its graph."""

    investigation: Investigation
    ring_id: str

    @property
    def members(self) -> pl.DataFrame:
        """The ring's members with their scores and flags."""
        ids = self.investigation.members.filter(pl.col("ring_id") == self.ring_id)
        return self.investigation.scored.join(ids.select("contractor_id"), on="contractor_id")

    @property
    def links(self) -> pl.DataFrame:
        """Ties between members of the ring."""
        ids = self.members["contractor_id"].implode()
        return self.investigation.links.filter(
            pl.col("contractor_a").is_in(ids) & pl.col("contractor_b").is_in(ids)
        )

    def graph(self) -> nx.MultiGraph:
        """A networkx graph of the members and every tie between them."""
        from workbench.views.graphs import ring_graph

        return ring_graph(self.investigation, self.ring_id)

    def to_html(self, path: str | Path, *, redact: bool = False) -> Path:
        """Write the ring's self-contained HTML page and return its path."""
        from workbench.views.export import write_ring_page

        return write_ring_page(self.investigation, self.ring_id, Path(path), redact=redact)


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
        observations = observe(loaded, KINDS)
    with stage("link"):
        linked = link(
            observations,
            loaded.tables["referrals"],
            hub_limits=settings.hub_limits,
            strengths=settings.strengths,
        )
        pairs = pair_weights(linked.links)
    with stage("group"):
        members = group_rings(
            pairs,
            threshold=settings.group_threshold,
            max_ring_size=settings.max_ring_size,
            seed=settings.seed,
        )
    with stage("flag"):
        context = FlagContext(
            tables=loaded.tables, observations=observations, hubs=linked.hubs, as_of=settings.as_of
        )
        flag_result = evaluate(context, weights=settings.flag_weights)
    with stage("score"):
        scores = score(
            loaded.tables["contractors"]["contractor_id"],
            members,
            linked.links,
            flag_result.flags,
            tie_flags={f.code for f in FLAGS if f.restates_tie},
        )
    with stage("dispositions"):
        decisions = dispositions.latest(loaded.path)
        ring_scores, scored = with_decisions(scores.rings, scores.contractors, decisions)
    return Investigation(
        case=loaded,
        settings=settings,
        observations=observations,
        links=linked.links,
        hubs=linked.hubs,
        pairs=pairs,
        members=members,
        flag_result=flag_result,
        ring_scores=ring_scores,
        scored=scored,
        decisions=decisions,
        timings=timings,
    )


def with_decisions(
    ring_scores: pl.DataFrame, scored: pl.DataFrame, decisions: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Add the analyst's latest decisions as a ``disposition`` column to rings and identities.

    An identity shows its own decision, or else its ring's. Ring ids derive
    from their members, so a ring decision follows the ring only while its
    membership is unchanged; decisions on identities always carry over.

    Examples
    --------
    >>> rings = pl.DataFrame({"ring_id": ["R-1"], "ring_score": [80.0]})
    >>> people = pl.DataFrame({"contractor_id": ["a", "b"], "ring_id": ["R-1", None]})
    >>> decided = pl.DataFrame({"target_type": ["ring"], "target_id": ["R-1"],
    ...                         "decision": ["confirmed"], "note": [""], "recorded_at": [None]})
    >>> with_decisions(rings, people, decided)[1]["disposition"].to_list()
    ['confirmed', None]
    """

    def latest_for(target: str, key: str) -> pl.DataFrame:
        chosen = decisions.filter(pl.col("target_type") == target)
        return chosen.select(pl.col("target_id").alias(key), pl.col("decision").alias(target))

    rings = ring_scores.join(latest_for("ring", "ring_id"), on="ring_id", how="left").rename(
        {"ring": "disposition"}
    )
    people = (
        scored.join(latest_for("contractor", "contractor_id"), on="contractor_id", how="left")
        .join(latest_for("ring", "ring_id"), on="ring_id", how="left")
        .with_columns(disposition=pl.coalesce("contractor", "ring"))
        .drop("contractor", "ring")
    )
    return rings, people
