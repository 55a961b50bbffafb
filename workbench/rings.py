"""Group strongly tied identities into rings with content-derived, stable ids."""

from __future__ import annotations

import hashlib

import networkx as nx
import numpy as np
import polars as pl
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

RING_SCHEMA = pl.Schema({"ring_id": pl.String, "contractor_id": pl.String})

#: Characters of the SHA-256 of a ring's sorted members kept in its id.
RING_ID_DIGITS = 12


def ring_id(members: list[str]) -> str:
    """A ring's id: a digest of its sorted members, stable across reruns and row order.

    Examples
    --------
    >>> ring_id(["c2", "c1"]) == ring_id(["c1", "c2"])
    True
    >>> ring_id(["c1", "c2"])[:2]
    'R-'
    """
    digest = hashlib.sha256("\n".join(sorted(members)).encode("utf-8")).hexdigest()
    return f"R-{digest[:RING_ID_DIGITS]}"


def group_rings(
    pairs: pl.DataFrame, *, threshold: float, max_ring_size: int, seed: int
) -> pl.DataFrame:
    """Connected groups over strong ties, too-large groups split into communities.

    Parameters
    ----------
    pairs : contractor_a, contractor_b, weight (see `workbench.link.pair_weights`).
    threshold : pairs at or above this weight are strong ties.
    max_ring_size : a group larger than this is split: first at bridges, then
        by seeded Louvain community detection.
    seed : seed of the community detection.

    Returns
    -------
    ring_id, contractor_id: one row per member of a ring of two or more, sorted.

    Examples
    --------
    >>> pairs = pl.DataFrame({"contractor_a": ["a", "b", "x"], "contractor_b": ["b", "c", "y"],
    ...                       "weight": [0.9, 0.8, 0.2]})
    >>> group_rings(pairs, threshold=0.5, max_ring_size=10, seed=7)["contractor_id"].to_list()
    ['a', 'b', 'c']
    """
    strong = pairs.filter(pl.col("weight") >= threshold)
    groups: list[list[str]] = []
    for component in _components(strong):
        groups += _split(component, strong, max_ring_size, seed)
    rows = [(ring_id(g), member) for g in groups if len(g) >= 2 for member in g]
    return pl.DataFrame(rows, schema=RING_SCHEMA, orient="row").sort("ring_id", "contractor_id")


def _components(strong: pl.DataFrame) -> list[list[str]]:
    if strong.is_empty():
        return []
    ids = pl.concat([strong["contractor_a"], strong["contractor_b"]]).unique().sort()
    a = ids.search_sorted(strong["contractor_a"]).to_numpy()
    b = ids.search_sorted(strong["contractor_b"]).to_numpy()
    matrix = coo_matrix((np.ones(len(a)), (a, b)), shape=(ids.len(), ids.len()))
    _, labels = connected_components(matrix, directed=False)
    grouped = pl.DataFrame({"id": ids, "label": labels}).group_by("label").agg(pl.col("id").sort())
    return sorted(grouped["id"].to_list())


def _split(members: list[str], strong: pl.DataFrame, max_size: int, seed: int) -> list[list[str]]:
    if len(members) <= max_size:
        return [members]
    ids = pl.Series(members).implode()
    inside = strong.filter(pl.col("contractor_a").is_in(ids) & pl.col("contractor_b").is_in(ids))
    graph = nx.Graph()
    graph.add_nodes_from(sorted(members))
    graph.add_weighted_edges_from(inside.select("contractor_a", "contractor_b", "weight").rows())
    graph.remove_edges_from(sorted(nx.bridges(graph)))
    parts: list[list[str]] = []
    for component in sorted(sorted(c) for c in nx.connected_components(graph)):
        if len(component) <= max_size:
            parts.append(component)
            continue
        communities = nx.community.louvain_communities(
            graph.subgraph(component), weight="weight", seed=seed
        )
        parts += sorted(sorted(c) for c in communities)
    return parts
