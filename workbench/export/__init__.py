"""Rings exported for work outside the workbench, each format written by its own library.

* ``stix``: a STIX 2.1 bundle (`stix2`) for threat-intelligence platforms
  such as OpenCTI or MISP (`workbench.export.stix`);
* ``graphml`` and ``gexf``: the rings' graphs (networkx's writers) for Gephi,
  yEd or i2 (`workbench.export.graph_files`);
* ``referral``: per ring, a folder or zip for law enforcement or a suspicious
  activity report: a plain summary page and the CSVs behind it
  (`workbench.export.referral`).

``RingView.export`` writes one ring; ``workbench export OUT`` reads a run's
output folder (`workbench.export.reopen`) and writes the rings chosen. Exports
read runs and rings through the protocols of `workbench.run_frames`.
With ``redact`` every identifier is masked as ``--redact`` masks the output folder.
See docs/exports.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from workbench.errors import CaseError
from workbench.run_frames import Ring, Run

#: The export formats, in the order the CLI lists them.
FORMATS = ("stix", "graphml", "gexf", "referral")

#: What each format writes when no destination is given (under `default_destination`).
DEFAULT_NAMES = {
    "stix": "rings.stix.json",
    "graphml": "rings.graphml",
    "gexf": "rings.gexf",
    "referral": "referral",
}


def export_ring(ring: Ring, path: str | Path, fmt: str, *, redact: bool = False) -> Path:
    """Write one ring in ``fmt`` at ``path``: a file, or for a referral a folder (a zip when
    ``path`` ends in ``.zip``).

    Examples
    --------
    >>> import tempfile
    >>> from workbench.investigation import investigate
    >>> inv = investigate("sample_data/demo_case")
    >>> ring = inv.ring(inv.ring_scores["ring_id"][0])
    >>> export_ring(ring, Path(tempfile.mkdtemp()) / "ring.gexf", "gexf").suffix
    '.gexf'
    """
    _check_format(fmt)
    target = Path(path)
    if fmt == "referral":
        from workbench.export.referral_package import write_referral

        return write_referral(ring, target, redact=redact)
    return export_rings([ring], target, fmt, redact=redact)[0]


def export_rings(
    rings: Sequence[Ring],
    to: str | Path,
    fmt: str,
    *,
    redact: bool = False,
    zipped: bool = False,
) -> list[Path]:
    """Write several rings of one run: one STIX bundle or graph file holding them all at
    ``to``, or one referral package per ring inside the folder ``to``.

    Parameters
    ----------
    rings : ring views of one investigation.
    to : the file to write (``stix``, ``graphml``, ``gexf``) or the folder of
        referral packages (``<ring_id>/`` or, with ``zipped``, ``<ring_id>.zip``).
    fmt : one of `FORMATS`.
    redact : mask identifiers for sharing outside the team.
    zipped : write each referral package as a zip.

    Returns
    -------
    The paths written.

    Examples
    --------
    >>> import tempfile
    >>> from workbench.investigation import investigate
    >>> inv = investigate("sample_data/demo_case")
    >>> rings = [inv.ring(r) for r in inv.alerts["ring_id"].head(2)]
    >>> written = export_rings(rings, tempfile.mkdtemp(), "referral", zipped=True)
    >>> [p.name for p in written] == [f"{r.ring_id}.zip" for r in rings]
    True
    """
    _check_format(fmt)
    if not rings:
        raise CaseError("no ring to export")
    target = Path(to)
    if fmt != "referral" and target.is_dir():
        raise CaseError(f"{target} is a folder: a {fmt} export is one file, give its name")
    try:
        return _write(rings, target, fmt, redact=redact, zipped=zipped)
    except OSError as error:
        raise CaseError(f"{target}: cannot write the export ({error.strerror or error})") from None


def _write(
    rings: Sequence[Ring], target: Path, fmt: str, *, redact: bool, zipped: bool
) -> list[Path]:
    if fmt == "stix":
        from workbench.export.stix import write_bundle

        return [write_bundle(rings, target, redact=redact)]
    if fmt == "referral":
        from workbench.export.referral_package import write_referral

        suffix = ".zip" if zipped else ""
        return [
            write_referral(ring, target / f"{ring.ring_id}{suffix}", redact=redact)
            for ring in rings
        ]
    from workbench.export.graph_files import write_graph_file

    return [write_graph_file(rings, target, fmt, redact=redact)]


def chosen_rings(investigation: Run, ring_ids: Sequence[str]) -> list[Ring]:
    """The rings named, or every ring at or above the alert threshold when none is.

    Examples
    --------
    >>> from workbench.investigation import investigate
    >>> inv = investigate("sample_data/demo_case")
    >>> len(chosen_rings(inv, [])) == inv.alerts.height
    True
    """
    if ring_ids:
        return [investigation.ring(ring_id) for ring_id in dict.fromkeys(ring_ids)]
    alerted = investigation.alerts["ring_id"].to_list()
    if not alerted:
        raise CaseError(
            f"no ring reaches the alert threshold "
            f"({investigation.settings.alert_threshold:g}): name rings with --ring"
        )
    return [investigation.ring(ring_id) for ring_id in alerted]


def default_destination(out_dir: str | Path, fmt: str) -> Path:
    """Where ``workbench export OUT`` writes when not told: beside OUT, never inside it,
    so that a folder written with ``--redact`` never carries an export that is not.

    Examples
    --------
    >>> default_destination("runs/march", "stix").as_posix()
    'runs/march-exports/rings.stix.json'
    """
    _check_format(fmt)
    out = Path(out_dir)
    return out.parent / f"{out.name}-exports" / DEFAULT_NAMES[fmt]


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise CaseError(f"export format {fmt!r} is not one of {', '.join(FORMATS)}")
