"""Group strongly tied identities into rings with content-derived, stable ids."""

from __future__ import annotations

import hashlib
import math
from collections import deque
from collections.abc import Mapping

import networkx as nx
import numpy as np
import polars as pl
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

RING_SCHEMA = pl.Schema({"ring_id": pl.String, "contractor_id": pl.String})

#: Characters of the SHA-256 of a ring's sorted members kept in its id.
RING_ID_DIGITS = 12

#: Louvain splits parts of at most this many nodes. Its local moving can take hundreds of
#: passes over a large even mesh of ties: on a chain of identities each tied to the next
#: two it took about 30 s at 10,000 and over 2 minutes at 100,000. A larger part is cut
#: breadth-first into connected pieces instead.
LOUVAIN_MAX_NODES = 1_000


def ring_id(members: list[str]) -> str:
    """A ring's id: a digest of its sorted members, stable across reruns and row order.

    Each member is hashed with its length in bytes before it (``5:C0001``), so
    no two member sets share an encoding, whatever characters the ids hold: a
    separator alone would let ``["a\\nb", "c"]`` and ``["a", "b\\nc"]`` collide.

    Examples
    --------
    >>> ring_id(["c2", "c1"]) == ring_id(["c1", "c2"])
    True
    >>> ring_id(["c1", "c2"])
    'R-fc936a45e7b5'
    >>> ring_id(["a\\nb", "c"]) == ring_id(["a", "b\\nc"])
    False
    """
    digest = hashlib.sha256()
    for member in sorted(members):
        encoded = member.encode("utf-8")
        digest.update(b"%d:%b" % (len(encoded), encoded))
    return f"R-{digest.hexdigest()[:RING_ID_DIGITS]}"


def group_rings(
    pairs: pl.DataFrame,
    *,
    threshold: float,
    max_ring_size: int,
    seed: int,
    units: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Connected groups over strong ties, too-large groups split into communities.

    Parameters
    ----------
    pairs : contractor_a, contractor_b, weight (see `workbench.link.pair_weights`).
    threshold : pairs at or above this weight are strong ties.
    max_ring_size : a group larger than this is split: first at bridges, then
        by seeded Louvain community detection, again within each community still
        too large; a part that Louvain no longer splits, or of more than
        `LOUVAIN_MAX_NODES` nodes, is cut breadth-first into connected pieces.
        No ring is larger than this unless it holds a unit that is, or a member
        that a cut would leave alone joined it (`_adopt_lone`).
    seed : seed of the community detection.
    units : kind, value, contractor_id of the holders of concentrated values
        (`workbench.link.Links.concentrated`): a split never cuts through one,
        so a laptop farm stays one ring however large it is.

    Returns
    -------
    ring_id, contractor_id: one row per member of a ring of two or more, sorted.

    Examples
    --------
    >>> pairs = pl.DataFrame({"contractor_a": ["a", "b", "x"], "contractor_b": ["b", "c", "y"],
    ...                       "weight": [0.9, 0.8, 0.2]})
    >>> group_rings(pairs, threshold=0.5, max_ring_size=10, seed=7)["contractor_id"].to_list()
    ['a', 'b', 'c']
    >>> chain = pl.DataFrame({"contractor_a": ["a", "b", "c"], "contractor_b": ["b", "c", "d"],
    ...                       "weight": [0.9, 0.8, 0.9]})
    >>> rings = group_rings(chain, threshold=0.5, max_ring_size=2, seed=7)
    >>> sorted(rings.group_by("ring_id").agg("contractor_id")["contractor_id"].to_list())
    [['a', 'b'], ['c', 'd']]
    >>> farm = pl.DataFrame({"kind": "address", "value": "x", "contractor_id": list("abcd")})
    >>> group_rings(chain, threshold=0.5, max_ring_size=2, seed=7, units=farm)[
    ...     "contractor_id"].to_list()
    ['a', 'b', 'c', 'd']

    A chain of 50 identities, each tied to the next two, has no bridge: it is split
    into communities of at most ``max_ring_size``, every member in one of them.

    >>> ids = [f"c{i:02}" for i in range(50)]
    >>> chain = pl.DataFrame({"contractor_a": ids[:-1] + ids[:-2],
    ...                       "contractor_b": ids[1:] + ids[2:], "weight": 0.9})
    >>> rings = group_rings(chain, threshold=0.5, max_ring_size=20, seed=7)
    >>> sizes = rings.group_by("ring_id").len()["len"]
    >>> sizes.max() <= 20, sizes.sum()
    (True, 50)
    """
    together = _units(units)
    # The holders of a concentrated value belong together whatever their pair weights.
    bonds = pl.DataFrame(
        [(m, root, threshold) for m, root in sorted(together.items()) if m != root],
        schema={"contractor_a": pl.String, "contractor_b": pl.String, "weight": pl.Float64},
        orient="row",
    )
    strong = pl.concat([pairs.filter(pl.col("weight") >= threshold).select(bonds.columns), bonds])
    groups: list[list[str]] = []
    for component in _components(strong):
        groups += _split(component, strong, max_ring_size, seed, together)
    rings = [group for group in groups if len(group) >= 2]
    # One id per ring, not one per member: a laptop farm's ring holds thousands.
    members = pl.DataFrame(
        {"ring_id": [ring_id(ring) for ring in rings], "contractor_id": rings},
        schema={"ring_id": pl.String, "contractor_id": pl.List(pl.String)},
    )
    return members.explode("contractor_id").sort("ring_id", "contractor_id")


def _units(units: pl.DataFrame | None) -> dict[str, str]:
    """Each holder of a concentrated value → the least id of its unit (overlapping units merge)."""
    if units is None or units.is_empty():
        return {}
    first = units.group_by("kind", "value").agg(first=pl.col("contractor_id").min())
    ties = units.join(first, on=["kind", "value"]).filter(
        pl.col("contractor_id") != pl.col("first")
    )
    if ties.is_empty():
        return {}
    labelled = _component_labels(ties["first"], ties["contractor_id"])
    roots = labelled.select("id", root=pl.col("id").min().over("label"))
    return dict(zip(roots["id"].to_list(), roots["root"].to_list(), strict=True))


def _components(strong: pl.DataFrame) -> list[list[str]]:
    if strong.is_empty():
        return []
    labelled = _component_labels(strong["contractor_a"], strong["contractor_b"])
    grouped = labelled.group_by("label").agg(pl.col("id").sort())
    return sorted(grouped["id"].to_list())


def _component_labels(a: pl.Series, b: pl.Series) -> pl.DataFrame:
    """Each id of the edges (``a[i]``, ``b[i]``) and the label of its connected component.

    Examples
    --------
    >>> labelled = _component_labels(pl.Series(["a", "c"]), pl.Series(["b", "d"]))
    >>> labelled.group_by("label").agg("id")["id"].list.sort().sort().to_list()
    [['a', 'b'], ['c', 'd']]
    """
    ids = pl.concat([a, b]).unique().sort()
    left = ids.search_sorted(a).to_numpy()
    right = ids.search_sorted(b).to_numpy()
    matrix = coo_matrix((np.ones(len(left)), (left, right)), shape=(ids.len(), ids.len()))
    _, labels = connected_components(matrix, directed=False)
    return pl.DataFrame({"id": ids, "label": labels})


def _split(
    members: list[str],
    strong: pl.DataFrame,
    max_size: int,
    seed: int,
    together: dict[str, str],
) -> list[list[str]]:
    """A component as rings: whole when small, else cut at bridges and each part still
    too large by `_cut`, each unit of ``together`` contracted to one node first so that
    no cut goes through it. A member that a bridge leaves alone (a front tied to a farm
    by one reused phone) joins the part across it when that part has room
    (`_adopt_lone`), instead of falling out of every ring."""
    if len(members) <= max_size:
        return [members]
    whole, expand = _contracted(members, strong, together)
    size = {n: len(held) for n, held in expand.items()}
    graph = whole.copy()
    graph.remove_edges_from(sorted(nx.bridges(graph)))
    parts: list[list[str]] = []
    for component in sorted(sorted(c) for c in nx.connected_components(graph)):
        parts += _cut(graph.subgraph(component), size, max_size, seed)
    parts = _adopt_lone(whole, parts, size, max_size)
    return [sorted(m for n in part for m in expand[n]) for part in parts]


def _contracted(
    members: list[str], strong: pl.DataFrame, together: dict[str, str]
) -> tuple[nx.Graph, dict[str, list[str]]]:
    """The strong ties among ``members`` with each unit as one node (its least id), and each
    node's sorted members. Nodes and edges are added in id order, two nodes tied by several
    members keep their strongest tie, so the graph does not depend on the order of the rows."""
    node = {m: together.get(m, m) for m in members}
    expand: dict[str, list[str]] = {}
    for member in sorted(members):
        expand.setdefault(node[member], []).append(member)
    ids = pl.Series(members).implode()
    a = pl.col("contractor_a").replace_strict(node, return_dtype=pl.String)
    b = pl.col("contractor_b").replace_strict(node, return_dtype=pl.String)
    edges = (
        strong.filter(pl.col("contractor_a").is_in(ids) & pl.col("contractor_b").is_in(ids))
        .select(lo=pl.min_horizontal(a, b), hi=pl.max_horizontal(a, b), weight="weight")
        .filter(pl.col("lo") != pl.col("hi"))
        .group_by("lo", "hi")
        .agg(pl.col("weight").max())
        .sort("lo", "hi")
    )
    graph = nx.Graph()
    graph.add_nodes_from(sorted(expand))
    graph.add_weighted_edges_from(edges.iter_rows())
    return graph, expand


def _cut(graph: nx.Graph, size: Mapping[str, int], max_size: int, seed: int) -> list[list[str]]:
    """The nodes of a part in groups of at most ``max_size`` members (a node larger than
    that stays whole): seeded Louvain communities, each still too large cut again, and
    breadth-first pieces (`_pieces`) where Louvain no longer splits or would be too slow."""
    if len(graph) == 1 or sum(size[n] for n in graph) <= max_size:
        return [sorted(graph)]
    if len(graph) <= LOUVAIN_MAX_NODES:
        communities = nx.community.louvain_communities(ordered(graph), weight="weight", seed=seed)
        if len(communities) > 1:
            return [
                group
                for community in sorted(sorted(c) for c in communities)
                for group in _cut(graph.subgraph(community), size, max_size, seed)
            ]
    return _pieces(graph, size, max_size)


def ordered(graph: nx.Graph) -> nx.Graph:
    """A copy of ``graph`` with its nodes, and each node's neighbours, in id order.

    Louvain's communities depend on that order, and a subgraph view of few nodes yields
    them in the order of a set, which changes with the hash seed of each Python process.

    Examples
    --------
    >>> graph = nx.Graph([("b", "a"), ("c", "a")])
    >>> list(ordered(graph)), list(ordered(graph)["a"])
    (['a', 'b', 'c'], ['b', 'c'])
    """
    copy = nx.Graph()
    copy.add_nodes_from(sorted(graph))
    copy.add_edges_from((a, b, graph[a][b]) for a in sorted(graph) for b in sorted(graph[a]))
    return copy


def _pieces(graph: nx.Graph, size: Mapping[str, int], max_size: int) -> list[list[str]]:
    """Connected pieces of at most ``max_size`` members; a node larger than that (a big unit)
    is a piece alone, each connected run of the other nodes is cut by `_run_pieces`, and
    the lone members left over join a neighbouring piece (`_adopt_lone`)."""
    pieces = [[n] for n in sorted(graph) if size[n] > max_size]
    rest = graph.subgraph(n for n in graph if size[n] <= max_size)
    for run in sorted(sorted(c) for c in nx.connected_components(rest)):
        pieces += _run_pieces(rest, run, size, max_size)
    return _adopt_lone(graph, pieces, size, max_size)


def _run_pieces(
    graph: nx.Graph, run: list[str], size: Mapping[str, int], max_size: int
) -> list[list[str]]:
    """Connected pieces of the sorted, connected nodes ``run``, each grown by `_grow` from
    the least node not yet placed, of near-equal sizes so that the last is not left with
    a lone member."""
    placed: set[str] = set()
    left = sum(size[n] for n in run)
    pieces: list[list[str]] = []
    for start in run:
        if start not in placed:
            target = math.ceil(left / math.ceil(left / max_size))
            pieces.append(_grow(graph, start, placed, size, target))
            left -= sum(size[n] for n in pieces[-1])
    return pieces


def _grow(
    graph: nx.Graph, start: str, placed: set[str], size: Mapping[str, int], target: int
) -> list[str]:
    """A connected piece: ``start`` and, breadth-first with neighbours in id order, each
    node not yet placed that still fits within ``target`` members (added to ``placed``)."""
    piece, filled, queue = [start], size[start], deque([start])
    placed.add(start)
    while queue and filled < target:
        for neighbour in sorted(graph[queue.popleft()]):
            if neighbour not in placed and filled + size[neighbour] <= target:
                placed.add(neighbour)
                piece.append(neighbour)
                queue.append(neighbour)
                filled += size[neighbour]
    return piece


def _adopt_lone(
    graph: nx.Graph, pieces: list[list[str]], size: Mapping[str, int], max_size: int
) -> list[list[str]]:
    """``pieces`` with each lone member (a piece of one) moved into the neighbouring piece
    with the fewest members among those that can take one more: below ``max_size``, or
    above it because it holds a big unit, which is excepted from the limit anyway. When
    every neighbouring piece is full, the smallest takes it all the same: a member
    strongly tied to a ring is shown in it, one past the limit, never in no ring."""
    piece_of = {n: i for i, piece in enumerate(pieces) for n in piece}
    members = [sum(size[n] for n in piece) for piece in pieces]
    for i, piece in enumerate(pieces):
        if members[i] != 1:
            continue
        (lone,) = piece
        near = {piece_of[n] for n in graph[lone]} - {i}
        open_ = sorted((members[j] == max_size, members[j], j) for j in near if members[j])
        if open_:
            j = open_[0][-1]
            pieces[j].append(lone)
            piece.clear()
            members[j], members[i], piece_of[lone] = members[j] + 1, 0, j
    return [piece for piece in pieces if piece]


def members_of(members: pl.DataFrame, ring_id: str) -> pl.Series:
    """The sorted contractor ids of one ring.

    Examples
    --------
    >>> members = pl.DataFrame({"ring_id": ["R-1", "R-1", "R-2"], "contractor_id": ["b", "a", "c"]})
    >>> members_of(members, "R-1").to_list()
    ['a', 'b']
    """
    chosen = members.filter(pl.col("ring_id") == pl.lit(ring_id, pl.String))
    return chosen["contractor_id"].sort()


def ties_within(members: pl.DataFrame, links: pl.DataFrame) -> pl.DataFrame:
    """Every tie whose two identities belong to one ring, with that ring's id first.

    Parameters
    ----------
    members : ring_id, contractor_id (see `group_rings`); pass one ring's rows for one ring.
    links : contractor_a, contractor_b, kind, value, weight (see `workbench.link.link`).

    Returns
    -------
    ring_id and the link columns, in the links' order.

    Examples
    --------
    >>> members = pl.DataFrame({"ring_id": ["R-1", "R-1", "R-2"], "contractor_id": ["a", "b", "c"]})
    >>> links = pl.DataFrame({"contractor_a": ["a", "b"], "contractor_b": ["b", "c"],
    ...                       "kind": ["phone", "ip"], "value": ["+1", "1.2.3.4"],
    ...                       "weight": [0.85, 0.45]})
    >>> ties_within(members, links).select("ring_id", "kind").rows()
    [('R-1', 'phone')]
    """
    ring_of = members.select("contractor_id", "ring_id")
    return (
        links.join(ring_of, left_on="contractor_a", right_on="contractor_id", maintain_order="left")
        .join(
            ring_of.rename({"ring_id": "ring_b"}),
            left_on="contractor_b",
            right_on="contractor_id",
            maintain_order="left",
        )
        .filter(pl.col("ring_id") == pl.col("ring_b"))
        .select("ring_id", *links.columns)
    )


def login_hours(members: pl.DataFrame, logins: pl.DataFrame) -> pl.DataFrame:
    """Logins of each ring member per UTC hour: ring_id, contractor_id, hour (0–23), logins.

    Examples
    --------
    >>> from datetime import datetime
    >>> members = pl.DataFrame({"ring_id": ["R-1"], "contractor_id": ["a"]})
    >>> logins = pl.DataFrame({"contractor_id": ["a", "a", "z"],
    ...     "ts": [datetime(2024, 1, 1, 3), datetime(2024, 1, 2, 3), datetime(2024, 1, 1, 4)]})
    >>> login_hours(members, logins).rows()
    [('R-1', 'a', 3, 2)]
    """
    return (
        logins.select("contractor_id", "ts")
        .join(members.select("ring_id", "contractor_id"), on="contractor_id")
        .group_by("ring_id", "contractor_id", pl.col("ts").dt.hour().cast(pl.Int64).alias("hour"))
        .agg(pl.len().cast(pl.UInt32).alias("logins"))
        .sort("ring_id", "contractor_id", "hour")
    )
