"""Graphs laid out together land where networkx's spring layout puts each one, bit for bit.

The pages' bytes depend on every position, so "close" is not enough: each test
compares the float bits with `nx.spring_layout`, or with the layout the pages
drew before graphs were laid out together (`reference_layout`).
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pytest

from workbench.views.html import LAYOUT_BASE, LAYOUT_PER_SQRT_NODE, layout, layouts
from workbench.views.spring import DENSE_LIMIT, spring_positions


def bits(positions: object) -> np.ndarray:
    return np.ascontiguousarray(positions, dtype=np.float64).view(np.int64)


def random_graphs(seed: int, count: int) -> list[nx.Graph]:
    rng = np.random.default_rng(seed)
    graphs = []
    for _ in range(count):
        graph = nx.gnp_random_graph(int(rng.integers(2, 40)), rng.random() * 0.6, seed=int(seed))
        for u, v in graph.edges:
            graph[u][v]["weight"] = float(rng.choice([rng.random(), 0.01, 1.0, 5.0, 100.0]))
        graphs.append(graph)
        seed += 1
    return graphs


@pytest.mark.parametrize("seed", [7, 1, 123])
def test_each_graph_lands_where_networkx_puts_it(seed):
    graphs = random_graphs(3, 80) + [nx.empty_graph(n) for n in (2, 3, 9)]
    mine = spring_positions([nx.to_numpy_array(graph) for graph in graphs], seed)
    for graph, positions in zip(graphs, mine, strict=True):
        theirs = nx.spring_layout(graph, seed=seed, weight="weight")
        assert np.array_equal(bits([theirs[node] for node in graph]), bits(positions))


def test_graphs_that_settle_early_stop_where_networkx_stops_them():
    # Two or three nodes under a light pull settle within 50 steps (two nodes pulled by
    # 0.01 from seed 10 stop after 25), stacked with graphs of their size that do not.
    graphs = []
    for nodes in (2, 3, 4):
        for weight in (0.01, 0.05, 0.3, 1.0, 5.0, 50.0):
            graph = nx.complete_graph(nodes)
            nx.set_edge_attributes(graph, weight, "weight")
            graphs.append(graph)
    for seed in (10, 11, 19):
        mine = spring_positions([nx.to_numpy_array(graph) for graph in graphs], seed)
        for graph, positions in zip(graphs, mine, strict=True):
            theirs = nx.spring_layout(graph, seed=seed, weight="weight")
            assert np.array_equal(bits([theirs[node] for node in graph]), bits(positions))


def reference_layout(graph: nx.Graph, seed: int) -> dict[object, tuple[float, float]]:
    """The layout the pages drew before graphs were laid out together."""
    simple = nx.Graph()
    simple.add_nodes_from(sorted(graph.nodes, key=str))
    for u, v, attrs in sorted(graph.edges(data=True), key=lambda e: (str(e[0]), str(e[1]))):
        if attrs.get("view", 0):
            continue
        try:
            weight = float(attrs.get("weight"))
        except (TypeError, ValueError):
            weight = 1.0
        weight = max(weight if math.isfinite(weight) else 1.0, 0.01)
        if u != v and (not simple.has_edge(u, v) or simple[u][v]["weight"] < weight):
            simple.add_edge(u, v, weight=weight)
    if simple.number_of_nodes() < 2:
        return {node: (0.0, 0.0) for node in simple}
    scale = LAYOUT_BASE + LAYOUT_PER_SQRT_NODE * math.sqrt(simple.number_of_nodes())
    positions = nx.spring_layout(simple, seed=seed, weight="weight")
    return {
        node: (round(float(x) * scale, 1), round(float(y) * scale, 1))
        for node, (x, y) in positions.items()
    }


def page_like_graphs() -> list[nx.MultiGraph]:
    """Multigraphs as pages draw them: parallel ties, loops, odd or no weights, a later view."""
    graphs = []
    for index, simple in enumerate(random_graphs(11, 30)):
        graph = nx.MultiGraph()
        graph.add_nodes_from(f"n:{node}" for node in reversed(list(simple)))
        for u, v, weight in simple.edges(data="weight"):
            graph.add_edge(f"n:{u}", f"n:{v}", weight=weight)
            graph.add_edge(f"n:{v}", f"n:{u}", weight=weight / 2)
            graph.add_edge(f"n:{u}", f"n:{v}", weight=weight * 3, view=1)
        nodes = list(graph)
        graph.add_edge(nodes[0], nodes[0], weight=1.0)
        graph.add_edge(nodes[0], nodes[-1], weight="odd" if index % 3 else None)
        graph.add_edge(nodes[-1], nodes[1], weight=float("nan"))
        graphs.append(graph)
    single = nx.MultiGraph()
    single.add_node("alone")
    return [*graphs, single, nx.MultiGraph()]


def test_many_graphs_laid_out_together_sit_where_each_sat_alone():
    graphs = page_like_graphs()
    assert layouts(graphs, 7) == [reference_layout(graph, 7) for graph in graphs]
    assert [layout(graph, 3) for graph in graphs] == [
        reference_layout(graph, 3) for graph in graphs
    ]


def test_a_graph_too_large_for_the_dense_model_is_laid_out_by_networkx():
    graph = nx.MultiGraph(nx.path_graph([f"v{i:03d}" for i in range(DENSE_LIMIT)]))
    assert layout(graph, 7) == reference_layout(graph, 7)
