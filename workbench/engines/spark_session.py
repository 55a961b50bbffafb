"""A Spark session for the workbench: the cluster's own, or a local one for one machine."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

#: Spark settings of a local session: no web UI (nothing listens on a port) and no
#: progress bars on the terminal (the workbench reports its own stages), few
#: shuffle partitions (the default 200 is for clusters; a local run spends its
#: time starting tasks), and Arrow for the batches handed to Python. The JVM
#: exits when its heap runs out, as a cluster's executors do: in local mode the
#: driver's JVM is the executor too, and an out-of-memory error in the thread that
#: receives task results would otherwise leave the run waiting for ever.
LOCAL_SETTINGS: dict[str, str] = {
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.shuffle.partitions": "8",
    "spark.sql.execution.arrow.pyspark.enabled": "true",
    "spark.sql.session.timeZone": "UTC",
    "spark.driver.extraJavaOptions": "-XX:+ExitOnOutOfMemoryError",
}


def spark_session(
    master: str | None = None,
    *,
    driver_memory: str | None = None,
    settings: dict[str, str] | None = None,
) -> SparkSession:
    """The active Spark session, or a new one on ``master``.

    Without ``master``, a driver that spark-submit started gets the session
    spark-submit configured (its master, memory and settings), and any other
    process a local one (``local[2]``). A local session gets `LOCAL_SETTINGS`,
    a driver heap of ``driver_memory`` (`default_driver_memory` if None; in
    local mode the driver is also the executor and holds the tables sent from
    polars), and may collect as much as that heap holds. Python workers run
    this interpreter, so that they import the same polars and workbench as the
    driver. ``settings`` are further Spark settings for a new session
    (``spark.driver.maxResultSize``…), over all of these.

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
    builder = SparkSession.builder.appName("workbench")
    chosen = dict(settings or {})
    # A driver spark-submit started has its master and resources from it: a local
    # default would override them.
    if master is None and not _submitted():
        master = "local[2]"
    if master is not None:
        builder = builder.master(master)
        if is_local(master):
            memory = driver_memory or default_driver_memory()
            local = {"spark.driver.memory": memory, "spark.driver.maxResultSize": memory}
            chosen = {**LOCAL_SETTINGS, **local, **chosen}
    for key, value in chosen.items():
        builder = builder.config(key, value)
    return builder.getOrCreate()


def _submitted() -> bool:
    """Whether spark-submit started this Python process (its JVM gateway is already running)."""
    return "PYSPARK_GATEWAY_PORT" in os.environ


def is_local(master: str) -> bool:
    """Whether ``master`` runs Spark inside this machine's driver (``local``, ``local[4]``…).

    Examples
    --------
    >>> is_local("local[2]"), is_local("spark://head:7077"), is_local("yarn")
    (True, False, False)
    """
    return master == "local" or master.startswith("local[")


def default_driver_memory() -> str:
    """A third of this machine's memory, at least 2 GB: the heap of a local session's driver.

    A 100k-contractor case sent from polars needs more than 2 GB of heap.

    Examples
    --------
    >>> int(default_driver_memory().removesuffix("g")) >= 2
    True
    """
    total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return f"{max(2, total // 3 // 2**30)}g"
