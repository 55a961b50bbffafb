"""networkx views of an investigation: rings, neighbourhoods, identities and identifiers.

Node ids are ``contractor:<id>`` for identities and ``<kind>:<value>`` for
identifiers, so no case string can make two different nodes collide. Node
attributes follow what the HTML renderer reads: ``kind``, ``label``, ``risk``,
``details`` and ``flags``; edges carry ``kind``, ``weight`` and ``evidence``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import networkx as nx
import polars as pl

from workbench.kinds import KINDS, kind_for

if TYPE_CHECKING:
    from workbench.investigation import Investigation

#: Profile fields shown in an identity's tooltip, in this order.
PROFILE_FIELDS = ("full_name", "email", "phone", "address", "country", "client", "video_interview")


def contractor_node(contractor_id: str) -> str:
    """The graph node id of an identity.

    Examples
    --------
    >>> contractor_node("c-17")
    'contractor:c-17'
    """
    return f"contractor:{contractor_id}"


def ring_graph(investigation: Investigation, ring_id: str) -> nx.MultiGraph:
    """The members of one ring and every tie between them, one edge per tie.

    Examples
    --------
    >>> from workbench.investigation import investigate
    >>> inv = investigate("sample_data/demo_case")
    >>> graph = ring_graph(inv, inv.ring_scores["ring_id"][0])
    >>> all(data["kind"] == "contractor" for _, data in graph.nodes(data=True))
    True
    """
    members = investigation.members.filter(pl.col("ring_id") == ring_id)["contractor_id"]
    return contractor_graph(investigation, members.to_list())


def neighbourhood_graph(
    investigation: Investigation, contractor_id: str, hops: int = 1
) -> nx.MultiGraph:
    """Identities within ``hops`` ties of ``contractor_id`` (hub values never tie).

    Examples
    --------
    >>> from workbench.investigation import investigate
    >>> inv = investigate("sample_data/demo_case")
    >>> member = inv.members["contractor_id"][0]
    >>> contractor_node(member) in neighbourhood_graph(inv, member, 2)
    True
    """
    links = investigation.links
    reached = {contractor_id}
    frontier = {contractor_id}
    for _ in range(max(hops, 0)):
        edge = pl.Series(sorted(frontier)).implode()
        touching = links.filter(
            pl.col("contractor_a").is_in(edge) | pl.col("contractor_b").is_in(edge)
        )
        found = set(touching["contractor_a"].to_list()) | set(touching["contractor_b"].to_list())
        frontier = found - reached
        reached |= found
        if not frontier:
            break
    return contractor_graph(investigation, sorted(reached))


def contractor_graph(investigation: Investigation, contractor_ids: Iterable[str]) -> nx.MultiGraph:
    """Identities as nodes and every tie among them as an edge.

    Examples
    --------
    >>> from workbench.investigation import investigate
    >>> inv = investigate("sample_data/demo_case")
    >>> pair = inv.links.row(0)
    >>> contractor_graph(inv, pair[:2]).number_of_nodes()
    2
    """
    ids = pl.Series("contractor_id", sorted(set(contractor_ids)), dtype=pl.String)
    graph = nx.MultiGraph()
    _add_contractors(graph, investigation, ids)
    ties = investigation.links.filter(
        pl.col("contractor_a").is_in(ids.implode()) & pl.col("contractor_b").is_in(ids.implode())
    )
    for a, b, kind, value, weight in _without_echoes(ties).iter_rows():
        graph.add_edge(
            contractor_node(a),
            contractor_node(b),
            key=f"{kind}:{value}",
            kind=kind,
            weight=weight,
            evidence=f"shared {kind_for(kind).label.lower()}: {value}",
        )
    return graph


def _without_echoes(ties: pl.DataFrame) -> pl.DataFrame:
    """Drop ties of a derived kind (the /24 of an IP) where the parent kind ties the pair too."""
    parents = {name: kind.derived_from for name, kind in KINDS.items() if kind.derived_from}
    pair_kinds = ties.select("contractor_a", "contractor_b", parent="kind").unique()
    derived = ties.filter(pl.col("kind").is_in(list(parents))).with_columns(
        parent=pl.col("kind").replace_strict(parents)
    )
    echoes = derived.join(pair_kinds, on=["contractor_a", "contractor_b", "parent"], how="semi")
    return ties.join(echoes.drop("parent"), on=ties.columns, how="anti", nulls_equal=True)


def identifier_graph(investigation: Investigation, contractor_ids: Iterable[str]) -> nx.Graph:
    """Bipartite graph of identities and the identifier values they share with one another.

    Examples
    --------
    >>> from workbench.investigation import investigate
    >>> inv = investigate("sample_data/demo_case")
    >>> ring = inv.ring_scores["ring_id"][0]
    >>> g = identifier_graph(inv, inv.members.filter(pl.col("ring_id") == ring)["contractor_id"])
    >>> any(data["kind"] != "contractor" for _, data in g.nodes(data=True))
    True
    """
    ids = pl.Series("contractor_id", sorted(set(contractor_ids)), dtype=pl.String)
    graph = nx.Graph()
    _add_contractors(graph, investigation, ids)
    shared = (
        investigation.links.filter(
            pl.col("contractor_a").is_in(ids.implode())
            & pl.col("contractor_b").is_in(ids.implode())
            & (pl.col("kind") != "referral")
        )
        .unpivot(index=["kind", "value", "weight"], value_name="contractor_id")
        .unique(["kind", "value", "contractor_id"])
        .sort("kind", "value", "contractor_id")
    )
    for kind, value, weight, _, contractor_id in shared.select(
        "kind", "value", "weight", "variable", "contractor_id"
    ).iter_rows():
        node = f"{kind}:{value}"
        label = kind_for(kind).label
        graph.add_node(node, kind=kind, label=value, details={"kind": label, "value": value})
        graph.add_edge(
            contractor_node(contractor_id),
            node,
            kind=kind,
            weight=weight,
            evidence=f"{label}: {value}",
        )
    return graph


def _add_contractors(graph: nx.Graph, investigation: Investigation, ids: pl.Series) -> None:
    profiles = (
        investigation.case.tables["contractors"]
        .join(investigation.scored, on="contractor_id")
        .filter(pl.col("contractor_id").is_in(ids.implode()))
        .sort("contractor_id")
    )
    for row in profiles.iter_rows(named=True):
        details = {"id": row["contractor_id"]}
        details |= {f: str(row[f]) for f in PROFILE_FIELDS if row.get(f) is not None}
        details["risk score"] = f"{row['risk_score']:.1f}"
        if row["flags"]:
            details["red flags"] = row["flags"].replace(";", ", ")
        graph.add_node(
            contractor_node(row["contractor_id"]),
            kind="contractor",
            label=row["full_name"] or row["contractor_id"],
            risk=float(row["risk_score"]),
            details=details,
            flags=[f for f in row["flags"].split(";") if f],
        )
