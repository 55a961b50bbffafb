"""A small synthetic case shared by the synth tests (generated once per session)."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.synth import SynthSummary, synthesize


@pytest.fixture(scope="session")
def small_case(tmp_path_factory: pytest.TempPathFactory) -> SynthSummary:
    """400 contractors, 3 rings, csv."""
    return synthesize(tmp_path_factory.mktemp("synth") / "case", contractors=400, rings=3, seed=11)


@pytest.fixture(scope="session")
def small_case_dir(small_case: SynthSummary) -> Path:
    return small_case.out_dir
