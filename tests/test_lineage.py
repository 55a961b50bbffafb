"""Tests for workbench/lineage.py: which ring of a run continues which ring of the run before."""

from __future__ import annotations

import polars as pl
import pytest

from workbench.lineage import EARLIER_SCHEMA, legacy_ring_id, lineage_of, match_rings
from workbench.rings import ring_id


def earlier(rings: dict[str, list[str]]) -> pl.DataFrame:
    """{lineage id: members} as the previous run's rings, each ring id made from its members."""
    rows = [(ring_id(m), lineage, c) for lineage, m in rings.items() for c in m]
    return pl.DataFrame(rows, schema=EARLIER_SCHEMA, orient="row")


def now(*rings: list[str]) -> pl.DataFrame:
    rows = [(ring_id(m), c) for m in rings for c in m]
    return pl.DataFrame(
        rows, schema={"ring_id": pl.String, "contractor_id": pl.String}, orient="row"
    )


def by_members(found: pl.DataFrame, members: list[str]) -> dict:
    return found.filter(pl.col("ring_id") == ring_id(members)).row(0, named=True)


@pytest.mark.parametrize(
    ("after", "change", "joined", "left"),
    [
        (["a", "b", "c"], "same", [], []),
        (["a", "b", "c", "d"], "grown", ["d"], []),
        (["a", "b"], "shrunk", [], ["c"]),
        (["a", "b", "d"], "grown", ["d"], ["c"]),
    ],
)
def test_a_ring_keeps_its_lineage_when_members_join_or_leave(after, change, joined, left):
    found = match_rings(earlier({"L-x": ["a", "b", "c"]}), now(after))
    assert found.select("lineage_id", "change", "joined", "left").rows() == [
        ("L-x", change, joined, left)
    ]


def test_a_merge_continues_the_larger_ring_and_names_both():
    found = match_rings(
        earlier({"L-big": ["a", "b", "c"], "L-small": ["d", "e"]}), now(list("abcde"))
    )
    row = by_members(found, list("abcde"))
    assert (row["lineage_id"], row["change"]) == ("L-big", "merged")
    assert row["parent_lineages"] == ["L-big", "L-small"]
    assert row["joined"] == ["d", "e"]
    assert found.filter(pl.col("change") == "gone").is_empty()  # merged into, not gone


def test_a_split_gives_one_part_the_lineage_and_the_other_a_new_one():
    found = match_rings(earlier({"L-x": list("abcde")}), now(["a", "b", "c"], ["d", "e"]))
    larger, smaller = by_members(found, ["a", "b", "c"]), by_members(found, ["d", "e"])
    assert (larger["lineage_id"], larger["change"]) == ("L-x", "split")
    assert smaller["change"] == "split"
    assert smaller["lineage_id"] == lineage_of(ring_id(["d", "e"]))
    assert smaller["parent_lineages"] == ["L-x"]


def test_new_and_gone_rings():
    found = match_rings(earlier({"L-old": ["a", "b"]}), now(["x", "y"]))
    assert sorted(found.select("change", "lineage_id").rows()) == [
        ("gone", "L-old"),
        ("new", lineage_of(ring_id(["x", "y"]))),
    ]
    assert by_members(found, ["x", "y"])["parents"] == []


def test_the_first_run_starts_every_lineage_from_the_content_id():
    found = match_rings(pl.DataFrame(schema=EARLIER_SCHEMA), now(["a", "b"], ["c", "d"]))
    assert found["change"].to_list() == ["new", "new"]
    assert found["lineage_id"].to_list() == [lineage_of(r) for r in found["ring_id"]]


def test_ties_in_overlap_go_to_the_smaller_lineage_id_whatever_the_input_order():
    before = earlier({"L-b": ["a", "b"], "L-a": ["c", "d"]})
    after = now(list("abcd"))
    assert match_rings(before, after)["lineage_id"].to_list() == ["L-a"]
    shuffled = match_rings(before.reverse(), after.reverse())
    assert shuffled.equals(match_rings(before, after))


def test_a_new_lineage_never_takes_an_id_an_earlier_ring_still_holds():
    # L-<digits of {x, y}> already names a ring that has since drifted to other members.
    taken = lineage_of(ring_id(["x", "y"]))
    found = match_rings(earlier({taken: ["p", "q"]}), now(["p", "q"], ["x", "y"]))
    assert by_members(found, ["p", "q"])["lineage_id"] == taken
    assert by_members(found, ["x", "y"])["lineage_id"] == taken + ".2"


def test_legacy_ids_are_the_newline_digest_of_earlier_versions():
    assert legacy_ring_id(["b", "a"]) == legacy_ring_id(["a", "b"]) != ring_id(["a", "b"])
    assert legacy_ring_id(["a\nb", "c"]) == legacy_ring_id(["a", "b\nc"])  # why ids changed
