"""Tests for workbench/changes.py: what changed between two runs, with the evidence."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import polars as pl
import pytest

from workbench.changes import RunState, compare, read_run, summary
from workbench.cli import main
from workbench.rings import ring_id

LINKS = {"contractor_a": str, "contractor_b": str, "kind": str, "value": str, "weight": float}


def run(
    rings: list[list[str]],
    risk: dict[str, float],
    flags: list[tuple[str, str, str]] = (),
    links: list[tuple[str, str, str, str, float]] = (),
) -> RunState:
    ring_rows = [(ring_id(m), "L-" + ring_id(m)[2:], c, 80.0) for m in rings for c in m]
    ring_of = {c: r for r, _, c, _ in ring_rows}
    return RunState(
        rings=pl.DataFrame(
            ring_rows,
            schema={"ring_id": str, "lineage_id": str, "contractor_id": str, "ring_score": float},
            orient="row",
        ),
        identities=pl.DataFrame(
            [(c, ring_of.get(c), r) for c, r in risk.items()],
            schema={"contractor_id": str, "ring_id": str, "risk_score": float},
            orient="row",
        ),
        flags=pl.DataFrame(
            list(flags), schema={"contractor_id": str, "code": str, "evidence": str}, orient="row"
        ),
        links=pl.DataFrame(list(links), schema=LINKS, orient="row"),
    )


def test_each_kind_of_change_is_listed_once_with_its_evidence():
    before = run(
        [["a", "b"], ["c", "d"], ["e", "f"], ["g", "h", "i", "j"], ["k", "l", "m"]],
        {c: 60.0 for c in "abcdefghijklm"} | {"x": 30.0, "y": 70.0},
        flags=[("x", "VPN_HEAVY", "3 of 9 logins")],
    )
    after = run(
        [["a", "b", "n"], ["c", "d", "e", "f"], ["g", "h"], ["i", "j"], ["k", "l"], ["p", "q"]],
        {c: 60.0 for c in "abcdefghijklnpq"} | {"m": 20.0, "x": 55.0, "y": 40.0, "z": 10.0},
        flags=[("x", "VPN_HEAVY", "9 of 9 logins"), ("x", "UTC9_HOURS", "night logins")],
        links=[("a", "n", "payment_account", "crypto:0xabc", 0.9)],
    )
    changes = compare(before, after, alert_threshold=50)
    rings = [["a", "b", "n"], list("cdef"), ["p", "q"], ["g", "h"], ["i", "j"], ["k", "l"]]
    grown, merged, new, split_one, split_two, shrunk = (ring_id(m) for m in rings)
    assert changes.select("change", "ring_id", "contractor_id").rows() == [
        ("grown_ring", grown, None),
        ("merged_ring", merged, None),
        ("new_ring", new, None),
        *sorted([("split_ring", split_one, None), ("split_ring", split_two, None)]),
        ("shrunk_ring", shrunk, None),
        *sorted(
            [("new_identity", grown, "n"), ("new_identity", new, "p"), ("new_identity", new, "q")]
        ),
        ("risk_crossed", None, "m"),
        ("risk_crossed", None, "x"),
        ("risk_crossed", None, "y"),
        ("new_flag", None, "x"),
    ]
    evidence = dict(
        zip(
            changes["change"] + changes["contractor_id"].fill_null(""),
            changes["evidence"],
            strict=True,
        )
    )
    assert evidence["grown_ring"] == (
        f"was {ring_id(['a', 'b'])} (2 members, score 80); n joined, tied by payment_account "
        "crypto:0xabc; now 3 members, score 80"
    )
    assert "merged " + ring_id(["c", "d"]) in evidence["merged_ring"]
    assert evidence["risk_crossedy"] == "risk 70 → 40 (alert level 50)"
    assert evidence["risk_crossedx"] == "risk 30 → 55 (alert level 50); new red flags: UTC9_HOURS"
    assert evidence["new_flagx"] == "UTC9_HOURS: night logins"
    assert "z" not in set(changes["contractor_id"])  # new, in no ring, below the alert level


def test_a_ring_gone_and_nothing_else():
    changes = compare(
        run([["a", "b"]], {"a": 10.0, "b": 10.0}),
        run([], {"a": 10.0, "b": 10.0}),
        alert_threshold=50,
    )
    assert changes.select("change", "lineage_id").rows() == [
        ("gone_ring", "L-" + ring_id(["a", "b"])[2:])
    ]
    assert changes["evidence"][0] == "no longer a ring: a, b (score was 80)"


def test_the_same_run_twice_has_no_changes():
    state = run([["a", "b"]], {"a": 70.0, "b": 70.0}, flags=[("a", "VPN_HEAVY", "x")])
    assert compare(state, state, alert_threshold=50).is_empty()
    assert summary(compare(state, state, alert_threshold=50)) == "no changes"


def write_out(
    folder: Path,
    rings: str,
    contractors: str,
    flags: str = "contractor_id,code,weight,evidence,refs\n",
) -> Path:
    folder.mkdir()
    (folder / "rings.csv").write_text(rings)
    (folder / "contractors.csv").write_text(contractors)
    (folder / "flags.csv").write_text(flags)
    (folder / "links.csv").write_text("contractor_a,contractor_b,kind,value,weight\n")
    return folder


def test_output_folders_of_earlier_versions_have_no_lineage_column(tmp_path):
    out = write_out(
        tmp_path / "old",
        "ring_id,contractor_id,ring_score,ring_size\nR-1,a,70,2\nR-1,b,70,2\n",
        "contractor_id,ring_id,risk_score,flags,disposition\na,R-1,70,,\nb,R-1,70,,\n",
    )
    state, threshold = read_run(out)
    assert state.rings["lineage_id"].unique().to_list() == ["L-1"]
    assert threshold == 50.0


@pytest.mark.parametrize(
    ("rings", "contractors", "message"),
    [
        (
            "ring_id,contractor_id\nR-1,a\n",
            "contractor_id,ring_id,risk_score\n",
            "column 'ring_score' is missing",
        ),
        (
            "ring_id,contractor_id,ring_score\nR-1,a,high\n",
            "contractor_id,ring_id,risk_score\n",
            "row 2, column 'ring_score': 'high' is not a number",
        ),
    ],
)
def test_bad_output_folders_are_one_line_errors(tmp_path, rings, contractors, message, capsys):
    out = write_out(tmp_path / "out", rings, contractors)
    assert main(["diff", str(out), str(out)]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1


def test_diff_of_a_folder_that_is_not_an_output_folder(tmp_path, capsys):
    assert main(["diff", str(tmp_path), str(tmp_path)]) == 2
    assert "not an output folder (no rings.csv)" in capsys.readouterr().err


def test_diff_prints_each_change_with_control_characters_escaped(tmp_path):
    old = write_out(
        tmp_path / "old",
        "ring_id,contractor_id,ring_score,ring_size\n",
        "contractor_id,ring_id,risk_score\nx\x1b[2J,,20\n",
    )
    new = write_out(
        tmp_path / "new",
        "ring_id,contractor_id,ring_score,ring_size\n",
        "contractor_id,ring_id,risk_score\nx\x1b[2J,,80\n",
    )
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["diff", str(old), str(new)]) == 0
    printed = out.getvalue()
    assert printed.startswith("1 change: risk crossed: 1\n")
    assert "\x1b" not in printed and "x\\x1b[2J" in printed
