"""`workbench export` and `RingView.export` (workbench.export, workbench.export.reopen)."""

from __future__ import annotations

import shutil
import zipfile

import polars as pl
import pytest

from tests.export.conftest import stix_errors, write_ring_case
from workbench.cli import main
from workbench.errors import CaseError
from workbench.export import FORMATS, chosen_rings
from workbench.investigation import investigate
from workbench.settings import Settings


@pytest.fixture
def run(tmp_path):
    """The ring case and the output folder of `workbench run` on it."""
    case = write_ring_case(tmp_path / "case")
    out = tmp_path / "out"
    assert main(["run", str(case), "--out", str(out), "--no-html"]) == 0
    return case, out


def ring_of(out) -> str:
    return pl.read_csv(out / "rings.csv")["ring_id"][0]


def test_each_format_is_written_beside_the_output_folder_never_inside(run, tmp_path, capsys):
    case, out = run
    inside = sorted(p.name for p in out.iterdir())
    for fmt in FORMATS:
        assert main(["export", str(out), "--format", fmt]) == 0
    exports = tmp_path / "out-exports"
    ring_id = ring_of(out)
    assert stix_errors((exports / "rings.stix.json").read_text(encoding="utf-8")) == []
    assert (exports / "rings.graphml").is_file() and (exports / "rings.gexf").is_file()
    assert (exports / "referral" / ring_id / "summary.html").is_file()
    assert sorted(p.name for p in out.iterdir()) == inside
    assert (
        f"1 rings exported as referral\n  {exports / 'referral' / ring_id}"
        in capsys.readouterr().out
    )


def test_named_rings_can_be_redacted_and_zipped_anywhere(run, tmp_path):
    _, out = run
    ring_id = ring_of(out)
    to = tmp_path / "for-police"
    args = ["export", str(out), "--format", "referral", "--ring", ring_id, "--zip", "--redact"]
    assert main([*args, "--to", str(to)]) == 0
    with zipfile.ZipFile(to / f"{ring_id}.zip") as archive:
        identities = archive.read(f"{ring_id}/identities.csv").decode("utf-8")
    assert "Bo Kim" in identities and "bo.kim.dev@proton.me" not in identities


def test_a_case_changed_since_the_run_is_refused_in_one_line(run, capsys):
    case, out = run
    with (case / "payments.csv").open("a", encoding="utf-8") as file:
        file.write("p9,r1,2024-06-01T10:00:00Z,10,USD,bank,12345678,,\n")
    assert main(["export", str(out), "--format", "stix"]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "payments changed since this run" in error


def test_a_moved_case_is_named_with_case(run, tmp_path, capsys):
    case, out = run
    moved = shutil.move(case, tmp_path / "moved")
    assert main(["export", str(out), "--format", "gexf"]) == 2
    assert "give it with --case" in capsys.readouterr().err
    assert main(["export", str(out), "--format", "gexf", "--case", str(moved)]) == 0


def test_an_unknown_ring_is_one_line(run, capsys):
    _, out = run
    assert main(["export", str(out), "--format", "stix", "--ring", "R-000000000000"]) == 2
    assert "no ring 'R-000000000000'" in capsys.readouterr().err


def test_a_destination_that_cannot_be_written_is_one_line(run, tmp_path, capsys):
    _, out = run
    assert main(["export", str(out), "--format", "stix", "--to", str(tmp_path)]) == 2
    assert "is a folder: a stix export is one file" in capsys.readouterr().err
    blocker = tmp_path / "taken"
    blocker.write_text("a file where the packages' folder should be", encoding="utf-8")
    assert main(["export", str(out), "--format", "referral", "--to", str(blocker)]) == 2
    assert "cannot write the export" in capsys.readouterr().err


def test_a_folder_without_a_run_is_one_line(tmp_path, capsys):
    assert main(["export", str(tmp_path), "--format", "stix"]) == 2
    assert "no run.json" in capsys.readouterr().err


def test_without_an_alert_rings_must_be_named(ring_case):
    quiet = investigate(ring_case.case, Settings(alert_threshold=100))
    with pytest.raises(CaseError, match="name rings with --ring"):
        chosen_rings(quiet, [])
    assert [r.ring_id for r in chosen_rings(quiet, [quiet.ring_scores["ring_id"][0]] * 2)] == [
        quiet.ring_scores["ring_id"][0]
    ]


def test_a_ring_view_exports_every_format(ring_case, tmp_path):
    ring = ring_case.ring(ring_case.ring_scores["ring_id"][0])
    for fmt, name in [
        ("stix", "r.json"),
        ("graphml", "r.graphml"),
        ("gexf", "r.gexf"),
        ("referral", "r"),
        ("referral", "r.zip"),
    ]:
        written = ring.export(tmp_path / name, format=fmt)
        assert written == tmp_path / name and written.exists()
    assert (tmp_path / "r" / "summary.html").is_file()
    assert stix_errors((tmp_path / "r.json").read_text(encoding="utf-8")) == []
    with pytest.raises(CaseError, match="not one of stix, graphml, gexf, referral"):
        ring.export(tmp_path / "r.pdf", format="pdf")
