"""`investigate(engine="spark")` and ``workbench run --engine spark`` write the polars engine's
output tables byte for byte."""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import polars as pl
import pytest

from tests.conftest import SAMPLE_CASE
from workbench import observe
from workbench.case import Case
from workbench.cli import EXIT_BAD_INPUT, main
from workbench.engines import spark_engine
from workbench.engines.spark_engine import SparkStages
from workbench.engines.spark_session import spark_session
from workbench.engines.spark_table import SparkTable
from workbench.investigation import investigate
from workbench.observe import observe_all
from workbench.output import write_tables
from workbench.synth import synthesize

#: Every Spark test shares one local session, on one xdist worker.
pytestmark = [pytest.mark.spark, pytest.mark.xdist_group("spark")]

#: The output tables issue 17 names, and the values that could not be used.
COMPARED = ("rings.csv", "contractors.csv", "links.csv", "hubs.csv", "flags.csv")


@pytest.fixture(scope="module")
def spark():
    return spark_session()


def tables_written(folder: Path) -> dict[str, bytes]:
    """Every table of an output folder, by file name (run.json holds timings: left out)."""
    return {path.name: path.read_bytes() for path in sorted(folder.glob("*.csv"))}


def assert_same_tables(case: Case | Path, folder: Path) -> None:
    """Both engines investigate ``case`` and write every table byte for byte alike."""
    # No as_of: where an open engagement ends is a fact of the whole case, which the
    # Spark engine must resolve once for every bucket.
    by_polars = investigate(case)
    by_spark = investigate(case, engine="spark")
    assert (by_polars.engine, by_spark.engine) == ("polars", "spark")
    write_tables(by_polars, folder / "polars")
    write_tables(by_spark, folder / "spark")

    expected, found = tables_written(folder / "polars"), tables_written(folder / "spark")
    assert set(COMPARED) <= set(expected)
    assert by_polars.flags["code"].n_unique() > 10 and by_polars.alerts.height > 0
    assert found.keys() == expected.keys()
    assert [name for name in expected if found[name] != expected[name]] == []
    assert by_spark.flag_result.status.equals(by_polars.flag_result.status)


def test_the_spark_engine_writes_every_table_as_polars_does(spark, case, tmp_path):
    assert_same_tables(case, tmp_path)


def test_the_spark_engine_writes_every_table_as_polars_does_at_10k(spark, tmp_path):
    # Issue 17's size: 10,000 identities with farms, hubs and every table, read from parquet.
    folder = tmp_path / "case"
    synthesize(folder, contractors=10_000, rings=30, seed=7, fmt="parquet")
    assert_same_tables(folder, tmp_path)


def test_the_spark_engine_writes_every_table_as_polars_does_at_100k(spark, tmp_path):
    # Issue 17's largest size in local mode: about five minutes on two cores, 12 GB.
    folder = tmp_path / "case"
    synthesize(folder, contractors=100_000, rings=300, seed=7, fmt="parquet")
    assert_same_tables(folder, tmp_path)


def test_a_local_session_reads_the_case_from_disk_in_as_many_buckets_as_it_needs(
    spark, case, monkeypatch
):
    # Locally the tables are written to the driver's disk for Spark to read, not held in
    # its JVM; a case of more identities than a bucket is meant for gets more buckets.
    monkeypatch.setattr(spark_engine, "MAX_BUCKET_IDENTITIES", 100)
    stages = SparkStages.on_session(spark)
    assert stages.staging is not None
    observed = stages.observe(case)
    assert stages.buckets == math.ceil(case.tables["contractors"].height / 100) > 8
    written = {path.name for path in (Path(stages.staging.name) / "case").iterdir()}
    assert {"contractors.parquet", "logins.parquet"} <= written
    # The sightings stay on Spark, where the driver reads them when asked.
    assert isinstance(observed.observations, SparkTable)
    assert observed.observations.gather().equals(observe_all(case).observations)


def test_the_driver_reads_no_sighting_to_merge_alike_spellings(spark, case, monkeypatch):
    # The merges of alike spellings are made on the executors (`spelling_merges_on_spark`):
    # the driver gathers only the rows that decide them, never the case's sightings.
    expected = observe_all(case).observations

    def read_on_the_driver(*args: object, **kwargs: object) -> None:
        raise AssertionError("the driver read the case's sightings")

    monkeypatch.setattr(observe, "_sightings", read_on_the_driver)
    observed = SparkStages.on_session(spark).observe(case)
    assert isinstance(observed.observations, SparkTable)
    assert observed.observations.gather().equals(expected)


def test_an_interview_from_a_widely_shared_address_reads_every_login_to_it(spark, tmp_path):
    # Five identities log in from one address, which low hub limits make shared
    # infrastructure: the sharing graph leaves it out, so in many buckets they fall apart
    # from the identity that joined an interview from it. What their logins say of it
    # (abroad, a VPN) is a fact of the whole case, which every bucket must read alike.
    folder = tmp_path / "case"
    folder.mkdir()
    others = [f"x{n}" for n in range(5)]
    (folder / "contractors.csv").write_text(
        "contractor_id,country\na,US\n" + "".join(f"{who},CN\n" for who in others)
    )
    (folder / "logins.csv").write_text(
        "contractor_id,ts,ip,country,vpn\n"
        + "".join(
            f"{who},2025-03-0{day}T02:00:00Z,198.51.100.7,CN,true\n"
            for who in others
            for day in (1, 2, 3)
        )
    )
    (folder / "interviews.csv").write_text(
        "contractor_id,ts,join_ip\na,2025-02-20T01:00:00Z,198.51.100.7\n"
    )
    by_polars = investigate(folder, hub_limits={"ip": 3, "ip_net": 3})
    assert by_polars.hubs.filter(pl.col("value") == "198.51.100.7")["verdict"].to_list() == [
        "infrastructure"
    ]
    raised = by_polars.flags.filter(pl.col("code") == "INTERVIEW_IP")
    assert raised["contractor_id"].to_list() == ["a"]
    assert "(CN, VPN) while claiming US" in raised["evidence"].item()
    by_spark = investigate(
        folder, engine=SparkStages(spark, buckets=64), hub_limits={"ip": 3, "ip_net": 3}
    )
    assert by_spark.flags.equals(by_polars.flags)


def test_the_fleet_remote_tool_is_judged_on_every_device_of_the_case(spark, tmp_path):
    # The company's own remote tool is on all 30 laptops; one identity adds AnyDesk, another
    # AnyDesk and RustDesk. Only the second runs a stack of its own. In 64 buckets no bucket
    # holds enough laptops to tell the fleet's tool, so the whole case must tell it.
    folder = tmp_path / "case"
    folder.mkdir()
    people = [f"p{n:02d}" for n in range(30)]
    (folder / "contractors.csv").write_text("contractor_id\n" + "\n".join(people) + "\n")
    rows = [(who, "ScreenConnect Client") for who in people]
    rows += [("p00", "AnyDesk"), ("p01", "AnyDesk"), ("p01", "RustDesk")]
    (folder / "endpoint_events.csv").write_text(
        "contractor_id,device_id,kind,name\n"
        + "".join(f"{who},LT-{who},software,{name}\n" for who, name in rows)
    )
    by_polars = investigate(folder)
    raised = by_polars.flags.filter(pl.col("code") == "REMOTE_TOOL_STACK")
    assert raised["evidence"].to_list() == [
        "2 remote-control tools on device LT-p01: AnyDesk, RustDesk"
    ]
    by_spark = investigate(folder, engine=SparkStages(spark, buckets=64))
    assert by_spark.flags.equals(by_polars.flags)


def test_workbench_run_engine_spark_records_its_engine(spark, tmp_path):
    # A copy: a run keeps its memory in the case folder.
    case = shutil.copytree(SAMPLE_CASE, tmp_path / "case", ignore=shutil.ignore_patterns(".*"))
    out = tmp_path / "out"
    assert main(["run", str(case), "--out", str(out), "--no-html", "--engine", "spark"]) == 0
    assert json.loads((out / "run.json").read_text())["engine"] == "spark"


def test_a_spark_master_without_the_spark_engine_is_refused(tmp_path, capsys):
    arguments = ["run", str(SAMPLE_CASE), "--out", str(tmp_path), "--spark-master", "local[2]"]
    assert main(arguments) == EXIT_BAD_INPUT
    assert "--spark-master needs --engine spark" in capsys.readouterr().err
