"""Linking: shared values tie identities, hubs never do, weights fall with rarity."""

from __future__ import annotations

import polars as pl
import pytest

from workbench.investigation import investigate
from workbench.kinds import KINDS, kind_for
from workbench.link import link, pair_weights, rarity


def sightings(rows: list[tuple[str, str, str]]) -> pl.DataFrame:
    return pl.DataFrame(
        rows,
        schema={"contractor_id": pl.String, "kind": pl.String, "value": pl.String},
        orient="row",
    ).with_columns(sightings=pl.lit(1, pl.UInt32))


def test_a_value_shared_by_two_ties_them_at_full_strength():
    links = link(sightings([("a", "device", "d1"), ("b", "device", "d1"), ("c", "device", "d2")]))
    assert links.links.rows() == [("a", "b", "device", "d1", 0.9)]
    assert links.hubs.is_empty()


def test_a_value_over_the_hub_limit_is_a_hub_not_a_link():
    vpn = [(f"p{i:03}", "ip", "198.51.100.7") for i in range(40)]
    linked = link(sightings(vpn))
    assert linked.links.is_empty()
    assert linked.hubs.select("kind", "value", "identities").rows() == [("ip", "198.51.100.7", 40)]


def passing_through(shared: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """``shared`` sightings of an IP, each identity seen twice more on a home line of its own."""
    homes = [(who, "ip", f"home-of-{who}") for who, _, _ in shared]
    return shared + homes + homes


def test_hub_limits_and_strengths_can_be_overridden():
    shared = passing_through([(f"p{i}", "ip", "10.9.8.7") for i in range(4)])
    assert link(sightings(shared), hub_limits={"ip": 3}).links.is_empty()
    two = [row for row in shared if row[0] in ("p0", "p1")]
    weights = link(sightings(two), strengths={"ip": 0.2}).links["weight"].to_list()
    assert weights == [0.2]


def test_an_ip_most_logins_of_both_come_through_ties_them_like_a_home():
    rows = [
        *[("a", "ip", "10.0.0.1")] * 3,
        ("a", "ip", "10.0.0.9"),
        *[("b", "ip", "10.0.0.1")] * 2,
        ("c", "ip", "10.0.0.1"),
        *[("c", "ip", "10.0.0.2")] * 3,
    ]
    ties = link(sightings(rows)).links.filter(pl.col("kind") == "ip")
    rarity_of_three = rarity(3, KINDS["ip"].hub_limit)
    home, passing = (round(s * rarity_of_three, 4) for s in (0.6, 0.45))
    assert ties.select("contractor_a", "contractor_b", "weight").rows() == [
        ("a", "b", home),
        ("a", "c", passing),
        ("b", "c", passing),
    ]


def test_a_strength_the_run_sets_holds_for_home_lines_too():
    rows = [("a", "ip", "10.0.0.1"), ("b", "ip", "10.0.0.1")] * 2
    assert link(sightings(rows)).links["weight"].to_list() == [0.6]
    assert link(sightings(rows), strengths={"ip": 0.8}).links["weight"].to_list() == [0.8]
    assert link(sightings(rows), strengths={"ip": 0.0}).links["weight"].to_list() == [0.0]


def test_an_ip_seen_once_is_no_habit_even_if_it_is_all_there_is():
    ties = link(sightings([("a", "ip", "10.0.0.1"), ("b", "ip", "10.0.0.1")])).links
    assert ties.filter(pl.col("kind") == "ip")["weight"].to_list() == [0.45]


def test_weight_falls_with_the_number_sharing_a_value():
    assert rarity(2, 12) == 1.0
    assert rarity(6, 12) == pytest.approx(1 - 0.3 * 0.6131, abs=1e-3)
    assert rarity(12, 12) == pytest.approx(0.7)
    four = link(sightings(passing_through([(f"p{i}", "ip", "10.9.8.7") for i in range(4)])))
    assert four.links.height == 6
    assert four.links["weight"].unique().to_list() == [round(0.45 * rarity(4, 15), 4)]


def test_unknown_kinds_link_with_generic_strength():
    links = link(sightings([("a", "badge", "77"), ("b", "badge", "77")])).links
    assert links.rows() == [("a", "b", "badge", "77", 0.5)]


def test_referrals_are_weak_ties():
    referrals = pl.DataFrame({"referrer_id": ["b", "a"], "contractor_id": ["a", "a"]})
    links = link(sightings([("a", "device", "d1")]), referrals).links
    assert links.rows() == [("a", "b", "referral", "b referred a", 0.3)]


def test_pair_weights_combine_kinds_as_independent_evidence():
    links = pl.DataFrame(
        {
            "contractor_a": ["a", "a", "a", "c"],
            "contractor_b": ["b", "b", "b", "d"],
            "kind": ["ip", "ip", "device", "ip"],
            "value": ["1", "2", "d", "1"],
            "weight": [0.4, 0.3, 0.5, 0.4],
        }
    )
    assert pair_weights(links).rows() == [("a", "b", 0.7, 2), ("c", "d", 0.4, 1)]


def test_output_does_not_depend_on_input_order():
    rows = [
        ("b", "email", "x@y.com"),
        ("a", "email", "x@y.com"),
        ("c", "phone", "+1"),
        ("a", "phone", "+1"),
        ("c", "email", "x@y.com"),
    ]
    first = link(sightings(rows)).links
    second = link(sightings(list(reversed(rows)))).links
    assert first.equals(second)
    assert (first["contractor_a"] < first["contractor_b"]).all()


def test_a_concentrated_value_keeps_full_strength_and_a_scattered_one_is_discounted():
    # Eight identities at one flat; six of them also on one home IP: a team behind one door.
    flat = [(f"t{i}", "address", "12 elm st unit 4") for i in range(8)]
    home_ip = [(f"t{i}", "ip", "203.0.113.9") for i in range(6)]
    # Eight strangers at one office address, tied by nothing else.
    office = [(f"s{i}", "address", "1 market st") for i in range(8)]
    links = link(sightings(flat + home_ip + office)).links
    weight = dict(
        links.filter(pl.col("kind") == "address")
        .group_by("value")
        .agg(pl.col("weight").max())
        .rows()
    )
    assert weight["12 elm st unit 4"] == 0.6  # the kind's full strength
    assert weight["1 market st"] == round(0.6 * rarity(8, 15), 4)
    pairs = pair_weights(links)
    lone = pairs.filter((pl.col("contractor_a") == "t6") & (pl.col("contractor_b") == "t7"))
    assert lone["weight"].item() >= 0.5  # two members tied by the flat alone still group


def test_concentration_ignores_a_second_tie_of_the_same_evidence():
    # A payee name restates its account: it does not corroborate the account's sharing.
    rows = [(f"a{i}", "payment_account", "bank:123456") for i in range(6)]
    rows += [(f"a{i}", "account_holder", "payroll ltd") for i in range(6)]
    weights = link(sightings(rows)).links.filter(pl.col("kind") == "payment_account")["weight"]
    assert weights.max() == round(0.9 * rarity(6, 12), 4)


def test_kinds_the_registry_does_not_know_are_linked_in_one_pass_as_if_declared():
    rows = [(f"c{i % 7}", f"kind_{k}", f"v{(i * k) % 3}") for k in range(30) for i in range(12)]
    rows += [("c1", "kind_0", "named"), ("c2", "kind_0", "named")]
    obs = pl.DataFrame(
        rows,
        schema={"contractor_id": pl.String, "kind": pl.String, "value": pl.String},
        orient="row",
    ).with_columns(sightings=pl.lit(1, pl.UInt32))
    named = pl.DataFrame({"kind": ["kind_0"], "value": ["named"]})
    declared = {**KINDS, **{f"kind_{k}": kind_for(f"kind_{k}") for k in range(30)}}
    one_pass = link(obs, infrastructure=named)
    kind_by_kind = link(obs, kinds=declared, infrastructure=named)
    assert one_pass.links.equals(kind_by_kind.links)
    assert one_pass.hubs.equals(kind_by_kind.hubs)
    assert not one_pass.links.is_empty() and "named" in one_pass.hubs["value"].to_list()


def test_values_of_a_new_kind_holding_a_unit_separator_stay_whole_and_apart(write_case):
    # Some exports join sub-fields with U+001F: EMP␟0001 and EMP␟0002 are two badges,
    # and the pair holding the second is no part of the team holding the first.
    people = ["contractor_id,email"] + [f"{x},team@ops.example" for x in "abc"] + ["d,", "e,"]
    badges = ["contractor_id,kind,value"]
    badges += [f"{x},badge,EMP\x1f0001" for x in "abc"] + [f"{x},badge,EMP\x1f0002" for x in "de"]
    inv = investigate(
        write_case(
            {"contractors.csv": "\n".join(people) + "\n", "identifiers.csv": "\n".join(badges)}
        )
    )
    tied = inv.links.filter(pl.col("kind") == "badge")
    assert sorted(set(tied["value"])) == ["emp\x1f0001", "emp\x1f0002"]
    assert tied.filter(pl.col("contractor_a") == "d").select("contractor_b", "value").rows() == [
        ("e", "emp\x1f0002")
    ]
    ring_of = dict(inv.members.select("contractor_id", "ring_id").iter_rows())
    assert ring_of["d"] == ring_of["e"] != ring_of["a"]
