"""Tests for workbench/cli.py: each command's output, and one-line errors with exit code 2."""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import pytest

from tests.conftest import REPO, SAMPLE_CASE
from workbench.cli import EXIT_BAD_INPUT, main
from workbench.settings import Settings

#: Two identities sharing one gmail inbox (a ring), one login with an unknown vpn word and
#: one with an unreadable time.
TINY_CASE = {
    "contractors.csv": (
        "contractor_id,full_name,email\n"
        "c1,Ann Lee,ann.lee@gmail.com\n"
        "c2,Bo Park,annlee+x@gmail.com\n"
        "c3,Cy Diaz,cy@example.org\n"
    ),
    "logins.csv": (
        "contractor_id,ts,vpn\n"
        "c1,2025-01-02T09:00:00Z,y\n"
        "c2,2025-01-02T10:00:00Z,maybe\n"
        "c3,soon,n\n"
    ),
}


@dataclass(frozen=True)
class Ran:
    code: int
    out: str
    err: str


def cli(*args: str | Path) -> Ran:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return Ran(code, out.getvalue(), err.getvalue())


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Ran, Path]:
    folder = tmp_path_factory.mktemp("demo")
    # A copy: a run keeps its memory in the case folder (.workbench/), not in the repository.
    case = shutil.copytree(SAMPLE_CASE, folder / "case", ignore=shutil.ignore_patterns(".*"))
    return cli("run", case, "--out", folder / "out"), folder / "out"


def documented_files() -> dict[str, list[str]]:
    """The output table of docs/outputs.md: file name to the columns it lists (none for HTML)."""
    doc = (REPO / "docs" / "outputs.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([^`]+)` \| (.*) \|$", doc, re.M)
    return {name: re.findall(r"`([a-z_]+)`", content) for name, content in rows}


def test_run_writes_the_files_the_doc_lists_with_their_columns(demo_run) -> None:
    ran, out = demo_run
    assert ran.code == 0, ran.err
    pages = sorted((out / "rings").glob("*.html"))
    written = {p.name for p in out.iterdir() if p.is_file()} | {"rings/<ring_id>.html"}
    written |= {f"assets/{p.name}" for p in (out / "assets").iterdir()}
    documented = documented_files()
    assert pages and written == set(documented)
    for name, columns in documented.items():
        if name.endswith(".csv"):
            assert pl.read_csv(out / name, n_rows=0).columns == columns, name
    ring_ids = set(pl.read_csv(out / "rings.csv")["ring_id"])
    assert {p.stem for p in pages} <= ring_ids


def test_run_prints_the_ring_and_alert_counts_and_the_top_alerts(demo_run) -> None:
    ran, out = demo_run
    rings = pl.read_csv(out / "ring_summary.csv")
    alerts = rings.filter(pl.col("ring_score") >= 50).sort("ring_score", descending=True)
    first, *rest = ran.out.splitlines()
    assert first == f"{rings.height} rings, {alerts.height} at or above 50; output in {out}"
    shown = [line.split()[0] for line in rest if line.startswith("  R-")]
    assert shown == alerts["ring_id"].head(10).to_list()


def test_run_records_the_settings_in_run_json(demo_run) -> None:
    _, out = demo_run
    assert json.loads((out / "run.json").read_text())["settings"] == Settings().to_dict()


def test_run_applies_set_and_can_leave_out_the_html(write_case, tmp_path: Path) -> None:
    out = tmp_path / "out"
    ran = cli("run", write_case(TINY_CASE), "--out", out, "--no-html", "--set", "alert_threshold=0")
    assert ran.code == 0, ran.err
    assert ran.out.startswith(f"1 rings, 1 at or above 0; output in {out}\n")
    assert (
        "  flag VIDEO_DECLINED not evaluated: "
        "no data: contractors.video_interview or interviews.camera_on\n" in ran.out
    )
    assert not list(out.glob("*.html")) and not (out / "rings").exists()
    assert json.loads((out / "run.json").read_text())["settings"]["alert_threshold"] == 0.0
    members = pl.read_csv(out / "rings.csv")["contractor_id"].to_list()
    assert sorted(members) == ["c1", "c2"]


def test_check_counts_rows_and_summarises_rejects(write_case) -> None:
    case = write_case(TINY_CASE)
    ran = cli("check", case)
    assert ran.code == 0 and ran.err == ""
    assert ran.out.splitlines() == [
        f"case {case}",
        "  contractors              3 rows  (contractors.csv)",
        "  payments                 0 rows  (absent)",
        "  logins                   2 rows  (logins.csv)",
        "  shipments                0 rows  (absent)",
        "  referrals                0 rows  (absent)",
        "  identifiers              0 rows  (absent)",
        "  endpoint_events          0 rows  (absent)",
        "  device_locations         0 rows  (absent)",
        "  engagements              0 rows  (absent)",
        "  interviews               0 rows  (absent)",
        "  identity_checks          0 rows  (absent)",
        "  watchlist                0 rows  (absent)",
        "rejects: 2",
        "          1  logins.ts: unreadable datetime (row rejected)",
        "          1  logins.vpn: unreadable bool (row kept, value left empty)",
    ]


def test_check_reads_the_sample_case_without_rejects() -> None:
    ran = cli("check", SAMPLE_CASE)
    assert ran.code == 0
    assert "  contractors          2,000 rows  (contractors.csv)\n" in ran.out
    assert ran.out.endswith("rejects: 0\n")


def test_render_writes_one_ring_page(write_case, tmp_path: Path) -> None:
    case = write_case(TINY_CASE)
    assert cli("run", case, "--out", tmp_path / "out", "--no-html").code == 0
    ring_id = pl.read_csv(tmp_path / "out" / "rings.csv")["ring_id"][0]
    page = tmp_path / "ring.html"
    ran = cli("render", case, "--ring", ring_id, "--out", page, "--redact")
    assert (ran.code, ran.out) == (0, f"wrote {page}\n")
    html = page.read_text(encoding="utf-8")
    assert ring_id in html and "ann.lee@gmail.com" not in html


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "no/such/case"], "no/such/case"),
        (["run", "{case}", "--out", "{out}", "--set", "colour=red"], "unknown setting 'colour'"),
        (["run", "{case}", "--out", "{out}", "--set", "seed"], "--set seed: expected NAME=VALUE"),
        (["run", "{case}", "--out", "{out}", "--set", "seed=many"], "setting 'seed' cannot take"),
        (["run", "{case}", "--out", "{out}", "--settings", "{out}.toml"], "cannot read settings"),
        (["render", "{case}", "--ring", "R-nope", "--out", "{out}.html"], "no ring 'R-nope'"),
    ],
)
def test_bad_input_is_one_line_on_stderr_and_exit_code_2(
    write_case, tmp_path: Path, args: list[str], message: str
) -> None:
    case, out = write_case(TINY_CASE), tmp_path / "out"
    ran = cli(*(a.format(case=case, out=out) for a in args))
    assert ran.code == EXIT_BAD_INPUT == 2
    assert ran.out == ""
    assert ran.err.startswith("workbench: error: ") and ran.err.count("\n") == 1
    assert message in ran.err
    assert not out.exists()


def test_synth_writes_a_case_that_checks_clean(tmp_path: Path) -> None:
    case = tmp_path / "synthetic"
    ran = cli("synth", case, "--contractors", "40", "--rings", "2", "--format", "jsonl")
    assert ran.code == 0, ran.err
    written = dict(re.findall(r"^  (\w+) +([\d,]+) rows$", ran.out, re.M))
    assert set(written) == {p.stem for p in case.glob("*.jsonl")}
    assert written["contractors"] == "40"
    truth = tmp_path / "synthetic.truth.csv"
    assert ran.out.endswith(f"truth: {truth}\n") and truth.is_file()
    checked = cli("check", case)
    assert checked.code == 0 and checked.out.endswith("rejects: 0\n")
    read = re.findall(r"^  (\w+) +([\d,]+) rows  \((?!absent)", checked.out, re.M)
    assert dict(read) == written
