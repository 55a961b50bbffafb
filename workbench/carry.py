"""Decisions that follow a ring through its lineage, by the rules of ``docs/case_memory.md``.

1. An analyst's decision on a ring belongs to its lineage. A decision recorded
   on a content id (``R-…``, as the explorer and earlier versions do) is read
   as one on the lineage that ring belongs to, now or in any remembered run.
2. ``same``, ``grown``, ``shrunk``: the ring continues its lineage and keeps
   its decision and review marks.
3. ``merged``: the ring carries the strongest of its earlier rings' decisions
   (``confirmed`` over ``needs review`` over ``benign``), so that no finding is
   ever weakened by a merge. When the earlier rings' decisions differ (one
   undecided included) it is marked for review, naming each with its decision.
4. ``split``: every part carries the earlier ring's decision, marked for
   review ("split from …"): who belongs to which part has changed.
5. ``new``: no decision.
6. A decision an analyst records on the lineage afterwards replaces what was
   carried and clears the review marks.
7. A confirmed or benign ring holding identities the decision was not made on
   (the members in its evidence, or the ring's members when it named none)
   raises "new member joined a confirmed ring" or "new member joined a ring
   judged benign", naming them, until an analyst decides on the ring again.
   A benign ring is watched too: a front that joins an agency or a family the
   analyst cleared would otherwise hide under that decision.

What a ring carries is remembered with each run (`workbench.case_memory`),
with the log entry it rests on (``basis``), so that a carried decision and its
review marks last from run to run, and a newer entry replaces them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import polars as pl

from workbench import case_memory
from workbench.case_memory import Remembered
from workbench.errors import CaseError
from workbench.lineage import EARLIER_SCHEMA, LINEAGE_SCHEMA, legacy_ring_id, match_rings
from workbench.run_frames import RunFrames

#: Decisions from strongest to weakest: a merge carries the strongest of its rings'.
STRENGTH = ("confirmed", "needs review", "benign")

#: Decisions that speak for the identities they were made on only: a ring holding
#: others (``newcomers``) raises an alert (rule 7). A ring that needs review is
#: under review already.
WATCHED = ("confirmed", "benign")

#: What a ring carries besides its lineage (`LINEAGE_SCHEMA`): its decision, the
#: reasons to review it, the identities the decision speaks for, the log entry it
#: rests on, and the identities a confirmation did not cover (``newcomers``).
CARRIED_SCHEMA = pl.Schema(
    {
        "disposition": pl.String(),
        "review": pl.List(pl.String()),
        "decided_members": pl.List(pl.String()),
        "basis": pl.String(),
        "newcomers": pl.List(pl.String()),
    }
)
FOLLOWED_SCHEMA = pl.Schema({**LINEAGE_SCHEMA, **CARRIED_SCHEMA})

#: Each lineage's newest analyst decision, as `ring_decisions` gives it.
DECIDED_SCHEMA = pl.Schema(
    {
        "lineage_id": pl.String(),
        "decision": pl.String(),
        "entry_id": pl.String(),
        "decided_members": pl.List(pl.String()),
    }
)


@dataclass(frozen=True)
class Carried:
    """A ring's decision, its review marks, who it speaks for and the log entry it rests on."""

    disposition: str
    review: tuple[str, ...]
    decided: frozenset[str]
    basis: str | None


@dataclass(frozen=True)
class Decided:
    """An analyst's newest decision on a lineage: the decision, its entry and its members."""

    decision: str
    entry_id: str
    members: frozenset[str] | None


def follow(
    case_dir: str | Path,
    members: pl.DataFrame,
    previous: Remembered | None,
    decisions: pl.DataFrame,
) -> pl.DataFrame:
    """Match this run's rings to the previous run's and carry their decisions.

    Parameters
    ----------
    case_dir : the case folder (for content ids seen in earlier runs).
    members : this run's rings: ring_id, contractor_id.
    previous : the previous remembered run, or None on the first.
    decisions : the decision log (`workbench.dispositions.history`).

    Returns
    -------
    One row per ring of this run with the columns of `FOLLOWED_SCHEMA`.

    Examples
    --------
    >>> import tempfile
    >>> from workbench import dispositions
    >>> case = tempfile.mkdtemp()
    >>> ring = pl.DataFrame({"ring_id": ["R-1", "R-1"], "contractor_id": ["a", "b"]})
    >>> _ = dispositions.record(case, ring_id="R-1", decision="confirmed")
    >>> follow(case, ring, None, dispositions.history(case)).select(
    ...     "lineage_id", "change", "disposition").row(0)
    ('L-1', 'new', 'confirmed')
    """
    earlier = previous.members if previous is not None else pl.DataFrame(schema=EARLIER_SCHEMA)
    lineage = match_rings(earlier, members).filter(pl.col("change") != "gone")
    rings = decisions.filter(pl.col("target_type") == "ring")
    known = known_rings(case_dir, members, lineage, rings["target_id"])
    states = previous.rings if previous is not None else pl.DataFrame(schema=_EARLIER_STATES)
    return carry(lineage, members, states, ring_decisions(rings, known))


#: What `carry` reads of the previous run's rings (see `workbench.case_memory.RING_MEMORY`).
_EARLIER_STATES = pl.Schema(
    {
        name: case_memory.RING_MEMORY[name]
        for name in ("lineage_id", "members", "disposition", "review", "decided_members", "basis")
    }
)


def known_rings(
    case_dir: str | Path, members: pl.DataFrame, lineage: pl.DataFrame, targets: Iterable[str]
) -> pl.DataFrame:
    """Every ring a decision may name by content id: ring_id, lineage_id, members.

    This run's rings (also under the ids earlier versions gave them, see
    `workbench.lineage.legacy_ring_id`), then those of remembered runs.

    Examples
    --------
    >>> import tempfile
    >>> ring = pl.DataFrame({"ring_id": ["R-1", "R-1"], "contractor_id": ["a", "b"]})
    >>> lineage = pl.DataFrame({"ring_id": ["R-1"], "lineage_id": ["L-1"]})
    >>> known = known_rings(tempfile.mkdtemp(), ring, lineage, [])
    >>> known["ring_id"].to_list() == ["R-1", legacy_ring_id(["a", "b"])]
    True
    """
    current = (
        members.group_by("ring_id")
        .agg(members=pl.col("contractor_id").sort())
        .join(lineage.select("ring_id", "lineage_id"), on="ring_id")
        .select("ring_id", "lineage_id", "members")
    )
    legacy = current.with_columns(
        ring_id=pl.Series(
            [legacy_ring_id(m) for m in current["members"].to_list()], dtype=pl.String
        )
    )
    unknown = set(targets) - set(current["ring_id"]) - set(legacy["ring_id"])
    seen = case_memory.seen_rings(case_dir, unknown)
    return pl.concat([current, legacy, seen]).unique("ring_id", keep="first", maintain_order=True)


def ring_decisions(decisions: pl.DataFrame, known: pl.DataFrame) -> pl.DataFrame:
    """Each lineage's newest decision: lineage_id, decision, entry_id, decided_members.

    A decision names its ring by lineage id, or by a content id found in ``known``
    (one naming neither is left out); ``decided_members`` are the members in its
    evidence, else those of the ring it named (null when unknown).

    Examples
    --------
    >>> from datetime import datetime, timezone
    >>> t = datetime(2026, 1, 1, tzinfo=timezone.utc)
    >>> log = pl.DataFrame({"target_id": ["R-1", "L-7"], "decision": ["benign", "confirmed"],
    ...     "recorded_at": [t, t], "entry_id": ["e1", "e2"],
    ...     "evidence": [{"ring_id": None, "members": []}] * 2})
    >>> known = pl.DataFrame({"ring_id": ["R-1"], "lineage_id": ["L-1"], "members": [["a", "b"]]})
    >>> ring_decisions(log, known).rows()
    [('L-1', 'benign', 'e1', ['a', 'b']), ('L-7', 'confirmed', 'e2', None)]
    """
    named = pl.col("target_id").str.starts_with("L-")
    evidence = pl.col("evidence").struct
    return (
        decisions.with_row_index("order")
        .with_columns(
            key=pl.when(named).then(evidence.field("ring_id")).otherwise("target_id"),
            given=evidence.field("members"),
        )
        .join(known.rename({"ring_id": "key"}), on="key", how="left")
        .with_columns(
            lineage_id=pl.when(named).then("target_id").otherwise("lineage_id"),
            decided_members=pl.when(pl.col("given").list.len() > 0)
            .then("given")
            .otherwise("members"),
        )
        .drop_nulls("lineage_id")
        .sort("recorded_at", "order")
        .unique("lineage_id", keep="last")
        .select("lineage_id", "decision", "entry_id", "decided_members")
        .sort("lineage_id")
    )


def carry(
    lineage: pl.DataFrame, members: pl.DataFrame, earlier: pl.DataFrame, decided: pl.DataFrame
) -> pl.DataFrame:
    """Each ring's decision after this run's changes (the module's rules).

    Parameters
    ----------
    lineage : this run's rings matched to the previous run's (`workbench.lineage.match_rings`).
    members : this run's rings: ring_id, contractor_id.
    earlier : the previous run's rings with what they carried (`case_memory.RING_MEMORY`).
    decided : each lineage's newest analyst decision (`ring_decisions`).

    Returns
    -------
    ``lineage`` with the columns of `CARRIED_SCHEMA`.

    Examples
    --------
    >>> ring = pl.DataFrame({"ring_id": ["R-2"] * 3, "contractor_id": ["a", "b", "n"]})
    >>> lineage = pl.DataFrame([("R-2", "L-1", "grown", ["R-1"], ["L-1"], ["n"], [])],
    ...                        schema=LINEAGE_SCHEMA, orient="row")
    >>> earlier = pl.DataFrame([("L-1", ["a", "b"], "confirmed", [], ["a", "b"], "e1")],
    ...                        schema=_EARLIER_STATES, orient="row")
    >>> none = pl.DataFrame(schema=DECIDED_SCHEMA)
    >>> carry(lineage, ring, earlier, none).select("disposition", "newcomers").row(0)
    ('confirmed', ['n'])
    """
    now = {
        ring: frozenset(ids)
        for ring, ids in members.group_by("ring_id").agg("contractor_id").iter_rows()
    }
    newest = {
        lineage_id: Decided(decision, entry, None if ids is None else frozenset(ids))
        for lineage_id, decision, entry, ids in decided.iter_rows()
    }
    before: dict[str, Carried | None] = {}
    for row in earlier.iter_rows(named=True):
        state = None
        if row["disposition"] is not None:
            state = Carried(
                row["disposition"],
                tuple(row["review"] or ()),
                frozenset(row["decided_members"] or ()),
                row["basis"],
            )
        before[row["lineage_id"]] = _refreshed(
            newest.get(row["lineage_id"]), state, frozenset(row["members"])
        )
    rows = []
    for row in lineage.iter_rows(named=True):
        ring_members = now[row["ring_id"]]
        state = _carried(row["change"], row["lineage_id"], row["parent_lineages"], before)
        state = _refreshed(newest.get(row["lineage_id"]), state, ring_members)
        rows.append(_row(state, ring_members))
    carried = pl.DataFrame(rows, schema=CARRIED_SCHEMA, orient="row")
    return lineage.select(LINEAGE_SCHEMA.names()).hstack(carried)


def _carried(
    change: str, lineage_id: str, parent_lineages: list[str], before: Mapping[str, Carried | None]
) -> Carried | None:
    """What a ring carries from its earlier rings, by its change."""
    parents = {parent: before.get(parent) for parent in parent_lineages}
    continued = parents.get(lineage_id)
    if change in ("same", "grown", "shrunk"):
        return continued
    basis = continued.basis if continued is not None else None
    if change == "merged":
        return _merged(parents, basis)
    if change == "split":
        (parent_id, parent), *_ = parents.items()
        if parent is None:
            return None
        reason = f"split from {parent_id} ({parent.disposition})"
        return replace(parent, review=_unique(parent.review, [reason]), basis=basis)
    return None


def _merged(parents: Mapping[str, Carried | None], basis: str | None) -> Carried | None:
    """The strongest of the merged rings' decisions; a review mark when they differ."""
    decisions = {
        lineage: state.disposition if state else None for lineage, state in parents.items()
    }
    chosen = next((d for d in STRENGTH if d in decisions.values()), None)
    if chosen is None:
        return None
    reviews = [r for state in parents.values() if state for r in state.review]
    if len(set(decisions.values())) > 1:
        named = ", ".join(f"{lid} ({d or 'no decision'})" for lid, d in sorted(decisions.items()))
        reviews.append(f"merged from {named}")
    decided = frozenset().union(
        *(state.decided for state in parents.values() if state and state.disposition == chosen)
    )
    return Carried(chosen, _unique(reviews, []), decided, basis)


def _refreshed(
    newest: Decided | None, state: Carried | None, ring_members: frozenset[str]
) -> Carried | None:
    """``state``, replaced by the analyst's newest decision when it is not what it rests on."""
    if newest is None or (state is not None and newest.entry_id == state.basis):
        return state
    decided = newest.members if newest.members is not None else ring_members
    return Carried(newest.decision, (), decided, newest.entry_id)


def _row(state: Carried | None, ring_members: frozenset[str]) -> tuple[object, ...]:
    if state is None:
        return (None, [], [], None, [])
    newcomers = sorted(ring_members - state.decided) if state.disposition in WATCHED else []
    return (state.disposition, list(state.review), sorted(state.decided), state.basis, newcomers)


def _unique(first: Iterable[str], then: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys([*first, *then]))


def with_decisions(
    ring_scores: pl.DataFrame,
    scored: pl.DataFrame,
    decisions: pl.DataFrame,
    followed: pl.DataFrame,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Add lineage and decisions to rings and identities.

    Rings gain lineage_id, change, disposition (carried, see the module's rules)
    and review (its reasons, ``"; "``-joined). An identity shows its own latest
    decision, or else its ring's.

    Examples
    --------
    >>> rings = pl.DataFrame({"ring_id": ["R-1"], "ring_score": [80.0]})
    >>> people = pl.DataFrame({"contractor_id": ["a", "b"], "ring_id": ["R-1", None]})
    >>> followed = pl.DataFrame({"ring_id": ["R-1"], "lineage_id": ["L-1"], "change": ["new"],
    ...     "disposition": ["confirmed"], "review": [["merged from …"]]})
    >>> none = pl.DataFrame(schema=dict.fromkeys(["target_type", "target_id", "decision"], str))
    >>> with_decisions(rings, people, none, followed)[1]["disposition"].to_list()
    ['confirmed', None]
    """
    ring_side = followed.select(
        "ring_id",
        "lineage_id",
        "change",
        "disposition",
        review=pl.col("review").list.join("; ").replace("", None),
    )
    rings = ring_scores.join(ring_side, on="ring_id", how="left", maintain_order="left")
    own = decisions.filter(pl.col("target_type") == "contractor").select(
        contractor_id="target_id", own="decision"
    )
    people = (
        scored.join(own, on="contractor_id", how="left", maintain_order="left")
        .join(
            ring_side.select("ring_id", ring="disposition"),
            on="ring_id",
            how="left",
            maintain_order="left",
        )
        .with_columns(disposition=pl.coalesce("own", "ring"))
        .drop("own", "ring")
    )
    return rings, people


def newcomer_alerts(
    followed: pl.DataFrame, ring_scores: pl.DataFrame, names: pl.DataFrame
) -> pl.DataFrame:
    """Confirmed or benign rings holding identities the decision was not made on (rule 7).

    Parameters
    ----------
    followed : the rings with what they carry (`follow`).
    ring_scores : ring_id, ring_score.
    names : contractor_id, full_name.

    Returns
    -------
    ring_id, lineage_id, ring_score, disposition (the decision they joined
    under), newcomers (their ids, sorted) and names (their full names, or
    null), highest score first.

    Examples
    --------
    >>> followed = pl.DataFrame({"ring_id": ["R-1", "R-2"], "lineage_id": ["L-1", "L-2"],
    ...                          "disposition": ["benign", "confirmed"], "newcomers": [["c9"], []]})
    >>> scores = pl.DataFrame({"ring_id": ["R-1", "R-2"], "ring_score": [80.0, 90.0]})
    >>> names = pl.DataFrame({"contractor_id": ["c9"], "full_name": ["Eve Moss"]})
    >>> newcomer_alerts(followed, scores, names).select("ring_id", "disposition", "names").rows()
    [('R-1', 'benign', ['Eve Moss'])]
    """
    joined = followed.filter(pl.col("newcomers").list.len() > 0).select(
        "ring_id", "lineage_id", "disposition", "newcomers"
    )
    named = (
        joined.select("ring_id", contractor_id="newcomers")
        .explode("contractor_id")
        .join(names, on="contractor_id", how="left", maintain_order="left")
        .group_by("ring_id", maintain_order=True)
        .agg(names=pl.col("full_name"))
    )
    return (
        joined.join(named, on="ring_id")
        .join(ring_scores.select("ring_id", "ring_score"), on="ring_id")
        .select("ring_id", "lineage_id", "ring_score", "disposition", "newcomers", "names")
        .sort(["ring_score", "ring_id"], descending=[True, False])
    )


def evidence_for(
    run: RunFrames, *, ring_id: str | None = None, contractor_id: str | None = None
) -> tuple[str, dict[str, Any]]:
    """The target a decision is recorded on, and the evidence the run shows for it.

    A ring, named by content id or lineage id, is recorded on its lineage, with
    its content id, members and score; an identity on its id, with its ring,
    risk score and red flags.

    Raises
    ------
    CaseError : the run has no such ring or identity, or not exactly one is named.

    Examples
    --------
    >>> from workbench.investigation import investigate
    >>> run = investigate("sample_data/demo_case")
    >>> target, evidence = evidence_for(run, ring_id=run.ring_scores["ring_id"][0])
    >>> target == run.ring_scores["lineage_id"][0], len(evidence["members"]) > 1
    (True, True)
    """
    if (ring_id is None) == (contractor_id is None):
        raise CaseError("a decision needs exactly one of ring_id or contractor_id")
    if ring_id is not None:
        named = pl.lit(ring_id, pl.String)
        found = run.lineage.filter((pl.col("ring_id") == named) | (pl.col("lineage_id") == named))
        if found.is_empty():
            raise CaseError(f"no ring '{ring_id}' in this run")
        content, lineage_id = found.select("ring_id", "lineage_id").row(0)
        inside = pl.col("ring_id") == content
        members = run.members.filter(inside)["contractor_id"].sort().to_list()
        score = run.ring_scores.filter(inside)["ring_score"].item()
        return lineage_id, {"ring_id": content, "members": members, "score": score}
    person = pl.col("contractor_id") == pl.lit(contractor_id, pl.String)
    found = run.scored.filter(person)
    if found.is_empty():
        raise CaseError(f"no contractor '{contractor_id}' in this run")
    return str(contractor_id), {
        "ring_id": found["ring_id"][0],
        "score": found["risk_score"][0],
        "flags": run.flags.filter(person)["code"].unique().to_list(),
    }
