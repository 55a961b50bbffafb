"""Tables a case.toml names as Spark tables or paths, read and typed on Spark
(`workbench.engines.spark_load`), load and investigate as the same tables in files."""

from __future__ import annotations

import json
import re
from pathlib import Path

import polars as pl
import pytest

from tests.conftest import SAMPLE_CASE
from tests.engines.test_spark_engine import tables_written
from workbench.case import load_case
from workbench.cli import EXIT_BAD_INPUT, main
from workbench.engines.spark_keyed import to_spark
from workbench.engines.spark_load import source_reader
from workbench.engines.spark_session import spark_session
from workbench.engines.spark_table import SparkTable
from workbench.errors import CaseError
from workbench.export.reopen import reopen
from workbench.investigation import investigate
from workbench.output import write_output, write_tables
from workbench.readers import read_table_file
from workbench.tables import ROW

pytestmark = [pytest.mark.spark, pytest.mark.xdist_group("spark")]

PEOPLE = "contractor_id,full_name\nc1,Ann Lee\nc2,Bo Kim\n"


@pytest.fixture(scope="module")
def spark():
    return spark_session()


#: Records added to the sample case's tables, each with something the loader must name:
#: a repeated contractor, an unreadable time, an unknown contractor, an id pasted with an
#: invisible character, an id in lower case, and an unreadable optional amount.
FLAWS = {
    "contractors": [{}],
    "logins": [
        {"ts": "soon"},
        {"contractor_id": "nobody"},
        {"contractor_id": " C000001\u200b"},
        {"contractor_id": "c000002"},
    ],
    "payments": [{"amount": "n/a"}],
}


def sample_as_parquet(folder: Path) -> dict[str, Path]:
    """The sample case's tables, as read from its csv files with `FLAWS` added, written as
    parquet in ``folder``."""
    folder.mkdir(parents=True)
    written = {}
    for path in sorted(SAMPLE_CASE.glob("*.csv")):
        frame = read_table_file(path, path.stem).frame.drop(ROW)
        flawed = [
            frame.head(1).with_columns(pl.lit(v).alias(k) for k, v in flaw.items())
            for flaw in FLAWS.get(path.stem, [])
        ]
        written[path.stem] = folder / f"{path.stem}.parquet"
        pl.concat([frame, *flawed]).write_parquet(written[path.stem])
    return written


def test_a_case_of_sources_investigates_as_the_same_tables_in_files(spark, tmp_path):
    # Every table of the sample case comes from a source, the logins from a folder of
    # parquet files as a platform's export would be; polars reads the same files in a folder.
    in_files = tmp_path / "in_files"
    tables = sample_as_parquet(in_files)
    exports = tmp_path / "exports"
    exports.mkdir()
    toml = []
    for name, path in tables.items():
        (exports / name).mkdir()
        (exports / name / "part-0.parquet").write_bytes(path.read_bytes())
        toml.append(f'[sources.{name}]\npath = "../exports/{name}"\n')
    sourced = tmp_path / "sourced"
    sourced.mkdir()
    (sourced / "case.toml").write_text("\n".join(toml))

    by_polars = investigate(in_files)
    by_spark = investigate(sourced, engine="spark")
    write_tables(by_polars, tmp_path / "polars")
    write_output(by_spark, tmp_path / "spark")
    # A search asks Spark for the rows its query may hit, and finds what one machine finds.
    for query in ("Jakub Dabrowski", "310.810.1979", "lim", "8258 Prospect Avenue, Apt 173"):
        assert by_spark.search(query).equals(by_polars.search(query)), query
    # The run, its tables, its ring pages and searches leave the largest tables where Spark
    # holds them, and the sightings observed in them.
    assert {"contractors", "identifiers", "logins", "payments"} <= set(by_spark.case.tables.held())
    assert isinstance(by_spark.case.tables.held()["logins"], SparkTable)
    assert isinstance(by_spark.sightings.held, SparkTable)
    assert by_spark.observations.equals(by_polars.observations)
    named = by_polars.case.rejects.group_by("table", "column").len().sort("table", "column")
    assert named.rows() == [
        ("contractors", "contractor_id", 1),
        ("logins", "contractor_id", 1),
        ("logins", "ts", 1),
        ("payments", "amount", 1),
    ]
    assert by_polars.case.id_changes.select("given", "id").rows() == [
        (" C000001\u200b", "C000001"),
        ("c000002", "C000002"),
    ]
    assert by_spark.case.rejects.equals(by_polars.case.rejects)
    assert by_spark.case.record_counts == by_polars.case.record_counts
    assert by_spark.case.id_changes.equals(by_polars.case.id_changes)
    assert by_spark.case.columns_present == by_polars.case.columns_present
    for name, frame in by_polars.case.tables.items():
        assert by_spark.case.tables[name].equals(frame), name
    expected, found = tables_written(tmp_path / "polars"), tables_written(tmp_path / "spark")
    assert [name for name in expected if found.get(name) != expected[name]] == []
    record = json.loads((tmp_path / "spark" / "run.json").read_text())
    assert record["inputs"]["logins"] == {"source": f"parquet {exports}/logins"}
    # Every command that investigates takes the engine: a ring's page of a case of sources.
    ring = by_spark.ring_scores["ring_id"][0]
    page = tmp_path / "ring.html"
    assert (
        main(["render", str(sourced), "--ring", ring, "--out", str(page), "--engine", "spark"]) == 0
    )
    assert ring in page.read_text(encoding="utf-8")


def test_a_spark_table_names_its_records_by_its_row_column(spark, write_case):
    logins = pl.DataFrame(
        {
            "Event ID": [905, 17, 3],
            "Worker": ["c1", "c9", "c2"],
            "ts": ["2025-03-02T09:00:00Z", "2025-03-02T10:00:00Z", "soon"],
            "ip": ["203.0.113.7", "203.0.113.7", "198.51.100.2"],
        }
    )
    to_spark(spark, logins).createOrReplaceTempView("hr_logins")
    toml = (
        '[columns.logins]\n"Worker" = "contractor_id"\n\n'
        '[sources.logins]\ntable = "hr_logins"\nrow = "Event ID"\n'
    )
    folder = write_case({"contractors.csv": PEOPLE, "case.toml": toml})
    case = load_case(folder, read_source=source_reader(spark))
    assert case.tables["logins"].select("contractor_id", ROW).rows() == [("c1", 905)]
    assert case.rejects.filter(pl.col("table") == "logins").select("row", "column").rows() == [
        (3, "ts"),
        (17, "contractor_id"),
    ]
    assert case.record_counts["logins"] == (3, 1, 2)
    assert case.ignored_columns["logins"] == ("event_id",)


def test_without_a_row_column_records_are_numbered_once_each_across_partitions(spark, tmp_path):
    exports = tmp_path / "exports" / "logins"
    exports.mkdir(parents=True)
    for part in range(4):
        ids = [f"c{n % 2 + 1}" for n in range(part * 50, part * 50 + 50)]
        ts = [f"2025-03-02T09:{n % 60:02d}:00Z" for n in range(50)]
        pl.DataFrame({"contractor_id": ids, "ts": ts}).write_parquet(exports / f"{part}.parquet")
    folder = tmp_path / "case"
    folder.mkdir()
    (folder / "contractors.csv").write_text(PEOPLE)
    (folder / "case.toml").write_text('[sources.logins]\npath = "../exports/logins"\n')
    first = load_case(folder, read_source=source_reader(spark)).tables["logins"]
    again = load_case(folder, read_source=source_reader(spark)).tables["logins"]
    assert first[ROW].to_list() == list(range(1, 201))
    assert again.equals(first)


@pytest.mark.parametrize(
    ("source", "complaint"),
    [
        ('path = "nowhere"', r"\(parquet .*nowhere\): cannot be read \(.*PATH_NOT_FOUND"),
        ('table = "hr_logins_typo"', r"\(table hr_logins_typo\): cannot be read \(.*NOT_FOUND"),
        (
            'table = "hr_logins_repeated"\nrow = "event_id"',
            "must name every record once .0 records without one, 1 repeated",
        ),
        (
            'table = "hr_logins_repeated"\nrow = "ts"',
            "'ts' must hold whole numbers .it holds string",
        ),
        ('table = "hr_logins_repeated"\nrow = "id"', "its row column 'id' is not in the source"),
        ('table = "hr_logins_no_ts"', "required column 'ts' is missing"),
    ],
)
def test_a_source_that_cannot_be_loaded_stops_naming_it(spark, write_case, source, complaint):
    repeated = pl.DataFrame({"event_id": [1, 1], "contractor_id": ["c1", "c2"], "ts": ["x", "y"]})
    to_spark(spark, repeated).createOrReplaceTempView("hr_logins_repeated")
    to_spark(spark, repeated.drop("ts")).createOrReplaceTempView("hr_logins_no_ts")
    folder = write_case({"contractors.csv": PEOPLE, "case.toml": f"[sources.logins]\n{source}\n"})
    with pytest.raises(CaseError, match=r"case.toml \[sources.logins\] ") as raised:
        load_case(folder, read_source=source_reader(spark))
    assert re.search(complaint, str(raised.value)), str(raised.value)


def test_workbench_check_reads_sources_on_the_spark_engine_only(spark, write_case, capsys):
    to_spark(
        spark, pl.DataFrame({"contractor_id": ["c1"], "ts": ["2025-03-02T09:00:00Z"]})
    ).createOrReplaceTempView("hr_logins_checked")
    folder = write_case(
        {"contractors.csv": PEOPLE, "case.toml": '[sources.logins]\ntable = "hr_logins_checked"\n'}
    )
    assert main(["check", str(folder), "--engine", "spark"]) == 0
    assert "1 rows  (table hr_logins_checked)" in capsys.readouterr().out
    assert main(["check", str(folder)]) == EXIT_BAD_INPUT
    assert "run with --engine spark" in capsys.readouterr().err


def test_an_export_reads_the_sources_again_and_refuses_them_when_they_changed(spark, tmp_path):
    exports = tmp_path / "exports"
    exports.mkdir()
    pl.DataFrame({"contractor_id": ["c1", "c2"]}).write_parquet(exports / "people.parquet")
    folder = tmp_path / "case"
    folder.mkdir()
    (folder / "case.toml").write_text('[sources.contractors]\npath = "../exports/people.parquet"\n')
    out = tmp_path / "out"
    write_tables(investigate(folder, engine="spark"), out)

    assert reopen(out).case.tables["contractors"].height == 2
    pl.DataFrame({"contractor_id": ["c1", "c2", "c3"]}).write_parquet(exports / "people.parquet")
    with pytest.raises(CaseError, match="the case's contractors source now holds other records"):
        reopen(out)


def test_a_source_file_spark_cannot_read_stops_in_one_line_naming_it(spark, tmp_path):
    # Spark reads one footer for the schema, so the broken file shows as its records are read.
    exports = tmp_path / "exports" / "logins"
    exports.mkdir(parents=True)
    pl.DataFrame({"contractor_id": ["c1"], "ts": ["2025-03-02T09:00:00Z"]}).write_parquet(
        exports / "a.parquet"
    )
    (exports / "b.parquet").write_bytes(b"PAR1 not a parquet file PAR1")
    folder = tmp_path / "case"
    folder.mkdir()
    (folder / "contractors.csv").write_text(PEOPLE)
    (folder / "case.toml").write_text('[sources.logins]\npath = "../exports/logins"\n')
    with pytest.raises(CaseError) as raised:
        load_case(folder, read_source=source_reader(spark))
    message = str(raised.value)
    assert message.startswith("case.toml [sources.logins] (parquet "), message
    assert ": cannot be read ([" in message and "\n" not in message, message


def csv_field(text: str) -> str:
    """``text`` as a quoted csv field: a quote inside doubled."""
    return '"' + text.replace('"', '""') + '"'


#: Two logins, one of an id with a quote in it, and one at an unreadable time.
LOGINS = [("c1", "2025-03-02T09:00:00Z"), ('c"2', "2025-03-02T10:00:00Z"), ("c1", "soon")]


@pytest.mark.parametrize(
    ("name", "text", "form"),
    [
        (
            "logins.csv",
            "contractor_id,ts\n" + "".join(f"{csv_field(c)},{t}\n" for c, t in LOGINS),
            "csv",
        ),
        (
            "logins.jsonl",
            "".join(json.dumps({"contractor_id": c, "ts": t}) + "\n" for c, t in LOGINS),
            "json",
        ),
    ],
)
def test_csv_and_json_sources_load_as_the_same_file_in_the_case_folder(
    spark, write_case, name, text, form
):
    people = PEOPLE + '"c""2",Cy Doe\n'
    in_file = write_case({"contractors.csv": people, name: text}, name="in_file")
    toml = f'[sources.logins]\npath = "exports/{name}"\nformat = "{form}"\n'
    sourced = write_case(
        {"contractors.csv": people, f"exports/{name}": text, "case.toml": toml}, name="sourced"
    )
    expected = load_case(in_file)
    found = load_case(sourced, read_source=source_reader(spark))
    assert expected.tables["logins"]["contractor_id"].to_list() == ["c1", 'c"2']
    assert found.tables["logins"].equals(expected.tables["logins"])
    assert expected.rejects.select("table", "row", "column").rows() == [("logins", 3, "ts")]
    assert found.rejects.equals(expected.rejects)


def test_a_watchlist_sweep_reads_a_case_of_sources_on_spark(spark, write_case, tmp_path, capsys):
    logins = pl.DataFrame({"contractor_id": ["c1", "c2"], "ip": ["203.0.113.7", "198.51.100.2"]})
    to_spark(spark, logins.with_columns(ts=pl.lit("2025-03-02T09:00:00Z"))).createOrReplaceTempView(
        "hr_logins_swept"
    )
    folder = write_case(
        {"contractors.csv": PEOPLE, "case.toml": '[sources.logins]\ntable = "hr_logins_swept"\n'}
    )
    listed = tmp_path / "list.csv"
    listed.write_text("kind,value,source\nip,203.0.113.7,a ring\n")
    assert main(["sweep", str(listed), str(folder), "--engine", "spark"]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == [f"{folder},c1,ip,203.0.113.7,a ring"]
    assert main(["sweep", str(listed), str(folder)]) == EXIT_BAD_INPUT


def test_a_source_typed_batch_by_batch_reads_numeric_dates_as_its_whole_column_tells(
    spark, tmp_path
):
    # Only the last batch holds a date whose day is above 12: on one machine it decides the
    # whole column, so every batch on Spark must read month first too, none reject as unclear.
    ts = [f"03/{day:02d}/2026 {day % 12 + 1}:05 PM" for day in (1, 2, 3, 4, 5, 6, 7, 8, 9, 27)]
    logins = pl.DataFrame({"contractor_id": ["c1", "c2"] * 5, "ts": ts})
    in_files = tmp_path / "in_files"
    in_files.mkdir()
    (in_files / "contractors.csv").write_text(PEOPLE)
    logins.write_parquet(in_files / "logins.parquet")
    sourced = tmp_path / "sourced"
    sourced.mkdir()
    (sourced / "contractors.csv").write_text(PEOPLE)
    (sourced / "case.toml").write_text('[sources.logins]\npath = "../in_files/logins.parquet"\n')
    by_polars = load_case(in_files)
    spark.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", "3")
    try:
        by_spark = load_case(sourced, read_source=source_reader(spark))
    finally:
        spark.conf.unset("spark.sql.execution.arrow.maxRecordsPerBatch")
    assert by_polars.tables["logins"]["ts"].dt.day().to_list() == [1, 2, 3, 4, 5, 6, 7, 8, 9, 27]
    assert by_spark.tables["logins"].equals(by_polars.tables["logins"])
    assert by_spark.rejects.is_empty()
