"""The kind registry: every kind declared once and completely."""

from __future__ import annotations

import unicodedata

import polars as pl
import pytest

from workbench.case import load_case
from workbench.kinds import (
    DEFAULT_LOOK,
    KINDS,
    Privacy,
    column_kinds,
    derived_parents,
    kind_for,
)
from workbench.link import link, pair_weights
from workbench.observe import CONTEXT, observe
from workbench.search import searched_kinds
from workbench.tables import TABLES


@pytest.mark.parametrize("key", sorted(KINDS))
def test_every_kind_is_complete(key):
    kind = KINDS[key]
    assert kind.label and 0 < kind.strength <= 1 and kind.hub_limit >= 2
    assert isinstance(kind.privacy, Privacy)
    assert kind.look is not DEFAULT_LOOK
    assert not (kind.sources and kind.derived_from), "a derived kind has no sources of its own"


def test_sources_name_real_columns_and_known_context():
    for key, kind in KINDS.items():
        for source in kind.sources:
            assert source.column in TABLES[source.table].names, (key, source)
            assert set(source.context) <= set(CONTEXT), (key, source)


def test_derived_kinds_point_at_declared_parents():
    parents = derived_parents()
    assert parents and all(parent in KINDS for parent in parents.values())


def test_a_column_yields_one_kind():
    pairs = [(s.table, s.column) for kind in KINDS.values() for s in kind.sources]
    assert len(pairs) == len(set(pairs)) == len(column_kinds())


def test_a_new_kind_from_a_case_is_weighed_and_masked_by_default():
    badge = kind_for("badge_number")
    assert badge.label == "Badge number" and badge.privacy is Privacy.OPAQUE
    assert badge.normalize(pl.DataFrame({"raw": [" B-7 ", "n/a"]})).to_list() == ["b-7", None]


def test_search_reaches_the_identifiers_an_analyst_pastes():
    pasted = ["email", "phone", "payment_account", "ip", "device", "github", "address"]
    assert searched_kinds(pasted) == sorted(pasted)


def test_referees_are_read_like_emails_and_phones():
    emails = pl.DataFrame({"raw": ["Ann.Lee+jobs@Gmail.com", "annlee@gmail.com", "n/a"]})
    assert KINDS["reference_email"].normalize(emails).to_list() == [
        "annlee@gmail.com",
        "annlee@gmail.com",
        None,
    ]
    phones = pl.DataFrame(
        {"raw": ["+44 7700 900123", "0044 7700 900123", "000-000-0000"], "region": [None] * 3}
    )
    assert KINDS["reference_phone"].normalize(phones).to_list() == [
        "+447700900123",
        "+447700900123",
        None,
    ]


def test_a_referee_named_by_two_applicants_ties_them(write_case):
    case = load_case(
        write_case(
            {
                "contractors.csv": "contractor_id\nc1\nc2\nc3\n",
                "identifiers.csv": "contractor_id,kind,value\n"
                "c1,reference_email,Ref.One@proton.me\n"
                "c2,reference_email,ref.one@proton.me\n"
                "c1,reference_phone,+44 7700 900123\n"
                "c2,reference_phone,0044-7700-900123\n"
                "c3,reference_email,someone.else@proton.me\n",
            }
        )
    )
    links = link(observe(case)).links
    assert links.select("contractor_a", "contractor_b", "kind", "value", "weight").rows() == [
        ("c1", "c2", "reference_email", "ref.one@proton.me", 0.35),
        ("c1", "c2", "reference_phone", "+447700900123", 0.35),
    ]
    # One referee, one piece of evidence: below the group threshold on its own.
    assert pair_weights(links).rows() == [("c1", "c2", 0.35, 1)]


def test_referees_are_judged_like_contact_details_not_like_shared_infrastructure():
    referee, own = KINDS["reference_email"], KINDS["email"]
    assert referee.strength < own.strength and referee.hub_limit == own.hub_limit
    assert referee.privacy is Privacy.EMAIL and KINDS["reference_phone"].privacy is Privacy.PHONE
    assert {"reference_email", "reference_phone"} <= set(searched_kinds(list(KINDS)))


def test_interviews_and_mdm_check_ins_are_sightings_of_login_kinds():
    assert column_kinds()[("interviews", "join_ip")] == "ip"
    assert column_kinds()[("device_locations", "egress_ip")] == "ip"
    assert column_kinds()[("device_locations", "device_id")] == "device"
    assert column_kinds()[("shipments", "previous_address")] == "address"


def test_a_new_kind_reads_composed_and_decomposed_accents_as_one_value():
    composed = unicodedata.normalize("NFC", "Café-7")
    decomposed = unicodedata.normalize("NFD", "Café-7")
    badge = kind_for("badge")
    read = badge.normalize(pl.DataFrame({"raw": [composed, decomposed]})).to_list()
    assert read == ["café-7", "café-7"]


def test_a_telegram_link_and_handle_tie_two_identities(write_case):
    case = load_case(
        write_case(
            {
                "contractors.csv": "contractor_id\nc1\nc2\nc3\n",
                "identifiers.csv": "contractor_id,kind,value\n"
                "c1,telegram,@Work_Loxhtc\n"
                "c2,telegram,https://t.me/work_loxhtc\n"
                "c3,telegram,https://example.com/work_loxhtc\n",
            }
        )
    )
    links = link(observe(case)).links
    assert links.select("contractor_a", "contractor_b", "kind", "value").rows() == [
        ("c1", "c2", "telegram", "work_loxhtc")
    ]
