"""networkx views built from plain frames: identities and their ties, identities and identifiers.

Like networkx's own functions, these take data, not a run: the caller picks
the identities (a ring, a neighbourhood) and hands over their rows and ties.

Node ids are ``contractor:<id>`` for identities and ``<kind>:<value>`` for
identifiers, so no case string can make two different nodes collide. Node
attributes follow what the HTML renderer reads: ``kind``, ``label``, ``risk``,
``details`` and ``flags``; edges carry ``kind``, ``weight`` and ``evidence``.
"""

from __future__ import annotations

import networkx as nx
import polars as pl

from workbench.kinds import RELATIONS, derived_parents, kind_for

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


def contractor_graph(people: pl.DataFrame, ties: pl.DataFrame) -> nx.MultiGraph:
    """Identities as nodes and every tie among them as an edge.

    Parameters
    ----------
    people : one row per identity: contractor_id, risk_score, flags and any
        profile columns (`PROFILE_FIELDS`) to show.
    ties : contractor_a, contractor_b, kind, value, weight between those identities.

    Returns
    -------
    A multigraph with one edge per tie; a derived tie (the /24 of an IP) is
    left out where its parent kind ties the same pair.

    Examples
    --------
    >>> people = pl.DataFrame({"contractor_id": ["a", "b"], "full_name": ["Ann", None],
    ...                        "risk_score": [70.0, 20.0], "flags": ["VOIP_PHONE", ""]})
    >>> ties = pl.DataFrame({"contractor_a": ["a"], "contractor_b": ["b"], "kind": ["phone"],
    ...                      "value": ["+14155550134"], "weight": [0.85]})
    >>> graph = contractor_graph(people, ties)
    >>> graph.number_of_nodes(), graph.number_of_edges(), graph.nodes["contractor:b"]["label"]
    (2, 1, 'b')
    """
    graph = nx.MultiGraph()
    _add_contractors(graph, people)
    for a, b, kind, value, weight in _without_echoes(
        ties.select("contractor_a", "contractor_b", "kind", "value", "weight")
    ).iter_rows():
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
    parents = derived_parents()
    pair_kinds = ties.select("contractor_a", "contractor_b", parent="kind").unique()
    derived = ties.filter(pl.col("kind").is_in(list(parents))).with_columns(
        parent=pl.col("kind").replace_strict(parents)
    )
    echoes = derived.join(pair_kinds, on=["contractor_a", "contractor_b", "parent"], how="semi")
    return ties.join(echoes.drop("parent"), on=ties.columns, how="anti", nulls_equal=True)


def identifier_graph(people: pl.DataFrame, ties: pl.DataFrame) -> nx.Graph:
    """Bipartite graph of identities and the identifier values they share with one another.

    Parameters
    ----------
    people : as for `contractor_graph`.
    ties : as for `contractor_graph`; relations (referrals, record linkage
        matches) are left out: they share no value.

    Examples
    --------
    >>> people = pl.DataFrame({"contractor_id": ["a", "b"], "risk_score": [70.0, 20.0],
    ...                        "flags": ["", ""]})
    >>> ties = pl.DataFrame({"contractor_a": ["a"], "contractor_b": ["b"], "kind": ["device"],
    ...                      "value": ["d-1"], "weight": [0.9]})
    >>> sorted(identifier_graph(people, ties))
    ['contractor:a', 'contractor:b', 'device:d-1']
    """
    graph = nx.Graph()
    _add_contractors(graph, people)
    shared = (
        ties.filter(~pl.col("kind").is_in(list(RELATIONS)))
        .unpivot(
            index=["kind", "value", "weight"],
            on=["contractor_a", "contractor_b"],
            value_name="contractor_id",
        )
        .unique(["kind", "value", "contractor_id"])
        .sort("kind", "value", "contractor_id")
    )
    for kind, value, weight, contractor_id in shared.select(
        "kind", "value", "weight", "contractor_id"
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


def _add_contractors(graph: nx.Graph, people: pl.DataFrame) -> None:
    for row in people.sort("contractor_id").iter_rows(named=True):
        details = {"id": row["contractor_id"]}
        details |= {f: str(row[f]) for f in PROFILE_FIELDS if row.get(f) is not None}
        details["risk score"] = f"{row['risk_score']:.1f}"
        if row["flags"]:
            details["red flags"] = row["flags"].replace(";", ", ")
        graph.add_node(
            contractor_node(row["contractor_id"]),
            kind="contractor",
            label=row.get("full_name") or row["contractor_id"],
            risk=float(row["risk_score"]),
            details=details,
            flags=[f for f in row["flags"].split(";") if f],
        )
