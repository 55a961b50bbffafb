"""Acceptance: rings found on generated cases score like the issue asks.

The metrics mirror the project's scoring rules: pair F1 of ring membership at
the alert level, average precision of the ring ranking, benign groups raised
to alert, and the AUC of identity risk for front identities.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from tests.metrics import auc, average_precision, member_pairs, pair_f1
from workbench.investigation import investigate
from workbench.synth import synthesize

FRONT_KINDS = ("ring", "solo_dprk")
BENIGN_KINDS = ("agency", "family", "cowork")


@pytest.fixture(
    scope="module", params=[(2500, 7, 3), (4000, 9, 21)], ids=["2.5k-seed3", "4k-seed21"]
)
def run(request, tmp_path_factory) -> tuple[pl.DataFrame, object]:
    contractors, rings, seed = request.param
    folder: Path = tmp_path_factory.mktemp("cases") / f"case{seed}"
    summary = synthesize(folder, contractors=contractors, rings=rings, seed=seed)
    return pl.read_csv(summary.truth_path), investigate(folder)


def test_pair_f1_at_alert_is_at_least_095(run):
    truth, inv = run
    true_pairs = member_pairs(truth.filter(pl.col("group_kind") == "ring"), "group_id")
    alerted = inv.rings.filter(pl.col("ring_score") >= inv.settings.alert_threshold)
    found = member_pairs(alerted, "ring_id")
    precision, recall, f1 = pair_f1(found, true_pairs)
    assert f1 >= 0.95, f"precision {precision:.3f}, recall {recall:.3f}"


def test_ring_ranking_average_precision_is_at_least_095(run):
    truth, inv = run
    kinds = (
        inv.rings.join(truth, on="contractor_id")
        .group_by("ring_id")
        .agg(
            pl.col("ring_score").first(),
            ((pl.col("group_kind") == "ring").mean() >= 0.5).alias("hit"),
        )
    )
    assert average_precision(list(zip(kinds["ring_score"], kinds["hit"], strict=True))) >= 0.95


def test_no_benign_group_is_alerted(run):
    truth, inv = run
    alerted = inv.rings.filter(pl.col("ring_score") >= inv.settings.alert_threshold)
    benign = truth.filter(pl.col("group_kind").is_in(BENIGN_KINDS)).join(
        alerted, on="contractor_id"
    )
    raised = benign.group_by("group_id").len().filter(pl.col("len") >= 2)
    assert raised.is_empty(), raised


def test_risk_separates_front_identities(run):
    truth, inv = run
    risk = truth.join(inv.contractors, on="contractor_id")
    front = risk.filter(pl.col("group_kind").is_in(FRONT_KINDS))["risk_score"].to_list()
    solo = risk.filter(pl.col("group_kind") == "solo_dprk")["risk_score"].to_list()
    legit = risk.filter(~pl.col("group_kind").is_in(FRONT_KINDS))["risk_score"].to_list()
    assert auc(front, legit) >= 0.95
    assert auc(solo, legit) >= 0.95
