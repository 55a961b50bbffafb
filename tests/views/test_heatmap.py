"""The login heat map: 7 days × 24 hours, labelled axes, counts in titles, a scale."""

from __future__ import annotations

import re

import polars as pl

from workbench.views.heatmap import DAYS, EMPTY, render_login_heatmap, shade


def counts() -> pl.DataFrame:
    return pl.DataFrame(
        {"weekday": [1, 1, 3, 9], "hour": [2, 3, 3, 3], "logins": [10, 5, 1, 99]},
        schema={"weekday": pl.Int8, "hour": pl.Int8, "logins": pl.UInt32},
    )


def test_a_cell_per_day_and_hour_with_its_count_and_axes_labelled():
    html = render_login_heatmap(counts())
    assert html.count('<rect class="cell"') == 7 * 24
    ticks = re.findall(r'<text class="tick"[^>]*>([^<]*)</text>', html)
    assert ticks == list(DAYS) + [f"{h:02d}" for h in range(24)]
    assert "Hour of day (UTC)" in html and "Day of week" in html
    assert "<title>Mon 02:00–02:59 UTC: 10 logins</title>" in html
    assert "<title>Wed 03:00–03:59 UTC: 1 login</title>" in html


def test_out_of_range_rows_are_ignored_and_the_total_counts_the_rest():
    html = render_login_heatmap(counts())
    assert "99" not in re.sub(r'aria-label="[^"]*"', "", html).replace("#", "")
    assert "16 logins by the members" in html


def test_the_busiest_cell_is_darkest_and_no_login_is_white():
    html = render_login_heatmap(counts())
    cells = re.findall(r'fill="(#[0-9a-f]{6})" stroke="#e3e3e3" data-logins="(\d+)"', html)
    fills = {int(n): colour for colour, n in cells}
    assert fills[10] == shade(10, 10) == "#08306b"
    assert fills[0] == EMPTY
    assert fills[1] != fills[5] != fills[10]


def test_the_scale_names_the_counts_of_its_shades():
    scale = render_login_heatmap(counts())
    legend = scale[scale.index('class="chart-legend heat-scale"') :]
    assert re.findall(r"</span>(\d+)</li>", legend) == ["0", "1", "2", "5", "8", "10"]


def test_no_logins_draws_an_empty_map():
    empty = pl.DataFrame(schema={"weekday": pl.Int8, "hour": pl.Int8, "logins": pl.UInt32})
    html = render_login_heatmap(empty)
    assert html.count(f'fill="{EMPTY}"') == 7 * 24
    assert re.findall(r"</span>(\d+)</li>", html) == ["0"]
    assert "0 logins by the members" in html
