"""Write generated tables as a case folder and the ground truth beside it."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Literal

import polars as pl

from workbench.errors import CaseError

Format = Literal["csv", "parquet", "jsonl"]
FORMATS: tuple[str, ...] = ("csv", "parquet", "jsonl")


def write_table(frame: pl.DataFrame, folder: Path, name: str, fmt: Format) -> Path:
    """Write one table as ``<folder>/<name>.<fmt>`` and return its path.

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> write_table(pl.DataFrame({"a": [1]}), d, "t", "jsonl").read_text()
    '{"a":1}\\n'
    """
    if fmt not in FORMATS:
        raise CaseError(f"synthesize: format {fmt!r} is not one of {', '.join(FORMATS)}")
    path = folder / f"{name}.{fmt}"
    if fmt == "csv":
        frame.write_csv(path)
    elif fmt == "parquet":
        frame.write_parquet(path, statistics=False)
    else:
        frame.write_ndjson(path)
    return path


def write_chunks(
    frames: Iterable[pl.DataFrame], folder: Path, name: str, fmt: Format
) -> tuple[Path, int]:
    """Write a table given in chunks; csv and jsonl stream, parquet is written once.

    Returns the path and the number of rows.

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> chunks = [pl.DataFrame({"a": [1]}), pl.DataFrame({"a": [2]})]
    >>> path, rows = write_chunks(chunks, d, "t", "csv")
    >>> path.read_text(), rows
    ('a\\n1\\n2\\n', 2)
    """
    if fmt not in ("csv", "jsonl"):
        whole = pl.concat(list(frames))
        return write_table(whole, folder, name, fmt), whole.height
    path = folder / f"{name}.{fmt}"
    rows = 0
    with path.open("wb") as out:
        for i, frame in enumerate(frames):
            if fmt == "csv":
                frame.write_csv(out, include_header=i == 0)
            else:
                frame.write_ndjson(out)
            rows += frame.height
    return path, rows


def truth_path_for(out_dir: Path) -> Path:
    """Default ground-truth path: ``<out_dir>.truth.csv`` beside the case folder.

    Examples
    --------
    >>> truth_path_for(Path("cases/demo")).as_posix()
    'cases/demo.truth.csv'
    """
    return out_dir.parent / f"{out_dir.name}.truth.csv"
