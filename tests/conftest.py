"""Shared fixtures: tiny case folders written inline, and the bundled sample case."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

REPO = Path(__file__).resolve().parents[1]

# Property tests check behaviour, never speed: hypothesis's per-example deadline
# is a timing assertion that fails on a loaded CI machine, so it is off everywhere.
settings.register_profile("workbench", deadline=None)
settings.load_profile("workbench")
SAMPLE_CASE = REPO / "sample_data" / "demo_case"

#: A member of the sample case's wallet ring: eight fronts paid in crypto to two wallets
#: who share an address. Tests about a ring's wallet and address follow it by member,
#: since rankings move whenever detection learns something.
WALLET_RING_MEMBER = "C000311"


@pytest.fixture(autouse=True)
def _run_from_repo_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Doctests and tests name sample_data/… relative to the repository root."""
    monkeypatch.chdir(REPO)


@pytest.fixture
def write_case(tmp_path: Path) -> Callable[..., Path]:
    """Write a case folder from {file name: text} and return its path."""

    def write(files: dict[str, str | bytes], name: str = "case") -> Path:
        folder = tmp_path / name
        folder.mkdir()
        for file_name, content in files.items():
            target = folder / file_name
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")
        return folder

    return write
