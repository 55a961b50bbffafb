"""Accuracy metrics shared by the acceptance tests (the project's scoring rules, small)."""

from __future__ import annotations

from itertools import combinations

import polars as pl


def member_pairs(frame: pl.DataFrame, key: str) -> set[tuple[str, str]]:
    """Unordered pairs of contractors that share ``key``."""
    found: set[tuple[str, str]] = set()
    for members in frame.group_by(key).agg(pl.col("contractor_id").sort())["contractor_id"]:
        found.update(combinations(members.to_list(), 2))
    return found


def pair_f1(found: set[tuple[str, str]], true: set[tuple[str, str]]) -> tuple[float, float, float]:
    """Precision, recall and F1 of found pairs against true pairs."""
    precision = len(found & true) / max(len(found), 1)
    recall = len(found & true) / max(len(true), 1)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def average_precision(ranked: list[tuple[float, bool]]) -> float:
    """Average precision of items sorted by score, highest first."""
    hits, total = 0, 0.0
    for rank, (_, positive) in enumerate(sorted(ranked, key=lambda item: -item[0]), start=1):
        if positive:
            hits += 1
            total += hits / rank
    return total / max(hits, 1)


def auc(positive: list[float], negative: list[float]) -> float:
    """Probability that a random positive outscores a random negative (ties count half)."""
    wins = sum((p > n) + 0.5 * (p == n) for p in positive for n in negative)
    return wins / (len(positive) * len(negative))
