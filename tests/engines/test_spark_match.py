"""The record linkage scores its pairs on Spark exactly as on DuckDB, and the Spark engine
links people as the polars engine does."""

from __future__ import annotations

import random

import duckdb
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.linkage.febrl import records, write_case
from workbench import person_match
from workbench.case import load_case
from workbench.engines.spark_keyed import to_spark
from workbench.engines.spark_match import SparkRecords, jaro_winkler
from workbench.engines.spark_session import spark_session
from workbench.investigation import investigate
from workbench.kinds import KINDS
from workbench.observe import observe_all
from workbench.person_match import MATCH_KIND, LocalRecords, match_records, person_records

#: Every Spark test shares one local session, on one xdist worker.
pytestmark = [pytest.mark.spark, pytest.mark.xdist_group("spark")]

#: Text as names may hold it: any character a string can carry (no lone surrogates).
NAMES = st.text(st.characters(exclude_categories=("Cs",)), max_size=12)


@pytest.fixture(scope="module")
def spark():
    return spark_session()


def duckdb_jaro_winkler(left: list[str | None], right: list[str | None]) -> list[float | None]:
    """DuckDB's own ``jaro_winkler_similarity`` of each pair."""
    connection = duckdb.connect()
    pairs = pa.table({"l": pa.array(left, pa.string()), "r": pa.array(right, pa.string())})
    connection.register("pairs", pairs)
    query = "select jaro_winkler_similarity(l, r) from pairs"
    return [row[0] for row in connection.sql(query).fetchall()]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(NAMES | st.none(), NAMES | st.none()), min_size=1, max_size=20))
def test_jaro_winkler_is_duckdbs_value_for_value(pairs):
    # Any text, nulls and empty strings; "tara"/"taars" is 0.88 exactly, a level's edge.
    left = [a for a, _ in pairs] + ["tara", "harley", ""]
    right = [b for _, b in pairs] + ["taars", "haryley", ""]
    found = [jaro_winkler(a, b) for a, b in zip(left, right, strict=True)]
    assert found == duckdb_jaro_winkler(left, right)


def test_jaro_winkler_is_duckdbs_to_the_last_bit_on_near_alike_strings():
    # rapidfuzz's own Jaro-Winkler differs from DuckDB's in the last bit for about one
    # pair in a hundred of these: shared prefixes, typos, short and long strings.
    draw = random.Random(7)

    def text() -> str:
        return "".join(draw.choice("aabcde01 éñ李") for _ in range(draw.randint(0, 70)))

    left = [text() for _ in range(20_000)]
    right = [a[: draw.randint(0, len(a))] + text()[:3] for a in left[:10_000]]
    right += [text() for _ in left[10_000:]]
    found = [jaro_winkler(a, b) for a, b in zip(left, right, strict=True)]
    assert found == duckdb_jaro_winkler(left, right)


@pytest.mark.parametrize("number", [1, 3])
def test_splink_on_spark_judges_febrl_as_duckdb_does(spark, number, tmp_path):
    # FEBRL 3 tells the similarities apart: Splink's own jar for Spark puts "harley" and
    # "haryley" a level lower than DuckDB, and a float32 similarity puts 0.88 below the
    # level at 0.88; either changes a dozen of its 6,295 pairs.
    case = load_case(write_case(records(number), tmp_path / "case"))
    observations = observe_all(case, KINDS).observations
    people = person_records(case.tables["contractors"], observations)
    on_duckdb = match_records(LocalRecords(people))
    on_spark = match_records(SparkRecords(spark, to_spark(spark, people)))
    assert on_duckdb.links.height > 400
    assert on_spark.note == on_duckdb.note
    assert on_spark.links.equals(on_duckdb.links)


def test_the_spark_engine_links_people_as_polars_does(spark, tmp_path):
    # FEBRL's addresses carry typos: alike spellings must merge over the whole case,
    # not within each bucket of identities.
    case = load_case(write_case(records(1), tmp_path / "case"))
    by_polars, by_spark = investigate(case), investigate(case, engine="spark")
    same_person = pl.col("kind") == MATCH_KIND
    assert by_polars.links.filter(same_person).height > 400
    assert by_spark.links.equals(by_polars.links)
    assert by_spark.person_match == by_polars.person_match
    assert by_spark.rings.equals(by_polars.rings)


def test_narrowed_keys_and_a_sampled_training_are_the_same_on_spark(spark, monkeypatch, tmp_path):
    # Counted, sampled and blocked on each engine by its own SQL: the same keys narrowed,
    # the same 2,000 identities trained on, the same pairs judged.
    monkeypatch.setattr(person_match, "TRAINING_PEOPLE", 2_000)
    monkeypatch.setattr(person_match, "PAIRS_PER_PERSON", 1)
    case = load_case(write_case(records(3), tmp_path / "case"))
    people = person_records(case.tables["contractors"], observe_all(case, KINDS).observations)
    on_duckdb = match_records(LocalRecords(people))
    on_spark = match_records(SparkRecords(spark, to_spark(spark, people)))
    assert "(trained on 2,000 of them)" in on_duckdb.note
    assert "candidate pairs on last name and first name's initial narrowed" in on_duckdb.note
    assert on_duckdb.links.height > 400
    assert on_spark.note == on_duckdb.note
    assert on_spark.links.equals(on_duckdb.links)


def test_identities_of_several_records_are_judged_alike_on_spark(spark, tmp_path):
    # Some FEBRL 1 identities give a second date of birth, one of them another
    # identity's: each pair of identities keeps its best pair of records on either engine.
    case = load_case(write_case(records(1), tmp_path / "case"))
    observations = observe_all(case, KINDS).observations
    born = observations.filter(pl.col("kind") == "date_of_birth").sort("contractor_id")
    second = born.head(60).with_columns(value=pl.col("value").shift(1).fill_null("19700101"))
    people = person_records(case.tables["contractors"], pl.concat([observations, second]))
    on_duckdb = match_records(LocalRecords(people))
    on_spark = match_records(SparkRecords(spark, to_spark(spark, people)))
    assert people.height > people["contractor_id"].n_unique()
    assert "records (one per date of birth and national id)" in on_duckdb.note
    assert on_spark.note == on_duckdb.note
    assert on_spark.links.equals(on_duckdb.links)
    assert on_duckdb.links.select("contractor_a", "contractor_b").is_unique().all()
