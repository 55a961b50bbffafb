"""The observe stage on Spark, by its own polars definition.

Nearly everything `workbench.observe.observe_all` does is local to one
contractor id: sightings collapse per identity and raw value, normalisers
work value by value, and e-mail templates and foreign payees read only the
identity's own rows. So `run_by_key` hashes contractor ids into buckets and
each bucket runs `observe_all` on its own rows; the buckets' answers
together are the case's. The exception is a kind whose values depend on
the whole case (an address typo takes the spelling most identities wrote,
`workbench.kinds.Spellings`): its merges are made first, by the steps of
`Spellings` (`spelling_merges_on_spark`), and given to every bucket.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from workbench.case import Case
from workbench.case_tables import CaseTables, TableHandle
from workbench.coerce import empty_table
from workbench.engines.spark_keyed import PART, part_of, parted, parts_schema, run_by_key
from workbench.kinds import KINDS, Kind, Spellings
from workbench.observe import (
    OBSERVATION_SCHEMA,
    SIGHTING_SCHEMA,
    UNUSABLE_SCHEMA,
    columns_read,
    observe_all,
    spelling_tallies,
    spelt_kinds,
)
from workbench.readers import REJECT_SCHEMA
from workbench.tables import ROW, TABLES

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

#: The column observations are local to.
KEY = "contractor_id"

#: The frames of a bucket's answer, told apart by `PART` (their columns unprefixed).
OBSERVATIONS, UNUSABLE = "observations", "unusable"

#: One bucket's answer: both frames' columns (``kind`` and ``value`` are shared), and `PART`.
ANSWER = pl.Schema({PART: pl.String(), **OBSERVATION_SCHEMA, **UNUSABLE_SCHEMA})

#: No sightings, and no keys of them: what each kind's tally is made of to learn its columns.
_NO_SIGHTINGS = pl.DataFrame(schema=SIGHTING_SCHEMA)
_NO_KEYS = pl.Series("value", [], dtype=pl.String)


def observe_on_spark(
    tables: Mapping[str, DataFrame],
    *,
    schemas: Mapping[str, pl.Schema],
    buckets: int,
    kinds: Mapping[str, Kind] = KINDS,
    merges: Mapping[str, pl.DataFrame] | None = None,
) -> tuple[DataFrame, DataFrame]:
    """The observations and unusable values of a case whose tables are Spark DataFrames.

    Parameters
    ----------
    tables : every case table as `workbench.case.load_case` gives it (with
        ``source_row``), sent to Spark by `workbench.engines.spark_keyed.to_spark`.
        A table not given is empty, and so is a table without contractor_id
        (the watchlist): no kind reads one.
    schemas : each given table's polars schema as loaded.
    buckets : how many buckets the contractor ids are hashed into.
    kinds : the kind registry.
    merges : the case's `workbench.observe.spelling_merges`, as
        `spelling_merges_on_spark` makes them; without them, a bucket merges the
        spellings of its own identities only.

    Returns
    -------
    (observations, unusable), of `OBSERVATION_SCHEMA` and `UNUSABLE_SCHEMA` with
    ``sightings`` as a long; `collect_as` with `OBSERVATION_ORDER` and
    `UNUSABLE_ORDER` gives `observe_all`'s frames. Both come from one
    persisted run of the buckets; nothing is collected on the driver.

    Raises
    ------
    ValueError
        A kind reads a given table that has no contractor_id.

    Examples
    --------
    >>> from workbench.engines.spark_keyed import to_spark
    >>> from workbench.engines.spark_session import spark_session
    >>> from workbench.case import load_case
    >>> from workbench.observe import OBSERVATION_ORDER
    >>> case = load_case("sample_data/demo_case")
    >>> spark = spark_session()
    >>> tables = {name: to_spark(spark, frame) for name, frame in case.tables.items()}
    >>> schemas = {name: frame.schema for name, frame in case.tables.items()}
    >>> merges = spelling_merges_on_spark(tables, schemas=schemas, buckets=2)
    >>> observations, unusable = observe_on_spark(tables, schemas=schemas, buckets=2,
    ...     merges=merges)
    >>> collect_as(observations, OBSERVATION_SCHEMA, OBSERVATION_ORDER).equals(
    ...     observe_all(case).observations)
    True
    """
    keyed = {name: frame for name, frame in tables.items() if KEY in schemas[name]}
    read = {source.table for kind in kinds.values() for source in kind.sources}
    if unkeyed := sorted(read & (tables.keys() - keyed.keys())):
        raise ValueError(f"kinds read tables without {KEY}: {', '.join(unkeyed)}")
    # Every table of the contract, as a loaded `Case` holds them.
    schemas = {name: empty_table(spec).schema for name, spec in TABLES.items()} | dict(schemas)
    answered = run_by_key(
        keyed,
        key=KEY,
        schemas=schemas,
        stage=partial(_observe_bucket, kinds=kinds, merges=dict(merges or {})),
        answer=ANSWER,
        buckets=buckets,
        orders={name: [ROW] for name in keyed},
    )
    # Persisted, so that taking both parts runs the buckets once, not once per part.
    answered = answered.persist()
    observations = _part(answered, OBSERVATIONS, OBSERVATION_SCHEMA)
    return observations, _part(answered, UNUSABLE, UNUSABLE_SCHEMA)


def spelling_merges_on_spark(
    tables: Mapping[str, DataFrame],
    *,
    schemas: Mapping[str, pl.Schema],
    buckets: int,
    kinds: Mapping[str, Kind] = KINDS,
) -> dict[str, pl.DataFrame]:
    """`workbench.observe.spelling_merges` of a case whose tables are Spark DataFrames, by
    the steps of each kind's `Spellings`, with only the merges gathered on the driver.

    Each bucket of identities tallies its own sightings (`spelling_tallies`,
    one pass for every kind, reading only the columns they read); each
    bucket of the tallies' groups (`Spellings.group_on`: an address's
    numbers, a phone's digits) finds what its groups decide
    (`Spellings.within`), and the driver gathers those few rows and makes
    the merges (`Spellings.across`).

    Parameters
    ----------
    tables, schemas : as `observe_on_spark` takes them.
    buckets : how many buckets the identities, then each kind's groups, are hashed into.
    kinds : the kind registry.

    Examples
    --------
    >>> from workbench.engines.spark_keyed import to_spark
    >>> from workbench.engines.spark_session import spark_session
    >>> written = pl.DataFrame({"contractor_id": ["a", "b", "c"], "address": [
    ...     "9 Maple Dr, Tampa FL 33669", "9 Mapel Dr, FL 33669", "9 Maple Dr, Tampa FL 33669"],
    ...     "source_row": [1, 2, 3]})
    >>> people = pl.concat([empty_table(TABLES["contractors"]), written], how="diagonal")
    >>> merges = spelling_merges_on_spark({"contractors": to_spark(spark_session(), people)},
    ...     schemas={"contractors": people.schema}, buckets=3)
    >>> merges["address"].filter(pl.col("key") != pl.col("merged")).rows()
    [('33669 9 dr fl mapel', '33669 9 dr fl maple tampa')]
    """
    from pyspark import StorageLevel

    spelt = spelt_kinds(kinds)
    if not spelt:
        return {}  # no kind's values depend on the rest of the case: nothing to send
    wanted = {key: kinds[key] for key in spelt}
    read = columns_read(wanted) | {"identifiers": list(schemas.get("identifiers", {}))}
    sent = {name: tables[name].select(*columns) for name, columns in read.items() if name in tables}
    sent_schemas = {name: _only(schemas[name], read[name]) for name in sent}
    empty = {key: spellings.tally(_NO_SIGHTINGS, _NO_KEYS) for key, spellings in spelt.items()}
    steps = parts_schema({key: tally.schema for key, tally in empty.items()})

    def tally_bucket(bucket: dict[str, pl.DataFrame]) -> pl.DataFrame:
        case = Case(
            path=Path(), tables=CaseTables(bucket), rejects=pl.DataFrame(schema=REJECT_SCHEMA)
        )
        return parted(spelling_tallies(case, wanted), steps)

    # Cached: each kind's next step reads its part of it.
    tallied = run_by_key(
        sent,
        key=KEY,
        schemas={name: empty_table(TABLES[name]).schema for name in TABLES if name not in sent}
        | sent_schemas,
        stage=tally_bucket,
        answer=steps,
        buckets=buckets,
        orders={name: [ROW] for name in sent},
    ).persist(StorageLevel.MEMORY_AND_DISK)
    try:
        merges = {}
        for key, spellings in spelt.items():
            tally = part_of(tallied, key, empty[key].schema)
            decided = spellings.within(empty[key]).schema
            within = run_by_key(
                {"tally": tally},
                key=spellings.group_on,
                schemas={"tally": empty[key].schema},
                stage=partial(_within_bucket, spellings),
                answer=decided,
                buckets=buckets,
                # Every column: a bucket's rows in one order, whatever Spark's.
                orders={"tally": empty[key].columns},
            )
            merges[key] = spellings.across(collect_as(within, decided, decided.names()))
    finally:
        tallied.unpersist()
    return merges


def _within_bucket(spellings: Spellings, bucket: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """What one bucket's whole groups of tally rows decide (`Spellings.within`)."""
    return spellings.within(bucket["tally"])


def _only(schema: pl.Schema, columns: Sequence[str]) -> pl.Schema:
    """``schema``'s columns among ``columns``, in ``columns``' order."""
    return pl.Schema({name: schema[name] for name in columns if name in schema})


def collect_as(frame: DataFrame, schema: pl.Schema, order: Sequence[str]) -> pl.DataFrame:
    """A Spark answer gathered on the driver as one machine holds it: typed by ``schema``, sorted.

    Spark keeps no row order and travels some types as their stand-ins
    (`workbench.engines.spark_keyed.SPARK_STAND_INS`): the columns of ``schema``
    are taken in its order and cast back to its types, and the rows sorted by
    ``order`` (nulls first, as polars sorts). Rows equal in ``order`` but not
    in every column may come in either order.

    Examples
    --------
    >>> from workbench.engines.spark_keyed import to_spark
    >>> from workbench.engines.spark_session import spark_session
    >>> frame = pl.DataFrame({"id": ["b", "a"], "n": [2, 1]},
    ...                      schema={"id": pl.String, "n": pl.UInt32})
    >>> collect_as(to_spark(spark_session(), frame), frame.schema, ["id"]).rows()
    [('a', 1), ('b', 2)]
    """
    found = pl.from_arrow(frame.select(*schema.names()).toArrow())
    assert isinstance(found, pl.DataFrame)
    return found.cast(schema).sort(list(order))


def _part(answered: DataFrame, part: str, schema: pl.Schema) -> DataFrame:
    """The rows of one `PART` of the buckets' answers, with that frame's columns."""
    from pyspark.sql import functions as F

    return answered.where(F.col(PART) == part).select(*schema.names())


def _observe_bucket(
    tables: dict[str, pl.DataFrame],
    kinds: Mapping[str, Kind],
    merges: Mapping[str, pl.DataFrame],
) -> pl.DataFrame:
    """`observe_all` on one bucket's tables: both frames in one, `PART` telling them apart."""
    case = Case(path=Path(), tables=CaseTables(tables), rejects=pl.DataFrame(schema=REJECT_SCHEMA))
    observed = observe_all(case, kinds, merges=merges)
    # One machine's sightings: a frame, read as one without gathering anything.
    sightings = TableHandle(observed.observations).frame
    return pl.concat(
        [
            sightings.with_columns(pl.lit(OBSERVATIONS).alias(PART)),
            observed.unusable.with_columns(pl.lit(UNUSABLE).alias(PART)),
        ],
        how="diagonal",
    )
