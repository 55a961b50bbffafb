"""A huge case string is cut for display, with the cut shown; the tables keep it whole."""

from __future__ import annotations

import polars as pl

from workbench.investigation import investigate
from workbench.output import write_output


def test_a_megabyte_name_is_cut_on_the_pages_and_kept_in_the_tables(write_case, tmp_path):
    huge = "Q" * 1_000_000
    folder = write_case(
        {
            "contractors.csv": "contractor_id,full_name,email,video_interview\n"
            f"a,{huge},team@x.io,declined\n"
            "b,Bo Li,team@x.io,declined\n",
            "payments.csv": "contractor_id,paid_at,account,method\n"
            "a,2025-01-01,TXYZ9mH1abcdefghijkLMNOPQRSTUVwx12,crypto\n"
            "b,2025-01-01,TXYZ9mH1abcdefghijkLMNOPQRSTUVwx12,crypto\n",
        }
    )
    inv = investigate(folder)
    out = tmp_path / "out"
    write_output(inv, out)
    ring_id = inv.members["ring_id"].unique().item()
    page = (out / "rings" / f"{ring_id}.html").read_text(encoding="utf-8")
    assert "cut for display: 1,000,000 characters" in page
    assert len(page) < 2_000_000  # the page inlines its graph library once, not the name
    assert huge not in page
    assert inv.case.tables["contractors"]["full_name"].str.len_chars().max() == 1_000_000
    assert pl.read_csv(out / "contractors.csv").height == 2
