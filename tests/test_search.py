"""inv.search: any identifier in any format, an id or a name; a hit outside rings leads on."""

from __future__ import annotations

import polars as pl
import pytest

from tests.conftest import SAMPLE_CASE
from tests.held import Held
from workbench.case_tables import CaseTables, TableHandle
from workbench.investigation import investigate
from workbench.search import HIT_SCHEMA, dwelling_hits, search, searched_kinds
from workbench.views.graphs import contractor_node


@pytest.fixture(scope="module")
def inv():
    return investigate(SAMPLE_CASE)


def found(hits: pl.DataFrame) -> set[tuple[str, str, str]]:
    return set(hits.select("contractor_id", "kind", "match").iter_rows())


def test_a_phone_written_another_way_is_an_exact_hit(inv):
    hits = inv.search("310.810.1979")
    assert hits.select("contractor_id", "kind", "written", "value", "match").row(0) == (
        "C001719",
        "phone",
        "+1 (310) 810-1979",
        "+13108101979",
        "exact",
    )
    # a Japanese number written nationally, found as the case's Japanese identities read it
    assert ("C000476", "phone", "exact") in found(inv.search("+81 90 1293 6994"))
    assert ("C000476", "phone", "exact") in found(inv.search("090-1293-6994"))


def test_an_email_in_other_case_is_an_exact_hit(inv):
    hits = inv.search("  AKIKO.SATO@outlook.COM ")
    assert hits.select("contractor_id", "kind", "written", "match").row(0) == (
        "C000476",
        "email",
        "Akiko.Sato@outlook.com",
        "exact",
    )


def test_a_contractor_id_is_found_however_it_was_pasted(inv):
    for pasted in ("C000311", " C000311\u200b"):
        hits = inv.search(pasted)
        assert hits.select("contractor_id", "kind", "match").row(0) == (
            "C000311",
            "contractor_id",
            "exact",
        )
    assert (
        hits["ring_id"][0]
        == inv.scored.filter(pl.col("contractor_id") == "C000311")["ring_id"].item()
    )


def test_an_address_is_found_written_in_full_in_part_or_with_a_typo(inv):
    holders = set(
        inv.observations.filter(
            (pl.col("kind") == "address") & pl.col("raw").str.starts_with("8258 Prospect")
        )["contractor_id"]
    )
    assert len(holders) >= 5
    for query, match in [
        ("8258 PROSPECT AVENUE, APARTMENT 173, COLUMBUS, OHIO 43206", "exact"),
        ("8258 Prospect Ave Apt 173 Columbus OH 43206", "exact"),
        ("8258 Prospekt Ave Apt 173, Columbus OH 43206", "exact"),
        ("8258 Prospect Avenue, Apartment 173", "partial"),
    ]:
        hits = inv.search(query).filter(pl.col("kind") == "address")
        assert set(hits["contractor_id"]) == holders, query
        assert set(hits["match"]) == {match}, query


def test_names_handles_and_devices_are_found_whole_or_in_part(inv):
    assert {"C000003", "C000032", "C000952"} <= {
        cid for cid, kind, match in found(inv.search("Jakub Dabrowski")) if match == "exact"
    }
    assert ("C000003", "github", "exact") in found(inv.search("https://github.com/JakubDab-60390"))
    device = inv.observations.filter(pl.col("kind") == "device").row(0, named=True)
    assert (device["contractor_id"], "device", "exact") in found(inv.search(device["raw"].upper()))
    assert (device["contractor_id"], "device", "text") in found(inv.search(device["raw"][:12]))
    assert ("C000311", "full_name", "text") in found(inv.search("lim"))


def test_a_hit_outside_every_ring_leads_to_the_profile_and_neighbourhood(inv):
    lone = inv.scored.filter(pl.col("ring_id").is_null())["contractor_id"][0]
    email = inv.observations.filter(
        (pl.col("contractor_id") == lone) & (pl.col("kind") == "email")
    )["raw"][0]
    hit = inv.search(email.upper()).row(0, named=True)
    assert (hit["contractor_id"], hit["match"], hit["ring_id"]) == (lone, "exact", None)
    assert inv.profiles([lone])["email"].item() == email
    assert contractor_node(lone) in inv.neighbourhood(lone)


def test_exact_hits_come_first_and_short_or_empty_queries_find_no_fragments(inv):
    hits = inv.search("202.53.3.176")
    ranks = hits["match"].to_list()
    assert ranks == sorted(ranks, key=["exact", "partial", "text"].index)
    assert inv.search("").schema == HIT_SCHEMA and inv.search("   ").is_empty()
    assert inv.search("li").is_empty()  # in thousands of values: whole values only


def test_hostile_queries_are_plain_text(inv):
    for query in ("(.*", "<script>alert(1)</script>", "' OR 1=1 --", "\\d+", "\u202e"):
        assert inv.search(query).schema == HIT_SCHEMA


def test_a_kind_the_case_brings_is_searched_and_derived_kinds_are_not():
    assert searched_kinds(["badge", "ip_net", "address_building", "email", "photo_hash"]) == [
        "badge",
        "email",
    ]
    observations = pl.DataFrame(
        {
            "contractor_id": ["a"],
            "kind": ["badge"],
            "value": ["b-77"],
            "raw": ["B-77"],
        }
    )
    tables = {
        "contractors": pl.DataFrame(
            {"contractor_id": ["a"], "full_name": ["Ann"], "country": [None]},
            schema={"contractor_id": pl.String, "full_name": pl.String, "country": pl.String},
        )
    }
    scored = pl.DataFrame(
        {"contractor_id": ["a"], "ring_id": [None], "risk_score": [10.0]},
        schema={"contractor_id": pl.String, "ring_id": pl.String, "risk_score": pl.Float64},
    )
    hits = search(" b-77 ", sightings=observations, tables=tables, scored=scored)
    assert hits.select("contractor_id", "kind", "written", "match").rows() == [
        ("a", "badge", "B-77", "exact")
    ]


def test_dwelling_hits_read_the_query_with_the_spellings_it_shares_numbers_with():
    held = pl.DataFrame(
        {
            "written": ["9 Maple Dr, Tampa FL 33669", "9 Maple Dr, Tampa FL 33670"],
            "value": ["33669 9 dr fl maple tampa", "33670 9 dr fl maple tampa"],
        }
    )
    assert dwelling_hits("9 Mapel Drive Tampa FL 33669", held)["written"].to_list() == [
        "9 Maple Dr, Tampa FL 33669"
    ]
    assert dwelling_hits("Tampa", held).is_empty()  # no house number: no dwelling


def test_the_neighbourhood_of_an_identity_tied_to_no_one_is_itself(inv):
    tied = pl.concat([inv.links["contractor_a"], inv.links["contractor_b"]]).implode()
    untied = inv.scored.filter(~pl.col("contractor_id").is_in(tied))["contractor_id"][0]
    assert list(inv.neighbourhood(untied)) == [contractor_node(untied)]


QUERIES = (
    "310.810.1979",
    "090-1293-6994",
    "  AKIKO.SATO@outlook.COM ",
    "c-000311",
    "8258 Prospekt Ave Apt 173, Columbus OH 43206",
    "8258 Prospect Avenue, Apartment 173",
    "Columbus",
    "Jakub Dabrowski",
    "https://github.com/JakubDab-60390",
    "lim",
    "202.53.3.176",
    "li",
    "(.*",
)


def test_a_search_reads_only_the_sightings_and_people_it_may_find(inv, monkeypatch):
    # Held where an engine keeps them, the sightings and the contractors are asked for
    # the rows a query may hit, never gathered; the hits are those of a search that
    # reads every row.
    held, people = Held(inv.observations), Held(inv.case.tables["contractors"])
    handle = TableHandle(held)
    tables = CaseTables({**inv.case.tables, "contractors": people})
    by_part = {q: search(q, sightings=handle, tables=tables, scored=inv.scored) for q in QUERIES}
    assert "gather" not in held.asked and "gather" not in people.asked
    assert len(held.given) == len(QUERIES) and len(people.given) == len(QUERIES)
    assert max(held.given[:2]) < held.height / 100  # a phone: a handful of rows
    assert max(people.given[:2]) == 0
    monkeypatch.setattr("workbench.search._candidates", lambda *_: pl.lit(True))
    monkeypatch.setattr("workbench.search._named", lambda *_: pl.lit(True))
    for query, hits in by_part.items():
        whole = search(query, sightings=inv.observations, tables=inv.case.tables, scored=inv.scored)
        assert hits.equals(whole), query
    assert sum(not hits.is_empty() for hits in by_part.values()) >= 10
