"""Synthetic case generator: a case folder with planted rings and its ground truth.

``synthesize`` is what ``workbench synth`` calls. See ``docs/synth.md`` for what
is planted and at which rates (the rates live in ``workbench.synth.rates``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl

from workbench.errors import CaseError
from workbench.synth.benign import plant_benign
from workbench.synth.endpoints import device_locations, endpoint_events, laptops
from workbench.synth.extras import identifiers, referrals, shipments
from workbench.synth.groups import Layout, layout
from workbench.synth.habits import habits
from workbench.synth.hiring import engagements, identity_checks, interviews
from workbench.synth.letters import cover_letters
from workbench.synth.logins import login_chunks, login_plan
from workbench.synth.network import Networks
from workbench.synth.people import People, people
from workbench.synth.references import references
from workbench.synth.rings import Ring, plant_rings, plant_solos
from workbench.synth.shipping import reroute
from workbench.synth.tables import contractors as contractors_table
from workbench.synth.tables import payments
from workbench.synth.writer import FORMATS, Format, truth_path_for, write_chunks
from workbench.tables import TABLES

__all__ = ["SynthSummary", "synthesize"]

#: The wider evidence is drawn from its own stream, ``default_rng([seed, WIDER_STREAM])``,
#: so that leaving it out changes no other value of the case.
WIDER_STREAM = 1

#: Tables that only the wider evidence writes; it also adds columns to contractors
#: (cover_letter), logins (asn, isp, vpn_provider, ip_type) and shipments (requested_at,
#: previous_address, address_type, ship_to_country), and referees to identifiers.
WIDER_TABLES = (
    "endpoint_events",
    "device_locations",
    "engagements",
    "interviews",
    "identity_checks",
)


@dataclass(frozen=True)
class SynthSummary:
    """What ``synthesize`` wrote: the case folder, the truth file, files and row counts."""

    out_dir: Path
    truth_path: Path
    files: dict[str, Path] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    rings: int = 0
    ring_members: int = 0


def synthesize(
    out_dir: str | Path,
    *,
    contractors: int = 2000,
    rings: int = 6,
    seed: int = 7,
    fmt: Format = "csv",
    truth_path: str | Path | None = None,
    base_date: date = date(2025, 1, 1),
    wider_evidence: bool = True,
) -> SynthSummary:
    """Write a synthetic case folder with planted rings, and its ground truth beside it.

    Parameters
    ----------
    out_dir : the case folder to write (created if missing).
    contractors : number of identities.
    rings : number of planted rings (3-12 identities each).
    seed : seed of numpy's Generator; the same seed gives byte-identical files.
    fmt : file format of every table: ``csv``, ``parquet`` or ``jsonl``.
    truth_path : ground-truth CSV (``contractor_id, group_id, group_kind``);
        default ``<out_dir>.truth.csv`` beside the folder, never inside it.
    base_date : first day of the activity window (no clock is read).
    wider_evidence : also write what IP-intelligence, MDM / EDR, shipping and
        hiring records show (`WIDER_TABLES` and the wider columns). Without it
        the case is exactly the one the same seed gave before those existed,
        and every other value is the same either way, so runs with and
        without measure what the wider evidence adds.

    Returns
    -------
    A ``SynthSummary`` with paths and row counts per table.

    Examples
    --------
    >>> import tempfile
    >>> s = synthesize(Path(tempfile.mkdtemp()) / "case", contractors=300, rings=2)
    >>> s.rows["contractors"], sorted(s.files)[:3], s.truth_path.name
    (300, ['contractors', 'device_locations', 'endpoint_events'], 'case.truth.csv')
    """
    out = Path(out_dir)
    truth = Path(truth_path) if truth_path is not None else truth_path_for(out)
    if fmt not in FORMATS:
        raise CaseError(f"synthesize: format {fmt!r} is not one of {', '.join(FORMATS)}")
    if out.resolve() in truth.resolve().parents:
        raise CaseError(f"synthesize: truth file {truth} must not be inside the case folder {out}")
    if contractors < 1 or rings < 0:
        raise CaseError("synthesize: contractors must be >= 1 and rings >= 0")
    stale = sorted(
        p.name
        for p in out.glob("*.*")
        if p.stem in TABLES and p.suffix[1:] in FORMATS and p.suffix[1:] != fmt
    )
    if stale:
        raise CaseError(
            f"synthesize: {out} already holds {', '.join(stale)} in another format; "
            "remove them or write to a new folder"
        )
    rng = np.random.default_rng(seed)
    lay = layout(rng, contractors, rings)
    q = people(rng, lay)
    q, planted = plant_rings(rng, q, lay)
    q = plant_benign(rng, plant_solos(rng, q, lay), lay)
    width = max(6, len(str(contractors)))
    ids = np.asarray([f"C{i + 1:0{width}d}" for i in range(contractors)], dtype=object)
    stream = np.random.default_rng([seed, WIDER_STREAM])
    wider = _Wider(stream, habits(stream, q)) if wider_evidence else None
    out.mkdir(parents=True, exist_ok=True)
    truth.parent.mkdir(parents=True, exist_ok=True)
    files: dict[str, Path] = {}
    rows: dict[str, int] = {}
    # One table (or chunk) in memory at a time, written in a fixed order.
    for name, chunks in _tables(rng, wider, q, lay, planted, ids, base_date):
        files[name], rows[name] = write_chunks(chunks, out, name, fmt)
    pl.DataFrame(
        {
            "contractor_id": ids.astype(str),
            "group_id": lay.group_id.astype(str),
            "group_kind": lay.kind.astype(str),
        }
    ).sort("contractor_id").write_csv(truth)
    return SynthSummary(
        out_dir=out,
        truth_path=truth,
        files=dict(sorted(files.items())),
        rows=dict(sorted(rows.items())),
        rings=len(planted),
        ring_members=sum(len(r.members) for r in planted),
    )


@dataclass(frozen=True)
class _Wider:
    """The wider evidence's own generator and the habits drawn from it."""

    rng: np.random.Generator
    habits: People


def _tables(
    rng: np.random.Generator,
    wider: _Wider | None,
    q: People,
    lay: Layout,
    planted: list[Ring],
    ids: np.ndarray,
    base: date,
) -> Iterator[tuple[str, Iterable[pl.DataFrame]]]:
    """Every table in writing order. ``rng`` draws the base tables in the same order
    whether or not the wider evidence is made."""
    letters = cover_letters(wider.rng, q, wider.habits) if wider else None
    yield "contractors", [contractors_table(rng, q, ids, base, letters)]
    yield "payments", [payments(rng, q, ids, base)]
    plan = login_plan(rng, q)
    network = (
        Networks(wider.rng, wider.habits["provider"], wider.habits["hosted"]) if wider else None
    )
    yield "logins", login_chunks(rng, q, ids, base, plan=plan, network=network)
    shipped = shipments(rng, q, ids, base)
    if wider:
        shipped = reroute(wider.rng, shipped, q, wider.habits, ids, base)
    yield "shipments", [shipped]
    yield "referrals", [referrals(rng, planted, ids, np.flatnonzero(lay.kind == "legit"))]
    found = identifiers(rng, q, ids, base)
    if not wider:
        yield "identifiers", [found]
        return
    w, h = wider.rng, wider.habits
    checks = identity_checks(w, q, h, ids, base)
    order = ["contractor_id", "kind", "value", "observed_at"]
    referees = references(w, q, h, checks, ids)
    yield "identifiers", [pl.concat([found, referees]).sort(order, maintain_order=True)]
    lap = laptops(w, shipped, q, h, plan, ids)
    yield "endpoint_events", [endpoint_events(w, lap, q, h, ids, base)]
    yield "device_locations", [device_locations(w, lap, q, ids, base)]
    yield "engagements", [engagements(w, q, h, ids, base)]
    yield "interviews", [interviews(w, q, h, plan, ids, base)]
    yield "identity_checks", [checks]
