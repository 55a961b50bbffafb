"""A case with only the required columns still runs end to end and says what it could not check."""

from __future__ import annotations

import polars as pl

from workbench.cli import main
from workbench.flags import FLAGS


def test_contractors_alone_run_and_every_output_is_written(write_case, tmp_path, capsys):
    case = write_case({"contractors.csv": "contractor_id\nc1\nc2\n"})
    assert main(["run", str(case), "--out", str(tmp_path / "out")]) == 0
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    for name in (
        "contractors.csv",
        "links.csv",
        "rejects.csv",
        "report.html",
        "rings.csv",
        "run.json",
    ):
        assert name in written
    people = pl.read_csv(tmp_path / "out" / "contractors.csv", infer_schema=False)
    assert people["contractor_id"].to_list() == ["c1", "c2"]
    assert people["risk_score"].to_list() == ["0.0", "0.0"]
    said = capsys.readouterr().out
    assert (
        "flag VIDEO_DECLINED not evaluated: "
        "no data: contractors.video_interview or interviews.camera_on" in said
    )
    # One line says how little the scores rest on, in the summary and atop the report.
    line = f"{len(FLAGS)} of {len(FLAGS)} red flags not evaluated for want of data in contractors, "
    assert f"\n  {line}" in said
    page = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert f"<th>red flags</th><td>{line}" in page


def test_a_missing_contractors_table_is_a_one_line_error_with_exit_code_2(write_case, capsys):
    case = write_case({"logins.csv": "contractor_id,ts\nc1,2025-01-01\n"})
    assert main(["check", str(case)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no contractors table" in err
