"""Ring lineage: which ring of this run continues which ring of the previous run.

A ring's content id (``R-…``) is a digest of its members, so it changes when
one member joins or leaves. Its lineage id (``L-…``) does not: each run
matches its rings to the previous run's by the members they share, and a ring
continues the lineage of the earlier ring it shares most members with. A
ring's change since the previous run is one of `CHANGES`:

- ``same``: the same members;
- ``grown``: members joined (some may also have left);
- ``shrunk``: members left and none joined;
- ``merged``: it holds members of two or more earlier rings;
- ``split``: its one earlier ring's members are now in two or more rings;
- ``new``: none of its members was in a ring;
- ``gone`` (earlier rings only): none of its members is in a ring now.

Matching is greedy on the number of shared members, largest first, so that
each earlier lineage is continued by at most one ring; ties go to the
smaller lineage id, then the smaller ring id. A ring that continues no
lineage (new, or the smaller part of a split) starts one, named after its
own content id (``R-3f…`` starts ``L-3f…``), so that an id is the same
whichever process computes it.
"""

from __future__ import annotations

import hashlib

import polars as pl

from workbench.rings import RING_ID_DIGITS

#: How a ring changed since the previous run (see the module's docstring).
CHANGES = ("same", "grown", "shrunk", "merged", "split", "new", "gone")

#: One row per ring of this run (and per earlier ring now gone): its lineage, its
#: change, the earlier rings it holds members of, who joined and who left.
LINEAGE_SCHEMA = pl.Schema(
    {
        "ring_id": pl.String(),
        "lineage_id": pl.String(),
        "change": pl.String(),
        "parents": pl.List(pl.String()),
        "parent_lineages": pl.List(pl.String()),
        "joined": pl.List(pl.String()),
        "left": pl.List(pl.String()),
    }
)

#: Members of earlier rings: ring_id, lineage_id, contractor_id (one row per member).
EARLIER_SCHEMA = pl.Schema(
    {"ring_id": pl.String(), "lineage_id": pl.String(), "contractor_id": pl.String()}
)


def lineage_of(ring_id: str) -> str:
    """The lineage id a ring starts when it continues none: its content id's digits.

    Examples
    --------
    >>> lineage_of("R-3f2a9c0d1e4b")
    'L-3f2a9c0d1e4b'
    """
    return "L-" + ring_id.removeprefix("R-")


def legacy_ring_id(members: list[str]) -> str:
    """The content id earlier versions gave a ring: a digest of its members joined by newlines.

    Decisions recorded on such ids still find their ring (see `workbench.carry`).

    Examples
    --------
    >>> legacy_ring_id(["c2", "c1"]) == legacy_ring_id(["c1", "c2"])
    True
    """
    digest = hashlib.sha256("\n".join(sorted(members)).encode("utf-8")).hexdigest()
    return f"R-{digest[:RING_ID_DIGITS]}"


def match_rings(earlier: pl.DataFrame, members: pl.DataFrame) -> pl.DataFrame:
    """Match this run's rings to the previous run's by shared members.

    Parameters
    ----------
    earlier : the previous run's rings, one row per member (`EARLIER_SCHEMA`);
        empty on a case's first run.
    members : this run's rings: ring_id, contractor_id (see `workbench.rings.group_rings`).

    Returns
    -------
    One row per ring of this run, then one per earlier ring now gone, with the
    columns of `LINEAGE_SCHEMA`: ``parents`` are the earlier rings it holds
    members of (sorted), ``joined`` and ``left`` compare it with the earlier
    ring whose lineage it continues (none for a new lineage). Sorted by ring id.

    Examples
    --------
    >>> earlier = pl.DataFrame({"ring_id": ["R-1"] * 2 + ["R-2"] * 2,
    ...     "lineage_id": ["L-a"] * 2 + ["L-b"] * 2, "contractor_id": ["a", "b", "c", "d"]})
    >>> now = pl.DataFrame({"ring_id": ["R-9"] * 3, "contractor_id": ["a", "b", "e"]})
    >>> match_rings(earlier, now).select("ring_id", "lineage_id", "change", "joined").rows()
    [('R-2', 'L-b', 'gone', []), ('R-9', 'L-a', 'grown', ['e'])]
    """
    before = _member_sets(earlier, "ring_id")
    now = _member_sets(members, "ring_id")
    lineage_by_ring = dict(earlier.select("ring_id", "lineage_id").unique().iter_rows())
    overlaps = (
        earlier.join(members, on="contractor_id", suffix="_now")
        .group_by("ring_id", "lineage_id", "ring_id_now")
        .len()
        .sort(["len", "lineage_id", "ring_id_now"], descending=[True, False, False])
    )
    continues: dict[str, str] = {}  # ring of this run -> earlier ring it continues
    taken: set[str] = set()
    parents: dict[str, set[str]] = {ring: set() for ring in now}
    children: dict[str, set[str]] = {ring: set() for ring in before}
    for ring, _, ring_now, _ in overlaps.iter_rows():
        parents[ring_now].add(ring)
        children[ring].add(ring_now)
        if ring_now not in continues and ring not in taken:
            continues[ring_now] = ring
            taken.add(ring)
    used = set(lineage_by_ring.values())
    rows = []
    for ring_now in sorted(now):
        parent = continues.get(ring_now)
        if parent is not None:
            lineage = lineage_by_ring[parent]
            joined, left = now[ring_now] - before[parent], before[parent] - now[ring_now]
        else:
            lineage = _fresh(lineage_of(ring_now), used)
            joined, left = set(), set()
        used.add(lineage)
        mine = parents[ring_now]
        change = _change(mine, children, joined, left)
        rows.append(
            (
                ring_now,
                lineage,
                change,
                sorted(mine),
                sorted({lineage_by_ring[p] for p in mine}),
                sorted(joined),
                sorted(left),
            )
        )
    for ring in sorted(r for r, kids in children.items() if not kids):
        rows.append((ring, lineage_by_ring[ring], "gone", [], [], [], sorted(before[ring])))
    return pl.DataFrame(rows, schema=LINEAGE_SCHEMA, orient="row").sort("ring_id")


def _change(
    parents: set[str], children: dict[str, set[str]], joined: set[str], left: set[str]
) -> str:
    """How a ring changed, from its earlier rings and its own joiners and leavers."""
    if not parents:
        return "new"
    if len(parents) > 1:
        return "merged"
    if len(children[next(iter(parents))]) > 1:
        return "split"
    if joined:
        return "grown"
    return "shrunk" if left else "same"


def _fresh(lineage: str, used: set[str]) -> str:
    """``lineage``, or ``lineage.2``, ``.3``… when an earlier ring already holds it."""
    candidate, n = lineage, 1
    while candidate in used:
        n += 1
        candidate = f"{lineage}.{n}"
    return candidate


def _member_sets(frame: pl.DataFrame, key: str) -> dict[str, set[str]]:
    grouped = frame.group_by(key).agg(pl.col("contractor_id"))
    return {ring: set(ids) for ring, ids in grouped.iter_rows()}
