"""The package's import graph has no cycle, and the views never reach back up into a run."""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

from tests.conftest import REPO

PACKAGE = REPO / "workbench"


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, modules: set[str]) -> set[str]:
    """Every workbench module ``path`` imports, at any depth of the file (lazy imports too)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        found |= {name for name in names if name in modules}
    return found


def import_graph() -> nx.DiGraph:
    files = {module_name(path): path for path in PACKAGE.rglob("*.py")}
    graph = nx.DiGraph()
    graph.add_nodes_from(files)
    for name, path in files.items():
        graph.add_edges_from((name, target) for target in imports_of(path, set(files)))
    # A package imports its submodules by being their parent, not by a cycle.
    graph.remove_edges_from([(a, b) for a, b in graph.edges if b.startswith(a + ".")])
    graph.remove_edges_from([(a, b) for a, b in graph.edges if a.startswith(b + ".")])
    return graph


def test_the_import_graph_has_no_cycle():
    cycles = list(nx.simple_cycles(import_graph()))
    assert cycles == [], cycles


def test_views_take_frames_and_never_import_the_run():
    graph = import_graph()
    views = [name for name in graph if name.startswith("workbench.views")]
    for name in views:
        reached = nx.descendants(graph, name)
        assert "workbench.investigation" not in reached, name
        assert "workbench.output" not in reached, name


def test_the_checker_sees_a_planted_cycle(tmp_path):
    first = tmp_path / "a.py"
    first.write_text("def f():\n    from workbench.b import g\n", encoding="utf-8")
    assert imports_of(first, {"workbench.b"}) == {"workbench.b"}
