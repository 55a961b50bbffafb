"""The record linkage of `workbench.person_match` scoring its candidate pairs on Spark.

The model is trained on the driver, on DuckDB (`trained_model`); Splink's
Spark backend then blocks and compares the records with those parameters,
so that both engines score every pair alike. The one function the two
backends do not share is the names' Jaro-Winkler similarity: Splink's own
jar for Spark computes it differently from DuckDB (on FEBRL 3 it puts
"harley" and "haryley" below 0.92, DuckDB above), which moves a pair's
match weight across a level. The Spark session here computes it with
rapidfuzz, the algorithm DuckDB's ``jaro_winkler_similarity`` comes from
(`jaro_winkler`; a test holds the two equal value for value).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import polars as pl
import pyarrow as pa
from rapidfuzz.distance import JaroWinkler
from rapidfuzz.process import cpdist

from workbench.engines.spark_keyed import to_spark
from workbench.person_match import MIN_PROBABILITY, Predict

if TYPE_CHECKING:
    from pyspark.sql import SparkSession
    from splink import SettingsCreator

#: The SQL name Splink's Spark dialect calls for Jaro-Winkler similarity.
JARO_WINKLER = "jaro_winkler"


def jaro_winkler(left: pa.Array, right: pa.Array) -> pa.Array:
    """Jaro-Winkler similarity of each pair of strings (prefix scale 0.1), null where
    either is null, 0 where either is empty: DuckDB's ``jaro_winkler_similarity``,
    value for value.

    Examples
    --------
    >>> similarity = jaro_winkler(pa.array(["harley", "tara", None]),
    ...                           pa.array(["haryley", "taars", "x"]))
    >>> similarity.to_pylist()
    [0.9277777777777778, 0.88, None]
    """
    lefts, rights = left.to_pylist(), right.to_pylist()
    pairs = list(enumerate(zip(lefts, rights, strict=True)))
    # DuckDB calls two empty strings unalike (0.0), rapidfuzz alike (1.0): DuckDB's answer.
    similarity: list[float | None] = [None if None in pair else 0.0 for _, pair in pairs]
    both = [i for i, (a, b) in pairs if a and b]
    scores = cpdist(
        [lefts[i] for i in both],
        [rights[i] for i in both],
        scorer=JaroWinkler.normalized_similarity,
        dtype="float64",  # float32 by default: 0.88 would fall below a level at 0.88
        workers=1,
    )
    for row, score in zip(both, scores, strict=True):
        similarity[row] = float(score)
    return pa.array(similarity, pa.float64())


def predict_on_spark(spark: SparkSession) -> Predict:
    """`workbench.person_match.Predict` on ``spark``: Splink's Spark backend, with
    `jaro_winkler` registered on the session as the names' similarity.

    Examples
    --------
    >>> from workbench.engines.spark_session import spark_session
    >>> from workbench.person_match import predict_on_duckdb, trained_model
    >>> records = pl.DataFrame({"unique_id": [str(i) for i in range(200)],
    ...     "forename": ["ann", "anne"] * 100, "surname": [f"s{i % 60}" for i in range(200)],
    ...     "date_of_birth": [f"19900{i % 70:03d}" for i in range(200)]})
    >>> model = trained_model(records, certain=0, seed=7)
    >>> on_spark = predict_on_spark(spark_session())(records, model)
    >>> on_spark.height == predict_on_duckdb(records, model).height
    True
    """
    from pyspark.sql.functions import arrow_udf

    spark.udf.register(JARO_WINKLER, arrow_udf(jaro_winkler, "double"))  # type: ignore[call-overload]

    def predict(records: pl.DataFrame, model: SettingsCreator) -> pl.DataFrame:
        from splink import Linker
        from splink.backends.spark import SparkAPI

        # Persisted, not checkpointed: a checkpoint needs a directory the session may not
        # have. Splink's jar is not registered: its Jaro-Winkler is not DuckDB's.
        backend = SparkAPI(
            spark_session=spark, break_lineage_method="persist", register_udfs_automatically=False
        )
        linker = Linker(backend.register(to_spark(spark, records)), model, log_level=logging.ERROR)
        predicted = linker.inference.predict(threshold_match_probability=MIN_PROBABILITY)
        found = pl.from_arrow(predicted.as_spark_dataframe().toArrow())
        assert isinstance(found, pl.DataFrame)
        return found

    return predict
