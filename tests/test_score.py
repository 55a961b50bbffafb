"""Scoring: ties alone never alert, ties plus red flags do, every score has reasons."""

from __future__ import annotations

import itertools

import polars as pl
import pytest

from tests.conftest import SAMPLE_CASE
from workbench.flags.registry import FLAGS
from workbench.investigation import investigate
from workbench.score import LINK_SHARE, client_placements, score

FLAG_SCHEMA = {
    "contractor_id": pl.String,
    "code": pl.String,
    "weight": pl.Float64,
    "evidence": pl.String,
}


def ring(*members: str) -> pl.DataFrame:
    return pl.DataFrame(
        {"ring_id": ["R-1"] * len(members), "contractor_id": list(members)},
        schema={"ring_id": pl.String, "contractor_id": pl.String},
    )


def ties(*rows: tuple[str, str, str, float]) -> pl.DataFrame:
    return pl.DataFrame(
        [(a, b, k, "v", w) for a, b, k, w in rows],
        schema={
            "contractor_a": pl.String,
            "contractor_b": pl.String,
            "kind": pl.String,
            "value": pl.String,
            "weight": pl.Float64,
        },
        orient="row",
    )


def flags(*rows: tuple[str, str, float]) -> pl.DataFrame:
    return pl.DataFrame([(c, k, w, "e") for c, k, w in rows], schema=FLAG_SCHEMA, orient="row")


def test_ties_alone_stay_below_the_alert_level():
    strong = ties(("a", "b", "device", 1.0), ("a", "b", "payment_account", 1.0))
    result = score(pl.Series(["a", "b"]), ring("a", "b"), strong, flags())
    assert result.rings["ring_score"].item() == pytest.approx(100 * LINK_SHARE)
    assert result.rings["ring_score"].item() < 50


def test_ties_and_member_red_flags_together_alert():
    strong = ties(("a", "b", "device", 0.9), ("a", "b", "payment_account", 0.9))
    raised = flags(
        ("a", "VIDEO_DECLINED", 0.3),
        ("a", "CRYPTO_PAYMENT", 0.3),
        ("b", "VIDEO_DECLINED", 0.3),
        ("b", "UTC9_HOURS", 0.3),
    )
    result = score(pl.Series(["a", "b", "c"]), ring("a", "b"), strong, raised)
    assert result.rings["ring_score"].item() >= 50
    reasons = result.rings["reasons"].item().to_list()
    assert reasons[0].startswith("tied by 2 kind(s)")
    assert "VIDEO_DECLINED ×2" in reasons[1]
    people = {r["contractor_id"]: r for r in result.contractors.iter_rows(named=True)}
    assert people["a"]["risk_score"] > people["c"]["risk_score"] == 0.0
    assert people["a"]["flags"] == "CRYPTO_PAYMENT;VIDEO_DECLINED"
    assert people["c"]["ring_id"] is None


def test_flags_that_restate_a_tie_do_not_count_twice_for_the_ring():
    tie = ties(("a", "b", "payment_account", 0.9))
    restated = flags(("a", "SHARED_PAYMENT_ACCOUNT", 0.4), ("b", "SHARED_PAYMENT_ACCOUNT", 0.4))
    counted = score(pl.Series(["a", "b"]), ring("a", "b"), tie, restated)
    once = score(
        pl.Series(["a", "b"]), ring("a", "b"), tie, restated, tie_flags={"SHARED_PAYMENT_ACCOUNT"}
    )
    assert once.rings["ring_score"].item() < counted.rings["ring_score"].item()
    ring_score = once.rings["ring_score"].item()
    # Nor again towards a member's risk: the ring's score already carries the tie.
    expected = 0.7 * ring_score
    assert once.contractors["risk_score"].to_list() == [pytest.approx(expected, abs=0.1)] * 2


def test_a_member_is_never_riskier_than_both_its_ring_and_its_own_flags():
    # An agency: one account, each member paid under the agency's name.
    tie = ties(("a", "b", "payment_account", 0.9))
    payee = flags(("a", "PAYEE_MISMATCH", 0.25), ("b", "PAYEE_MISMATCH", 0.25))
    result = score(pl.Series(["a", "b"]), ring("a", "b"), tie, payee)
    ring_score = result.rings["ring_score"].item()
    assert ring_score < 50
    # Its flags are in the ring's score already: counted again, they would give 0.7 × ring
    # combined with 0.25, above the ring itself.
    assert 100 * (1 - 0.75 * (1 - 0.7 * ring_score / 100)) > ring_score
    assert result.contractors["risk_score"].to_list() == [ring_score] * 2


def test_a_member_with_strong_flags_of_its_own_stays_above_its_ring():
    tie = ties(("a", "b", "device", 0.9))
    raised = flags(("a", "HIGH_RISK_GEO", 0.6), ("a", "VIDEO_DECLINED", 0.3))
    result = score(pl.Series(["a", "b"]), ring("a", "b"), tie, raised)
    people = dict(result.contractors.select("contractor_id", "risk_score").iter_rows())
    assert people["a"] > result.rings["ring_score"].item() > people["b"]


def test_a_flag_restating_a_tie_counts_for_an_identity_outside_every_ring():
    restated = flags(("a", "SHARED_PAYMENT_ACCOUNT", 0.4))
    result = score(pl.Series(["a"]), ring(), ties(), restated, tie_flags={"SHARED_PAYMENT_ACCOUNT"})
    assert result.contractors["risk_score"].item() == pytest.approx(40.0)


def test_lone_identity_risk_comes_from_its_flags():
    raised = flags(("solo", "HIGH_RISK_GEO", 0.6), ("solo", "VIDEO_DECLINED", 0.2))
    result = score(pl.Series(["solo"]), ring(), ties(), raised)
    assert result.contractors["risk_score"].item() == pytest.approx(68.0)
    assert result.rings.is_empty()


def test_a_ring_placed_at_several_clients_says_so_without_scoring_higher():
    tie = ties(("a", "b", "device", 0.9), ("b", "c", "device", 0.9))
    raised = flags(("a", "VIDEO_DECLINED", 0.3))
    placed = pl.DataFrame(
        {"contractor_id": ["a", "b", "c", "c"], "client": ["Acme", "Acme", "Globex", "Initech"]}
    )
    members = ring("a", "b", "c")
    spread = score(pl.Series(["a", "b", "c"]), members, tie, raised, placements=placed)
    plain = score(pl.Series(["a", "b", "c"]), members, tie, raised)
    assert spread.rings["reasons"].item().to_list()[-1] == (
        "members placed at 3 clients: Acme, Globex, Initech"
    )
    assert spread.rings["ring_score"].item() == plain.rings["ring_score"].item()
    one_client = placed.with_columns(client=pl.lit("Acme"))
    alone = score(pl.Series(["a", "b", "c"]), members, tie, raised, placements=one_client)
    assert not any("clients" in r for r in alone.rings["reasons"].item().to_list())


def test_a_run_reads_only_its_members_placements_and_gives_the_reasons_of_all():
    inv = investigate(SAMPLE_CASE)
    tables = inv.case.tables
    everyone = score(
        tables["contractors"]["contractor_id"],
        inv.members,
        inv.links,
        inv.flags,
        tie_flags={f.code for f in FLAGS if f.restates_tie},
        company_payee_flags={f.code for f in FLAGS if f.restates_company_payee},
        placements=client_placements(tables["contractors"], tables["engagements"]),
    )
    reasons = everyone.rings.select("ring_id", "reasons").sort("ring_id")
    assert reasons.equals(inv.ring_scores.select("ring_id", "reasons").sort("ring_id"))
    placed = reasons.explode("reasons").filter(pl.col("reasons").str.contains("placed at"))
    assert placed.height >= 5


PAYMENT_ARRANGEMENT = ("PAYEE_MISMATCH", "ACCOUNT_COUNTRY_MISMATCH")


@pytest.mark.parametrize(
    ("payee", "restated"), [("devs o o sp sprint z", True), ("john wilson", False)]
)
def test_a_company_payee_and_its_account_abroad_restate_the_tie_a_person_payee_does_not(
    payee: str, restated: bool
):
    # Twelve members paid into one account abroad, in the name of `payee`; "z" is paid
    # to someone else too, but shares nothing with anyone.
    staff = [f"s{i:02}" for i in range(12)]
    members = ring(*staff)
    chain = list(itertools.pairwise(staff))
    links = pl.concat(
        [
            ties(*[(a, b, "payment_account", 0.9) for a, b in chain]),
            ties(*[(a, b, "account_holder", 0.45) for a, b in chain]).with_columns(
                value=pl.lit(payee)
            ),
        ]
    )
    arrangement = [(who, code, 0.25, "e") for who in [*staff, "z"] for code in PAYMENT_ARRANGEMENT]
    flags = pl.DataFrame(arrangement, schema=FLAG_SCHEMA, orient="row")
    scored = score(
        pl.Series([*staff, "z"]), members, links, flags, company_payee_flags=PAYMENT_ARRANGEMENT
    )
    ring_score = scored.rings["ring_score"].item()
    assert (ring_score == round(100 * LINK_SHARE * 0.9, 1)) is restated
    assert (ring_score > 50) is not restated
    risk = dict(scored.contractors.select("contractor_id", "risk_score").iter_rows())
    assert risk["z"] == 43.8  # 1 − 0.75², its own either way


def names(**given: str | None) -> pl.DataFrame:
    return pl.DataFrame(
        {"contractor_id": list(given), "full_name": list(given.values())},
        schema={"contractor_id": pl.String, "full_name": pl.String},
    )


RAISED = flags(("a", "VIDEO_DECLINED", 0.3), ("b", "CRYPTO_PAYMENT", 0.3), ("c", "VPN_HEAVY", 0.3))


def test_one_person_s_records_are_scored_on_their_red_flags_alone():
    # A re-hire under one name, with the e-mail and phone of the first contract: the ties
    # between one person's records are no team, so the ring scores what its flags say.
    contact = ties(("a", "b", "email", 0.95), ("a", "b", "phone", 0.85))
    people = names(a="JP Mendoza", b="John Paul Mendoza")
    result = score(pl.Series(["a", "b"]), ring("a", "b"), contact, RAISED, names=people)
    assert result.rings["ring_score"].item() == pytest.approx(30.0)
    assert result.rings["reasons"].item().to_list()[-1].startswith("one person's records")
    # Without the names it reads as two identities tied by their contacts.
    assert (
        score(pl.Series(["a", "b"]), ring("a", "b"), contact, RAISED).rings["ring_score"].item()
        > 50
    )


@pytest.mark.parametrize(
    "given",
    [
        {"a": "Ann Lee", "b": "Bo Chen", "c": "Ann Lee"},  # another name among them
        {"a": None, "b": "n/a", "c": None},  # no name given at all
    ],
)
def test_records_under_other_names_or_none_keep_their_ties(given):
    contact = ties(("a", "b", "email", 0.95), ("a", "c", "email", 0.95), ("b", "c", "phone", 0.85))
    result = score(pl.Series(["a", "b", "c"]), ring("a", "b", "c"), contact, RAISED)
    kept = score(
        pl.Series(["a", "b", "c"]), ring("a", "b", "c"), contact, RAISED, names=names(**given)
    )
    assert kept.rings.equals(result.rings)


def test_one_name_whose_records_share_no_contact_of_their_own_keeps_its_ties():
    # Three "Ann Lee"s on one device and account, two of them on one e-mail: not every two
    # share a contact, so a name shared by strangers paid together still counts as a ring.
    shared = ties(
        ("a", "b", "email", 0.95), ("a", "c", "device", 0.9), ("b", "c", "payment_account", 0.9)
    )
    people = names(a="Ann Lee", b="Ann Lee", c="LEE, Ann")
    result = score(pl.Series(["a", "b", "c"]), ring("a", "b", "c"), shared, RAISED, names=people)
    assert result.rings["ring_score"].item() > 100 * LINK_SHARE


def test_a_run_scores_a_re_hire_as_one_person_and_its_page_shows_no_ties_part(write_case):
    people = (
        "contractor_id,full_name,email,phone,video_interview\n"
        "a,JP Mendoza,jp.mendoza@mail.ph,+63 917 555 0101,declined\n"
        "b,John Paul Mendoza,JP.Mendoza+rehire@mail.ph,+639175550101,declined\n"
    )
    inv = investigate(write_case({"contractors.csv": people}))
    ring_id = inv.ring_scores["ring_id"].item()
    assert inv.ring_scores["reasons"].item()[-1].startswith("one person's records")
    page = inv.ring(ring_id)
    assert page.tie_score == 0.0 < page.score
