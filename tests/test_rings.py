"""Ring grouping: strong components, splitting of oversized groups, stable ids."""

from __future__ import annotations

import polars as pl

from workbench.rings import group_rings, ring_id


def pairs(rows: list[tuple[str, str, float]]) -> pl.DataFrame:
    return pl.DataFrame(
        rows,
        schema={"contractor_a": pl.String, "contractor_b": pl.String, "weight": pl.Float64},
        orient="row",
    )


def groups(frame: pl.DataFrame) -> list[list[str]]:
    grouped = frame.group_by("ring_id").agg(pl.col("contractor_id").sort())
    return sorted(grouped["contractor_id"].to_list())


def test_strong_ties_form_rings_and_weak_ones_do_not():
    found = group_rings(
        pairs([("a", "b", 0.9), ("b", "c", 0.6), ("x", "y", 0.3)]),
        threshold=0.5,
        max_ring_size=10,
        seed=7,
    )
    assert groups(found) == [["a", "b", "c"]]


def test_ring_ids_derive_from_members_only():
    assert ring_id(["b", "a"]) == ring_id(["a", "b"]) != ring_id(["a", "c"])
    one = group_rings(pairs([("a", "b", 0.9)]), threshold=0.5, max_ring_size=10, seed=7)
    two = group_rings(pairs([("b", "a", 0.9)]), threshold=0.5, max_ring_size=10, seed=1)
    assert one.equals(two)


def test_oversized_groups_are_cut_at_bridges():
    left = [(f"l{i}", f"l{j}", 0.9) for i in range(5) for j in range(i + 1, 5)]
    right = [(f"r{i}", f"r{j}", 0.9) for i in range(5) for j in range(i + 1, 5)]
    found = group_rings(
        pairs(left + right + [("l0", "r0", 0.6)]), threshold=0.5, max_ring_size=6, seed=7
    )
    assert groups(found) == [[f"l{i}" for i in range(5)], [f"r{i}" for i in range(5)]]


def test_oversized_groups_without_bridges_split_into_communities_deterministically():
    def clique(prefix: str) -> list[tuple[str, str, float]]:
        return [(f"{prefix}{i}", f"{prefix}{j}", 0.9) for i in range(6) for j in range(i + 1, 6)]

    glue = [("a0", "b0", 0.6), ("a1", "b1", 0.6)]
    edges = pairs(clique("a") + clique("b") + glue)
    first = group_rings(edges, threshold=0.5, max_ring_size=8, seed=7)
    assert groups(first) == [[f"a{i}" for i in range(6)], [f"b{i}" for i in range(6)]]
    assert first.equals(group_rings(edges.reverse(), threshold=0.5, max_ring_size=8, seed=7))


def test_many_disjoint_pairs_stay_pairs():
    """Regression: row order must not be assumed after a join (polars may reorder on big frames)."""
    count = 20_000
    edges = pairs([(f"a{i:05}", f"b{i:05}", 0.9) for i in range(count)])
    found = groups(group_rings(edges, threshold=0.5, max_ring_size=10, seed=7))
    assert found == sorted([f"a{i:05}", f"b{i:05}"] for i in range(count))
