"""Write generated tables as a case folder and the ground truth beside it."""

from __future__ import annotations

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


def truth_path_for(out_dir: Path) -> Path:
    """Default ground-truth path: ``<out_dir>.truth.csv`` beside the case folder.

    Examples
    --------
    >>> truth_path_for(Path("cases/demo")).as_posix()
    'cases/demo.truth.csv'
    """
    return out_dir.parent / f"{out_dir.name}.truth.csv"
