"""The case's memory of its runs, in ``<case>/.workbench/runs/``, whatever ``--out`` is used.

A run that is remembered (`remember`; ``workbench run`` and the triage
notebook do it) writes one numbered folder, ``runs/000001``, ``runs/000002`` …:

- ``rings.parquet``: one row per ring: ring_id, lineage_id, change, ring_score,
  members, and the decision it carries (disposition, review, decided_members,
  basis; see `workbench.carry`);
- ``identities.parquet``: contractor_id, ring_id, risk_score;
- ``flags.parquet``: contractor_id, code, evidence.

The next run matches its rings to the newest folder (`workbench.lineage`)
and lists what changed since (`workbench.changes`). Each folder is written
under a hidden name and renamed into place in one step, under a lock, so a
crash or ``kill -9`` leaves the earlier runs as they were and two runs never
take one number. The decision log lives beside it (`workbench.dispositions`).
"""

from __future__ import annotations

import fcntl
import logging
import re
import shutil
import tempfile
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from workbench.dispositions import memory_path
from workbench.errors import CaseError
from workbench.run_frames import RunFrames

LOG = logging.getLogger(__name__)

#: Folder of the remembered runs inside the case's memory folder.
RUNS_FOLDER = "runs"

#: A remembered run's folder name: its number, zero-padded so names sort by number.
RUN_NAME = re.compile(r"^\d{6}$")

#: What a remembered run keeps of each ring.
RING_MEMORY = pl.Schema(
    {
        "ring_id": pl.String(),
        "lineage_id": pl.String(),
        "change": pl.String(),
        "ring_score": pl.Float64(),
        "members": pl.List(pl.String()),
        "disposition": pl.String(),
        "review": pl.List(pl.String()),
        "decided_members": pl.List(pl.String()),
        "basis": pl.String(),
    }
)
IDENTITY_MEMORY = pl.Schema(
    {"contractor_id": pl.String(), "ring_id": pl.String(), "risk_score": pl.Float64()}
)
FLAG_MEMORY = pl.Schema(
    {"contractor_id": pl.String(), "code": pl.String(), "evidence": pl.String()}
)
#: What `seen_rings` returns of a ring.
SEEN_SCHEMA = pl.Schema({name: RING_MEMORY[name] for name in ("ring_id", "lineage_id", "members")})


@dataclass(frozen=True)
class Remembered:
    """One remembered run of a case: its number and what it found."""

    number: int
    rings: pl.DataFrame
    identities: pl.DataFrame
    flags: pl.DataFrame

    @property
    def members(self) -> pl.DataFrame:
        """The run's rings one row per member: ring_id, lineage_id, contractor_id."""
        return (
            self.rings.select("ring_id", "lineage_id", contractor_id="members")
            .explode("contractor_id")
            .drop_nulls("contractor_id")
        )


def runs_path(case_dir: str | Path) -> Path:
    """The folder of a case's remembered runs.

    Examples
    --------
    >>> runs_path("cases/acme").as_posix()
    'cases/acme/.workbench/runs'
    """
    return memory_path(case_dir) / RUNS_FOLDER


def remember(run: RunFrames) -> Path:
    """Keep what this run found in the case's memory, for the next run to compare with.

    Returns
    -------
    The new run's folder.

    Raises
    ------
    CaseError : the memory folder cannot be written (a read-only case folder…).

    Examples
    --------
    >>> import shutil, tempfile
    >>> from workbench.investigation import investigate
    >>> case = shutil.copytree("sample_data/demo_case", tempfile.mkdtemp() + "/case",
    ...                        ignore=shutil.ignore_patterns(".workbench"))
    >>> remember(investigate(case)).name
    '000001'
    >>> investigate(case).lineage["change"].unique().to_list()
    ['same']
    """
    root = runs_path(run.case.path)
    tables = {
        "rings.parquet": ring_memory(run),
        "identities.parquet": run.scored.select(IDENTITY_MEMORY.names()),
        "flags.parquet": run.flags.select(FLAG_MEMORY.names()),
    }
    try:
        root.mkdir(parents=True, exist_ok=True)
        with _locked(root):
            for leftover in root.glob(".new-*"):  # a crash's, since we hold the lock
                shutil.rmtree(leftover, ignore_errors=True)
            numbers = _numbers(root)
            folder = root / f"{(numbers[-1] if numbers else 0) + 1:06d}"
            stage = Path(tempfile.mkdtemp(prefix=".new-", dir=root))
            for name, frame in tables.items():
                frame.write_parquet(stage / name)
            stage.rename(folder)
    except OSError as error:
        raise CaseError(f"{root}: this run was not remembered ({error.strerror})") from None
    return folder


def ring_memory(run: RunFrames) -> pl.DataFrame:
    """The rows of ``rings.parquet`` for a run: each ring, its members and its decision.

    Examples
    --------
    >>> from workbench.investigation import investigate
    >>> ring_memory(investigate("sample_data/demo_case")).columns == RING_MEMORY.names()
    True
    """
    members = run.members.group_by("ring_id").agg(members=pl.col("contractor_id").sort())
    return (
        run.lineage.join(members, on="ring_id")
        .join(run.ring_scores.select("ring_id", "ring_score"), on="ring_id")
        .select(RING_MEMORY.names())
        .sort("ring_id")
    )


def previous_run(case_dir: str | Path) -> Remembered | None:
    """The newest remembered run of a case that can be read, or None before the first.

    A folder that cannot be read is skipped with a warning naming it.

    Examples
    --------
    >>> import tempfile
    >>> previous_run(tempfile.mkdtemp()) is None
    True
    """
    root = runs_path(case_dir)
    for number in reversed(_numbers(root)):
        folder = root / f"{number:06d}"
        try:
            return Remembered(
                number=number,
                rings=pl.read_parquet(folder / "rings.parquet").cast(RING_MEMORY),
                identities=pl.read_parquet(folder / "identities.parquet"),
                flags=pl.read_parquet(folder / "flags.parquet"),
            )
        except (OSError, pl.exceptions.PolarsError) as error:
            LOG.warning("%s: remembered run skipped, it cannot be read: %s", folder, error)
    return None


def seen_rings(case_dir: str | Path, ring_ids: Collection[str]) -> pl.DataFrame:
    """Rings of any remembered run with one of these content ids: ring_id, lineage_id, members.

    When a content id was seen in several runs, the newest run's row is kept.

    Examples
    --------
    >>> import tempfile
    >>> seen_rings(tempfile.mkdtemp(), ["R-1"]).columns
    ['ring_id', 'lineage_id', 'members']
    """
    root = runs_path(case_dir)
    wanted = pl.Series(sorted(ring_ids), dtype=pl.String).implode()
    found = [
        pl.scan_parquet(root / f"{number:06d}" / "rings.parquet")
        .select(SEEN_SCHEMA.names())
        .filter(pl.col("ring_id").is_in(wanted))
        .with_columns(run=pl.lit(number))
        for number in _numbers(root)
        if (root / f"{number:06d}" / "rings.parquet").is_file()
    ]
    if not found or not ring_ids:
        return pl.DataFrame(schema=SEEN_SCHEMA)
    try:
        rows = pl.concat(found).collect()
    except (OSError, pl.exceptions.PolarsError) as error:
        LOG.warning("%s: earlier runs could not be read: %s", root, error)
        return pl.DataFrame(schema=SEEN_SCHEMA)
    return rows.sort("run").unique("ring_id", keep="last").drop("run").sort("ring_id")


def _numbers(root: Path) -> list[int]:
    """Numbers of the remembered runs in ``root``, ascending."""
    if not root.is_dir():
        return []
    return sorted(int(p.name) for p in root.iterdir() if RUN_NAME.match(p.name) and p.is_dir())


@contextmanager
def _locked(root: Path) -> Iterator[None]:
    """Hold the memory's lock (``flock``: released by the kernel if its holder dies)."""
    with open(root / ".lock", "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
