"""Every red flag on Spark, one bucket of sharing components at a time, as on one machine."""

from __future__ import annotations

import polars as pl
import pytest

from tests.engines.conftest import AS_OF, assert_same_rows, with_facts
from workbench.engines.spark_engine import ORDERS
from workbench.engines.spark_flags import CASE_WIDE, flags_by_component, sharing_components
from workbench.engines.spark_keyed import to_spark
from workbench.engines.spark_session import spark_session
from workbench.flags.context import FlagContext
from workbench.flags.evaluate import evaluate
from workbench.flags.profile import RESUMES_ALIKE
from workbench.investigation import investigate

#: Every Spark test shares one local session, on one xdist worker.
pytestmark = [pytest.mark.spark, pytest.mark.xdist_group("spark")]


@pytest.fixture(scope="module")
def spark():
    return spark_session()


def test_flags_by_sharing_component_on_spark_equal_the_whole_case(spark, case):
    run = investigate(case, as_of=AS_OF)
    infrastructure = run.hubs.filter(pl.col("verdict") != "concentration")
    keyed = {n: f for n, f in case.tables.items() if "contractor_id" in f.columns}
    keyed["observations"] = run.observations
    shared = {n: f for n, f in case.tables.items() if n not in keyed}
    whole = FlagContext(
        tables=case.tables, sightings=run.sightings, hubs=infrastructure, as_of=AS_OF
    )
    expected = evaluate(whole).flags
    assert expected["code"].n_unique() > 10

    on_spark = {name: to_spark(spark, frame) for name, frame in keyed.items()}
    components_of = sharing_components(
        on_spark["observations"],
        to_spark(spark, infrastructure.select("kind", "value")),
        on_spark["referrals"],
    )
    tables, schemas, orders = with_facts(
        on_spark,
        {name: frame.schema for name, frame in keyed.items()},
        ORDERS,
        hubs=infrastructure,
        buckets=3,
    )
    answered = flags_by_component(
        tables,
        schemas=schemas,
        components_of=components_of,
        infrastructure=infrastructure,
        as_of=AS_OF,
        buckets=3,
        orders=orders,
        shared=shared,
    )
    assert_same_rows(answered, expected)


def _on_spark_with_facts(spark, case: FlagContext):
    """A case's contractors and sightings on Spark in four buckets, with every fact of the
    whole case the flags read (`with_facts`)."""
    keyed = {"contractors": case.tables["contractors"], "observations": case.observations}
    return with_facts(
        {name: to_spark(spark, frame) for name, frame in keyed.items()},
        {name: frame.schema for name, frame in keyed.items()},
        ORDERS,
        hubs=case.hubs,
        buckets=4,
    )


#: Twelve people's names, none alike another.
NAMES = [
    f"{first} {last}"
    for first, last in zip(
        [
            "Ann",
            "Bob",
            "Carla",
            "Dev",
            "Emeka",
            "Fatima",
            "Goran",
            "Hana",
            "Ivo",
            "Jun",
            "Kwame",
            "Lior",
        ],
        [
            "Lee",
            "Stone",
            "Ruiz",
            "Patel",
            "Obi",
            "Haddad",
            "Petrov",
            "Sato",
            "Novak",
            "Wu",
            "Mensah",
            "Katz",
        ],
        strict=True,
    )
]


def test_flags_pairing_alike_identities_find_pairs_that_share_nothing(spark):
    # Six pairs of identities, each pair with one résumé and running-number e-mails,
    # and nothing shared: every identity is its own component, so buckets part pairs.
    words = [
        "python",
        "rust",
        "kubernetes",
        "terraform",
        "react",
        "django",
        "graphql",
        "postgres",
        "kafka",
        "spark",
    ]
    ids, texts, emails = [], [], []
    for pair in range(6):
        text = " ".join(f"{word}{pair}" for word in words * 2)
        for member in range(2):
            ids.append(f"c{pair}{member}")
            texts.append(text)
            emails.append(f"builder{'abcdef'[pair]}team{10 + member}@mail.example")
    case = FlagContext.build(
        contractors={"contractor_id": ids, "resume_text": texts, "full_name": NAMES},
        observations={
            "contractor_id": ids,
            "kind": ["email"] * 12,
            "value": emails,
            "source": ["contractors"] * 12,
        },
    )
    expected = evaluate(case).flags
    paired = expected.filter(pl.col("code").is_in(["NEAR_DUPLICATE_RESUME", "SEQUENTIAL_EMAIL"]))
    assert paired.group_by("code").len().sort("code")["len"].to_list() == [12, 12]

    tables, schemas, orders = _on_spark_with_facts(spark, case)
    answered = flags_by_component(
        tables,
        schemas=schemas,
        components_of=spark.createDataFrame([], "contractor_id string, component string"),
        infrastructure=case.hubs,
        as_of=None,
        buckets=4,
        orders=orders,
    )
    assert_same_rows(answered, expected)


def test_one_persons_records_with_one_resume_are_read_together_on_spark(spark):
    # Two records of one person, with one résumé and nothing shared, and a stranger with
    # another résumé: the records are not a near-duplicate pair, whatever the buckets.
    cv = " ".join(f"skill{n} project{n}" for n in range(40))
    case = FlagContext.build(
        contractors={
            "contractor_id": ["a", "b", "c"],
            "full_name": ["Jane Q. Doe", "DOE, Jane", "Mark Stone"],
            "resume_text": [cv, cv + " extra", "Chef and baker of fine breads."],
        }
    )
    expected = evaluate(case).flags
    assert "NEAR_DUPLICATE_RESUME" not in expected["code"].to_list()
    tables, schemas, orders = _on_spark_with_facts(spark, case)
    components_of = sharing_components(
        tables["observations"],
        to_spark(spark, case.hubs.select("kind", "value")),
        spark.createDataFrame([], "referrer_id string, contractor_id string"),
        tables[CASE_WIDE + RESUMES_ALIKE.key].select("contractor_id", "other"),
    )
    answered = flags_by_component(
        tables,
        schemas=schemas,
        components_of=components_of,
        infrastructure=case.hubs,
        as_of=None,
        buckets=4,
        orders=orders,
    )
    assert_same_rows(answered, expected)
