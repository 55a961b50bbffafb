"""Acceptance: FEBRL 1–4, person records no one here wrote, linked through the whole pipeline.

Every record is an identity; the rings found (at alert level 0: every ring
counts) are scored as pairs against the records' true originals.
"""

from __future__ import annotations

import itertools

import polars as pl
import pytest

from tests.linkage.febrl import records, true_pairs, write_case
from workbench.investigation import investigate


@pytest.mark.slow
@pytest.mark.parametrize("number", [1, 2, 3, 4])
def test_febrl_pair_f1_is_at_least_090(number, tmp_path):
    rows = records(number)
    inv = investigate(write_case(rows, tmp_path / f"febrl{number}"))
    found = {
        pair
        for members in inv.members.group_by("ring_id").agg("contractor_id")["contractor_id"]
        for pair in itertools.combinations(sorted(members.to_list()), 2)
    }
    truth = true_pairs(rows)
    hit = len(found & truth)
    precision, recall = hit / len(found), hit / len(truth)
    f1 = 2 * precision * recall / (precision + recall)
    assert f1 >= 0.90, f"precision {precision:.3f}, recall {recall:.3f}"
    assert "m learnt from the case" in inv.person_match
    assert not inv.links.filter(pl.col("kind") == "same_person").is_empty()
