"""The executed triage notebook's page opens with no network request."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from workbench.triage import triage

pytestmark = [pytest.mark.browser, pytest.mark.notebook]

SAMPLE_CASE = Path(__file__).resolve().parents[2] / "sample_data" / "demo_case"


def test_the_triage_page_makes_no_request_and_shows_the_results(tmp_path, visit):
    case = Path(shutil.copytree(SAMPLE_CASE, tmp_path / "case"))
    run = triage(case, tmp_path / "out", html=True)
    page = run.out_dir / "triage.html"
    seen = visit(page)
    seen.page.wait_for_timeout(500)
    assert seen.blocked == []
    text = seen.page.inner_text("body")
    assert "ring" in text.lower() and len(text) > 1000
