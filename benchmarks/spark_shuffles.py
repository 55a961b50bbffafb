"""Shuffle bytes and task seconds per workbench stage of a Spark run, from Spark's event log.

Run: ``.venv/bin/python benchmarks/spark_shuffles.py CASE`` (the ``spark`` extra and
a Java runtime).

The case is investigated on a local Spark session (`LOCAL_SETTINGS`) that writes
an event log to a temporary folder. The engine names the Spark jobs of each of
its stages (``workbench observe``, ``workbench flags: by component``…,
`SparkStages._jobs`); every task's shuffle bytes written and read and its run
time are summed under the name of the job its stage served. Jobs started
outside a named stage (loading sources, the record linkage's training) count
under "unnamed". Prints the wall time and each stage's seconds, then a Markdown
table, largest shuffle first.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

from workbench.engines.spark_engine import SparkStages
from workbench.engines.spark_session import spark_session
from workbench.investigation import investigate

#: The name of jobs started outside a named workbench stage.
UNNAMED = "unnamed"
MB = 10**6


def stage_totals(events: Iterable[str]) -> dict[str, dict[str, float]]:
    """Shuffle MB written and read and task seconds, summed by job name, from event lines.

    Examples
    --------
    >>> events = [
    ...     '{"Event": "SparkListenerJobStart", "Stage IDs": [3],'
    ...     ' "Properties": {"spark.job.description": "workbench observe"}}',
    ...     '{"Event": "SparkListenerTaskEnd", "Stage ID": 3, "Task Metrics":'
    ...     ' {"Executor Run Time": 1500, "Shuffle Write Metrics": {"Shuffle Bytes Written":'
    ...     ' 2000000}, "Shuffle Read Metrics": {"Remote Bytes Read": 0,'
    ...     ' "Local Bytes Read": 1000000}}}']
    >>> dict(stage_totals(events)["workbench observe"])
    {'written': 2.0, 'read': 1.0, 'task_seconds': 1.5}
    """
    job_of_stage: dict[int, str] = {}
    totals: dict[str, dict[str, float]] = defaultdict(
        lambda: {"written": 0.0, "read": 0.0, "task_seconds": 0.0}
    )
    for line in events:
        event = json.loads(line)
        if event["Event"] == "SparkListenerJobStart":
            properties = event.get("Properties") or {}
            name = properties.get("spark.job.description") or UNNAMED
            for stage in event["Stage IDs"]:
                job_of_stage[stage] = name
        elif event["Event"] == "SparkListenerTaskEnd":
            metrics = event.get("Task Metrics") or {}
            written = metrics.get("Shuffle Write Metrics", {}).get("Shuffle Bytes Written", 0)
            reads = metrics.get("Shuffle Read Metrics", {})
            read = reads.get("Remote Bytes Read", 0) + reads.get("Local Bytes Read", 0)
            total = totals[job_of_stage.get(event["Stage ID"], UNNAMED)]
            total["written"] += written / MB
            total["read"] += read / MB
            total["task_seconds"] += metrics.get("Executor Run Time", 0) / 1000
    return totals


def table(totals: dict[str, dict[str, float]]) -> str:
    """The totals as a Markdown table, largest shuffle written first, with a total row."""
    lines = ["| jobs | shuffle written MB | shuffle read MB | task s |", "|---|---|---|---|"]
    rows = sorted(totals.items(), key=lambda item: -item[1]["written"])
    whole = {key: sum(row[key] for _, row in rows) for key in ("written", "read", "task_seconds")}
    for name, row in [*rows, ("total", whole)]:
        cells = f"{row['written']:,.1f} | {row['read']:,.1f} | {row['task_seconds']:,.1f}"
        lines.append(f"| {name} | {cells} |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("case", type=Path, help="a case folder")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="workbench-events-") as folder:
        # One plain file: Spark 4 would otherwise roll and compress it.
        log_settings = {
            "spark.eventLog.enabled": "true",
            "spark.eventLog.dir": f"file://{folder}",
            "spark.eventLog.rolling.enabled": "false",
            "spark.eventLog.compress": "false",
        }
        spark = spark_session(settings=log_settings)
        started = time.perf_counter()
        investigation = investigate(args.case, engine=SparkStages.on_session(spark))
        wall = time.perf_counter() - started
        spark.stop()
        (log,) = Path(folder).iterdir()
        with log.open() as events:
            totals = stage_totals(events)
    stages = ", ".join(f"{name} {seconds:.1f}" for name, seconds in investigation.timings.items())
    print(f"{args.case.name}: investigated on Spark in {wall:.1f} s (stage s: {stages})\n")
    print(table(totals))


if __name__ == "__main__":
    main()
