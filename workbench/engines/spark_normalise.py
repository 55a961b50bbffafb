"""Canonical values on Spark, by the registry's own normalisers.

A normaliser is one polars function (`workbench.kinds.Kind.normalize`); the
Spark engine does not restate it. Each distinct (kind, raw value, context) is
sent once, in Arrow batches, to Python workers that run that function, and
the answers are joined back onto every sighting: libraries that work value by
value (phonenumbers, schwifty, usaddress) see each distinct value once, as on
one machine.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

import polars as pl
import pyarrow as pa

from workbench.kinds import KINDS, Kind, generic

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

#: The columns a normaliser may read besides the raw value (see `workbench.kinds.Source`).
CONTEXT = ("region", "method")

#: What the workers return for each distinct input: the kind it yields (the
#: sighting's own, or a kind derived from it) and its canonical value.
ANSWER = pa.schema([(name, pa.string()) for name in ("kind", "raw", *CONTEXT, "out_kind", "value")])


def canonical_values(batch: pl.DataFrame, kinds: Mapping[str, Kind] = KINDS) -> pl.DataFrame:
    """Normalise distinct (kind, raw, region, method) rows: the answers of one Arrow batch.

    A kind's derived kinds (an IP's network, an address's building) are answered
    too, each row once per kind it yields; a kind the registry does not know
    is normalised as `workbench.kinds.generic` normalises it.

    Examples
    --------
    >>> rows = pl.DataFrame({"kind": ["ip", "badge"], "raw": ["10.0.0.1 ", "B-7"],
    ...                      "region": [None, None], "method": [None, None]})
    >>> canonical_values(rows).select("out_kind", "value").rows()
    [('ip', '10.0.0.1'), ('ip_net', '10.0.0.0/24'), ('badge', 'b-7')]
    """
    answers = []
    for (name,), part in batch.partition_by("kind", as_dict=True, maintain_order=True).items():
        kind = kinds.get(str(name))
        if kind is None:
            answers.append(part.with_columns(out_kind=pl.col("kind"), value=generic(part["raw"])))
            continue
        valued = part.with_columns(out_kind=pl.col("kind"), value=kind.normalize(part))
        answers.append(valued)
        for child_name, child in kinds.items():
            if child.derived_from == name:
                derived = valued.with_columns(out_kind=pl.lit(child_name))
                answers.append(derived.with_columns(value=child.normalize(derived)))
    return pl.concat(answers).select(ANSWER.names).cast(pl.String)


def _answer_batches(
    batches: Iterator[pa.RecordBatch], kinds: Mapping[str, Kind]
) -> Iterator[pa.RecordBatch]:
    """`canonical_values` over Spark's Arrow batches, in Spark's string type."""
    for batch in batches:
        frame = pl.from_arrow(batch)
        assert isinstance(frame, pl.DataFrame)
        answers = canonical_values(frame, kinds).to_arrow().cast(ANSWER)
        yield from answers.to_batches()


def normalise(sightings: DataFrame, kinds: Mapping[str, Kind] = KINDS) -> DataFrame:
    """Every sighting with its canonical ``value`` (null where none), and its derived kinds' rows.

    Parameters
    ----------
    sightings : a Spark DataFrame with string columns kind and raw, and any of
        `CONTEXT`; other columns (contractor_id, source_row…) are carried.
    kinds : the registry whose normalisers run.

    Returns
    -------
    The sightings with ``value``, one row more per derived kind (``kind`` says
    which). Nothing is collected on the driver.

    Examples
    --------
    >>> from workbench.engines.spark_session import spark_session
    >>> spark = spark_session()
    >>> seen = spark.createDataFrame([("a", "ip", "10.0.0.1"), ("b", "ip", "10.0.0.1")],
    ...                              "contractor_id string, kind string, raw string")
    >>> sorted(tuple(r) for r in normalise(seen).select("contractor_id", "kind", "value").collect())
    [('a', 'ip', '10.0.0.1'), ('a', 'ip_net', '10.0.0.0/24'), ('b', 'ip', '10.0.0.1'), \
('b', 'ip_net', '10.0.0.0/24')]
    """
    from pyspark.sql import functions as F

    for name in CONTEXT:
        if name not in sightings.columns:
            sightings = sightings.withColumn(name, F.lit(None).cast("string"))
    keys = ["kind", "raw", *CONTEXT]
    distinct = sightings.select(*keys).distinct()
    schema = ", ".join(f"{name} string" for name in ANSWER.names)
    answers = distinct.mapInArrow(lambda batches: _answer_batches(batches, kinds), schema)
    # Context may be null: the join matches null to null.
    matched = F.lit(True)
    for key in keys:
        matched = matched & sightings[key].eqNullSafe(answers[key])
    carried = [sightings[c] for c in sightings.columns if c != "kind"]
    return sightings.join(answers, matched).select(
        answers["out_kind"].alias("kind"), *carried, answers["value"]
    )
