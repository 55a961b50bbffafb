"""observe: every declared source column becomes normalised sightings, nothing else is special."""

from __future__ import annotations

from dataclasses import replace

import polars as pl
import pytest

from workbench.case import load_case
from workbench.investigation import investigate
from workbench.kinds import KINDS, RESERVED_KINDS, SHIPMENT, Kind, Look, Privacy, Source
from workbench.link import link
from workbench.observe import OBSERVATION_SCHEMA, observe, observe_all, spelling_merges


def test_each_declared_column_yields_its_kind(write_case):
    case = load_case(
        write_case(
            {
                "contractors.csv": "contractor_id,email,phone,country,hired_at\n"
                "c1,A@x.io; b@y.io,+1 415 555 0134,US,2024-03-01\n",
                "payments.csv": "contractor_id,paid_at,account,method\n"
                "c1,2024-04-01T10:00:00Z,DE89 3704 0044 0532 0130 00,bank\n",
                "logins.csv": "contractor_id,ts,ip,device_id\n"
                "c1,2024-04-02T08:00:00Z,203.0.113.9,d-1\n",
                "shipments.csv": "contractor_id,ship_to_address\n"
                "c1,12 Elm St Springfield IL 62701\n",
            }
        )
    )
    obs = observe(case)
    assert obs.schema == OBSERVATION_SCHEMA
    found = set(obs.select("kind", "source").unique().iter_rows())
    assert {
        ("email", "contractors"),
        ("phone", "contractors"),
        ("payment_account", "payments"),
        ("ip", "logins"),
        ("ip_net", "logins"),
        ("device", "logins"),
        ("address", "shipments"),
    } <= found
    emails = obs.filter(pl.col("kind") == "email")
    assert emails["raw"].to_list() == ["A@x.io", "b@y.io"]  # split on ";" and trimmed
    hired = obs.filter(pl.col("kind") == "email")["seen_at"][0]
    assert str(hired.date()) == "2024-03-01"


def test_a_new_declared_kind_needs_no_other_code(write_case):
    case = load_case(
        write_case(
            {
                "contractors.csv": "contractor_id,github\nc1,Tg-Handle\nc2,tg-handle\nc3,\n",
            }
        )
    )
    telegram = Kind(
        label="Telegram",
        strength=0.9,
        hub_limit=8,
        normalize=lambda s: s["raw"].str.to_lowercase(),
        privacy=Privacy.PUBLIC,
        look=Look(shape="dot", color="#229ed9"),
        sources=(Source(table="contractors", column="github"),),
    )
    obs = observe(case, {"telegram": telegram})
    assert obs.select("contractor_id", "kind", "value").rows() == [
        ("c1", "telegram", "tg-handle"),
        ("c2", "telegram", "tg-handle"),
    ]


def test_identifiers_table_kinds_and_repeated_sightings_collapse(write_case):
    case = load_case(
        write_case(
            {
                "contractors.csv": "contractor_id\nc1\n",
                "identifiers.csv": "contractor_id,kind,value\nc1, Badge ,B-7\nc1,badge,B-7\n",
            }
        )
    )
    badge = observe(case, KINDS).filter(pl.col("kind") == "badge")
    assert badge.select("value", "source_row", "sightings").rows() == [("b-7", 1, 2)]


def test_values_that_normalise_to_nothing_are_listed_with_a_reason(write_case):
    case = load_case(
        write_case(
            {
                "contractors.csv": (
                    "contractor_id,email,phone\nc1,n/a,1234\nc2,ok@x.io,\nc3,Ann <TEST@TEST.COM>,\n"
                ),
                "logins.csv": "contractor_id,ts,ip\nc2,2024-04-02T08:00:00Z,999.1.1.1\n",
            }
        )
    )
    observed = observe_all(case)
    assert observed.unusable.select("table", "row", "column", "value", "reason").rows() == [
        ("contractors", 1, "email", "n/a", "a placeholder: it stands for no value"),
        ("contractors", 1, "phone", "1234", "unreadable as Phone"),
        ("contractors", 3, "email", "Ann <TEST@TEST.COM>", "a placeholder: it stands for no value"),
        ("logins", 1, "ip", "999.1.1.1", "unreadable as Login IP"),
    ]
    assert observed.observations.select("contractor_id", "kind").rows() == [("c2", "email")]


def test_e_mails_written_as_lists_or_with_a_name_are_each_read(write_case):
    case = load_case(
        write_case(
            {
                "contractors.csv": "contractor_id,email\n"
                'c1,"a@x.io, b@y.io"\n'
                'c2,"[""c@z.io"", ""d@z.io""]"\n'
                "c3,Ann Lee <ann@x.org>\n"
            }
        )
    )
    observed = observe_all(case)
    emails = observed.observations.filter(pl.col("kind") == "email")
    assert emails.select("contractor_id", "value").rows() == [
        ("c1", "a@x.io"),
        ("c1", "b@y.io"),
        ("c2", "c@z.io"),
        ("c2", "d@z.io"),
        ("c3", "ann@x.org"),
    ]
    assert observed.unusable.is_empty()


WIDER = {
    "contractors.csv": "contractor_id\nc1\nc2\nc3\n",
    "logins.csv": "contractor_id,ts,ip\nc1,2025-01-02T08:00:00Z,203.0.113.9\n",
    "interviews.csv": "contractor_id,ts,camera_on,join_ip\n"
    "c2,2024-12-01T15:00:00Z,false,203.0.113.9\n",
    "device_locations.csv": "device_id,contractor_id,ts,egress_ip,country\n"
    "LAPTOP-7,c3,2025-01-03T10:00:00Z,198.51.100.4,US\n",
    "shipments.csv": "contractor_id,ship_to_address,previous_address\n"
    "c3,12 Elm St Springfield IL 62701,9 Oak Ave Austin TX 78701\n",
}


def test_interviews_check_ins_and_rerouted_shipments_are_sightings(write_case):
    obs = observe(load_case(write_case(WIDER)))
    found = set(obs.select("contractor_id", "kind", "source", "raw").iter_rows())
    assert {
        ("c2", "ip", "interviews", "203.0.113.9"),
        ("c3", "ip", "device_locations", "198.51.100.4"),
        ("c3", "device", "device_locations", "LAPTOP-7"),
        ("c3", "address", "shipments", "9 Oak Ave Austin TX 78701"),
        ("c3", "address", "shipments", "12 Elm St Springfield IL 62701"),
    } <= found


def test_a_login_ip_seen_again_at_an_interview_ties_two_identities(write_case):
    links = link(observe(load_case(write_case(WIDER)))).links
    assert ("c1", "c2", "ip", "203.0.113.9") in links.select(
        "contractor_a", "contractor_b", "kind", "value"
    ).rows()


def test_a_photo_retouched_in_a_bit_ties_the_identities_that_hold_its_copies(write_case):
    # Two profiles carry one altered photo whose hashes differ in one bit; a third, a
    # different photo (32 bits away), is tied to no one.
    people = (
        "contractor_id,photo_hash\nc1,3a02b62428e6e471\nc2,3A02B62428E6E470\nc3,c5fd49dbd7191b8e\n"
    )
    links = link(observe(load_case(write_case({"contractors.csv": people})))).links
    photos = links.filter(pl.col("kind") == "photo_hash")
    assert photos.select("contractor_a", "contractor_b").rows() == [("c1", "c2")]


def _series_ties(write_case, people: str) -> list[tuple[str, str]]:
    """The pairs an e-mail series ties in a case of these contractors."""
    links = link(observe(load_case(write_case({"contractors.csv": people})))).links
    series = links.filter(pl.col("kind") == "email_series")
    return series.select("contractor_a", "contractor_b").unique().sort(pl.all()).rows()


def test_addresses_opened_one_after_another_under_one_theme_tie_their_holders(write_case):
    # Numbers five apart share a block; a number far along the theme is someone else's.
    people = (
        "contractor_id,full_name,email\n"
        "c1,Lim Wei Ming,devrocket033@outlook.com\n"
        "c2,Serhii Bondarenko,devrocket034@outlook.com; serhii.b@ukr.net\n"
        "c3,Jessica Brown,DevRocket038@outlook.com\n"
        "c4,Joshua Young,devrocket090@outlook.com\n"
    )
    assert _series_ties(write_case, people) == [("c1", "c2"), ("c1", "c3"), ("c2", "c3")]


def test_an_e_mail_series_needs_a_theme_at_one_provider_and_no_year(write_case):
    # Namesakes are offered the next free number of their name, whatever script the
    # name is written in, and one who gives no name may be a namesake; birth years a
    # year apart are strangers; one theme at two providers is two people's choice.
    people = (
        "contractor_id,full_name,email\n"
        "c1,Maria Lopez,maria.soft86@outlook.com\n"
        "c2,Maria Santos,maria.soft87@outlook.com\n"
        "c3,Ann Lee,bluecoder1987@gmail.com\n"
        "c4,Bo Chen,bluecoder1988@gmail.com\n"
        "c5,Cy Diaz,nightowl12@gmail.com\n"
        "c6,Di Eze,nightowl13@yahoo.com\n"
        "c7,김민준,minjun.kim54@daum.net\n"
        "c8,김민준,minjun.kim57@daum.net\n"
        "c9,,sandeep.web66@rediffmail.com\n"
        "c10,n/a,sandeep.web67@rediffmail.com\n"
    )
    assert _series_ties(write_case, people) == []


def test_two_columns_of_one_table_give_one_sighting_per_value(write_case):
    shipments = (
        "contractor_id,ship_to_address,previous_address\n"
        "c1,12 Elm St Springfield IL 62701,\n"
        "c1,4 Pine Rd Denver CO 80202,12 Elm St Springfield IL 62701\n"
    )
    case = load_case(
        write_case({"contractors.csv": "contractor_id\nc1\n", "shipments.csv": shipments})
    )
    elm = observe(case).filter(pl.col("raw") == "12 Elm St Springfield IL 62701")
    assert elm.select("kind", "source", "source_row", "sightings").rows() == [
        ("address", "shipments", 1, 2),
        ("address_building", "shipments", 1, 2),
    ]


def test_an_unusable_value_names_the_column_it_came_from(write_case):
    shipments = (
        "contractor_id,ship_to_address,previous_address\n"
        "c1,12 Elm St Springfield IL 62701,n/a\n"
        "c1,none,12 Elm St Springfield IL 62701\n"
    )
    interviews = "contractor_id,join_ip\nc1,not an address\n"
    case = load_case(
        write_case(
            {
                "contractors.csv": "contractor_id\nc1\n",
                "shipments.csv": shipments,
                "interviews.csv": interviews,
            }
        )
    )
    unusable = observe_all(case).unusable
    assert unusable.select("table", "row", "column", "value").rows() == [
        ("interviews", 1, "join_ip", "not an address"),
        ("shipments", 1, "previous_address", "n/a"),
        ("shipments", 2, "ship_to_address", "none"),
    ]


def test_a_value_in_two_columns_of_one_row_names_the_column_declared_first(write_case):
    shipments = "contractor_id,ship_to_address,previous_address\nc1,n/a,n/a\n"
    case = load_case(
        write_case({"contractors.csv": "contractor_id\nc1\n", "shipments.csv": shipments})
    )
    unusable = observe_all(case).unusable
    assert unusable.select("table", "row", "column", "value").rows() == [
        ("shipments", 1, "ship_to_address", "n/a"),
    ]


def test_a_part_of_a_case_merges_spellings_as_the_whole_case_does(write_case):
    # A typo seen in one part takes the spelling two identities in another part wrote:
    # an engine that observes a case in parts gives each the whole case's merges.
    case = load_case(
        write_case(
            {
                "contractors.csv": "contractor_id,address\n"
                'c1,"43 Columbus Ave, Columbus OH 43206"\n'
                'c2,"43 Columbus Ave, Columbus OH 43206"\n'
                'c3,"43 Colombus Ave, OH 43206"\n',
            }
        )
    )
    whole = observe_all(case).observations
    alone = replace(case, tables={**case.tables, "contractors": case.tables["contractors"][2:]})
    typo = whole.filter(pl.col("contractor_id") == "c3")
    assert typo["value"].to_list() == ["43 43206 ave columbus columbus oh"] * 2  # address, building

    merged = observe_all(alone, merges=spelling_merges(case)).observations
    assert merged.equals(typo)
    assert not observe_all(alone).observations.equals(typo)


def test_an_identifiers_kind_named_like_an_identity_is_unusable_and_says_why(tmp_path):
    # A ring's graph draws identities as "contractor" nodes: values of such a kind would
    # be drawn as people.
    folder = tmp_path / "case"
    folder.mkdir()
    (folder / "contractors.csv").write_text("contractor_id\nc1\nc2\n")
    (folder / "identifiers.csv").write_text(
        "contractor_id,kind,value\n"
        "c1,Contractor,Innocent Bystander\nc2,contractor,Innocent Bystander\n"
    )
    observed = observe_all(load_case(folder))
    assert observed.observations.filter(pl.col("kind") == "contractor").is_empty()
    assert observed.unusable.select("row", "reason").rows() == [
        (1, "'contractor' names an identity in the workbench: not a kind of value"),
        (2, "'contractor' names an identity in the workbench: not a kind of value"),
    ]


@pytest.mark.parametrize(
    "kind",
    ["ip_net", "address_building", "email_template", "email_series", "same_person", "referral"]
    + [SHIPMENT],
)
def test_an_identifiers_kind_the_workbench_computes_or_makes_itself_is_unusable(write_case, kind):
    # A feed may export a network or a building, or a word the workbench uses for its own
    # ties: the rows say why they are not read, the run goes on, and they tie no one.
    inv = investigate(
        write_case(
            {
                "contractors.csv": "contractor_id\nc1\nc2\nc3\n",
                "logins.csv": "contractor_id,ts,ip\nc3,2025-01-02T09:00,198.51.100.7\n",
                "identifiers.csv": f"contractor_id,kind,value\nc1,{kind},x 1\nc2,{kind},x 1\n",
            }
        )
    )
    reason = f"'{kind}' {RESERVED_KINDS[kind]}"
    assert inv.unusable.select("table", "row", "kind", "reason").rows() == [
        ("identifiers", 1, kind, reason),
        ("identifiers", 2, kind, reason),
    ]
    assert inv.links.is_empty()
    assert inv.observations.filter(pl.col("contractor_id") != "c3").is_empty()
    assert "ip_net" in inv.observations["kind"].to_list()
