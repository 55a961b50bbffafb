"""The same foreign case gives byte-identical tables, run after run."""

from __future__ import annotations

from pathlib import Path

from tests.foreign.foreign_case import write_foreign_case
from workbench.investigation import investigate
from workbench.output import write_tables

STABLE = ("rings.csv", "contractors.csv", "links.csv")


def test_reruns_and_a_rewritten_case_give_identical_tables(tmp_path: Path) -> None:
    first = write_foreign_case(tmp_path / "a", seed=17, people=700).path
    again = write_foreign_case(tmp_path / "b", seed=17, people=700).path
    for name in ("contractors.jsonl", "logins.csv", "shipments.csv", "referrals.jsonl"):
        assert (first / name).read_bytes() == (again / name).read_bytes(), name
    outputs = []
    for index, folder in enumerate((first, first, again)):
        out = tmp_path / f"out{index}"
        write_tables(investigate(folder), out)
        outputs.append({name: (out / name).read_bytes() for name in STABLE})
    assert outputs[0]["rings.csv"].count(b"\n") > 5
    assert outputs[0] == outputs[1] == outputs[2]
