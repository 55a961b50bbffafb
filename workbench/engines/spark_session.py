"""A Spark session for the workbench: the cluster's own, or a local one for one machine."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

#: Spark settings of a local session: no web UI (nothing listens on a port), few
#: shuffle partitions (the default 200 is for clusters; a local run spends its
#: time starting tasks), and Arrow for the batches handed to Python.
LOCAL_SETTINGS: dict[str, str] = {
    "spark.ui.enabled": "false",
    "spark.sql.shuffle.partitions": "8",
    "spark.sql.execution.arrow.pyspark.enabled": "true",
    "spark.sql.session.timeZone": "UTC",
}


def spark_session(
    master: str | None = None,
    *,
    driver_memory: str = "2g",
    settings: dict[str, str] | None = None,
) -> SparkSession:
    """The active Spark session, or a new one on ``master`` (``local[2]`` if none is given).

    Python workers run this interpreter, so that they import the same polars
    and workbench as the driver. ``settings`` are further Spark settings for a
    new session (``spark.driver.maxResultSize``…), over `LOCAL_SETTINGS`.

    Examples
    --------
    >>> spark = spark_session()
    >>> spark.range(3).count()
    3
    """
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None and master is None:
        return active
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.master(master or "local[2]").appName("workbench")
    chosen = {**LOCAL_SETTINGS, "spark.driver.memory": driver_memory, **(settings or {})}
    for key, value in chosen.items():
        builder = builder.config(key, value)
    return builder.getOrCreate()
