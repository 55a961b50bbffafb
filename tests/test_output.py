"""The output folder's HTML (workbench.output): ring pages with their red flags, the report."""

from __future__ import annotations

import html
import json
import shutil
from pathlib import Path

import polars as pl
import pytest

from tests.conftest import SAMPLE_CASE
from workbench.cli import main
from workbench.errors import CaseError
from workbench.investigation import investigate
from workbench.kinds import Privacy, kind_for
from workbench.output import write_csv, write_html, write_output
from workbench.synth import synthesize
from workbench.views.html import asset


@pytest.fixture(scope="module")
def inv():
    return investigate("sample_data/demo_case")


def test_every_flag_of_a_member_appears_with_its_evidence(inv):
    ring_id = inv.ring_scores["ring_id"][0]
    page = inv.ring(ring_id).page()
    members = inv.members.filter(pl.col("ring_id") == ring_id)["contractor_id"].implode()
    flags = inv.flags.filter(pl.col("contractor_id").is_in(members))
    assert flags.height > 0
    for code, evidence in flags.select("code", "evidence").iter_rows():
        assert code in page and html.escape(evidence, quote=True) in page


def test_report_links_every_ring_page_and_same_input_gives_same_bytes(inv, tmp_path):
    first = write_html(inv, tmp_path / "one").read_bytes()
    second = write_html(investigate("sample_data/demo_case"), tmp_path / "two").read_bytes()
    assert first == second
    for ring_id in inv.ring_scores["ring_id"]:
        assert f'href="rings/{ring_id}.html"'.encode() in first
        assert (tmp_path / "one" / "rings" / f"{ring_id}.html").read_bytes() == (
            tmp_path / "two" / "rings" / f"{ring_id}.html"
        ).read_bytes()


def test_each_written_page_is_the_page_of_its_ring(inv, tmp_path):
    # write_html reads every page's frames at once: nothing on a page may change.
    write_html(inv, tmp_path, redact=True)
    for ring_id in inv.ring_scores["ring_id"]:
        written = (tmp_path / "rings" / f"{ring_id}.html").read_text(encoding="utf-8")
        assert written == inv.ring(ring_id).page(
            redact=True, report_href="../report.html", assets_href="../assets"
        ), ring_id


def test_ring_pages_share_one_copy_of_the_graph_library(inv, tmp_path):
    write_html(inv, tmp_path)
    library = asset("vis-network.min.js")
    assert (tmp_path / "assets" / "vis-network.min.js").read_text(encoding="utf-8") == library
    for page in (tmp_path / "rings").glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert library not in text and len(text) < len(library) / 2
        assert '<script src="../assets/vis-network.min.js"></script>' in text
        assert "script-src 'self' 'sha256-" in text
        assert '<a href="../report.html">' in text


def test_self_contained_pages_carry_the_library_and_need_no_folder(inv, tmp_path):
    write_output(inv, tmp_path / "out", self_contained=True)
    assert not (tmp_path / "out" / "assets").exists()
    for ring_id in inv.ring_scores["ring_id"]:
        text = (tmp_path / "out" / "rings" / f"{ring_id}.html").read_text(encoding="utf-8")
        assert text == inv.ring(ring_id).page(report_href="../report.html")
        assert asset("vis-network.min.js") in text and "<script src=" not in text


def test_a_page_exported_on_its_own_carries_everything_and_links_nowhere(inv, tmp_path):
    ring = inv.ring(inv.ring_scores["ring_id"][0])
    text = ring.to_html(tmp_path / "shared" / "ring.html").read_text(encoding="utf-8")
    assert asset("vis-network.min.js") in text and "<script src=" not in text
    assert "href=" not in text.replace('href="#"', "")


def test_the_run_command_writes_self_contained_pages_when_asked(tmp_path):
    case, out = shutil.copytree(SAMPLE_CASE, tmp_path / "case"), tmp_path / "out"
    assert main(["run", str(case), "--out", str(out), "--self-contained"]) == 0
    assert not (out / "assets").exists()
    assert asset("vis-network.min.js") in next((out / "rings").glob("*.html")).read_text()


def test_pages_of_an_earlier_run_are_removed(inv, tmp_path):
    stale = tmp_path / "rings" / "R-000000000000.html"
    stale.parent.mkdir()
    stale.write_text("old ring", encoding="utf-8")
    notes = tmp_path / "rings" / "analyst-notes.html"
    notes.write_text("keep me", encoding="utf-8")
    write_html(inv, tmp_path)
    assert not stale.exists()
    assert notes.exists()


def test_report_lists_every_flag_of_lone_identities_at_risk(inv, tmp_path):
    report = write_html(inv, tmp_path).read_text(encoding="utf-8")
    loners = inv.scored.filter(
        pl.col("ring_id").is_null() & (pl.col("risk_score") >= inv.settings.alert_threshold)
    )
    assert loners.height > 0
    flags = inv.flags.join(loners.select("contractor_id"), on="contractor_id")
    for contractor_id, code, evidence in flags.select("contractor_id", "code", "evidence").rows():
        assert contractor_id in report and code in report
        assert html.escape(evidence, quote=True) in report


def planted_values(investigation) -> dict[str, str]:
    """Every personal identifier of a case, raw and canonical, of six or more characters.

    Identities' own names are shown by design (see docs/outputs.md), so a payee
    name that is also some identity's name is not counted.
    """
    names = investigation.case.tables["contractors"]["full_name"].drop_nulls().str.to_lowercase()
    private = [
        kind
        for kind in investigation.observations["kind"].unique().to_list()
        if kind_for(kind).privacy is not Privacy.PUBLIC
    ]
    sightings = (
        investigation.observations.filter(pl.col("kind").is_in(private))
        .unpivot(index="kind", on=["raw", "value"], value_name="text")
        .filter(pl.col("text").str.len_chars() >= 6)
        .filter(
            ~(
                (pl.col("kind") == "account_holder")
                & pl.col("text").str.to_lowercase().is_in(names.implode())
            )
        )
    )
    return dict(sightings.select("text", "kind").unique("text").iter_rows())


def unmasked(out: Path, values: dict[str, str]) -> list[tuple[str, str, str]]:
    """(file, kind, value) for each planted value readable in any output file.

    A value counts as written as is, HTML-escaped or JSON-escaped; one
    Aho-Corasick pass per file finds them all.
    """
    forms = {
        form: value
        for value in values
        for form in (value, html.escape(value, quote=True), json.dumps(value)[1:-1])
    }
    paths = sorted(p for p in out.rglob("*") if p.is_file())
    texts = pl.Series([p.read_text(encoding="utf-8") for p in paths])
    hits = texts.str.extract_many(list(forms), overlapping=True)
    return sorted(
        {
            (path.name, values[forms[form]], forms[form])
            for path, found in zip(paths, hits.to_list(), strict=True)
            for form in found
        }
    )


PLANTED_CASE = {
    "contractors.csv": (
        "contractor_id,full_name,email,phone,address,country\n"
        "p1,Ann Lee (ann.lee.work@gmail.com),ann.lee.work@gmail.com,+1 415 555 0134,"
        "448 Harbor Dr Minneapolis MN 55401,US\n"
        "p2,Bo Kim +1 415 555 0134,bo.kim.dev@proton.me,+1 415 555 0134,"
        "448 Harbor Dr Minneapolis MN 55401,US\n"
        "p3,Cy Park,cy.park.dev@proton.me,+1 212 555 0188,17 Elm Street Springfield IL 62701,US\n"
    ),
    "payments.csv": (
        "contractor_id,paid_at,account,method,account_holder\n"
        "p1,2024-01-05T10:00:00Z,DE89 3704 0044 0532 0130 00,bank,Richard Smith\n"
        "p2,2024-01-05T10:00:00Z,DE89370400440532013000,bank,Richard Smith\n"
        "p3,2024-01-05T10:00:00Z,THtwVTMLwsBPgfKc6T2zeApBd2rH9zfwgV,crypto,\n"
        "p2,2024-02-05T10:00:00Z,THtwVTMLwsBPgfKc6T2zeApBd2rH9zfwgV,crypto,\n"
    ),
    "logins.csv": (
        "contractor_id,ts,ip,country\n"
        "p1,2024-01-06T01:00:00Z,175.45.176.9,KP\n"
        "p2,2024-01-06T01:10:00Z,175.45.176.9,KP\n"
        "p3,2024-01-06T01:20:00Z,198.51.100.23,US\n"
    ),
    "shipments.csv": (
        "contractor_id,ship_to_address\n"
        "p1,9 Farm Road Phoenix AZ 85001\n"
        "p2,9 Farm Road Phoenix AZ 85001\n"
        "p3,9 Farm Road Phoenix AZ 85001\n"
    ),
    "identifiers.csv": "contractor_id,kind,value\np3,home_address,77 Quiet Lane Dover DE\n",
}


def case_named(name: str, inv, write_case, folder: Path):
    """The sample investigation, the hand-planted case, or a freshly generated one."""
    if name == "sample":
        return inv
    if name == "planted":
        return investigate(write_case(PLANTED_CASE))
    synthesize(folder / "generated", contractors=1200, rings=6, seed=5)
    return investigate(folder / "generated")


@pytest.mark.parametrize("case_name", ["sample", "planted", "generated"])
def test_a_redacted_run_leaves_no_identifier_readable_in_any_file(
    case_name, inv, write_case, tmp_path
):
    investigation = case_named(case_name, inv, write_case, tmp_path)
    assert investigation.ring_scores.height > 0
    values = planted_values(investigation)
    plain, redacted = tmp_path / "plain", tmp_path / "redacted"
    write_output(investigation, plain)
    write_output(investigation, redacted, redact=True)
    assert len(unmasked(plain, values)) > 0  # the scan sees what an unredacted run shows
    assert unmasked(redacted, values) == []
    names = set(investigation.case.tables["contractors"]["full_name"].drop_nulls().to_list())
    pages = "".join(page.read_text(encoding="utf-8") for page in redacted.rglob("*.html"))
    assert any(html.escape(name, quote=True) in pages for name in names)  # names stay readable


def test_every_spreadsheet_trigger_is_defused_signed_digits_included(tmp_path):
    # OWASP's CSV-injection starts, their fullwidth forms, and the bypasses found
    # against the earlier rule (a sign followed by a digit).
    payloads = [
        "=1+1",
        "+1+1",
        '-1+HYPERLINK("http://x")',
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(A1)",
        "\tx",
        "\rx",
        "\uff1dSUM(A1)",
        "\uff0b1",
        "\uff0d1",
        "\uff20A1",
    ]
    path = write_csv(pl.DataFrame({"value": payloads}), tmp_path / "cells.csv")
    written = pl.read_csv(path)["value"].to_list()
    assert all(cell.startswith("'") for cell in written), written
    assert [cell[1:] for cell in written] == payloads


@pytest.mark.parametrize("where", ["case", "case/out", "."])
def test_the_output_folder_never_is_contains_or_sits_inside_the_case(where, write_case, tmp_path):
    folder = write_case({"contractors.csv": "contractor_id,email\nc1,a@x.io\n"})
    before = (folder / "contractors.csv").read_bytes()
    out = {"case": folder, "case/out": folder / "out", ".": tmp_path}[where]
    with pytest.raises(CaseError, match="case folder"):
        write_output(investigate(folder), out)
    assert (folder / "contractors.csv").read_bytes() == before
    assert not (folder / "out").exists()


def test_run_json_accounts_for_every_record_and_the_ids_read_differently(write_case, tmp_path):
    folder = write_case(
        {
            "contractors.csv": "contractor_id,full_name\n\ufeffc1\u200b,Ann\nc2 ,Bo\n",
            "payments.csv": "contractor_id,paid_at,account\nc1,2025-01-01,acct-1\n"
            "c2,not a date,acct-2\n",
        }
    )
    out = tmp_path / "out"
    write_output(investigate(folder), out, html=False)
    record = json.loads((out / "run.json").read_text())
    for counts in record["records"].values():
        assert counts["in_file"] == counts["loaded"] + counts["rejected"]
    assert record["records"]["payments"] == {"in_file": 2, "loaded": 1, "rejected": 1}
    changes = pl.read_csv(out / "id_changes.csv")
    assert changes.filter(pl.col("id") == "c1")["given"].to_list() == ["\ufeffc1\u200b"]
    assert record["ids_normalised"] == changes.height


@pytest.mark.parametrize("html_too", [True, False])
def test_run_json_says_how_long_writing_took(inv, tmp_path, html_too):
    write_output(inv, tmp_path / "out", html=html_too)
    record = json.loads((tmp_path / "out" / "run.json").read_text())
    assert record["complete"] is True
    assert set(record["writing_seconds"]) == ({"tables", "html"} if html_too else {"tables"})
    assert all(seconds >= 0 for seconds in record["writing_seconds"].values())
    assert set(record["timings_seconds"]) == set(inv.timings)
