"""Investigations the export tests share: the sample case and the small ring case."""

from __future__ import annotations

from pathlib import Path

import pytest
from stix2validator import ValidationOptions, validate_string

from tests.export.cases import RING_CASE
from workbench.investigation import Investigation, investigate


def write_ring_case(folder: Path) -> Path:
    """Write `RING_CASE` into ``folder`` and return it."""
    folder.mkdir(parents=True)
    for name, content in RING_CASE.items():
        (folder / name).write_text(content, encoding="utf-8")
    return folder


def stix_errors(text: str) -> list[str]:
    """The errors stix2-validator finds in a bundle (warnings, such as UUIDv5 ids, pass)."""
    result = validate_string(text, ValidationOptions(version="2.1"))
    errors = [str(error) for error in result.errors]
    assert result.is_valid == (not errors)
    return errors


@pytest.fixture(scope="session")
def sample() -> Investigation:
    return investigate(Path(__file__).resolve().parents[2] / "sample_data" / "demo_case")


@pytest.fixture(scope="session")
def ring_case(tmp_path_factory: pytest.TempPathFactory) -> Investigation:
    return investigate(write_ring_case(tmp_path_factory.mktemp("export") / "case"))
