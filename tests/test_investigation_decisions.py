"""Analysts' decisions recorded beside a case come back on every rerun, in every output."""

from __future__ import annotations

import shutil

import polars as pl

from workbench import dispositions
from workbench.investigation import investigate
from workbench.output import write_html, write_tables


def test_decisions_reach_contractors_csv_and_the_report(tmp_path):
    case = tmp_path / "case"
    shutil.copytree("sample_data/demo_case", case)
    first = investigate(case)
    ring_id = first.ring_scores["ring_id"][0]
    member = first.members.filter(pl.col("ring_id") == ring_id)["contractor_id"][0]
    loner = first.scored.filter(pl.col("ring_id").is_null())["contractor_id"][0]
    dispositions.record(case, ring_id=ring_id, decision="confirmed", note="same laptop farm")
    dispositions.record(case, contractor_id=loner, decision="benign")

    again = investigate(case)
    write_tables(again, tmp_path / "out")
    report = write_html(again, tmp_path / "out").read_text(encoding="utf-8")

    people = pl.read_csv(tmp_path / "out" / "contractors.csv", infer_schema=False)
    decided = dict(people.select("contractor_id", "disposition").iter_rows())
    assert decided[member] == "confirmed"
    assert decided[loner] == "benign"
    assert (
        sum(v is not None for v in decided.values())
        == first.members.filter(pl.col("ring_id") == ring_id).height + 1
    )
    assert (
        again.ring_scores.filter(pl.col("ring_id") == ring_id)["disposition"].item() == "confirmed"
    )
    assert "confirmed" in report
