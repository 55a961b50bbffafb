"""Attacker-chosen strings in a foreign case never reach the outputs live."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from tests.foreign.foreign_case import FORMULA, ForeignCase, write_foreign_case
from workbench.cli import main

RAW_PAYLOADS = ("<img src=x onerror", "<script>window.__pwned", "<svg onload")


@pytest.fixture(scope="module")
def attacked(tmp_path_factory: pytest.TempPathFactory) -> tuple[ForeignCase, Path]:
    root = tmp_path_factory.mktemp("attack")
    case = write_foreign_case(root / "case", seed=13, people=400, attacks=True)
    assert main(["run", str(case.path), "--out", str(root / "out")]) == 0
    return case, root / "out"


def html_pages(out: Path) -> list[Path]:
    return [out / "report.html", *sorted((out / "rings").glob("*.html"))]


def test_the_run_writes_every_output(attacked) -> None:
    _, out = attacked
    rejects = (out / "rejects.csv").read_text(encoding="utf-8").splitlines()
    assert rejects == ["table,row,column,reason"]
    for name in ("rings.csv", "contractors.csv", "links.csv", "rejects.csv", "report.html"):
        assert (out / name).is_file(), name
    assert list((out / "rings").glob("*.html"))


def test_no_page_holds_a_payload_unescaped(attacked) -> None:
    _, out = attacked
    for page in html_pages(out):
        text = page.read_text(encoding="utf-8")
        for payload in RAW_PAYLOADS:
            assert payload not in text, f"{page.name}: {payload}"


def test_the_attacked_ring_page_shows_the_payload_as_text(attacked) -> None:
    case, out = attacked
    target = case.attacked[0]
    rows = {
        row["contractor_id"]: row
        for row in csv.DictReader((out / "contractors.csv").open(encoding="utf-8"))
    }
    assert target in rows, "the attacked front was not loaded"
    ring_id = rows[target]["ring_id"]
    assert ring_id, "the attacked front is in no ring"
    page = (out / "rings" / f"{ring_id}.html").read_text(encoding="utf-8")
    assert "&lt;img" in page or "\\u003cimg" in page


def test_line_separator_never_appears_raw_inside_a_script(attacked) -> None:
    _, out = attacked
    for page in html_pages(out):
        for script in re.findall(
            r"<script[^>]*>(.*?)</script>", page.read_text(encoding="utf-8"), re.S
        ):
            assert "\u2028" not in script, page.name


def test_every_attacked_identity_is_loaded_and_scored(attacked) -> None:
    case, out = attacked
    ids = {
        row["contractor_id"]
        for row in csv.DictReader((out / "contractors.csv").open(encoding="utf-8"))
    }
    assert len(ids) == len(case.kinds)
    # contractors.csv writes the formula id defused, with a leading apostrophe.
    assert {c if not c.startswith("=") else "'" + c for c in case.attacked} <= ids


def test_csv_outputs_defuse_formulas(attacked) -> None:
    _, out = attacked
    cells = []
    for table in sorted(out.glob("*.csv")):
        with table.open(encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle):
                cells += [(table.name, cell) for cell in row]
    assert not [c for c in cells if c[1].startswith(("=", "@"))]
    assert ("contractors.csv", "'" + FORMULA) in cells
