"""Accuracy on foreign cases: rings found, ranked and scored as the issue asks.

Metrics are computed here, against ground truth the foreign writer keeps in
Python (never in the case folder).
"""

from __future__ import annotations

import polars as pl
import pytest

from tests.foreign.foreign_case import BENIGN_GROUPS, FRONT_KINDS, ForeignCase, write_foreign_case
from tests.metrics import auc, average_precision, member_pairs, pair_f1
from workbench.investigation import Investigation, investigate


def truth_frame(case: ForeignCase) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "contractor_id": list(case.kinds),
            "kind": list(case.kinds.values()),
            "group": [case.groups[c] for c in case.kinds],
        }
    )


@pytest.fixture(
    scope="module", params=[(11, 900), (29, 1400), (2, 1000)], ids=["seed11", "seed29", "seed2"]
)
def run(request, tmp_path_factory) -> tuple[pl.DataFrame, Investigation]:
    seed, people = request.param
    case = write_foreign_case(tmp_path_factory.mktemp("foreign") / "case", seed=seed, people=people)
    return truth_frame(case), investigate(case.path)


def alerted(inv: Investigation) -> pl.DataFrame:
    return inv.rings.filter(pl.col("ring_score") >= inv.settings.alert_threshold)


def test_pair_f1_at_alert_is_at_least_095(run) -> None:
    truth, inv = run
    true_pairs = member_pairs(truth.filter(pl.col("kind") == "ring"), "group")
    found = member_pairs(alerted(inv), "ring_id")
    precision, recall, f1 = pair_f1(found, true_pairs)
    assert f1 >= 0.95, f"precision {precision:.3f}, recall {recall:.3f}"


def test_ring_ranking_average_precision_is_at_least_095(run) -> None:
    truth, inv = run
    rings = (
        inv.rings.join(truth, on="contractor_id")
        .group_by("ring_id")
        .agg(pl.col("ring_score").first(), ((pl.col("kind") == "ring").mean() >= 0.5).alias("hit"))
    )
    assert rings["hit"].sum() > 0
    assert average_precision(list(zip(rings["ring_score"], rings["hit"], strict=True))) >= 0.95


def test_no_benign_group_has_two_members_in_alerted_rings(run) -> None:
    truth, inv = run
    raised = (
        alerted(inv)
        .join(truth, on="contractor_id")
        .filter(pl.col("kind").is_in(BENIGN_GROUPS))
        .group_by("group", "ring_id")
        .agg(pl.col("contractor_id"), pl.len())
        .filter(pl.col("len") >= 2)
    )
    assert raised.height == 0, raised.rows()


def test_risk_auc_of_fronts_against_everyone_else_is_at_least_095(run) -> None:
    truth, inv = run
    scored = inv.contractors.join(truth, on="contractor_id")
    front = scored.filter(pl.col("kind").is_in(FRONT_KINDS))["risk_score"].to_list()
    others = scored.filter(~pl.col("kind").is_in(FRONT_KINDS))["risk_score"].to_list()
    assert auc(front, others) >= 0.95


def test_risk_auc_of_lone_fronts_is_at_least_095(run) -> None:
    truth, inv = run
    scored = inv.contractors.join(truth, on="contractor_id")
    lone = scored.filter(pl.col("kind") == "lone")["risk_score"].to_list()
    others = scored.filter(~pl.col("kind").is_in(FRONT_KINDS))["risk_score"].to_list()
    assert lone and auc(lone, others) >= 0.95


def test_every_identity_is_scored_once(run) -> None:
    truth, inv = run
    assert inv.contractors.height == truth.height
    assert inv.contractors["contractor_id"].n_unique() == truth.height
