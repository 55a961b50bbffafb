"""The sub-teams of a large ring: community detection inside it, for display.

A laptop farm or a large operation is one ring however large it is (see
`workbench.rings.group_rings`); cutting it into rings would hide that one
door, account or laptop ties them all. An analyst still reads a ring of 60
better in parts: the people who share a payout account, the ones behind one
VPN exit. Those parts are the ring's sub-teams, found by seeded Louvain
community detection over the ties inside the ring, weighed like grouping
weighs them. They label members; they never split the ring.
"""

from __future__ import annotations

import networkx as nx
import polars as pl

from workbench.rings import ordered

#: Rings of this many members or more are shown with their sub-teams: below it,
#: the whole ring reads at a glance.
SUB_TEAM_MIN_RING = 12

#: Columns of `sub_teams`.
SUB_TEAM_SCHEMA = pl.Schema(
    {"ring_id": pl.String, "contractor_id": pl.String, "sub_team": pl.UInt32}
)


def sub_teams(
    members: pl.DataFrame,
    pairs: pl.DataFrame,
    *,
    seed: int,
    min_ring: int = SUB_TEAM_MIN_RING,
) -> pl.DataFrame:
    """Each member of a ring of ``min_ring`` or more with the number of its sub-team.

    Parameters
    ----------
    members : ring_id, contractor_id (see `workbench.rings.group_rings`).
    pairs : contractor_a, contractor_b, weight (see `workbench.link.pair_weights`).
    seed : seed of the community detection, so that reruns agree.
    min_ring : the smallest ring given sub-teams.

    Returns
    -------
    ring_id, contractor_id, sub_team (1 for the largest sub-team, ties broken by
    least member id), sorted; a ring Louvain does not divide is one sub-team.

    Examples
    --------
    >>> ids = [f"c{i}" for i in range(6)]
    >>> members = pl.DataFrame({"ring_id": "R-1", "contractor_id": ids})
    >>> pairs = pl.DataFrame({"contractor_a": ["c0", "c0", "c1", "c3", "c3", "c4", "c2"],
    ...                       "contractor_b": ["c1", "c2", "c2", "c4", "c5", "c5", "c3"],
    ...                       "weight": [0.9] * 6 + [0.3]})
    >>> sub_teams(members, pairs, seed=7, min_ring=6)["sub_team"].to_list()
    [1, 1, 1, 2, 2, 2]
    """
    sizes = members.group_by("ring_id").len()
    large = sizes.filter(pl.col("len") >= min_ring)["ring_id"].sort()
    rows: list[tuple[str, str, int]] = []
    for ring in large.to_list():
        ids = members.filter(pl.col("ring_id") == ring)["contractor_id"]
        inside = pairs.filter(
            pl.col("contractor_a").is_in(ids.implode())
            & pl.col("contractor_b").is_in(ids.implode())
        )
        graph = nx.Graph()
        graph.add_nodes_from(sorted(ids.to_list()))
        graph.add_weighted_edges_from(
            inside.select("contractor_a", "contractor_b", "weight").rows()
        )
        communities = nx.community.louvain_communities(ordered(graph), weight="weight", seed=seed)
        ranked = sorted((sorted(c) for c in communities), key=lambda c: (-len(c), c[0]))
        rows += [(ring, member, n) for n, team in enumerate(ranked, 1) for member in team]
    return pl.DataFrame(rows, schema=SUB_TEAM_SCHEMA, orient="row").sort("ring_id", "contractor_id")
