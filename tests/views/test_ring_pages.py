"""Ring pages read for many rings at once (`ring_pages`) are the pages of each ring's view.

The sample case, and a case from the independent writer in tests/foreign with
script payloads planted and a ring large enough for sub-teams: every frame a
page reads, and every page, plain and redacted, self-contained and sharing
its scripts, is the same read one ring at a time (`RingView`).
"""

from __future__ import annotations

import pytest

from tests.foreign.foreign_case import write_foreign_case
from workbench.investigation import investigate
from workbench.subteams import SUB_TEAM_MIN_RING
from workbench.views.ring_pages import ring_pages

FRAMES = ("members", "ties", "shared", "flags", "sightings", "timeline", "login_heat")


@pytest.fixture(scope="module", params=["sample", "foreign"])
def inv(request, tmp_path_factory):
    if request.param == "sample":
        return investigate("sample_data/demo_case")
    folder = tmp_path_factory.mktemp("foreign")
    case = write_foreign_case(folder / "case", seed=11, people=600, attacks=True)
    run = investigate(case.path)
    assert run.ring_scores["ring_size"].max() >= SUB_TEAM_MIN_RING
    return run


def test_every_frame_of_every_ring_is_the_one_its_view_reads(inv):
    ring_ids = inv.ring_scores["ring_id"].to_list()
    pages = list(ring_pages(inv, ring_ids))
    assert [page.ring_id for page in pages] == ring_ids
    for page in pages:
        alone = inv.ring(page.ring_id).contents
        assert (page.score, page.tie_score, page.reasons) == (
            alone.score,
            alone.tie_score,
            alone.reasons,
        )
        for name in FRAMES:
            mine, theirs = getattr(page, name), getattr(alone, name)
            assert mine.schema == theirs.schema, (page.ring_id, name)
            assert mine.equals(theirs), (page.ring_id, name)
        assert page.search_text == alone.search_text


@pytest.mark.parametrize("redact", [False, True])
def test_every_page_is_byte_for_byte_the_page_of_its_ring(inv, redact):
    ring_ids = inv.ring_scores["ring_id"].to_list()
    for page in ring_pages(inv, ring_ids):
        ring = inv.ring(page.ring_id)
        assert page.html(redact=redact) == ring.page(redact=redact), page.ring_id
        shared = {"report_href": "../report.html", "assets_href": "../assets"}
        assert page.html(redact=redact, **shared) == ring.page(redact=redact, **shared)


def test_pages_come_in_the_order_asked_for(inv):
    ring_ids = inv.ring_scores["ring_id"].head(3).to_list()[::-1]
    assert [page.html() for page in ring_pages(inv, ring_ids)] == [
        inv.ring(ring_id).page() for ring_id in ring_ids
    ]
