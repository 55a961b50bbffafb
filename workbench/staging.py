"""Write a folder whole or not at all, one writer at a time.

A run writes its output into a fresh folder beside the target and swaps it
in at the end, so that a crash, a full disk or ``kill -9`` leaves either the
previous output or the new one, never a mix. On Linux the swap is one atomic
``renameat2(RENAME_EXCHANGE)``; where the file system cannot exchange (or on
another system) the old folder is renamed aside first, and the next run puts
it back if a crash fell between the two renames. A lock file beside the
target (``flock``, released by the kernel when its holder dies) refuses a
second concurrent writer.
"""

from __future__ import annotations

import ctypes
import fcntl
import os
import shutil
import tempfile
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from pathlib import Path

from workbench.errors import CaseError

#: ``renameat2`` arguments: the current directory, and "exchange the two paths".
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


@contextmanager
def staged(target: Path, *, replaceable: Collection[str]) -> Iterator[Path]:
    """A new empty folder to write into; swapped in for ``target`` when the block succeeds.

    Parameters
    ----------
    target : the folder to (re)place.
    replaceable : names of the entries ``target`` may hold: a folder with any
        other entry is not ours to replace and is refused.

    Raises
    ------
    CaseError : another process is writing ``target``, or it holds entries
        that are not in ``replaceable``.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "out"
    >>> with staged(out, replaceable={"a.txt"}) as stage:
    ...     _ = (stage / "a.txt").write_text("new")
    >>> sorted(p.name for p in out.iterdir())
    ['a.txt']
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    with _locked(target):
        _recover(target)
        _refuse_foreign(target, replaceable)
        stage = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
        try:
            yield stage
        except BaseException:
            shutil.rmtree(stage, ignore_errors=True)
            raise
        _swap(stage, target)


@contextmanager
def _locked(target: Path) -> Iterator[None]:
    lock_path = target.with_name(f".{target.name}.lock")
    with open(lock_path, "a+") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise CaseError(
                f"another run is writing {target} (lock {lock_path}); wait for it to finish"
            ) from None
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _previous(target: Path) -> Path:
    return target.with_name(f".{target.name}.previous")


def _recover(target: Path) -> None:
    """Undo what a crash left: the old folder set aside but not yet replaced, and stages."""
    previous = _previous(target)
    if previous.exists() and not target.exists():
        os.rename(previous, target)
    shutil.rmtree(previous, ignore_errors=True)
    for leftover in target.parent.glob(f".{target.name}.new-*"):
        shutil.rmtree(leftover, ignore_errors=True)


def _refuse_foreign(target: Path, replaceable: Collection[str]) -> None:
    if not target.exists():
        return
    if not target.is_dir():
        raise CaseError(f"output folder {target} is a file")
    foreign = sorted(p.name for p in target.iterdir() if p.name not in replaceable)
    if foreign:
        raise CaseError(
            f"output folder {target} holds {foreign[0]!r}, which no run writes: "
            "choose a new or empty folder, or one an earlier run wrote"
        )


def _swap(stage: Path, target: Path) -> None:
    """Put ``stage`` in place of ``target``; remove what was there."""
    if not target.exists():
        os.rename(stage, target)
        return
    if _exchange(stage, target):
        shutil.rmtree(stage)  # it now holds the previous output
        return
    previous = _previous(target)
    os.rename(target, previous)
    os.rename(stage, target)
    shutil.rmtree(previous)


def _exchange(one: Path, other: Path) -> bool:
    """Swap two paths in one atomic step; False where the system or file system cannot."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    done = renameat2(_AT_FDCWD, os.fsencode(one), _AT_FDCWD, os.fsencode(other), _RENAME_EXCHANGE)
    return bool(done == 0)
