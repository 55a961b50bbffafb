"""What changed between two runs of a case: rings, identities at risk and red flags.

`compare` lists one row per change, each with the evidence that changed:

- rings (matched by shared members, see `workbench.lineage`): ``grown_ring``,
  ``merged_ring``, ``new_ring``, ``split_ring``, ``shrunk_ring``, ``gone_ring``;
- ``new_identity``: an identity the earlier run did not have that is now in a
  ring or at the alert level (the rest of a large import is not news);
- ``risk_crossed``: an identity whose risk crossed the alert level, either way;
- ``new_flag``: a red flag that an identity of the earlier run did not carry.

``workbench diff OUT_OLD OUT_NEW`` compares two output folders (`read_run`);
every run writes ``changes.csv`` against the case's previous remembered run
(`workbench.case_memory`), and ``report.html`` shows it as "Since last run".
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from workbench.case_memory import Remembered
from workbench.errors import CaseError
from workbench.lineage import match_rings
from workbench.run_frames import RunFrames
from workbench.settings import ALERT_THRESHOLD

#: Kinds of change, in the order they are listed.
CHANGE_KINDS = (
    "grown_ring",
    "merged_ring",
    "new_ring",
    "split_ring",
    "shrunk_ring",
    "gone_ring",
    "new_identity",
    "risk_crossed",
    "new_flag",
)

#: Columns of `compare` and of changes.csv.
CHANGES_SCHEMA = pl.Schema(
    {
        "change": pl.String(),
        "ring_id": pl.String(),
        "lineage_id": pl.String(),
        "contractor_id": pl.String(),
        "evidence": pl.String(),
    }
)

#: Ties named per newcomer in a grown ring's evidence, strongest first.
TIES_NAMED = 3

_RINGS = pl.Schema(
    {
        "ring_id": pl.String(),
        "lineage_id": pl.String(),
        "contractor_id": pl.String(),
        "ring_score": pl.Float64(),
    }
)
_IDENTITIES = pl.Schema(
    {"contractor_id": pl.String(), "ring_id": pl.String(), "risk_score": pl.Float64()}
)
_FLAGS = pl.Schema({"contractor_id": pl.String(), "code": pl.String(), "evidence": pl.String()})
_LINKS = pl.Schema(
    {
        "contractor_a": pl.String(),
        "contractor_b": pl.String(),
        "kind": pl.String(),
        "value": pl.String(),
        "weight": pl.Float64(),
    }
)


@dataclass(frozen=True)
class RunState:
    """What one run found, as far as comparing two runs needs.

    ``rings`` has one row per member (ring_id, lineage_id, contractor_id,
    ring_score); ``identities`` one per contractor (contractor_id, ring_id,
    risk_score); ``flags`` one per red flag (contractor_id, code, evidence);
    ``links`` the ties (empty when not kept), which name how a newcomer is tied.
    """

    rings: pl.DataFrame
    identities: pl.DataFrame
    flags: pl.DataFrame
    links: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=_LINKS))


def state_of(run: RunFrames) -> RunState:
    """A finished run as a `RunState`.

    Examples
    --------
    >>> from workbench.investigation import investigate
    >>> state_of(investigate("sample_data/demo_case")).rings.columns
    ['ring_id', 'lineage_id', 'contractor_id', 'ring_score']
    """
    scores = run.ring_scores.select("ring_id", "lineage_id", "ring_score")
    return RunState(
        rings=run.members.join(scores, on="ring_id").select(_RINGS.names()),
        identities=run.scored.select(_IDENTITIES.names()),
        flags=run.flags.select(_FLAGS.names()),
        links=run.links.select(_LINKS.names()),
    )


def remembered_state(run: Remembered) -> RunState:
    """A remembered run (`workbench.case_memory`) as a `RunState`.

    Examples
    --------
    >>> from workbench.case_memory import RING_MEMORY
    >>> ring = pl.DataFrame([("R-1", "L-1", "new", 80.0, ["a", "b"], None, [], [], None)],
    ...                     schema=RING_MEMORY, orient="row")
    >>> remembered_state(Remembered(1, ring, pl.DataFrame(schema=_IDENTITIES),
    ...     pl.DataFrame(schema=_FLAGS))).rings["contractor_id"].to_list()
    ['a', 'b']
    """
    rings = run.rings.select("ring_id", "lineage_id", "ring_score", contractor_id="members")
    return RunState(
        rings=rings.explode("contractor_id").select(_RINGS.names()),
        identities=run.identities.select(_IDENTITIES.names()),
        flags=run.flags.select(_FLAGS.names()),
    )


def read_run(out_dir: str | Path) -> tuple[RunState, float]:
    """A run read back from its output folder, and the alert threshold it ran with.

    Raises
    ------
    CaseError : the folder is not an output folder, or a table lacks a column.

    Examples
    --------
    >>> read_run("no/such/folder")
    Traceback (most recent call last):
    ...
    workbench.errors.CaseError: no/such/folder: not an output folder (no rings.csv)
    """
    out = Path(out_dir)
    rings = _read(out, "rings.csv", ["ring_id", "contractor_id", "ring_score"])
    if "lineage_id" not in rings.columns:  # written before lineage existed
        rings = rings.with_columns(lineage_id="L-" + pl.col("ring_id").str.strip_prefix("R-"))
    identities = _read(out, "contractors.csv", ["contractor_id", "ring_id", "risk_score"])
    flags = _read(out, "flags.csv", ["contractor_id", "code", "evidence"])
    links = _read(out, "links.csv", _LINKS.names())
    threshold = ALERT_THRESHOLD
    run_json = out / "run.json"
    if run_json.is_file():
        try:
            threshold = float(
                json.loads(run_json.read_text("utf-8"))["settings"]["alert_threshold"]
            )
        except (ValueError, KeyError, TypeError) as error:
            raise CaseError(f"{run_json}: no readable settings.alert_threshold ({error})") from None
    state = RunState(
        rings=_typed(rings, _RINGS, out / "rings.csv"),
        identities=_typed(identities, _IDENTITIES, out / "contractors.csv"),
        flags=_typed(flags, _FLAGS, out / "flags.csv"),
        links=_typed(links, _LINKS, out / "links.csv"),
    )
    return state, threshold


def _read(out: Path, name: str, columns: list[str]) -> pl.DataFrame:
    path = out / name
    if not path.is_file():
        raise CaseError(f"{out}: not an output folder (no {name})")
    try:
        frame = pl.read_csv(path, infer_schema=False)
    except (pl.exceptions.PolarsError, OSError) as error:
        raise CaseError(f"{path}: cannot be read ({error})") from None
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise CaseError(f"{path}: column '{missing[0]}' is missing")
    return frame


def _typed(frame: pl.DataFrame, schema: pl.Schema, path: Path) -> pl.DataFrame:
    """The columns of ``schema`` cast to their types; a value that is not a number is named."""
    typed = frame.select([pl.col(name).cast(kind, strict=False) for name, kind in schema.items()])
    for name in schema:
        bad = frame[name].is_not_null() & typed[name].is_null()
        if bad.any():
            row = int(bad.arg_true()[0])
            raise CaseError(
                f"{path}: row {row + 2}, column '{name}': {frame[name][row]!r} is not a number"
            )
    return typed


def compare(before: RunState, after: RunState, *, alert_threshold: float) -> pl.DataFrame:
    """Every change from one run to the next, with the evidence that changed.

    Parameters
    ----------
    before, after : the two runs.
    alert_threshold : the alert level that risk is said to cross.

    Returns
    -------
    The columns of `CHANGES_SCHEMA`, in the order of `CHANGE_KINDS`, then by id.

    Examples
    --------
    >>> def run(members, scores):
    ...     ids = sorted({c for c in members} | set(scores))
    ...     return RunState(
    ...         rings=pl.DataFrame({"ring_id": ["R-1"] * len(members), "lineage_id": ["L-1"] *
    ...             len(members), "contractor_id": members, "ring_score": [80.0] * len(members)}),
    ...         identities=pl.DataFrame({"contractor_id": ids, "ring_id": [None] * len(ids),
    ...             "risk_score": [scores.get(c, 70.0) for c in ids]}, schema=_IDENTITIES),
    ...         flags=pl.DataFrame(schema=_FLAGS))
    >>> changes = compare(run(["a", "b"], {"x": 40.0}), run(["a", "b", "c"], {"x": 55.0}),
    ...                   alert_threshold=50)
    >>> changes.select("change", "contractor_id").rows()
    [('grown_ring', None), ('new_identity', 'c'), ('risk_crossed', 'x')]
    """
    rows = _ring_changes(before, after) + _identity_changes(before, after, alert_threshold)
    order = {kind: n for n, kind in enumerate(CHANGE_KINDS)}
    return (
        pl.DataFrame(rows, schema=CHANGES_SCHEMA, orient="row")
        .with_columns(order=pl.col("change").replace_strict(order, return_dtype=pl.Int32))
        .sort("order", "ring_id", "contractor_id", "evidence", nulls_last=True)
        .drop("order")
    )


def _ring_changes(before: RunState, after: RunState) -> list[tuple[Any, ...]]:
    lineage = match_rings(
        before.rings.select("ring_id", "lineage_id", "contractor_id"),
        after.rings.select("ring_id", "contractor_id"),
    )
    old = _rings_by_id(before.rings)
    new = _rings_by_id(after.rings)
    rows = []
    for ring in lineage.filter(pl.col("change") != "same").iter_rows(named=True):
        change, ring_id = ring["change"], ring["ring_id"]
        if change == "gone":
            members, score = old[ring_id]
            lineage_id = before.rings.filter(pl.col("ring_id") == ring_id)["lineage_id"][0]
            evidence = f"no longer a ring: {_ids(members)} (score was {score:g})"
        else:
            members, score = new[ring_id]
            lineage_id = _lineage(after.rings, ring_id, ring["lineage_id"])
            evidence = _ring_evidence(ring, old, new, after.links)
        rows.append((f"{change}_ring", ring_id, lineage_id, None, evidence))
    return rows


def _rings_by_id(rings: pl.DataFrame) -> dict[str, tuple[list[str], float]]:
    grouped = rings.group_by("ring_id").agg(
        pl.col("contractor_id").sort(), pl.col("ring_score").first()
    )
    return {ring: (members, score) for ring, members, score in grouped.iter_rows()}


def _lineage(rings: pl.DataFrame, ring_id: str, matched: str) -> str:
    """The lineage id a run gave a ring when it has one, else the one matched here."""
    given = rings.filter(pl.col("ring_id") == ring_id)["lineage_id"].drop_nulls()
    return str(given[0]) if given.len() else matched


def _ring_evidence(
    ring: dict[str, Any],
    old: dict[str, tuple[list[str], float]],
    new: dict[str, tuple[list[str], float]],
    links: pl.DataFrame,
) -> str:
    """One line on what changed in a ring: who joined and how they are tied, who left, scores."""
    members, score = new[ring["ring_id"]]
    parents = ring["parents"]
    if ring["change"] == "new":
        return f"{len(members)} identities: {_ids(members)}; score {score:g}"
    was = ", ".join(f"{p} ({len(old[p][0])} members, score {old[p][1]:g})" for p in parents)
    if ring["change"] == "split":
        return f"split from {was}; this part holds {_ids(members)}; score {score:g}"
    joined = ring["joined"]
    if ring["change"] == "merged":
        earlier = set().union(*(old[p][0] for p in parents))
        joined = sorted(set(members) - earlier)
    parts = [f"{'merged' if ring['change'] == 'merged' else 'was'} {was}"]
    parts += [_joiner(who, members, links) for who in joined]
    if ring["left"]:
        parts.append(f"left: {_ids(ring['left'])}")
    parts.append(f"now {len(members)} members, score {score:g}")
    return "; ".join(parts)


def _joiner(who: str, members: list[str], links: pl.DataFrame) -> str:
    """``c9 joined, tied by payment_account 0xab…``: the newcomer's strongest ties inside."""
    others = pl.Series([m for m in members if m != who], dtype=pl.String).implode()
    ties = (
        links.filter(
            ((pl.col("contractor_a") == who) & pl.col("contractor_b").is_in(others))
            | ((pl.col("contractor_b") == who) & pl.col("contractor_a").is_in(others))
        )
        .group_by("kind", "value")
        .agg(pl.col("weight").max())
        .sort(["weight", "kind", "value"], descending=[True, False, False])
        .head(TIES_NAMED)
    )
    named = ", ".join(f"{kind} {value}" for kind, value, _ in ties.iter_rows())
    return f"{who} joined" + (f", tied by {named}" if named else "")


def _ids(ids: list[str]) -> str:
    return ", ".join(ids)


def _identity_changes(before: RunState, after: RunState, threshold: float) -> list[tuple[Any, ...]]:
    lineage = after.rings.select("ring_id", "lineage_id").unique()
    people = after.identities.join(lineage, on="ring_id", how="left")
    codes = after.flags.group_by("contractor_id").agg(codes=pl.col("code").unique().sort())
    known = before.identities.select("contractor_id", was="risk_score")
    arrived = (
        people.join(known, on="contractor_id", how="anti")
        .filter(pl.col("ring_id").is_not_null() | (pl.col("risk_score") >= threshold))
        .join(codes, on="contractor_id", how="left")
    )
    rows: list[tuple[Any, ...]] = [
        (
            "new_identity",
            p["ring_id"],
            p["lineage_id"],
            p["contractor_id"],
            f"risk {p['risk_score']:g}"
            + (f"; in ring {p['ring_id']}" if p["ring_id"] else "; in no ring")
            + (f"; red flags: {', '.join(p['codes'])}" if p["codes"] else ""),
        )
        for p in arrived.iter_rows(named=True)
    ]
    fresh = after.flags.join(before.flags, on=["contractor_id", "code"], how="anti").join(
        known, on="contractor_id", how="semi"
    )
    fresh_codes = fresh.group_by("contractor_id").agg(new=pl.col("code").unique().sort())
    crossed = (
        people.join(known, on="contractor_id")
        .filter((pl.col("was") >= threshold) != (pl.col("risk_score") >= threshold))
        .join(fresh_codes, on="contractor_id", how="left")
    )
    rows += [
        (
            "risk_crossed",
            p["ring_id"],
            p["lineage_id"],
            p["contractor_id"],
            f"risk {p['was']:g} → {p['risk_score']:g} (alert level {threshold:g})"
            + (f"; new red flags: {', '.join(p['new'])}" if p["new"] else ""),
        )
        for p in crossed.iter_rows(named=True)
    ]
    fresh = fresh.join(people.select("contractor_id", "ring_id", "lineage_id"), on="contractor_id")
    rows += [
        (
            "new_flag",
            f["ring_id"],
            f["lineage_id"],
            f["contractor_id"],
            f"{f['code']}: {f['evidence']}",
        )
        for f in fresh.iter_rows(named=True)
    ]
    return rows


def summary(changes: pl.DataFrame) -> str:
    """How many changes of each kind, in words.

    Examples
    --------
    >>> summary(pl.DataFrame({"change": ["grown_ring", "new_identity", "new_flag"]}))
    '3 changes: grown ring: 1, new identity: 1, new flag: 1'
    >>> summary(pl.DataFrame({"change": []}, schema={"change": pl.String}))
    'no changes'
    """
    if changes.is_empty():
        return "no changes"
    counts = changes["change"].value_counts()
    n = dict(counts.iter_rows())
    named = [f"{kind.replace('_', ' ')}: {n[kind]}" for kind in CHANGE_KINDS if kind in n]
    return f"{changes.height} {'change' if changes.height == 1 else 'changes'}: {', '.join(named)}"
