"""The bundled sample case is exactly what sample_data/README.md says generated it."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import polars as pl

from workbench.synth import synthesize
from workbench.synth.groups import layout
from workbench.synth.people import people
from workbench.synth.rings import plant_rings

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data"


def test_sample_case_regenerates_byte_identical(tmp_path: Path) -> None:
    readme = (SAMPLE / "README.md").read_text(encoding="utf-8")
    assert (
        'synthesize("sample_data/demo_case", contractors=2000, rings=6, seed=7, fmt="csv", '
        "wider_evidence=False)" in readme
    )
    fresh = synthesize(
        tmp_path / "demo_case", contractors=2000, rings=6, seed=7, fmt="csv", wider_evidence=False
    )
    for name, path in fresh.files.items():
        assert path.read_bytes() == (SAMPLE / "demo_case" / path.name).read_bytes(), name
    assert fresh.truth_path.read_bytes() == (SAMPLE / "demo_case.truth.csv").read_bytes()


def test_sample_case_is_small_and_counts_match_the_readme() -> None:
    # Only the tables: a run keeps its memory in the case's own `.workbench/` folder.
    tables = sorted(p for p in (SAMPLE / "demo_case").iterdir() if p.suffix == ".csv")
    size = sum(p.stat().st_size for p in tables)
    assert size < 5_000_000
    readme = (SAMPLE / "README.md").read_text(encoding="utf-8")
    for path in tables:
        rows = pl.read_csv(path, infer_schema_length=0).height
        assert f"| {path.name} | {rows:,} |" in readme, path.name


LABELS = {
    "account": "payment account",
    "address": "farm address",
    "device": "device",
    "email": "e-mail",
    "ip": "farm IP",
    "phone": "VoIP phone",
}


def test_readme_ring_table_matches_the_planted_rings() -> None:
    rng = np.random.default_rng(7)
    lay = layout(rng, 2000, 6)
    _, rings = plant_rings(rng, people(rng, lay), lay)
    readme = (SAMPLE / "README.md").read_text(encoding="utf-8")
    for ring in rings:
        row = re.search(rf"\| ring-{ring.number + 1:03d} \| (\d+) \| ([^|]+) \|", readme)
        assert row is not None
        assert int(row.group(1)) == len(ring.members)
        assert set(row.group(2).strip().split(", ")) == {LABELS[k] for k in ring.kinds}
