"""The timeline: every kind of dated event of a selection, in order; logins by weekday and hour."""

from __future__ import annotations

from datetime import datetime, timezone

import polars as pl
import pytest

from workbench.case import load_case
from workbench.observe import observe
from workbench.timeline import EVENT_SCHEMA, EVENTS, login_heat, timeline

FILES = {
    "contractors.csv": (
        "contractor_id,full_name,email,hired_at,client\n"
        "a,Ann One,ann@x.io,2024-01-02,Acme\n"
        "b,Bob Two,bob@x.io,2024-01-09,<b>Acme</b>\n"
        "c,Cy Three,,,\n"
        "z,Zed Else,zed@x.io,2024-01-05,Other\n"
    ),
    "payments.csv": (
        "contractor_id,paid_at,amount,currency,method,account\n"
        "a,2024-03-01T00:00:00Z,100,USD,bank,de89370400440532013000\n"
        "a,2024-02-01T00:00:00Z,100,USD,bank,DE89 3704 0044 0532 0130 00\n"
        "b,2024-02-15T00:00:00Z,50,USDT,crypto,0xabcdef0123456789abcdef0123456789abcdef01\n"
    ),
    "logins.csv": (
        "contractor_id,ts,ip,country\n"
        "a,2024-04-01T10:00:00Z,198.51.100.2,US\n"
        "a,2024-01-03T09:00:00Z,203.0.113.7,KP\n"
        "b,2024-01-10T01:00:00Z,203.0.113.7,\n"
        "z,2024-01-10T01:00:00Z,203.0.113.9,US\n"
    ),
    "shipments.csv": (
        "contractor_id,shipped_at,asset_tag,ship_to_address\n"
        'b,2024-01-12,LT-1,"9 Elm St, Columbus OH 43206"\n'
    ),
    "referrals.csv": "referrer_id,contractor_id\na,b\na,c\n",
}


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=timezone.utc)


@pytest.fixture
def events(write_case) -> pl.DataFrame:
    case = load_case(write_case(FILES))
    return timeline(case.tables, observe(case), ["a", "b", "c"])


def test_every_kind_of_event_in_order_with_its_detail(events):
    assert events.schema == EVENT_SCHEMA
    assert events.rows() == [
        (at(2024, 1, 2), "a", "hired", "Acme", None),
        (at(2024, 1, 3, 9), "a", "first login", "203.0.113.7, KP", None),
        (at(2024, 1, 9), "b", "hired", "<b>Acme</b>", None),
        (at(2024, 1, 9), "b", "referred", "referred by a", "a"),
        (at(2024, 1, 10, 1), "b", "first login", "203.0.113.7", None),
        (at(2024, 1, 10, 1), "b", "last login", "203.0.113.7", None),
        (at(2024, 1, 12), "b", "equipment shipped", "LT-1 to 9 Elm St, Columbus OH 43206", None),
        (at(2024, 2, 1), "a", "first payment", "to DE89 3704 0044 0532 0130 00 (2 payments)", None),
        (
            at(2024, 2, 15),
            "b",
            "first payment",
            "to 0xabcdef0123456789abcdef0123456789abcdef01 (1 payment)",
            None,
        ),
        (at(2024, 4, 1, 10), "a", "last login", "198.51.100.2, US", None),
    ]
    assert set(events["event"]) == set(EVENTS)


def test_an_account_written_two_ways_is_one_first_payment(events):
    firsts = events.filter((pl.col("contractor_id") == "a") & (pl.col("event") == "first payment"))
    assert firsts.height == 1 and firsts["at"].item() == at(2024, 2, 1)


def test_undated_events_and_identities_outside_the_selection_are_left_out(events):
    assert "c" not in set(events["contractor_id"])  # referred, but never hired nor seen
    assert "z" not in set(events["contractor_id"])


def test_a_referral_without_a_hire_date_is_placed_at_the_first_login(write_case):
    files = FILES | {"logins.csv": FILES["logins.csv"] + "c,2024-05-05T05:00:00Z,10.0.0.1,\n"}
    case = load_case(write_case(files))
    referred = timeline(case.tables, observe(case), ["c"]).filter(pl.col("event") == "referred")
    assert referred.select("at", "related_id").row(0) == (at(2024, 5, 5, 5), "a")


def test_login_heat_counts_logins_per_weekday_and_hour_of_the_selection(write_case):
    case = load_case(write_case(FILES))
    heat = login_heat(case.tables["logins"], ["a", "b"])
    # 2024-01-03 is a Wednesday (3), 2024-01-10 too, 2024-04-01 a Monday (1)
    assert heat.rows() == [(1, 10, 1), (3, 1, 1), (3, 9, 1)]
    assert login_heat(case.tables["logins"], []).is_empty()
