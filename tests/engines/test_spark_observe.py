"""The observe stage on Spark (local mode), by buckets of contractor ids, as on one machine."""

from __future__ import annotations

from dataclasses import replace

import polars as pl
import pytest

from workbench.case import load_case
from workbench.coerce import empty_table
from workbench.engines.spark_keyed import to_spark
from workbench.engines.spark_observe import (
    collect_as,
    observe_on_spark,
    spelling_merges_on_spark,
)
from workbench.engines.spark_session import spark_session
from workbench.kinds import KINDS, Source
from workbench.observe import (
    OBSERVATION_ORDER,
    OBSERVATION_SCHEMA,
    UNUSABLE_ORDER,
    UNUSABLE_SCHEMA,
    observe_all,
    spelling_merges,
)
from workbench.tables import TABLES

#: Every Spark test shares one local session, on one xdist worker.
pytestmark = [pytest.mark.spark, pytest.mark.xdist_group("spark")]


@pytest.fixture(scope="module")
def spark():
    return spark_session()


def test_observe_on_spark_equals_the_whole_case_row_for_row(spark, case):
    expected = observe_all(case, KINDS)
    assert expected.observations.height > 0 and expected.unusable.height > 0
    # Rows equal in their sort columns are equal in all: no tie can reorder them.
    for frame, order in (
        (expected.observations, OBSERVATION_ORDER),
        (expected.unusable, UNUSABLE_ORDER),
    ):
        assert frame.unique(subset=list(order)).height == frame.unique().height

    observations, unusable = observe_on_spark(
        {name: to_spark(spark, frame) for name, frame in case.tables.items()},
        schemas={name: frame.schema for name, frame in case.tables.items()},
        buckets=4,
    )
    found = collect_as(observations, OBSERVATION_SCHEMA, OBSERVATION_ORDER)
    assert found.schema == expected.observations.schema
    assert found.equals(expected.observations)
    # The comparison sees order and every row: reversed, or one row short, it fails.
    assert not found.reverse().equals(expected.observations)
    assert not found.slice(1).equals(expected.observations)
    found_unusable = collect_as(unusable, UNUSABLE_SCHEMA, UNUSABLE_ORDER)
    assert found_unusable.schema == expected.unusable.schema
    assert found_unusable.equals(expected.unusable)


def test_a_kind_reading_a_table_without_contractor_ids_is_refused(spark):
    # Such a table reaches the buckets empty: its sightings would vanish.
    watchlist = empty_table(TABLES["watchlist"])
    badge = replace(KINDS["github"], sources=(Source(table="watchlist", column="value"),))
    with pytest.raises(ValueError, match="watchlist"):
        observe_on_spark(
            {"watchlist": to_spark(spark, watchlist)},
            schemas={"watchlist": watchlist.schema},
            buckets=2,
            kinds={"badge": badge},
        )


def test_a_phone_written_by_identities_claiming_other_countries_is_one_value_on_spark(
    spark, write_case
):
    # The readings of one number are merged over the whole case, not within each bucket.
    phones = ["(641) 448-6186", "641.448.6186", "641 448 6186", "6414486186"] * 2
    countries = ["US", "GB", "DE", "JP", "KR", "BR", "IN", "PH"]
    people = "contractor_id,phone,country\n" + "".join(
        f"c{n},{phone},{country}\n"
        for n, (phone, country) in enumerate(zip(phones, countries, strict=True))
    )
    case = load_case(write_case({"contractors.csv": people}))
    expected = observe_all(case, KINDS).observations.filter(pl.col("kind") == "phone")
    assert expected["value"].unique().to_list() == ["+16414486186"]
    tables = {name: to_spark(spark, frame) for name, frame in case.tables.items()}
    schemas = {name: frame.schema for name, frame in case.tables.items()}
    merges = spelling_merges_on_spark(tables, schemas=schemas, buckets=4)
    assert merges["phone"].equals(spelling_merges(case)["phone"])
    assert merges["phone"].height == len(set(countries)) - 1  # every reading but the one kept
    for given, alike in ((merges, True), (None, False)):
        observations, _ = observe_on_spark(tables, schemas=schemas, buckets=4, merges=given)
        found = collect_as(observations, OBSERVATION_SCHEMA, OBSERVATION_ORDER)
        assert found.filter(pl.col("kind") == "phone").equals(expected) is alike


def test_retouched_copies_of_a_photo_are_one_value_on_spark(spark, write_case):
    # Copies a bit or three apart, held by identities in different buckets, become the
    # copy most of them hold; a hash seven bits away stays apart.
    photos = ["3a02b62428e6e471", "3a02b62428e6e471", "3a02b62428e6e470", "3a02b62c28e6e4f0"]
    photos.append("3a02b62428e6e40e")  # seven bits from the first
    people = "contractor_id,photo_hash\n" + "".join(
        f"c{n},{photo}\n" for n, photo in enumerate(photos)
    )
    case = load_case(write_case({"contractors.csv": people}))
    expected = observe_all(case, KINDS).observations.filter(pl.col("kind") == "photo_hash")
    assert sorted(expected["value"].to_list()) == sorted([photos[0]] * 4 + [photos[4]])
    tables = {name: to_spark(spark, frame) for name, frame in case.tables.items()}
    schemas = {name: frame.schema for name, frame in case.tables.items()}
    merges = spelling_merges_on_spark(tables, schemas=schemas, buckets=4)
    assert merges["photo_hash"].equals(spelling_merges(case)["photo_hash"])
    observations, _ = observe_on_spark(tables, schemas=schemas, buckets=4, merges=merges)
    found = collect_as(observations, OBSERVATION_SCHEMA, OBSERVATION_ORDER)
    assert found.filter(pl.col("kind") == "photo_hash").equals(expected)


def test_alike_spellings_of_a_home_merge_on_spark_as_over_the_whole_case(spark, write_case):
    # One home in four spellings (two typos), written by identities in different buckets,
    # in the contractors, the shipments and the identifiers tables; and a home at the same
    # number and postcode on another street, which must stay apart.
    spellings = [
        "43 Columbus Ave, Columbus OH 43206",
        "43 Colombus Ave, OH 43206",
        "43 columbus avenue columbus ohio 43206",
        "43 Columbas Ave, Columbus OH 43206",
    ]
    people = "contractor_id,address\n" + "".join(
        f'c{n},"{line}"\n' for n, line in enumerate([*spellings, "43 Maple Ave, Columbus OH 43206"])
    )
    case = load_case(
        write_case(
            {
                "contractors.csv": people,
                "shipments.csv": "contractor_id,ship_to_address\n"
                'c5,"43 Columbus Ave, Columbus OH 43206"\nc6,"43 Colombus Ave, OH 43206"\n',
                "identifiers.csv": "contractor_id,kind,value\n"
                'c7,address,"43 Colombus Ave, OH 43206"\n',
            }
        )
    )
    expected = spelling_merges(case)
    assert expected["address"].filter(pl.col("key") != pl.col("merged")).height == 2
    tables = {name: to_spark(spark, frame) for name, frame in case.tables.items()}
    schemas = {name: frame.schema for name, frame in case.tables.items()}
    merges = spelling_merges_on_spark(tables, schemas=schemas, buckets=8)
    assert merges.keys() == expected.keys()
    for key, found in merges.items():
        assert found.equals(expected[key]), key
    observations, _ = observe_on_spark(tables, schemas=schemas, buckets=8, merges=merges)
    found = collect_as(observations, OBSERVATION_SCHEMA, OBSERVATION_ORDER)
    assert found.equals(observe_all(case, KINDS).observations)
    homes = found.filter(pl.col("kind") == "address")["value"].unique()
    assert homes.len() == 2


def test_a_registry_without_spellings_has_no_merges_to_make_on_spark(spark, write_case):
    # No kind's value depends on the rest of the case: nothing is merged, on either engine.
    case = load_case(
        write_case(
            {
                "contractors.csv": "contractor_id,github\nc1,octo\n",
                "identifiers.csv": "contractor_id,kind,value\nc1,github,octo\n",
            }
        )
    )
    tables = {name: to_spark(spark, frame) for name, frame in case.tables.items()}
    schemas = {name: frame.schema for name, frame in case.tables.items()}
    github = {"github": KINDS["github"]}
    assert spelling_merges_on_spark(tables, schemas=schemas, buckets=2, kinds=github) == {}
    assert spelling_merges(case, github) == {}
