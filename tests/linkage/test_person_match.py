"""Record linkage of personal details: one person behind two identities, typos and all."""

from __future__ import annotations

import random

import polars as pl

from tests.linkage.febrl import records
from tests.linkage.febrl import write_case as write_febrl
from workbench import person_match
from workbench.case import load_case
from workbench.investigation import investigate
from workbench.kinds import KINDS
from workbench.link import pair_weights
from workbench.observe import observe_all
from workbench.person_match import MIN_PEOPLE, LocalRecords

FIRST = ["james", "mary", "wei", "yuki", "minji", "olga", "pedro", "amara", "liam", "sofia"]
LAST = ["smith", "tanaka", "kim", "novak", "garcia", "okafor", "brown", "ivanova", "lee", "silva"]


def population(count: int, seed: int = 5) -> tuple[list[str], list[str]]:
    """Contractors and identifier rows for ``count`` distinct people."""
    rng = random.Random(seed)
    people, details = ["contractor_id,full_name"], ["contractor_id,kind,value"]
    for i in range(count):
        name = f"{rng.choice(FIRST).title()} {rng.choice(LAST).title()}"
        people.append(f"c{i:04},{name}")
        born = f"19{rng.randint(50, 99)}-{rng.randint(1, 12):02}-{rng.randint(1, 28):02}"
        details += [
            f"c{i:04},date_of_birth,{born}",
            f"c{i:04},national_id,{rng.randint(10**8, 10**9 - 1)}",
        ]
    return people, details


def febrl_people(folder) -> pl.DataFrame:
    """FEBRL 1's records as `person_match.person_records` makes them."""
    case = load_case(write_febrl(records(1), folder / "case"))
    return person_match.person_records(
        case.tables["contractors"], observe_all(case, KINDS).observations
    )


def case_with(write_case, people: list[str], details: list[str], name: str = "case"):
    return write_case(
        {"contractors.csv": "\n".join(people) + "\n", "identifiers.csv": "\n".join(details) + "\n"},
        name,
    )


def matches(inv) -> pl.DataFrame:
    return inv.links.filter(pl.col("kind") == "same_person")


def stolen_pair() -> tuple[list[str], list[str]]:
    """One stolen identity behind two profiles, written with typos."""
    people = ["x1,Jonathan Okonkwo", 'x2,"Okonkow, Jonathon"']
    details = [
        "x1,date_of_birth,1987-03-14",
        "x2,date_of_birth,14.03.1987",
        "x1,national_id,518-44-2917",
        "x2,national_id,518 44 2971",
    ]
    return people, details


def test_one_stolen_identity_behind_two_profiles_is_matched_through_typos(write_case):
    people, details = population(300)
    twins, twin_details = stolen_pair()
    inv = investigate(case_with(write_case, people + twins, details + twin_details))
    found = matches(inv)
    assert found.select("contractor_a", "contractor_b").rows() == [("x1", "x2")]
    assert found["value"].item().startswith("match weight ")
    assert "date of birth +" in found["value"].item()
    assert "identities compared on first name, last name, date of birth, national id" in (
        inv.person_match
    )
    assert (
        inv.members.filter(pl.col("contractor_id").is_in(["x1", "x2"]))["ring_id"].n_unique() == 1
    )


def test_relatives_with_one_surname_and_address_are_not_one_person(write_case):
    people, details = population(300)
    people += ["y1,Ana Duarte", "y2,Rui Duarte"]
    details += [
        "y1,date_of_birth,1979-06-02",
        "y2,date_of_birth,1981-11-23",
        "y1,national_id,301998754",
        "y2,national_id,744120398",
    ]
    inv = investigate(case_with(write_case, people, details))
    relatives = matches(inv).filter(pl.col("contractor_a").is_in(["y1", "y2"]))
    assert relatives.is_empty()


def test_names_alone_never_match_and_the_run_says_why(write_case):
    people, _ = population(300)
    inv = investigate(
        case_with(write_case, people + ["z1,Ann Lee", "z2,Ann Lee"], ["contractor_id,kind,value"])
    )
    assert matches(inv).is_empty()
    assert inv.person_match == (
        "not run: 0 identities have a name and a date of birth or national id "
        f"({MIN_PEOPLE} needed)"
    )


def test_a_reused_national_id_and_the_match_it_feeds_count_once():
    links = pl.DataFrame(
        {
            "contractor_a": ["a", "a"],
            "contractor_b": ["b", "b"],
            "kind": ["national_id", "same_person"],
            "value": ["518442917", "match weight 30.1 (…)"],
            "weight": [0.9, 0.95],
        }
    )
    assert pair_weights(links).rows() == [("a", "b", 0.95, 1)]


def test_a_date_of_birth_half_the_case_shares_narrows_its_candidate_pairs(write_case):
    # A form's default date, kept by 400 of 700 identities, would pair each of them with
    # 399 others: the key is narrowed, and the stolen identity is still found.
    people, details = population(700)
    placeholder = [
        row.rsplit(",", 1)[0] + ",1970-01-01" if "date_of_birth" in row and i % 7 < 4 else row
        for i, row in enumerate(details)
    ]
    twins, twin_details = stolen_pair()
    inv = investigate(case_with(write_case, people + twins, placeholder + twin_details))
    assert ("x1", "x2") in matches(inv).select("contractor_a", "contractor_b").rows()
    assert (
        "candidate pairs on date of birth narrowed to date of birth and last name's initial"
        in inv.person_match
    )


def test_a_large_case_trains_on_a_sample_that_does_not_depend_on_row_order(monkeypatch):
    monkeypatch.setattr(person_match, "TRAINING_PEOPLE", 150)
    people = pl.DataFrame(
        {
            "unique_id": [f"c{i:03}" for i in range(400)],
            "surname": [LAST[i % 10] for i in range(400)],
        }
    )
    sample = person_match.training_sample(LocalRecords(people), people=400)
    shuffled = person_match.training_sample(LocalRecords(people.sample(fraction=1.0, seed=3)), 400)
    assert sample.height == 150
    assert sample.equals(shuffled)
    assert sample["unique_id"].is_sorted()


def test_a_sampled_training_still_finds_the_stolen_identity_and_says_so(write_case, monkeypatch):
    monkeypatch.setattr(person_match, "TRAINING_PEOPLE", 200)
    people, details = population(300)
    twins, twin_details = stolen_pair()
    inv = investigate(case_with(write_case, people + twins, details + twin_details))
    assert matches(inv).select("contractor_a", "contractor_b").rows() == [("x1", "x2")]
    assert "(trained on 200 of them)" in inv.person_match


def test_a_pass_splink_refuses_is_left_out_as_if_never_run(monkeypatch, tmp_path):
    # Splink 5 refuses an m that falls to 0 mid-pass, after the pass has half-trained the
    # linker's settings: the pass is left out whole, and the note says so.
    from splink.internals.linker_components.training import LinkerTraining

    train = LinkerTraining.estimate_parameters_using_expectation_maximisation
    people = LocalRecords(febrl_people(tmp_path))

    def refused_on_surname(self, rule, **options):
        trained = train(self, rule, **options)
        if "surname" in str(rule.get_blocking_rule("duckdb").blocking_rule_sql):
            raise ValueError("m_probability value 0.0 is below the minimum allowed value")
        return trained

    def skipped_on_surname(self, rule, **options):
        if "surname" in str(rule.get_blocking_rule("duckdb").blocking_rule_sql):
            return None
        return train(self, rule, **options)

    monkeypatch.setattr(
        LinkerTraining, "estimate_parameters_using_expectation_maximisation", refused_on_surname
    )
    refused = person_match.match_records(people)
    monkeypatch.setattr(
        LinkerTraining, "estimate_parameters_using_expectation_maximisation", skipped_on_surname
    )
    skipped = person_match.match_records(people)
    assert "the pass blocked on last name did not converge (an m fell to 0) and was left out" in (
        refused.note
    )
    assert refused.links.height > 400
    assert refused.links.equals(skipped.links)


def test_a_national_id_most_identities_give_makes_them_neither_one_person_nor_a_crash(
    write_case,
):
    # 300 of 302 identities give one made-up number. Counted as pairs, it made 44,850
    # near-certain matches, a prior of 1 and NaN in Splink's training; blocking on it
    # alone would score every pair. It counts 299 repeats, and its key is narrowed.
    people, details = population(300)
    shared = [
        row.rsplit(",", 1)[0] + ",518-20-7431" if "national_id" in row else row for row in details
    ]
    twins, twin_details = stolen_pair()
    inv = investigate(case_with(write_case, people + twins, shared + twin_details))
    found = matches(inv).select("contractor_a", "contractor_b").rows()
    assert ("x1", "x2") in found
    assert len(found) < 10
    assert "candidate pairs on national id narrowed to national id and last name's initial" in (
        inv.person_match
    )


def test_an_identitys_records_are_the_same_whatever_order_its_details_were_sighted_in():
    # Row 0 of two tables gives two dates of birth: which ones the records take must not
    # hang on the order the sightings arrive in (the Spark engine's buckets differ).
    people = pl.DataFrame({"contractor_id": ["a"], "full_name": ["Ann Lee"]})
    sightings = pl.DataFrame(
        {
            "contractor_id": ["a"] * 4,
            "kind": ["date_of_birth"] * 4,
            "value": ["19900101", "19900102", "19910101", "19900103"],
            "source": ["identifiers", "contractors", "identifiers", "contractors"],
            "source_row": [0, 0, 1, 0],
            "sightings": [1, 1, 1, 1],
        }
    )
    taken = {
        tuple(person_match.person_records(people, sightings.sample(fraction=1.0, seed=seed)).rows())
        for seed in range(30)
    }
    assert len(taken) == 1
    assert [row[4] for row in taken.pop()] == ["19900101", "19900102", "19900103"]


def test_an_identity_with_many_details_has_a_few_records_those_it_gave_most():
    people = pl.DataFrame({"contractor_id": ["a"], "full_name": ["Ann Lee"]})
    dates = [f"1990{month:02}01" for month in range(1, 13)]
    ids = [f"{n}" * 9 for n in range(1, 10)]
    sightings = pl.DataFrame(
        {
            "contractor_id": "a",
            "kind": ["date_of_birth"] * 12 + ["national_id"] * 9,
            "value": dates + ids,
            "sightings": [1] * 11 + [5] + [1] * 8 + [4],
        }
    )
    records = person_match.person_records(people, sightings)
    assert records.height == person_match.MAX_DETAIL_VALUES**2 == 9
    assert records["unique_id"].n_unique() == 9
    assert sorted(set(records["date_of_birth"])) == ["19900101", "19900201", "19901201"]
    assert sorted(set(records["national_id"])) == ["111111111", "222222222", "999999999"]


def test_a_second_date_of_birth_is_compared_too_whatever_the_order_of_the_rows(write_case):
    # One profile gives two dates of birth, the second the other profile's: the pair is
    # one person however the identifiers table is ordered.
    people, details = population(150)
    people += ["q1,Katarzyna Wisniewska", "q2,Katarzyna Wisniewska"]
    twins = ["q2,date_of_birth,1992-11-30", "q1,date_of_birth,1985-03-14"]
    twins += ["q2,date_of_birth,1985-03-14"]
    found = []
    for order in (twins, twins[::-1]):
        inv = investigate(case_with(write_case, people, details + order, f"case{len(found)}"))
        found.append(matches(inv))
    assert found[0].select("contractor_a", "contractor_b").rows() == [("q1", "q2")]
    assert found[0].equals(found[1])
    assert "date of birth +" in found[0]["value"].item()
