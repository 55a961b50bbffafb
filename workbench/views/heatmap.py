"""Logins by day of week and hour of day (UTC), as an inline SVG heat map drawn here.

A working day shows as a block of dark cells: a team claiming U.S. hours whose
logins fill 00:00–09:00 UTC, Monday to Friday, works the hours of UTC+9. Both
axes are labelled, every cell says its count in its ``<title>``, and a scale
under the map says what the shades mean.
"""

from __future__ import annotations

import functools

import polars as pl

from workbench.views.escape import text

#: The columns of the counts drawn.
COLUMNS = ("weekday", "hour", "logins")
#: Rows of the map, Monday first (polars' weekday 1 is Monday).
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
HOURS = 24

# Geometry in SVG user units.
CELL_WIDTH = 28
CELL_HEIGHT = 22
LEFT = 64
TOP = 8
BOTTOM = 40
RIGHT = 12

#: The shades from one login to the busiest cell (light to dark blue); no login is white.
LIGHTEST = (222, 235, 247)
DARKEST = (8, 48, 107)
EMPTY = "#ffffff"
#: Steps of the scale under the map.
SCALE_STEPS = 5


def shade(logins: int, peak: int) -> str:
    """The colour of a cell of ``logins`` where the busiest cell holds ``peak``.

    Examples
    --------
    >>> shade(0, 10), shade(10, 10), shade(1, 1)
    ('#ffffff', '#08306b', '#08306b')
    """
    if logins <= 0 or peak <= 0:
        return EMPTY
    share = (logins - 1) / (peak - 1) if peak > 1 else 1.0
    red, green, blue = (
        round(lo + (hi - lo) * share) for lo, hi in zip(LIGHTEST, DARKEST, strict=True)
    )
    return f"#{red:02x}{green:02x}{blue:02x}"


def render_login_heatmap(counts: pl.DataFrame) -> str:
    """The heat map of logins per weekday and hour, with its axes, scale and total.

    Parameters
    ----------
    counts : weekday (1 = Monday … 7 = Sunday), hour (0–23 UTC), logins (see
        `workbench.timeline.login_heat`); rows outside those ranges are ignored.

    Returns
    -------
    Markup: ``<div id="login-heatmap">`` holding the SVG and its scale.

    Examples
    --------
    >>> html = render_login_heatmap(pl.DataFrame({"weekday": [2], "hour": [3], "logins": [12]}))
    >>> "<title>Tue 03:00–03:59 UTC: 12 logins</title>" in html, html.count("<rect")
    (True, 168)
    """
    grid = {
        (int(day), int(hour)): int(n)
        for day, hour, n in zip(*(counts[c].to_list() for c in COLUMNS), strict=True)
        if 1 <= day <= len(DAYS) and 0 <= hour < HOURS
    }
    peak = max(grid.values(), default=0)
    width = LEFT + HOURS * CELL_WIDTH + RIGHT
    height = TOP + len(DAYS) * CELL_HEIGHT + BOTTOM
    parts = [_cells(grid, peak), _axes()]
    total = sum(grid.values())
    label = f"Logins by day of week and hour of day (UTC): {total} logins"
    return (
        '<div id="login-heatmap">'
        f'<svg class="chart heatmap" role="img" aria-label="{text(label)}" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}">'
        + "".join(parts)
        + "</svg>"
        + _scale(peak)
        + f'<p class="muted">{total} logins by the members, counted in UTC.</p></div>'
    )


def _cells(grid: dict[tuple[int, int], int], peak: int) -> str:
    cells = []
    for row in range(1, len(DAYS) + 1):
        for hour in range(HOURS):
            logins = grid.get((row, hour), 0)
            if logins:
                head, middle, title = _cell_parts(row, hour)
                plural = "" if logins == 1 else "s"
                cells.append(
                    f"{head}{_shade(logins, peak)}{middle}{logins}{title}{logins} login{plural}"
                    "</title></rect>"
                )
            else:
                cells.append(_empty_cell(row, hour))
    return "".join(cells)


#: `shade`, kept for the counts and peaks of many pages: a page repeats its counts.
_shade = functools.lru_cache(maxsize=65536)(shade)


@functools.cache
def _cell_parts(row: int, hour: int) -> tuple[str, str, str]:
    """A cell's markup around its shade and its count (the same on every page)."""
    x, y = LEFT + hour * CELL_WIDTH, TOP + (row - 1) * CELL_HEIGHT
    return (
        f'<rect class="cell" x="{x}" y="{y}" width="{CELL_WIDTH}" height="{CELL_HEIGHT}" fill="',
        '" stroke="#e3e3e3" data-logins="',
        f'"><title>{DAYS[row - 1]} {hour:02d}:00–{hour:02d}:59 UTC: ',
    )


@functools.cache
def _empty_cell(row: int, hour: int) -> str:
    head, middle, title = _cell_parts(row, hour)
    return f"{head}{EMPTY}{middle}0{title}0 logins</title></rect>"


@functools.cache
def _axes() -> str:
    bottom = TOP + len(DAYS) * CELL_HEIGHT
    labels = [
        f'<text class="tick" x="{LEFT - 6}" y="{TOP + (i + 0.5) * CELL_HEIGHT + 3.5:.1f}" '
        f'text-anchor="end">{day}</text>'
        for i, day in enumerate(DAYS)
    ]
    labels += [
        f'<text class="tick" x="{LEFT + (hour + 0.5) * CELL_WIDTH:.1f}" y="{bottom + 13}" '
        f'text-anchor="middle">{hour:02d}</text>'
        for hour in range(HOURS)
    ]
    middle = LEFT + HOURS * CELL_WIDTH / 2
    labels.append(
        f'<text class="axis-title" x="{middle:.1f}" y="{bottom + 32}" text-anchor="middle">'
        "Hour of day (UTC)</text>"
        f'<text class="axis-title" x="14" y="{(TOP + bottom) / 2:.1f}" text-anchor="middle" '
        f'transform="rotate(-90 14 {(TOP + bottom) / 2:.1f})">Day of week</text>'
    )
    return "".join(labels)


def _scale(peak: int) -> str:
    """The legend of shades: no login, then the counts each shade stands for up to the peak."""
    steps = sorted({max(1, round(peak * i / (SCALE_STEPS - 1))) for i in range(SCALE_STEPS)})
    items = [f'<li><span class="swatch" style="background:{EMPTY}"></span>0</li>']
    if peak:
        items += [
            f'<li><span class="swatch" style="background:{shade(n, peak)}"></span>{n}</li>'
            for n in steps
        ]
    return f'<ul class="chart-legend heat-scale" aria-label="Logins per cell">{"".join(items)}</ul>'
