"""No case folder, however malformed, ends in a traceback; every record is accounted for.

Each example writes a case folder (see `tests.fuzz.cases`) and runs
``workbench run CASE --out OUT --no-html`` in-process. The run must succeed
(exit 0, maybe with rejects) or stop with exit 2 and one line on stderr. The
capture is at the file-descriptor level, so a native panic's message would
show too. After a success the load is checked record by record.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings

from tests.fuzz.cases import CaseFolder, case_folders
from workbench.case import load_case
from workbench.cli import EXIT_BAD_INPUT, main
from workbench.tables import ROW

pytestmark = pytest.mark.slow

#: Four tests of this many cases each: 600 in all, a fixed set on every run.
EXAMPLES = 150

fuzz = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
        HealthCheck.function_scoped_fixture,
    ],
)


def run_and_check(case: CaseFolder, capfd: pytest.CaptureFixture[str]) -> None:
    """Run the CLI on the drawn folder; check its exit, its stderr and its accounting."""
    with tempfile.TemporaryDirectory() as scratch:
        folder = case.write(Path(scratch) / "case")
        capfd.readouterr()
        code = main(["run", str(folder), "--out", str(Path(scratch) / "out"), "--no-html"])
        err = capfd.readouterr().err
        assert "Traceback" not in err and "panicked" not in err, err
        if code == EXIT_BAD_INPUT:
            assert err.startswith("workbench: error: ") and err.count("\n") == 1, err
            return
        assert code == 0, err
        check_accounting(folder, case)


def check_accounting(folder: Path, case: CaseFolder) -> None:
    """Every record of every file is loaded or rejected, and the records are the ones written."""
    loaded = load_case(folder)
    for table, (in_file, rows, rejected) in loaded.record_counts.items():
        assert in_file == rows + rejected, (table, loaded.record_counts[table])
        assert rows == loaded.tables[table].height
        if table in loaded.files and loaded.files[table].suffix.lower() != ".jsonl":
            # csv and parquet records are numbered 1, 2, 3 … (jsonl ones by line)
            named = loaded.rejects.filter(pl.col("table") == table)["row"]
            numbers = set(loaded.tables[table][ROW]) | set(named)
            assert numbers == set(range(1, in_file + 1)), table
    for table, records in case.records().items():
        assert loaded.record_counts[table].in_file == records, table


@fuzz
@given(case=case_folders(formats=("csv",)))
def test_csv_cases_run_or_stop_with_one_line(
    case: CaseFolder, capfd: pytest.CaptureFixture[str]
) -> None:
    run_and_check(case, capfd)


@fuzz
@given(case=case_folders(formats=("jsonl",)))
def test_jsonl_cases_run_or_stop_with_one_line(
    case: CaseFolder, capfd: pytest.CaptureFixture[str]
) -> None:
    run_and_check(case, capfd)


@fuzz
@given(case=case_folders(formats=("parquet",)))
def test_parquet_cases_run_or_stop_with_one_line(
    case: CaseFolder, capfd: pytest.CaptureFixture[str]
) -> None:
    run_and_check(case, capfd)


@fuzz
@given(case=case_folders(settings=True))
def test_mixed_cases_with_case_toml_run_or_stop_with_one_line(
    case: CaseFolder, capfd: pytest.CaptureFixture[str]
) -> None:
    run_and_check(case, capfd)
