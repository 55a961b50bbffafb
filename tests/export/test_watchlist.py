"""Watchlists made from rings (workbench.export.watchlist)."""

from __future__ import annotations

import polars as pl

from workbench.export.watchlist import listable, ring_watchlist
from workbench.investigation import investigate
from workbench.kinds import KINDS


def test_a_rings_watchlist_holds_strong_values_its_members_hold_and_no_infrastructure(sample):
    inv = sample
    ring = inv.ring(inv.ring_scores["ring_id"][0])
    listed = ring_watchlist([ring])
    assert listed.height > 0
    assert all(listable(KINDS[kind]) for kind in listed["kind"].unique())
    assert not {"ip", "ip_net", "account_holder", "email_template"} & set(listed["kind"])
    held = ring.sightings.select("kind", "value")
    assert listed.join(held, on=["kind", "value"], how="anti").height == 0
    infrastructure = inv.hubs.filter(pl.col("verdict") == "infrastructure")
    assert listed.join(infrastructure, on=["kind", "value"], how="semi").height == 0


def test_a_value_named_as_infrastructure_is_left_off_the_list(write_case):
    case = write_case(
        {
            "contractors.csv": "contractor_id,phone,email\n"
            "a,+1 415 555 0134,a@x.io\nb,(415) 555-0134,b@x.io\n",
            "payments.csv": "contractor_id,paid_at,account,method\n"
            "a,2024-01-01,DE89 3704 0044 0532 0130 00,bank\n"
            "b,2024-01-01,DE89370400440532013000,bank\n"
            "b,2024-01-02,TJCnKsPa7y5okkXvQAidZBzqx3QyQ6sxMW,crypto\n",
            "case.toml": '[infrastructure]\npayment_account = ["DE89370400440532013000"]\n',
        }
    )
    inv = investigate(case)
    assert inv.hubs.filter(pl.col("verdict") == "infrastructure").height == 1
    listed = ring_watchlist([inv.ring(inv.ring_scores["ring_id"][0])])
    assert sorted(listed.select("kind", "value").rows()) == [
        ("email", "a@x.io"),
        ("email", "b@x.io"),
        ("payment_account", "crypto:TJCnKsPa7y5okkXvQAidZBzqx3QyQ6sxMW"),
        ("phone", "+14155550134"),
    ]
    assert (
        listed.filter(pl.col("kind") == "phone")["note"].item() == "held by 2 of 2 members (a, b)"
    )
