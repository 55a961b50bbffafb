"""Tests for workbench/triage.py and every notebook: executed headless on the sample case."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import papermill
import polars as pl
import pytest

from workbench import dispositions
from workbench.cli import main
from workbench.errors import CaseError
from workbench.triage import notebook_path, triage

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO / "notebooks"
SAMPLE_CASE = REPO / "sample_data" / "demo_case"


#: What a developer's own runs leave in the sample case: never copied.
MEMORY = shutil.ignore_patterns(".workbench", "dispositions*.jsonl")


@pytest.fixture
def case_copy(tmp_path: Path) -> Path:
    """The sample case copied to a temporary folder (decisions written there stay there)."""
    if not SAMPLE_CASE.is_dir():
        pytest.fail(f"sample case missing: {SAMPLE_CASE}")
    return Path(shutil.copytree(SAMPLE_CASE, tmp_path / "case", ignore=MEMORY))


def outputs(path) -> list[dict]:
    notebook = nbformat.read(path, as_version=4)
    return [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]


def test_notebook_path_finds_the_shipped_notebook():
    assert notebook_path() == NOTEBOOKS / "01_triage.ipynb"
    with pytest.raises(CaseError, match="not found"):
        notebook_path("99_missing.ipynb")


def test_notebooks_define_no_functions_and_declare_typed_parameters():
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        code = [c for c in notebook.cells if c.cell_type == "code"]
        assert not any("def " in c.source or "lambda" in c.source for c in code), path.name
        tagged = [c for c in code if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1, path.name
        declared = papermill.inspect_notebook(str(path))
        assert declared["case_dir"]["inferred_type_name"] == "str"
        assert all(p["help"] for p in declared.values()), path.name


def test_shipped_notebooks_hold_no_outputs_and_no_widget_state():
    # Outputs and saved widget state are where a decision's note would leak into git.
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        assert "widgets" not in notebook.metadata, path.name
        assert not any(c.get("outputs") for c in notebook.cells), path.name


@pytest.mark.notebook
def test_triage_runs_end_to_end(case_copy, tmp_path):
    dispositions.record(case_copy, ring_id="R-x", decision="benign", note="known agency")
    out = tmp_path / "out"
    parameters = {
        "alert_threshold": "60",
        "top_rings": "3",
        "flag_weights": '{"VIDEO_DECLINED": 0.05}',
    }
    run = triage(case_copy, out, parameters=parameters)
    assert run.notebook == out / "triage.ipynb"
    for name in ["rings.csv", "contractors.csv", "links.csv", "rejects.csv", "report.html"]:
        assert (out / name).is_file(), name
    settings = json.loads((out / "run.json").read_text())["settings"]
    assert settings["alert_threshold"] == 60.0
    assert settings["flag_weights"] == {"VIDEO_DECLINED": 0.05}
    flags = pl.read_csv(out / "flags.csv").filter(pl.col("code") == "VIDEO_DECLINED")
    assert flags["weight"].unique().to_list() == [0.05]
    found = outputs(run.notebook)
    assert sum("image/png" in o.get("data", {}) for o in found) == 2
    html = "".join(o["data"].get("text/html", "") for o in found if "data" in o)
    assert "R-x" in html  # the decisions are listed …
    assert "known agency" not in run.notebook.read_text(encoding="utf-8")  # … never their notes
    assert (case_copy / ".workbench" / "runs" / "000001").is_dir()  # the run is remembered
    assert not any(o["output_type"] == "error" for o in found)
    assert pl.read_csv(out / "rings.csv").height > 0


@pytest.mark.notebook
@pytest.mark.spark
@pytest.mark.xdist_group("spark")
def test_triage_on_spark_reads_a_table_the_case_toml_names(case_copy, tmp_path):
    # A scheduled rerun on a platform: the logins stay where Spark reads them.
    exports = tmp_path / "exports"
    exports.mkdir()
    shutil.move(case_copy / "logins.csv", exports / "logins.csv")
    source = f'[sources.logins]\npath = "{exports / "logins.csv"}"\nformat = "csv"\n'
    (case_copy / "case.toml").write_text(source, encoding="utf-8")
    run = triage(case_copy, tmp_path / "out", parameters={"engine": "spark"})
    record = json.loads((tmp_path / "out" / "run.json").read_text())
    assert record["engine"] == "spark"
    assert record["inputs"]["logins"] == {"source": f"csv {exports / 'logins.csv'}"}
    assert not any(o["output_type"] == "error" for o in outputs(run.notebook))
    in_files = shutil.copytree(SAMPLE_CASE, tmp_path / "in_files", ignore=MEMORY)
    assert main(["run", str(in_files), "--out", str(tmp_path / "files"), "--no-html"]) == 0
    for name in ("rings.csv", "contractors.csv", "links.csv", "flags.csv"):
        assert (tmp_path / "out" / name).read_bytes() == (tmp_path / "files" / name).read_bytes()


@pytest.mark.notebook
def test_explorer_notebook_runs_headless(case_copy, tmp_path):
    dispositions.record(case_copy, ring_id="R-x", decision="benign", note="a private note")
    executed = tmp_path / "explore.ipynb"
    papermill.execute_notebook(
        str(NOTEBOOKS / "02_explore_rings.ipynb"),
        str(executed),
        parameters={"case_dir": str(case_copy), "export_dir": str(tmp_path / "exports")},
        kernel_name="python3",
        cwd=str(NOTEBOOKS),
        progress_bar=False,
    )
    found = outputs(executed)
    assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in found)
    text = executed.read_text(encoding="utf-8")
    assert "R-x" in text and "a private note" not in text  # widget state included


@pytest.mark.notebook
def test_explorer_notebook_checks_its_engine(case_copy, tmp_path):
    # The engine reaches `investigate`: an unknown one stops at the parameter's check.
    with pytest.raises(papermill.PapermillExecutionError, match="parameter engine: one of"):
        papermill.execute_notebook(
            str(NOTEBOOKS / "02_explore_rings.ipynb"),
            str(tmp_path / "explore.ipynb"),
            parameters={"case_dir": str(case_copy), "engine": "duckdb"},
            kernel_name="python3",
            cwd=str(NOTEBOOKS),
            progress_bar=False,
        )


@pytest.mark.notebook
def test_cli_triage_reports_where_outputs_are(case_copy, tmp_path, capsys):
    assert main(["triage", str(case_copy), "--out", str(tmp_path / "o"), "-p", "seed", "7"]) == 0
    printed = capsys.readouterr().out
    assert str(tmp_path / "o" / "report.html") in printed


@pytest.mark.notebook
def test_cli_triage_bad_parameters_exit_2(case_copy, tmp_path, capsys):
    assert main(["triage", str(case_copy), "--out", str(tmp_path / "o"), "-p", "seed", "x"]) == 2
    assert "parameter seed: expected int" in capsys.readouterr().err
    # Checked inside the notebook: the kernel's CaseError comes back as one line.
    code = main(["triage", str(case_copy), "--out", str(tmp_path / "o"), "-p", "top_rings", "0"])
    assert code == 2
    assert "top_rings: must be at least 1" in capsys.readouterr().err
