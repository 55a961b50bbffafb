"""Fixtures for notebook tests: a private copy of the sample case."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SAMPLE_CASE = REPO / "sample_data" / "demo_case"
NOTEBOOKS = REPO / "notebooks"


@pytest.fixture
def case_copy(tmp_path: Path) -> Path:
    """The bundled sample case copied to a temporary folder (decisions written there stay there)."""
    if not SAMPLE_CASE.is_dir():
        pytest.fail(f"sample case missing: {SAMPLE_CASE}")
    return Path(shutil.copytree(SAMPLE_CASE, tmp_path / "case"))
