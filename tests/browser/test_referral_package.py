"""A referral package's summary opens offline: no request leaves the machine, no script runs."""

from __future__ import annotations

import pytest

from tests.export.cases import XSS
from tests.export.conftest import write_ring_case
from workbench.investigation import investigate

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("redact", [False, True])
def test_the_summary_opens_offline_and_shows_attack_strings_as_text(redact, visit, tmp_path):
    inv = investigate(write_ring_case(tmp_path / "case"))
    ring = inv.ring(inv.ring_scores["ring_id"][0])
    folder = ring.export(tmp_path / "package", format="referral", redact=redact)
    seen = visit(folder / "summary.html")
    page = seen.page
    page.wait_for_timeout(300)
    assert seen.blocked == []
    assert seen.console_errors == []
    assert page.evaluate("() => window.__pwned") is None
    assert page.locator("img").count() == 0
    assert XSS in page.inner_text("body")
    headings = page.locator("h2").all_inner_texts()
    assert headings[:3] == ["Summary", "Why these identities are linked", "The identities"]
    assert "Where the money went" in headings
