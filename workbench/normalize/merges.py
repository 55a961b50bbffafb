"""Merges of alike values: each value of a case and the one it becomes.

The `workbench.kinds.Spellings` of addresses, phones and photos end in such
a frame (`MERGES_SCHEMA`), which `workbench.normalize.address_match.merged_keys`
applies to every sighting.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx
import polars as pl

#: Columns of a merges frame: a value and the value it becomes.
MERGES_SCHEMA = pl.Schema({"key": pl.String(), "merged": pl.String()})


def component_merges(alike: Iterable[tuple[str, str]], ranked: pl.Series) -> pl.DataFrame:
    """key → merged (`MERGES_SCHEMA`, sorted by key): the values joined by ``alike`` pairs,
    directly or through others, each become the one of them that comes first in ``ranked``.

    ``ranked`` holds every value of the pairs, best first.

    Examples
    --------
    >>> alike = [("b", "c"), ("c", "d"), ("x", "y")]
    >>> component_merges(alike, pl.Series(["c", "y", "b", "d", "x"])).rows()
    [('b', 'c'), ('d', 'c'), ('x', 'y')]
    """
    together = nx.Graph()
    together.add_edges_from(alike)
    rank = {key: position for position, key in enumerate(ranked)}
    merges = [
        (key, chosen)
        for component in nx.connected_components(together)
        for chosen in [min(component, key=rank.__getitem__)]
        for key in sorted(component)
        if key != chosen
    ]
    return pl.DataFrame(merges, schema=MERGES_SCHEMA, orient="row").sort("key")
