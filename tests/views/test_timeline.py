"""The timeline drawing: dated axis, a lane per identity, marks per event, every string escaped."""

from __future__ import annotations

import re
from datetime import datetime, timezone

import polars as pl

from workbench.timeline import EVENT_SCHEMA
from workbench.views.timeline import EVENT_MARKS, date_ticks, render_timeline

XSS = '<img src=x onerror=alert(1)>"'


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=timezone.utc)


def events() -> pl.DataFrame:
    return pl.DataFrame(
        [
            (at(2024, 1, 2), "c2", "hired", "Acme", None),
            (at(2024, 1, 9), XSS, "hired", XSS, None),
            (at(2024, 1, 9), XSS, "referred", "referred by c2", "c2"),
            (at(2024, 1, 10), XSS, "first login", "203.0.113.7, KP", None),
            (at(2024, 3, 10), XSS, "last login", "203.0.113.7, KP", None),
            (at(2024, 2, 1), "c2", "first payment", "to DE89 (2 payments)", None),
            (at(2024, 1, 12), "c2", "equipment shipped", "LT-1 to 9 Elm St", None),
        ],
        schema=EVENT_SCHEMA,
        orient="row",
    )


def chart(html: str) -> str:
    return html[html.index("<svg") : html.index("</svg>")]


def test_the_chart_has_a_dated_axis_and_one_lane_per_identity_in_order_of_first_event():
    svg = chart(render_timeline(events()))
    assert "Date (UTC)" in svg and ">Identity</text>" in svg
    ticks = re.findall(r'<text class="tick"[^>]*>([^<]*)</text>', svg)
    assert ticks == ["2024-01", "2024-02", "2024-03"]
    lanes = re.findall(r'<text class="lane"[^>]*><title>([^<]*)</title>', svg)
    assert lanes == ["c2", "&lt;img src=x onerror=alert(1)&gt;&quot;"]


def test_each_event_is_a_mark_of_its_kind_with_its_details_in_the_title():
    svg = chart(render_timeline(events()))
    drawn = re.findall(r'<g class="event" data-event="([^"]*)">', svg)
    assert sorted(drawn) == sorted(events()["event"].to_list())
    assert "<title>2024-02-01 00:00 UTC · c2 · first payment: to DE89 (2 payments)</title>" in svg
    assert EVENT_MARKS["first payment"].color in svg


def test_a_referral_draws_a_line_from_the_referrer_and_logins_a_span():
    svg = chart(render_timeline(events()))
    assert svg.count('class="referral"') == 1
    assert "<title>c2 referred &lt;img" in svg
    assert svg.count('class="login-span"') == 1


def test_case_strings_are_escaped_everywhere():
    html = render_timeline(events())
    assert "<img" not in html
    assert html.count("&lt;img src=x onerror=alert(1)&gt;&quot;") >= 4  # lane, marks, table
    assert "<script" not in html


def test_the_table_lists_every_event_and_the_summary_counts_hires_and_referrals():
    html = render_timeline(events())
    table = html[html.index('id="timeline-events"') :]
    assert table.count("<tr>") == events().height + 1
    assert "2 hired from 2024-01-02 to 2024-01-09 (8 days); 1 referral." in html


def test_no_events_says_so():
    assert "No dated events." in render_timeline(pl.DataFrame(schema=EVENT_SCHEMA))


def test_one_moment_still_gets_a_dated_axis():
    one = events().head(1)
    svg = chart(render_timeline(one))
    ticks = re.findall(r'<text class="tick"[^>]*>([^<]*)</text>', svg)
    assert ticks == ["2024-01-01", "2024-01-02", "2024-01-03"]  # a day either side


def test_ticks_step_by_days_months_or_years_and_stay_few():
    for start, end in [
        (at(2024, 1, 1), at(2024, 1, 4)),
        (at(2024, 1, 1), at(2024, 2, 20)),
        (at(2020, 1, 1), at(2024, 12, 31)),
        (at(1990, 1, 1), at(2024, 12, 31)),
    ]:
        ticks = date_ticks(start, end)
        assert 1 <= len(ticks) <= 8
        assert all(start <= moment <= end for moment, _ in ticks)
