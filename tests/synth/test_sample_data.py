"""The bundled sample case is exactly what sample_data/README.md says generated it."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from workbench.synth import synthesize

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data"


def test_sample_case_regenerates_byte_identical(tmp_path: Path) -> None:
    readme = (SAMPLE / "README.md").read_text(encoding="utf-8")
    assert (
        'synthesize("sample_data/demo_case", contractors=2000, rings=6, seed=7, fmt="csv")'
        in readme
    )
    fresh = synthesize(tmp_path / "demo_case", contractors=2000, rings=6, seed=7, fmt="csv")
    for name, path in fresh.files.items():
        assert path.read_bytes() == (SAMPLE / "demo_case" / path.name).read_bytes(), name
    assert fresh.truth_path.read_bytes() == (SAMPLE / "demo_case.truth.csv").read_bytes()


def test_sample_case_is_small_and_counts_match_the_readme() -> None:
    size = sum(p.stat().st_size for p in (SAMPLE / "demo_case").iterdir())
    assert size < 5_000_000
    readme = (SAMPLE / "README.md").read_text(encoding="utf-8")
    for path in sorted((SAMPLE / "demo_case").iterdir()):
        rows = pl.read_csv(path, infer_schema_length=0).height
        assert f"| {path.name} | {rows:,} |" in readme, path.name
