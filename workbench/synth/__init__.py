"""Synthetic case generator: a case folder with planted rings and its ground truth.

``synthesize`` is what ``workbench synth`` calls. See ``docs/synth.md`` for what
is planted and at which rates (the rates live in ``workbench.synth.rates``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl

from workbench.errors import CaseError
from workbench.synth.benign import plant_benign
from workbench.synth.extras import identifiers, referrals, shipments
from workbench.synth.groups import layout
from workbench.synth.logins import login_chunks
from workbench.synth.people import people
from workbench.synth.rings import plant_rings, plant_solos
from workbench.synth.tables import contractors as contractors_table
from workbench.synth.tables import payments
from workbench.synth.writer import FORMATS, Format, truth_path_for, write_chunks
from workbench.tables import TABLES

__all__ = ["SynthSummary", "synthesize"]


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

    Returns
    -------
    A ``SynthSummary`` with paths and row counts per table.

    Examples
    --------
    >>> import tempfile
    >>> s = synthesize(Path(tempfile.mkdtemp()) / "case", contractors=300, rings=2)
    >>> s.rows["contractors"], sorted(s.files)[:2], s.truth_path.name
    (300, ['contractors', 'identifiers'], 'case.truth.csv')
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
    makers: dict[str, Callable[[], Iterable[pl.DataFrame]]] = {
        "contractors": lambda: [contractors_table(rng, q, ids, base_date)],
        "payments": lambda: [payments(rng, q, ids, base_date)],
        "logins": lambda: login_chunks(rng, q, ids, base_date),
        "shipments": lambda: [shipments(rng, q, ids, base_date)],
        "referrals": lambda: [referrals(rng, planted, ids, np.flatnonzero(lay.kind == "legit"))],
        "identifiers": lambda: [identifiers(rng, q, ids, base_date)],
    }
    out.mkdir(parents=True, exist_ok=True)
    truth.parent.mkdir(parents=True, exist_ok=True)
    files: dict[str, Path] = {}
    rows: dict[str, int] = {}
    for name, make in makers.items():  # one table (or chunk) in memory at a time, fixed order
        files[name], rows[name] = write_chunks(make(), out, name, fmt)
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
