"""networkx's spring layout of many small graphs at once, bit for bit.

`nx.spring_layout` places a graph of fewer than `DENSE_LIMIT` nodes with
`STEPS` steps of Fruchterman–Reingold forces, each a dozen numpy calls on
arrays of n × n. For the rings of a report (6 to 40 nodes) the calls cost
far more than their arithmetic: about 5 ms a graph, a second for 200 pages.
`spring_positions` steps every graph of one size together, a call per step
for all of them, with the same floating-point operations in the same order:
each graph lands where `nx.spring_layout` puts it, to the last bit
(tests/views/test_spring.py). Graphs of one size start alike (the same seeded
random positions), so only their ties tell them apart.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np

#: networkx lays out graphs of this many nodes or more another way (sparse, by energy).
DENSE_LIMIT = 500
#: Steps of the force model, and the mean move per node under which it stops early
#: (networkx's defaults).
STEPS = 50
THRESHOLD = 1e-4
#: Nearest two nodes count as being, and least pull a node moves by (networkx's).
NEAREST = 0.01


def spring_positions(adjacencies: Sequence[np.ndarray], seed: int) -> list[np.ndarray]:
    """``nx.spring_layout(graph, seed=seed, weight="weight")`` of each graph, as arrays.

    Parameters
    ----------
    adjacencies : each graph's symmetric matrix of tie weights (0 for no tie),
        nodes in the order of ``nx.to_numpy_array``; 2 to `DENSE_LIMIT` − 1 nodes.
    seed : the seed of the starting positions.

    Returns
    -------
    Per graph, an n × 2 array of positions in [−1, 1], centred on 0: the
    values `nx.spring_layout` returns, node by node.

    Examples
    --------
    >>> import networkx as nx
    >>> path = nx.path_graph(4)
    >>> mine = spring_positions([nx.to_numpy_array(path)], seed=7)[0]
    >>> theirs = nx.spring_layout(path, seed=7)
    >>> all((mine[node] == theirs[node]).all() for node in path)
    True
    """
    by_size: dict[int, list[int]] = defaultdict(list)
    for index, adjacency in enumerate(adjacencies):
        by_size[len(adjacency)].append(index)
    positions: list[np.ndarray] = [np.empty(0)] * len(adjacencies)
    for members in by_size.values():
        stack = np.stack([adjacencies[index] for index in members])
        for index, placed in zip(members, _same_size(stack, seed), strict=True):
            positions[index] = _centred(placed)
    return positions


def _same_size(adjacency: np.ndarray, seed: int) -> list[np.ndarray]:
    """Unscaled positions of graphs of n nodes each (a b × n × n stack), stepped together.

    networkx's ``_fruchterman_reingold``, with coordinates laid out [axis, graph,
    node] and pairs [axis, graph, j, i] (node i's difference to node j), so that
    the sum over j runs over rows, in order, as its ``einsum`` sums.
    """
    count, nodes = adjacency.shape[0], adjacency.shape[1]
    start = np.random.RandomState(seed).rand(nodes, 2)
    k = np.sqrt(1.0 / nodes)
    heat = max(max(start.T[0]) - min(start.T[0]), max(start.T[1]) - min(start.T[1])) * 0.1
    cooling = heat / (STEPS + 1)
    xy = np.repeat(start.T[:, np.newaxis, :], count, axis=1)
    moving = np.arange(count)
    done: list[np.ndarray] = [np.empty(0)] * count
    for _ in range(STEPS):
        delta = xy[:, :, np.newaxis, :] - xy[:, :, :, np.newaxis]
        distance = np.sqrt(delta[0] * delta[0] + delta[1] * delta[1])
        np.maximum(distance, NEAREST, out=distance)
        force = k * k / distance**2 - adjacency * distance / k
        push = np.add.reduce(delta * force, axis=2)
        length = np.sqrt(push[0] * push[0] + push[1] * push[1])
        np.maximum(length, NEAREST, out=length)
        move = push * (heat / length)
        xy += move
        heat -= cooling
        settled = _settled(move)
        if settled.any():
            for place in np.flatnonzero(settled):
                done[moving[place]] = xy[:, place].T.copy()
            kept = ~settled
            xy, adjacency, moving = xy[:, kept], adjacency[kept], moving[kept]
            if not len(moving):
                break
    for still, index in enumerate(moving):
        done[index] = xy[:, still].T.copy()
    return done


def _settled(moves: np.ndarray) -> np.ndarray:
    """Which graphs stop: the norm of their moves ([axis, graph, node]) per node under
    `THRESHOLD`, taken as `np.linalg.norm` takes it: one dot product of (x, y) pairs."""
    nodes = moves.shape[2]
    flat = np.ascontiguousarray(moves.transpose(1, 2, 0)).reshape(moves.shape[1], -1)
    return np.array([np.sqrt(row.dot(row)) / nodes < THRESHOLD for row in flat], dtype=bool)


def _centred(positions: np.ndarray) -> np.ndarray:
    """Positions moved to centre on 0 and scaled into [−1, 1], as networkx's ``rescale_layout``."""
    positions -= positions.mean(axis=0)
    largest = np.abs(positions).max()
    if largest > 0:
        positions *= 1 / largest
    # networkx adds its centre, (0, 0): a −0.0 turns to 0.0, as it does there.
    return positions + 0.0
