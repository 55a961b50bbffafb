"""What the explorer draws and adds: identifier graphs of a ring, of an identity, of a value.

People and the values they share are nodes (`workbench.views.graphs.identifier_graph`).
A value's neighbours are every identity holding it; an identity's are the
values that tie it to someone, with all their holders, and the identities it
is related to (a referral). So one expansion of an identity reaches what
`Investigation.neighbourhood` reaches in one hop, with the shared values drawn.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import networkx as nx
import polars as pl

from workbench.kinds import RELATIONS
from workbench.views import graphs

if TYPE_CHECKING:
    from workbench.investigation import Investigation


def ring_graph(investigation: Investigation, ring_id: str) -> nx.MultiGraph:
    """A ring's members and the values they share.

    Examples
    --------
    >>> from workbench.investigation import investigate
    >>> inv = investigate("sample_data/demo_case")
    >>> top = inv.ring_scores["ring_id"][0]
    >>> graph = ring_graph(inv, top)
    >>> {kind for _, kind in graph.nodes(data="kind")} >= {"contractor", "device"}
    True
    """
    return investigation.ring(ring_id).identifier_graph()


def around_identity(investigation: Investigation, contractor_id: str) -> nx.MultiGraph:
    """One identity, the values that tie it to others with all their holders, and its relations.

    An identity tied to no one is drawn alone.

    Examples
    --------
    >>> from workbench.investigation import investigate
    >>> inv = investigate("sample_data/demo_case")
    >>> graph = around_identity(inv, "C000476")
    >>> "contractor:C000476" in graph and graph.number_of_nodes() > 2
    True
    """
    links = investigation.links
    person = pl.lit(contractor_id, pl.String)
    touching = links.filter((pl.col("contractor_a") == person) | (pl.col("contractor_b") == person))
    relation = pl.col("kind").is_in(list(RELATIONS))
    facts = touching.filter(~relation).select("kind", "value").unique()
    ties = pl.concat(
        [links.join(facts, on=["kind", "value"], how="semi"), touching.filter(relation)]
    ).unique()
    return _identifier_graph(investigation, ties, [contractor_id])


def around_value(investigation: Investigation, kind: str, value: str) -> nx.MultiGraph:
    """A shared value and every identity holding it.

    Examples
    --------
    >>> from workbench.investigation import investigate
    >>> inv = investigate("sample_data/demo_case")
    >>> kind, value = inv.links.filter(pl.col("kind") == "address").row(0)[2:4]
    >>> graph = around_value(inv, kind, value)
    >>> graph.nodes[f"{kind}:{value}"]["kind"], graph.degree(f"{kind}:{value}") >= 2
    ('address', True)
    """
    links = investigation.links
    ties = links.filter(
        (pl.col("kind") == pl.lit(kind, pl.String)) & (pl.col("value") == pl.lit(value, pl.String))
    )
    return _identifier_graph(investigation, ties, [])


def _identifier_graph(
    investigation: Investigation, ties: pl.DataFrame, always: Iterable[str]
) -> nx.MultiGraph:
    ties = ties.select("contractor_a", "contractor_b", "kind", "value", "weight")
    ids = sorted(
        set(ties["contractor_a"].to_list()) | set(ties["contractor_b"].to_list()) | set(always)
    )
    sightings = investigation.sightings.rows_of(ids)
    shared = graphs.shared_values(ties, sightings)
    return graphs.identifier_graph(investigation.profiles(ids), shared)
