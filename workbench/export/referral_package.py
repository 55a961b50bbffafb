"""Write a referral package: a ring's summary page, narrative and CSVs, as a folder or a zip."""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path

from workbench.export.referral import Referral, referral
from workbench.export.referral_page import narrative, render_summary
from workbench.output import write_csv
from workbench.run_frames import Ring

# Fixed time stamp of zip entries, so that one package gives one zip byte for byte.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def write_referral(ring: Ring, path: str | Path, *, redact: bool = False) -> Path:
    """Write a ring's referral package: a folder at ``path``, or a zip when it ends in ``.zip``.

    Parameters
    ----------
    ring : the ring to refer.
    path : the package's folder (created; files of the package replaced), or zip file.
    redact : mask identifiers for sharing outside the team.

    Returns
    -------
    The folder or zip written.

    Examples
    --------
    >>> import tempfile
    >>> from workbench.export.referral import FILES
    >>> from workbench.investigation import investigate
    >>> inv = investigate("sample_data/demo_case")
    >>> folder = write_referral(inv.ring(inv.ring_scores["ring_id"][0]), tempfile.mkdtemp())
    >>> sorted(p.name for p in folder.iterdir()) == sorted(FILES)
    True
    """
    target = Path(path)
    made = referral(ring, redact=redact)
    if target.suffix.lower() == ".zip":
        with tempfile.TemporaryDirectory() as scratch:
            return _zip(_write_folder(made, Path(scratch) / ring.ring_id), target)
    return _write_folder(made, target)


def _write_folder(made: Referral, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "summary.html").write_text(render_summary(made), encoding="utf-8")
    (folder / "narrative.txt").write_text("\n\n".join(narrative(made)) + "\n", encoding="utf-8")
    for name, frame in made.tables.items():
        write_csv(frame, folder / f"{name}.csv")
    return folder


def _zip(folder: Path, target: Path) -> Path:
    """Zip a package's files under its folder's name, with fixed time stamps."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(folder.iterdir()):
            entry = zipfile.ZipInfo(f"{folder.name}/{file.name}", date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, file.read_bytes())
    return target
