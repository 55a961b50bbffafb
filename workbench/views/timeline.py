"""Events of some identities on one dated axis: an inline SVG drawn here, and the list of them.

One lane per identity, in the order of its first event, so that hires in a
row read as a staircase. Each event is a mark whose shape and colour say what
it is (`EVENT_MARKS`, coloured as the kinds they concern are in the graph); a
referral also draws a line from the referrer's lane; a thin bar spans each
identity's first to last login. The page needs no script for it: marks carry
their details as SVG ``<title>`` text, and every case string is escaped.
"""

from __future__ import annotations

import calendar
import functools
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NamedTuple

import polars as pl

from workbench.kinds import KINDS, RELATIONS
from workbench.views.escape import text, texts


class Event(NamedTuple):
    """One row of a timeline (`workbench.timeline.EVENT_SCHEMA`), as the drawing reads it."""

    at: datetime
    contractor_id: str
    event: str
    detail: str
    related_id: str | None


@dataclass(frozen=True)
class Mark:
    """How an event is drawn: a shape, a colour, and a shift up (−) or down (+) from its lane."""

    shape: str
    color: str
    dy: float = 0.0


#: How far a mark drawn above or below its lane sits from the lane's centre: clear of
#: a mark on the centre line at the same moment (a referral beside a hire), so each keeps its title.
SHIFT = 11.0

#: The look of each event of `workbench.timeline.EVENTS`.
EVENT_MARKS: dict[str, Mark] = {
    "hired": Mark("circle", "#2ca02c"),
    "referred": Mark("diamond", RELATIONS["referral"].look.color, dy=-SHIFT),
    "equipment shipped": Mark("square", KINDS["address"].look.color, dy=SHIFT),
    "first login": Mark("triangle", KINDS["ip"].look.color),
    "first payment": Mark("star", KINDS["payment_account"].look.color, dy=SHIFT),
    "last login": Mark("triangle-down", KINDS["ip"].look.color),
}
#: The look of an event this module has no entry for.
DEFAULT_MARK = Mark("circle", "#bcbd22")

#: Where a moment falls on the x axis, and an identity's lane on the y axis.
Place = Callable[[datetime], float]
LaneOf = Callable[[str], float]

# Geometry in SVG user units: a column of lane labels, then the plot, then the axis.
LABEL_WIDTH = 140
PLOT_WIDTH = 760
RIGHT = 24
TOP = 12
LANE_HEIGHT = 36
AXIS_HEIGHT = 46
MARK_RADIUS = 4.5
# Lane labels longer than this are cut; the whole id is in the label's title.
LANE_LABEL = 18
#: Most dated ticks on the axis: more would overlap at this width.
MOST_TICKS = 8
# Tick steps tried, shortest first: days, then months.
DAY_STEPS = (1, 2, 7)
MONTH_STEPS = (1, 2, 3, 6, 12, 24, 60, 120)


def date_ticks(
    start: datetime, end: datetime, most: int = MOST_TICKS
) -> list[tuple[datetime, str]]:
    """Round dates between ``start`` and ``end`` for an axis, at most ``most``, with labels.

    The shortest step of `DAY_STEPS` or `MONTH_STEPS` that needs no more than
    ``most`` ticks; labels name the day, the month or the year as the step needs.

    Examples
    --------
    >>> [label for _, label in date_ticks(datetime(2022, 9, 5), datetime(2025, 6, 29))]
    ['2023-01', '2023-07', '2024-01', '2024-07', '2025-01']
    >>> [label for _, label in date_ticks(datetime(2012, 9, 5), datetime(2025, 6, 29))]
    ['2014', '2016', '2018', '2020', '2022', '2024']
    >>> [label for _, label in date_ticks(datetime(2024, 1, 30), datetime(2024, 5, 2))]
    ['2024-02', '2024-03', '2024-04', '2024-05']
    >>> date_ticks(datetime(2024, 1, 1, 9), datetime(2024, 1, 3))[0][1]
    '2024-01-02'
    """
    first_day = datetime.combine(start.date(), datetime.min.time(), start.tzinfo)
    if first_day < start:
        first_day += timedelta(days=1)
    for days in DAY_STEPS:
        count = (end - first_day) // timedelta(days=days) + 1 if first_day <= end else 0
        if count <= most:
            ticks = [first_day + timedelta(days=days * i) for i in range(count)]
            return [(t, t.strftime("%Y-%m-%d")) for t in ticks]
    for months in MONTH_STEPS:
        first = _month_start(start, months)
        count = (_month_index(end) - _month_index(first)) // months + 1 if first <= end else 0
        if count <= most:
            shown = "%Y" if months >= 12 else "%Y-%m"
            ticks = [_add_months(first, months * i) for i in range(count)]
            return [(t, t.strftime(shown)) for t in ticks]
    return []


def _month_index(moment: datetime) -> int:
    """Months since year 0 of the month ``moment`` falls in."""
    return moment.year * 12 + moment.month - 1


def _month_start(start: datetime, months: int) -> datetime:
    """The first month start at or after ``start`` whose month number is a multiple of the step."""
    index = _month_index(start)
    if datetime(start.year, start.month, 1, tzinfo=start.tzinfo) < start:
        index += 1
    index = -(-index // months) * months
    year, month = divmod(index, 12)
    return datetime(year, month + 1, 1, tzinfo=start.tzinfo)


def _add_months(moment: datetime, months: int) -> datetime:
    index = _month_index(moment) + months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


#: The corners of each polygon mark around its centre, in radii.
MARK_CORNERS: dict[str, tuple[tuple[float, float], ...]] = {
    "diamond": ((0, -1.3), (1.3, 0), (0, 1.3), (-1.3, 0)),
    "triangle": ((0, -1.2), (1.15, 0.9), (-1.15, 0.9)),
    "triangle-down": ((-1.15, -0.9), (1.15, -0.9), (0, 1.2)),
    "star": ((0, -1.3), (0.35, -0.4), (1.25, -0.4), (0.55, 0.2), (0.8, 1.1), (0, 0.55),
             (-0.8, 1.1), (-0.55, 0.2), (-1.25, -0.4), (-0.35, -0.4)),
}  # fmt: skip


def mark_svg(shape: str, x: float, y: float, r: float, color: str) -> str:
    """One mark of ``shape`` centred on (x, y), as SVG (an unknown shape is a circle).

    Examples
    --------
    >>> mark_svg("square", 10, 10, 5, "#000")
    '<rect x="5.0" y="5.0" width="10.0" height="10.0" fill="#000" stroke="#333"/>'
    """
    paint = _paint(color)
    if shape == "square":
        return (
            f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r:.1f}" height="{2 * r:.1f}" '
            f"{paint}/>"
        )
    if shape in MARK_CORNERS:
        corners = " ".join([f"{x + dx:.1f},{y + dy:.1f}" for dx, dy in _corners(shape, r)])
        return f'<polygon points="{corners}" {paint}/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" {paint}/>'


@functools.lru_cache(maxsize=256)
def _corners(shape: str, r: float) -> tuple[tuple[float, float], ...]:
    """A polygon mark's corners around its centre at radius ``r``: the same on every mark."""
    return tuple((dx * r, dy * r) for dx, dy in MARK_CORNERS[shape])


@functools.lru_cache(maxsize=256)
def _paint(color: str) -> str:
    """A mark's fill and stroke: the same for every mark of a colour."""
    return f'fill="{text(color)}" stroke="#333"'


def render_timeline(events: pl.DataFrame) -> str:
    """The events as a dated chart with a legend and a one-line summary, and as a folded table.

    Parameters
    ----------
    events : at, contractor_id, event, detail, related_id (see
        `workbench.timeline.timeline`); every string untrusted.

    Returns
    -------
    Escaped markup: ``<div id="timeline">`` holding the SVG chart (an axis of
    dates in UTC and a lane per identity) and the table of every event.

    Examples
    --------
    >>> from datetime import timezone
    >>> events = pl.DataFrame({"at": [datetime(2024, 1, 2, tzinfo=timezone.utc)],
    ...     "contractor_id": ["<c1>"], "event": ["hired"], "detail": ["<b>Acme</b>"],
    ...     "related_id": [None]})
    >>> html = render_timeline(events)
    >>> "&lt;b&gt;Acme&lt;/b&gt;" in html and "<b>" not in html, "Date (UTC)" in html
    (True, True)
    """
    if events.is_empty():
        return '<div id="timeline"><p class="muted">No dated events.</p></div>'
    columns = (events[name].to_list() for name in Event._fields)
    rows = [Event(*row) for row in zip(*columns, strict=True)]
    # Each event's date as the chart's titles and the table show it, written once.
    stamps = [_minute(row.at) for row in rows]
    return (
        '<div id="timeline">'
        + f'<p class="timeline-summary">{text(hire_summary(events))}</p>'
        + _chart(rows, stamps)
        + _legend({row.event for row in rows})
        + _table(rows, stamps)
        + "</div>"
    )


def _minute(moment: datetime) -> str:
    """``moment`` as the chart and the table write it: ``%Y-%m-%d %H:%M``."""
    # isoformat writes the same twice as fast from the year 1000 on; below, strftime
    # writes the year unpadded.
    if moment.year >= 1000:
        return moment.isoformat(" ", "minutes")[:16]
    return f"{moment:%Y-%m-%d %H:%M}"


def hire_summary(events: pl.DataFrame) -> str:
    """One line on the hires and referrals: how many, over how long.

    Examples
    --------
    >>> from datetime import timezone
    >>> at = [datetime(2024, 1, d, tzinfo=timezone.utc) for d in (1, 15, 15)]
    >>> hire_summary(pl.DataFrame({"at": at, "contractor_id": ["a", "b", "b"],
    ...     "event": ["hired", "hired", "referred"]}))
    '2 hired from 2024-01-01 to 2024-01-15 (15 days); 1 referral.'
    """
    rows = list(zip(events["at"].to_list(), events["event"].to_list(), strict=True))
    hires = sorted(at for at, event in rows if event == "hired")
    referrals = sum(event == "referred" for _, event in rows)
    parts = []
    if hires:
        first, last = hires[0], hires[-1]
        days = (last - first).days + 1
        parts.append(f"{len(hires)} hired from {first:%Y-%m-%d} to {last:%Y-%m-%d} ({days} days)")
    parts.append(f"{referrals} referral{'' if referrals == 1 else 's'}")
    return "; ".join(parts) + "."


def _chart(events: Sequence[Event], stamps: Sequence[str]) -> str:
    first_seen: dict[str, datetime] = {}
    for row in events:
        seen = first_seen.get(row.contractor_id)
        first_seen[row.contractor_id] = row.at if seen is None else min(seen, row.at)
    lanes = sorted(first_seen, key=lambda cid: (first_seen[cid], cid))
    lane_of = {cid: i for i, cid in enumerate(lanes)}
    start, end = min(row.at for row in events), max(row.at for row in events)
    pad = max((end - start) * 0.02, timedelta(days=1))
    lo, hi = start - pad, end + pad
    span = hi - lo

    def x(moment: datetime) -> float:
        return LABEL_WIDTH + PLOT_WIDTH * ((moment - lo) / span)

    def y(contractor_id: str) -> float:
        return TOP + LANE_HEIGHT * (lane_of[contractor_id] + 0.5)

    plot_bottom = TOP + LANE_HEIGHT * len(lanes)
    width, height = LABEL_WIDTH + PLOT_WIDTH + RIGHT, plot_bottom + AXIS_HEIGHT
    parts = [_axes(date_ticks(lo, hi), x, plot_bottom)]
    parts += [_lane(cid, i, y(cid)) for i, cid in enumerate(lanes)]
    parts += _login_spans(events, x, y)
    parts += _referral_lines(events, lane_of, x, y)
    parts += _event_marks(events, stamps, x, y)
    label = f"Timeline of {len(lanes)} identities, {len(events)} events, dates in UTC"
    return (
        f'<svg class="chart timeline-chart" id="timeline-chart" role="img" '
        f'aria-label="{text(label)}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}">' + "".join(parts) + "</svg>"
    )


def _axes(ticks: Sequence[tuple[datetime, str]], x: Place, bottom: float) -> str:
    lines = [
        f'<line class="axis" x1="{LABEL_WIDTH}" y1="{bottom}" x2="{LABEL_WIDTH + PLOT_WIDTH}" '
        f'y2="{bottom}" stroke="#555"/>',
        f'<line class="axis" x1="{LABEL_WIDTH}" y1="{TOP}" x2="{LABEL_WIDTH}" y2="{bottom}" '
        'stroke="#555"/>',
    ]
    for moment, label in ticks:
        at = x(moment)
        lines.append(
            f'<line class="grid" x1="{at:.1f}" y1="{TOP}" x2="{at:.1f}" y2="{bottom + 4}" '
            'stroke="#ddd"/>'
            f'<text class="tick" x="{at:.1f}" y="{bottom + 16}" text-anchor="middle">'
            f"{text(label)}</text>"
        )
    middle = LABEL_WIDTH + PLOT_WIDTH / 2
    lines.append(
        f'<text class="axis-title" x="{middle:.1f}" y="{bottom + 36}" text-anchor="middle">'
        "Date (UTC)</text>"
        f'<text class="axis-title" x="12" y="{(TOP + bottom) / 2:.1f}" text-anchor="middle" '
        f'transform="rotate(-90 12 {(TOP + bottom) / 2:.1f})">Identity</text>'
    )
    return "".join(lines)


def _lane(contractor_id: str, index: int, y: float) -> str:
    shown = (
        contractor_id if len(contractor_id) <= LANE_LABEL else contractor_id[: LANE_LABEL - 1] + "…"
    )
    stripe = (
        f'<rect x="{LABEL_WIDTH}" y="{y - LANE_HEIGHT / 2:.1f}" width="{PLOT_WIDTH}" '
        f'height="{LANE_HEIGHT}" fill="#f4f6fa"/>'
        if index % 2 == 0
        else ""
    )
    return (
        stripe + f'<text class="lane" x="{LABEL_WIDTH - 6}" y="{y + 3.5:.1f}" text-anchor="end">'
        f"<title>{text(contractor_id)}</title>{text(shown)}</text>"
    )


def _login_spans(events: Sequence[Event], x: Place, y: LaneOf) -> list[str]:
    spans: dict[str, tuple[datetime, datetime]] = {}
    for row in events:
        if row.event in ("first login", "last login"):
            first, last = spans.get(row.contractor_id, (row.at, row.at))
            spans[row.contractor_id] = (min(first, row.at), max(last, row.at))
    color = EVENT_MARKS["first login"].color
    return [
        f'<line class="login-span" x1="{x(first):.1f}" y1="{y(cid):.1f}" '
        f'x2="{x(last):.1f}" y2="{y(cid):.1f}" stroke="{color}" stroke-width="3" '
        f'stroke-opacity="0.35"><title>{text(cid)}: logging in from {first:%Y-%m-%d} '
        f"to {last:%Y-%m-%d}</title></line>"
        for cid, (first, last) in sorted(spans.items())
    ]


def _referral_lines(
    events: Sequence[Event], lane_of: Mapping[str, int], x: Place, y: LaneOf
) -> list[str]:
    look = EVENT_MARKS["referred"]
    referrals = [
        (row.at, row.contractor_id, row.related_id)
        for row in events
        if row.event == "referred" and row.related_id is not None and row.related_id in lane_of
    ]
    return [
        f'<line class="referral" x1="{x(at):.1f}" y1="{y(referrer):.1f}" '
        f'x2="{x(at):.1f}" y2="{y(referred) + look.dy:.1f}" stroke="{look.color}" '
        f'stroke-width="1.5" stroke-dasharray="3 2"><title>{text(referrer)} referred '
        f"{text(referred)}</title></line>"
        for at, referred, referrer in referrals
    ]


def _event_marks(events: Sequence[Event], stamps: Sequence[str], x: Place, y: LaneOf) -> list[str]:
    """Each event's mark, titled with its date, identity, event and detail."""
    titles = texts(
        [
            f"{stamp} UTC · {row.contractor_id} · {row.event}"
            + (f": {row.detail}" if row.detail else "")
            for row, stamp in zip(events, stamps, strict=True)
        ]
    )
    names = texts([row.event or "" for row in events])
    marks = []
    for row, name, title in zip(events, names, titles, strict=True):
        look = EVENT_MARKS.get(row.event, DEFAULT_MARK)
        mark = mark_svg(
            look.shape, x(row.at), y(row.contractor_id) + look.dy, MARK_RADIUS, look.color
        )
        marks.append(f'<g class="event" data-event="{name}"><title>{title}</title>{mark}</g>')
    return marks


def _legend(present: Collection[str]) -> str:
    items = [
        f'<li><svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true">'
        f"{mark_svg(look.shape, 7, 7, 5, look.color)}</svg>{text(event)}</li>"
        for event, look in EVENT_MARKS.items()
        if event in present
    ]
    lines = [
        ("first login", "", "logging in, first to last login"),
        ("referred", " dashed", "referrer to referred"),
    ]
    items += [
        f'<li><span class="swatch line{dashed}" style="border-top-color:'
        f'{EVENT_MARKS[event].color}"></span>{text(meaning)}</li>'
        for event, dashed, meaning in lines
        if event in present
    ]
    return f'<ul class="chart-legend" aria-label="Timeline legend">{"".join(items)}</ul>'


def _table(events: Sequence[Event], stamps: Sequence[str]) -> str:
    fields = (value or "" for row in events for value in (row.contractor_id, row.event, row.detail))
    cells = iter(texts(list(fields)))
    rows = "".join(
        f"<tr><td>{stamp}</td><td>{who}</td><td>{event}</td><td>{detail}</td></tr>"
        for stamp, who, event, detail in zip(stamps, cells, cells, cells, strict=True)
    )
    return (
        f'<details id="timeline-events"><summary>All {len(events)} events</summary>'
        "<table><thead><tr><th>Date (UTC)</th><th>Identity</th><th>Event</th><th>Detail</th>"
        f"</tr></thead><tbody>{rows}</tbody></table></details>"
    )
