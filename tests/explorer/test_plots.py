"""Static summaries for the notebooks (workbench/explorer/plots.py)."""

from __future__ import annotations

import polars as pl

from workbench.explorer.plots import login_heatmap, login_hours, ring_overview
from workbench.investigation import investigate


def test_a_case_without_rings_still_draws_every_summary(write_case):
    inv = investigate(write_case({"contractors.csv": "contractor_id,email\nc1,a@x.io\n"}))
    assert inv.ring_scores.is_empty()
    assert login_hours(inv, []).is_empty()
    heatmap = login_heatmap(inv, top=5)
    assert "No rings" in heatmap.axes[0].texts[0].get_text()
    assert len(ring_overview(inv).axes) == 2


def test_login_hours_share_sums_to_one_per_ring():
    inv = investigate("sample_data/demo_case")
    rings = inv.ring_scores["ring_id"].head(3).to_list()
    hours = login_hours(inv, rings)
    totals = hours.group_by("ring_id").agg(pl.col("share").sum())["share"].to_list()
    assert sorted(set(hours["ring_id"])) == sorted(rings)
    assert all(abs(total - 1.0) < 1e-9 for total in totals)
