"""Which Spark session the engine runs on: spark-submit's, a local one, or the active one."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pyspark
import pytest

from workbench.engines.spark_engine import SparkStages

#: The Spark that pyspark carries: its bin/spark-submit starts a driver program.
SPARK_HOME = Path(pyspark.__file__).parent

#: Each test starts its own driver process: no session is shared with other modules.
pytestmark = [pytest.mark.spark, pytest.mark.xdist_group("spark")]

#: What a driver script reports of the session `spark_session()` gives it.
REPORT = """
import json, sys
from workbench.engines.spark_session import spark_session
spark = spark_session(driver_memory=sys.argv[1] if len(sys.argv) > 1 else None)
conf = spark.sparkContext.getConf()
print(json.dumps({"master": spark.sparkContext.master,
    "partitions": spark.conf.get("spark.sql.shuffle.partitions"),
    "max_result": conf.get("spark.driver.maxResultSize", None)}))
spark.stop()
"""


def session_report(tmp_path: Path, command: list[str], *args: str) -> dict[str, str]:
    """Run `REPORT` as a driver program with ``command`` in front; return what it printed."""
    script = tmp_path / "report.py"
    script.write_text(REPORT)
    # spark-submit runs its driver program on PYSPARK_PYTHON, from pyspark's own Spark.
    env = os.environ | {"SPARK_HOME": str(SPARK_HOME), "PYSPARK_PYTHON": sys.executable}
    done = subprocess.run(
        [*command, str(script), *args], capture_output=True, text=True, timeout=300, env=env
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_driver_started_by_spark_submit_keeps_its_master_and_settings(tmp_path):
    submit = SPARK_HOME / "bin" / "spark-submit"
    settings = ["--conf", "spark.sql.shuffle.partitions=3", "--conf", "spark.ui.enabled=false"]
    report = session_report(tmp_path, [str(submit), "--master", "local[1]", *settings])
    # Not the local default (local[2], 8 partitions) laid over what spark-submit was told.
    assert (report["master"], report["partitions"]) == ("local[1]", "3")


def test_a_local_session_may_collect_as_much_as_its_heap_holds(tmp_path):
    # Spark's own limit (1g) would stop a 1M case, whose sightings alone come to 1.7 GB.
    report = session_report(tmp_path, [sys.executable], "3g")
    assert report == {"master": "local[2]", "partitions": "8", "max_result": "3g"}


def test_buckets_follow_the_parallelism_where_partitions_are_automatic():
    # Databricks sets spark.sql.shuffle.partitions to "auto", which open-source Spark refuses.
    session = SimpleNamespace(
        conf=SimpleNamespace(get=lambda key: "auto"),
        sparkContext=SimpleNamespace(defaultParallelism=48, master="yarn"),
    )
    stages = SparkStages.on_session(session)  # type: ignore[arg-type]
    assert stages.buckets == 48
    # A cluster's executors cannot read the driver's disk: nothing is staged there.
    assert stages.staging is None


class RecordedBuilder:
    """Stands in for ``SparkSession.builder``: keeps the master and settings it is given."""

    def __init__(self) -> None:
        self.master_url: str | None = None
        self.settings: dict[str, str] = {}

    def appName(self, name: str) -> RecordedBuilder:  # noqa: N802 (Spark's name)
        return self

    def master(self, url: str) -> RecordedBuilder:
        self.master_url = url
        return self

    def config(self, key: str, value: str) -> RecordedBuilder:
        self.settings[key] = value
        return self

    def getOrCreate(self) -> None:  # noqa: N802 (Spark's name)
        return None


@pytest.mark.parametrize(
    ("master", "local"), [("spark://head:7077", False), ("yarn", False), ("local[4]", True)]
)
def test_only_a_local_master_gets_the_local_settings(monkeypatch, master, local):
    from pyspark.sql import SparkSession

    from workbench.engines.spark_session import LOCAL_SETTINGS, spark_session

    builder = RecordedBuilder()
    monkeypatch.setattr(SparkSession, "builder", builder)
    monkeypatch.setattr(SparkSession, "getActiveSession", staticmethod(lambda: None))
    spark_session(master, settings={"spark.executor.memory": "4g"})
    assert builder.master_url == master
    # A cluster's partitions, heap and result limit are its own, not one machine's.
    assert (LOCAL_SETTINGS.items() <= builder.settings.items()) is local
    assert ("spark.driver.memory" in builder.settings) is local
    assert builder.settings["spark.executor.memory"] == "4g"


#: A driver program whose one value (1.5 GB of text) cannot fit its JVM's heap (1 GB).
OUTGROWN = """
from workbench.engines.spark_session import spark_session
spark = spark_session(driver_memory="1g")
spark.range(1).selectExpr("repeat('x', 1500000000) AS text").collect()
"""


def test_a_local_session_exits_when_its_heap_runs_out(tmp_path):
    # A 1M case whose tables were read as sources ran out of the local driver's heap in
    # the thread that receives task results; that thread died and the run then waited,
    # idle, for ever. The JVM now exits on any out-of-memory error, wherever it happens;
    # this program runs out in a task, where Spark would stop without the JVM's words.
    script = tmp_path / "outgrown.py"
    script.write_text(OUTGROWN)
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=240
    )
    assert done.returncode != 0, done.stdout[-2000:]
    # The JVM says why on its standard output.
    assert "Terminating due to java.lang.OutOfMemoryError" in done.stdout + done.stderr
