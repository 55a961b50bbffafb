"""The record linkage of `workbench.person_match` scoring its candidate pairs on Spark.

The model is trained on the driver, on DuckDB (`trained_model`); Splink's
Spark backend then blocks and compares the records with those parameters,
so that both engines score every pair alike. The one function the two
backends do not share is the names' Jaro-Winkler similarity: Splink's own
jar for Spark computes it differently from DuckDB (on FEBRL 3 it puts
"harley" and "haryley" below 0.92, DuckDB above), which moves a pair's
match weight across a level. The Spark session here computes it with
the arithmetic of DuckDB's ``jaro_winkler_similarity`` (`jaro_winkler`; a
test holds the two equal to the last bit). rapidfuzz's own Jaro-Winkler is
not: about one pair in a hundred differs in its last bit, enough to cross a
level set at a round value such as 0.88, which short names reach exactly.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

import polars as pl
from rapidfuzz.distance import Jaro

from workbench.person_match import MIN_PROBABILITY

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession
    from splink import SettingsCreator

#: The SQL name Splink's Spark dialect calls for Jaro-Winkler similarity.
JARO_WINKLER = "jaro_winkler"

#: Jaro-Winkler as DuckDB computes it: a common prefix of up to 4 characters, each
#: worth 0.1 of the distance left, boosts a Jaro similarity above 0.7.
WINKLER_PREFIX, WINKLER_SCALE, WINKLER_FROM = 4, 0.1, 0.7


def jaro_winkler(left: str | None, right: str | None) -> float | None:
    """Jaro-Winkler similarity of two strings, None where either is None, 0 where either
    is empty: DuckDB's ``jaro_winkler_similarity``, to the last bit.

    The Jaro similarity is rapidfuzz's (DuckDB's comes from the same code);
    the Winkler boost of a common prefix of up to `WINKLER_PREFIX` characters
    is added above `WINKLER_FROM` as DuckDB's build adds it, in one fused
    multiply-add (`_fused`).

    Examples
    --------
    >>> jaro_winkler("harley", "haryley"), jaro_winkler("tara", "taars"), jaro_winkler("", "")
    (0.9277777777777778, 0.88, 0.0)
    """
    if left is None or right is None:
        return None
    if not left or not right:
        return 0.0  # DuckDB calls two empty strings unalike, rapidfuzz alike
    similarity = Jaro.similarity(left, right)
    if similarity <= WINKLER_FROM:
        return similarity
    prefix = 0
    for mine, theirs in zip(left[:WINKLER_PREFIX], right[:WINKLER_PREFIX], strict=False):
        if mine != theirs:
            break
        prefix += 1
    return _fused(prefix * WINKLER_SCALE, 1.0 - similarity, similarity)


def _fused(x: float, y: float, z: float) -> float:
    """x * y + z rounded once, as a fused multiply-add (`math.fma` from Python 3.13).

    Examples
    --------
    >>> _fused(0.4, 0.20952380952380956, 0.7904761904761904)
    0.8742857142857142
    """
    return float(Fraction(x) * Fraction(y) + Fraction(z))


@dataclass(frozen=True)
class SparkRecords:
    """`workbench.person_match.PersonRecords` in a Spark DataFrame, asked on its session:
    counts and the training sample by Spark SQL, the candidate pairs by Splink's Spark
    backend, with `jaro_winkler` registered on the session as the names' similarity.

    Examples
    --------
    >>> from workbench.engines.spark_keyed import to_spark
    >>> from workbench.engines.spark_session import spark_session
    >>> from workbench.person_match import LocalRecords, trained_model
    >>> ids = [str(i) for i in range(200)]
    >>> records = pl.DataFrame({"unique_id": ids, "contractor_id": ids,
    ...     "forename": ["ann", "anne"] * 100, "surname": [f"s{i % 60}" for i in range(200)],
    ...     "date_of_birth": [f"19900{i % 70:03d}" for i in range(200)]})
    >>> model = trained_model(records, certain=0, seed=7).settings
    >>> on_spark = SparkRecords(spark_session(), to_spark(spark_session(), records))
    >>> on_spark.predict(model).height == LocalRecords(records).predict(model).height
    True
    """

    spark: SparkSession
    frame: DataFrame

    def sql(self, query: str) -> pl.DataFrame:
        found = pl.from_arrow(self.spark.sql(query, records=self.frame).toArrow())
        assert isinstance(found, pl.DataFrame)
        return found

    def predict(self, model: SettingsCreator) -> pl.DataFrame:
        from pyspark.sql.functions import udf
        from splink import Linker
        from splink.backends.spark import SparkAPI

        # A row-at-a-time UDF with Arrow batches: Spark 4.0 has no vectorised `arrow_udf`
        # (4.1), and a pandas UDF would need pandas, which the spark extra does not bring.
        self.spark.udf.register(JARO_WINKLER, udf(jaro_winkler, "double", useArrow=True))
        # Persisted, not checkpointed: a checkpoint needs a directory the session may not
        # have. Splink's jar is not registered: its Jaro-Winkler is not DuckDB's.
        backend = SparkAPI(
            spark_session=self.spark,
            break_lineage_method="persist",
            register_udfs_automatically=False,
        )
        linker = Linker(backend.register(self.frame), model, log_level=logging.ERROR)
        predicted = linker.inference.predict(threshold_match_probability=MIN_PROBABILITY)
        found = pl.from_arrow(predicted.as_spark_dataframe().toArrow())
        assert isinstance(found, pl.DataFrame)
        return found
