"""Concentration or infrastructure: widely shared values judged on corroboration, not a count."""

from __future__ import annotations

import polars as pl

from workbench.concentration import HOLDINGS_SCHEMA, Conduct, concentrations, value_reach
from workbench.investigation import investigate
from workbench.link import link, pair_weights
from workbench.rings import group_rings

STRENGTHS = {"address": 0.6, "ip": 0.45, "payment_account": 0.9, "email_template": 0.35}


def holdings(rows: list[tuple[str, str, str]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=HOLDINGS_SCHEMA, orient="row")


def verdict(frame: pl.DataFrame, value: str) -> str:
    return frame.filter(pl.col("value") == value)["verdict"].item()


def test_a_farm_is_a_concentration_and_a_payroll_account_infrastructure():
    farm = [("address", "9 farm rd", f"f{i}") for i in range(40)]
    farm += [("ip", "203.0.113.9", f"f{i}") for i in range(40)]
    payroll = [("payment_account", "iban:DE89", f"p{i}") for i in range(40)]
    verdicts = concentrations(holdings(farm + payroll), STRENGTHS)
    assert verdict(verdicts, "9 farm rd") == "concentration"
    assert verdict(verdicts, "203.0.113.9") == "concentration"
    assert verdict(verdicts, "iban:DE89") == "infrastructure"
    assert "40 of 40 holders" in verdicts.filter(pl.col("value") == "9 farm rd")["reason"].item()


def test_a_value_is_judged_alike_from_its_holders_holdings_and_the_whole_cases_reach():
    # Eight payees of one account, six of whom also use a VPN exit that 30 others use.
    # An engine judging the account from its holders' holdings alone must still know
    # that the exit is mostly other people's: without the case's reach it looks like
    # the team's own line.
    rows = [("payment_account", "iban:DE89", f"p{i}") for i in range(8)]
    rows += [("ip", "52.10.20.30", f"p{i}") for i in range(6)]
    rows += [("ip", "52.10.20.30", f"v{i}") for i in range(30)]
    rows += [("address", "1 market st", f"v{i}") for i in range(3)]
    whole = holdings(rows)
    crowded = pl.DataFrame({"kind": "ip", "value": ["52.10.20.30"]})
    expected = concentrations(whole, STRENGTHS, crowded=crowded)
    assert verdict(expected, "iban:DE89") == "infrastructure"

    account = whole.filter(pl.col("value") == "iban:DE89")
    part = whole.join(account.select("contractor_id"), on="contractor_id", how="semi")
    reach = value_reach(whole, STRENGTHS, crowded=crowded).with_columns(
        judged=pl.col("value") == "iban:DE89"
    )
    judged = concentrations(part, STRENGTHS, crowded=crowded, reach=reach)
    assert judged.equals(expected.filter(pl.col("value") == "iban:DE89"))
    alone = concentrations(part, STRENGTHS, crowded=crowded)
    assert verdict(alone, "iban:DE89") == "concentration"


def test_separate_circles_are_not_one_concentration():
    # One address given by three unrelated pairs, each pair also sharing its own IP.
    rows = [("address", "1 market st", f"s{i}") for i in range(6)]
    rows += [("ip", f"198.51.100.{i // 2}", f"s{i}") for i in range(6)]
    verdicts = concentrations(holdings(rows), STRENGTHS)
    assert verdict(verdicts, "1 market st") == "infrastructure"


def test_weak_kinds_are_never_judged_but_a_rare_resemblance_corroborates():
    rows = [("email_template", "dev#", f"t{i}") for i in range(5)]
    rows += [("address", "2 elm st", f"t{i}") for i in range(5)]
    verdicts = concentrations(holdings(rows), STRENGTHS)
    assert verdicts["value"].to_list() == ["2 elm st"]
    assert verdict(verdicts, "2 elm st") == "concentration"
    assert "(E-mail template)" in verdicts["reason"].item()


def test_a_referral_between_holders_corroborates():
    rows = [("ip", "198.51.100.4", f"t{i}") for i in range(3)]
    rows += [("referral", f"t{i} referred t{i + 1}", f"t{j}") for i in range(2) for j in (i, i + 1)]
    assert verdict(concentrations(holdings(rows), STRENGTHS), "198.51.100.4") == "concentration"


def test_values_mostly_held_by_others_and_neighbourhoods_do_not_corroborate():
    # A payroll provider's payees, some of whom use one of two busy VPN exits,
    # and strangers at one office in one building.
    rows = [("payment_account", "iban:DE89", f"p{i}") for i in range(8)]
    rows += [("ip", "52.10.20.30", f"p{i}") for i in range(4)]
    rows += [("ip", "52.10.20.31", f"p{i}") for i in range(4, 8)]
    rows += [("ip", f"52.10.20.{30 + i % 2}", f"v{i}") for i in range(40)]
    rows += [("address", "1 market st", f"s{i}") for i in range(5)]
    rows += [("address_building", "market st", f"s{i}") for i in range(5)]
    crowded = pl.DataFrame({"kind": "ip", "value": ["52.10.20.30", "52.10.20.31"]})
    verdicts = concentrations(holdings(rows), STRENGTHS, crowded=crowded)
    assert verdict(verdicts, "iban:DE89") == "infrastructure"
    assert verdict(verdicts, "1 market st") == "infrastructure"
    assert "0 of 5 holders" in verdicts.filter(pl.col("value") == "1 market st")["reason"].item()


def test_every_holder_of_a_concentrated_value_is_kept_together():
    # Five fronts on one home IP; three also share a laptop, two share nothing else.
    sightings = pl.DataFrame(
        [(f"f{i}", "ip", "203.0.113.9") for i in range(5)]
        + [(f"f{i}", "device", "laptop-1") for i in range(3)],
        schema={"contractor_id": pl.String, "kind": pl.String, "value": pl.String},
        orient="row",
    ).with_columns(sightings=pl.lit(1, pl.UInt32))
    linked = link(sightings)
    assert linked.concentrated.filter(pl.col("kind") == "ip")["contractor_id"].to_list() == [
        "f0",
        "f1",
        "f2",
        "f3",
        "f4",
    ]
    rings = group_rings(
        pair_weights(linked.links),
        threshold=0.5,
        max_ring_size=20,
        seed=7,
        units=linked.concentrated,
    )
    assert rings["contractor_id"].to_list() == ["f0", "f1", "f2", "f3", "f4"]


def test_a_farm_past_every_hub_limit_is_one_ring_however_large():
    sightings = pl.DataFrame(
        [
            (f"f{i:03}", kind, value)
            for i in range(100)
            for kind, value in (("address", "9 farm rd"), ("ip", "203.0.113.9"))
        ]
        + [(f"x{i:03}", "ip", "198.51.100.7") for i in range(100)],
        schema={"contractor_id": pl.String, "kind": pl.String, "value": pl.String},
        orient="row",
    ).with_columns(sightings=pl.lit(1, pl.UInt32))
    linked = link(sightings)
    hubs = dict(linked.hubs.select("value", "verdict").iter_rows())
    assert hubs == {
        "9 farm rd": "concentration",
        "203.0.113.9": "concentration",
        "198.51.100.7": "infrastructure",
    }
    rings = group_rings(
        pair_weights(linked.links),
        threshold=0.5,
        max_ring_size=20,
        seed=7,
        units=linked.concentrated,
    )
    assert rings["ring_id"].n_unique() == 1 and rings.height == 100
    assert not rings["contractor_id"].str.starts_with("x").any()


def test_values_named_as_infrastructure_never_tie_at_any_count(write_case):
    folder = write_case(
        {
            "contractors.csv": "contractor_id,email\nc1,a@x.io\nc2,b@x.io\nc3,c@x.io\n",
            "logins.csv": "contractor_id,ts,ip\n"
            + "".join(f"c{i},2025-01-0{i}T10:00:00Z,52.10.20.30\n" for i in (1, 2, 3)),
            "case.toml": '[infrastructure]\nip = ["52.10.20.30"]\n',
        }
    )
    inv = investigate(folder)
    assert inv.links.filter(pl.col("kind") == "ip").is_empty()
    hub = inv.hubs.filter(pl.col("value") == "52.10.20.30").row(0, named=True)
    assert hub["identities"] == 3 and hub["verdict"] == "infrastructure"
    assert hub["reason"] == "named as known infrastructure in case.toml"
    assert inv.flags.filter(pl.col("code") == "SHARED_IP_WINDOW").is_empty()


def test_laptops_shipped_to_a_shared_home_make_it_a_concentration():
    # Twenty fronts give one home, and their laptops go there; twenty strangers give
    # a registered agent's address, and their laptops go to their own homes.
    rows = [(f"f{i}", "address", "8628 highland", "contractors") for i in range(20)]
    rows += [(f"f{i}", "address", "8628 highland", "shipments") for i in range(20)]
    rows += [(f"s{i}", "address", "1209 orange st", "contractors") for i in range(20)]
    rows += [(f"s{i}", "address", f"{i} own st", "shipments") for i in range(20)]
    sightings = pl.DataFrame(
        rows,
        schema={
            "contractor_id": pl.String,
            "kind": pl.String,
            "value": pl.String,
            "source": pl.String,
        },
        orient="row",
    ).with_columns(sightings=pl.lit(1, pl.UInt32), raw=pl.col("value"))
    shipments = sightings.filter(pl.col("source") == "shipments").select(
        "contractor_id", ship_to_address="value", previous_address=pl.lit(None, pl.String)
    )
    linked = link(sightings, shipments=shipments)
    hubs = dict(linked.hubs.select("value", "verdict").iter_rows())
    assert hubs == {"8628 highland": "concentration", "1209 orange st": "infrastructure"}


def test_an_address_a_reroute_replaced_is_not_where_equipment_went():
    # The twenty fronts first gave the shared home, then had their laptops rerouted to
    # homes of their own: the shared home is an address they gave, not a drop point.
    rows = [(f"f{i}", "8628 highland", "contractors") for i in range(20)]
    rows += [(f"f{i}", "8628 highland", "shipments") for i in range(20)]
    rows += [(f"f{i}", f"{i} own st", "shipments") for i in range(20)]
    sightings = pl.DataFrame(
        rows,
        schema={"contractor_id": pl.String, "value": pl.String, "source": pl.String},
        orient="row",
    ).with_columns(kind=pl.lit("address"), sightings=pl.lit(1, pl.UInt32), raw=pl.col("value"))
    shipments = pl.DataFrame(
        {
            "contractor_id": [f"f{i}" for i in range(20)],
            "ship_to_address": [f"{i} own st" for i in range(20)],
            "previous_address": ["8628 highland"] * 20,
        }
    )
    linked = link(sightings, shipments=shipments)
    assert linked.hubs.filter(pl.col("value") == "8628 highland")["verdict"].to_list() == [
        "infrastructure"
    ]


def conduct(flagged: list[str], population: int) -> Conduct:
    rows = [(who, "REMOTE_TOOL") for who in flagged]
    frame = pl.DataFrame(rows, schema={"contractor_id": pl.String, "code": pl.String}, orient="row")
    return Conduct(frame, population)


def test_an_ip_most_of_whose_holders_work_through_remote_tools_is_a_concentration():
    farm = holdings([("ip", "198.51.100.7", f"f{i:02}") for i in range(12)])
    # 9 of its 12 holders, where 20 of 2,000 identities (1%) carry such a flag.
    flagged = [f"f{i:02}" for i in range(9)] + [f"x{i}" for i in range(11)]
    verdicts = concentrations(farm, STRENGTHS, conduct=conduct(flagged, 2000))
    assert verdict(verdicts, "198.51.100.7") == "concentration"
    reason = verdicts["reason"].item()
    assert "9 of 12 holders show red flags of their own conduct (REMOTE_TOOL)" in reason
    assert "against 1.0% of all identities" in reason


def test_conduct_counts_only_where_the_case_makes_it_unlikely_by_chance():
    office = holdings([("ip", "198.51.100.7", f"f{i:02}") for i in range(12)])
    # The same 9 of 12, in a case where 70% of identities carry such a flag anyway.
    common = conduct([f"f{i:02}" for i in range(9)] + [f"x{i}" for i in range(1391)], 2000)
    assert verdict(concentrations(office, STRENGTHS, conduct=common), "198.51.100.7") == (
        "infrastructure"
    )
    # A minority of holders flagged is no evidence, however rare the flag.
    few = conduct([f"f{i:02}" for i in range(5)], 2000)
    assert verdict(concentrations(office, STRENGTHS, conduct=few), "198.51.100.7") == (
        "infrastructure"
    )


def test_conduct_is_no_evidence_on_an_exit_that_separate_teams_share():
    # A commercial VPN exit: two teams of four, each tied by a payout account of its own,
    # and twelve subscribers. The teams and the subscribers all carry conduct flags.
    exit_ip = "198.51.100.7"
    rows = [("ip", exit_ip, f"a{i}") for i in range(4)] + [
        ("ip", exit_ip, f"b{i}") for i in range(4)
    ]
    rows += [("ip", exit_ip, f"s{i:02}") for i in range(12)]
    rows += [("payment_account", "team a", f"a{i}") for i in range(4)]
    rows += [("payment_account", "team b", f"b{i}") for i in range(4)]
    flagged = [f"a{i}" for i in range(4)] + [f"b{i}" for i in range(4)]
    flagged += [f"s{i:02}" for i in range(12)]
    verdicts = concentrations(holdings(rows), STRENGTHS, conduct=conduct(flagged, 2000))
    assert verdict(verdicts, exit_ip) == "infrastructure"
    reason = verdicts.filter(pl.col("value") == exit_ip)["reason"].item()
    assert "20 of 20 holders show red flags of their own conduct" in reason
    assert "not evidence of one team: 2 separate groups of them are tied" in reason
    # One team behind the same door, its other holders untied and flagged too, is one
    # concentration.
    one_team = [row for row in rows if row[2][0] == "a" or "s00" <= row[2] < "s04"]
    verdicts = concentrations(holdings(one_team), STRENGTHS, conduct=conduct(flagged, 2000))
    assert verdict(verdicts, exit_ip) == "concentration"


def test_one_team_whose_addresses_fall_in_two_blocks_of_a_series_is_still_one_team():
    # Twelve fronts paid into one account, their addresses one running series whose
    # numbers fall in two blocks: the blocks cut one team in two, they do not make two.
    rows = [("payment_account", "team", f"f{i:02}") for i in range(12)]
    rows += [("email_series", "dev[100-109]@x.io", f"f{i:02}") for i in range(6)]
    rows += [("email_series", "dev[120-129]@x.io", f"f{i:02}") for i in range(6, 12)]
    flagged = [f"f{i:02}" for i in range(12)]
    verdicts = concentrations(
        holdings(rows), {**STRENGTHS, "email_series": 0.6}, conduct=conduct(flagged, 2000)
    )
    assert verdict(verdicts, "team") == "concentration"
    assert (
        "0 of 12 holders are tied together"
        in verdicts.filter(pl.col("value") == "team")["reason"].item()
    )


def test_conduct_is_no_evidence_on_an_exit_fronts_share_with_its_subscribers():
    # A VPN exit: twenty fronts of weakly tied teams, none tied to another through any
    # value, beside twenty subscribers; the fronts carry conduct flags, at a share that
    # chance would not give (rare flags) but is no door: half its holders are strangers.
    exit_ip = "198.51.100.7"
    rows = [("ip", exit_ip, f"f{i:02}") for i in range(20)]
    rows += [("ip", exit_ip, f"s{i:02}") for i in range(20)]
    fronts = conduct([f"f{i:02}" for i in range(20)] + ["s00", "s01"], 2000)
    verdicts = concentrations(holdings(rows), STRENGTHS, conduct=fronts)
    assert verdict(verdicts, exit_ip) == "infrastructure"
    # A farm: the same fronts behind one door with two strangers is a concentration.
    farm = [row for row in rows if row[2] < "s02"]
    assert verdict(concentrations(holdings(farm), STRENGTHS, conduct=fronts), exit_ip) == (
        "concentration"
    )


def test_a_shared_mailbox_is_not_corroborated_by_its_own_template():
    # Ten staff give their agency's mailbox; its template is cut from that same address.
    rows = [("email", "recruiting2024@staffco.example", f"s{i}") for i in range(10)]
    rows += [("email_template", "recruiting#@staffco.example", f"s{i}") for i in range(10)]
    verdicts = concentrations(holdings(rows), STRENGTHS | {"email": 0.95})
    assert verdict(verdicts, "recruiting2024@staffco.example") == "infrastructure"


def test_equipment_shipped_to_an_address_is_evidence_never_a_value_judged_on_its_own():
    # Sixteen staff of an office the analyst named as infrastructure: the address ties
    # no one, but laptops shipped there are still held, and every holder works through
    # a remote tool. The shipments are evidence on the address, not a verdict of their own.
    office = "500 market st"
    rows = [("equipment_shipped_to", office, f"s{i:02}") for i in range(16)]
    staff = conduct([f"s{i:02}" for i in range(16)], 2000)
    verdicts = concentrations(holdings(rows), STRENGTHS, conduct=staff)
    assert verdicts.is_empty()
