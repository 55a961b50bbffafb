"""networkx views built from plain frames: identities and their ties, identities and identifiers.

Like networkx's own functions, these take data, not a run: the caller picks
the identities (a ring, a neighbourhood) and hands over their rows and ties.

Node ids are ``contractor:<id>`` for identities and ``<kind>:<value>`` for
identifiers, so no case string can make two different nodes collide. Every
attribute is text or a number, so a view writes as it is to GraphML or GEXF
(``nx.write_graphml(ring.graph(), path)``):

* an identity: ``kind`` (``contractor``), ``label``, ``contractor_id``,
  ``ring`` (when in one), ``risk``, ``flags`` (``;``-separated codes) and the
  profile fields it has (`PROFILE_FIELDS`);
* a shared value: ``kind``, ``label``, ``value``, ``written`` (every spelling,
  separated by `SPELLINGS`), ``shared_by`` (ids, ``, ``-separated), ``since``
  (ISO date or ``unknown``) and ``weight``;
* an edge: ``kind``, ``weight`` and ``evidence``.

`redacted` masks a view's identifiers for sharing; the HTML renderer and the
graph-file exports both use it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import networkx as nx
import polars as pl

from workbench.kinds import RELATIONS, Privacy, derived_parents, kind_for
from workbench.views.redact import redact_field, redact_text, redact_value

#: Profile fields an identity's node carries (and its tooltip shows), in this order.
PROFILE_FIELDS = ("full_name", "email", "phone", "address", "country", "client", "video_interview")

#: Separates the spellings of a value in its ``written`` attribute.
SPELLINGS = "; "

#: Attributes that quote no identifier (ids, codes, dates, numbers): never masked.
PLAIN_ATTRIBUTES = frozenset({"kind", "contractor_id", "ring", "flags", "shared_by", "since"})

#: Joins a ring id to a value while shared values are found per ring (no id holds it).
_RING_TAG = "\t"

#: Columns of `shared_values`, one row per shared value or relation.
SHARED_SCHEMA: dict[str, pl.DataType] = {
    "kind": pl.String(),
    "value": pl.String(),
    "written": pl.List(pl.Struct({"text": pl.String(), "kind": pl.String()})),
    "members": pl.List(pl.String()),
    "since": pl.Datetime("us", "UTC"),
    "weight": pl.Float64(),
}


def rows_of(frame: pl.DataFrame, columns: Sequence[str]) -> list[tuple[Any, ...]]:
    """Some columns of ``frame``, row by row: ``frame.select(columns).rows()``, read column
    by column (for the few rows of one page, a polars query costs more than the rows).

    Examples
    --------
    >>> rows_of(pl.DataFrame({"a": [1, 2], "b": ["x", None], "c": [0.5, 1.5]}), ["b", "a"])
    [('x', 1), (None, 2)]
    """
    return list(zip(*(frame.get_column(name).to_list() for name in columns), strict=True))


def records_of(frame: pl.DataFrame, columns: Sequence[str]) -> list[dict[str, Any]]:
    """The rows of ``frame`` as dicts of those of ``columns`` it has (see `rows_of`).

    Examples
    --------
    >>> records_of(pl.DataFrame({"a": [1, 2], "b": ["x", None]}), ["b", "c"])
    [{'b': 'x'}, {'b': None}]
    """
    names = [name for name in columns if name in frame.columns]
    return [dict(zip(names, values, strict=True)) for values in rows_of(frame, names)]


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
    left out where its parent kind ties the same pair (`without_echoes`).

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
    return tie_graph(people, without_echoes(ties))


def tie_graph(people: pl.DataFrame, ties: pl.DataFrame) -> nx.MultiGraph:
    """Identities as nodes and each of ``ties`` as an edge, none left out.

    `contractor_graph` is this graph of ties `without_echoes`; a caller that
    has already dropped the echoes (for many rings at once) draws them here.

    Examples
    --------
    >>> people = pl.DataFrame({"contractor_id": ["a", "b"], "risk_score": [70.0, 20.0],
    ...                        "flags": ["", ""]})
    >>> ties = pl.DataFrame({"contractor_a": ["a", "a"], "contractor_b": ["b", "b"],
    ...     "kind": ["ip", "ip_net"], "value": ["1.2.3.4", "1.2.3.0/24"], "weight": [0.4, 0.2]})
    >>> tie_graph(people, ties).number_of_edges(), contractor_graph(people, ties).number_of_edges()
    (2, 1)
    """
    graph = nx.MultiGraph()
    _add_contractors(graph, people)
    for a, b, kind, value, weight in rows_of(
        ties, ("contractor_a", "contractor_b", "kind", "value", "weight")
    ):
        graph.add_edge(
            contractor_node(a),
            contractor_node(b),
            key=f"{kind}:{value}",
            kind=kind,
            weight=weight,
            evidence=f"shared {kind_for(kind).label.lower()}: {value}",
        )
    return graph


def without_echoes(ties: pl.DataFrame) -> pl.DataFrame:
    """Drop ties of a derived kind (the /24 of an IP) where the parent kind ties the pair too.

    Parameters
    ----------
    ties : contractor_a, contractor_b, kind and any other columns.

    Returns
    -------
    The other ties, with all their columns.

    Examples
    --------
    >>> ties = pl.DataFrame({"contractor_a": ["a", "a", "c"], "contractor_b": ["b", "b", "d"],
    ...     "kind": ["ip", "ip_net", "ip_net"], "value": ["1.2.3.4", "1.2.3.0/24", "5.6.7.0/24"]})
    >>> without_echoes(ties)["kind"].to_list()
    ['ip', 'ip_net']
    """
    parents = derived_parents()
    pair_kinds = ties.select("contractor_a", "contractor_b", parent="kind").unique()
    derived = ties.filter(pl.col("kind").is_in(list(parents))).with_columns(
        parent=pl.col("kind").replace_strict(parents)
    )
    echoes = derived.join(pair_kinds, on=["contractor_a", "contractor_b", "parent"], how="semi")
    return ties.join(echoes.drop("parent"), on=ties.columns, how="anti", nulls_equal=True)


def shared_values(ties: pl.DataFrame, sightings: pl.DataFrame) -> pl.DataFrame:
    """One row per value the identities share, and one per relation between two of them.

    A derived value that only repeats its parent (the building of an address
    the same identities share, the /24 of their shared IP) is left out, as in
    `contractor_graph`. Each spelling carries the kind it is masked as by
    ``--redact``: its own kind, or for a public kind the private kind the same
    text was read as (an e-mail template's sighting is an e-mail address).

    Parameters
    ----------
    ties : contractor_a, contractor_b, kind, value, weight among the identities.
    sightings : contractor_id, kind, value, raw, seen_at: the identities'
        observations (see `workbench.observe`).

    Returns
    -------
    `SHARED_SCHEMA`: kind, value, written (every raw spelling the holders used,
    most used first, as text and the kind to mask it as), members (the sorted
    ids sharing it), since (earliest sighting), weight (strongest tie);
    strongest first.

    Examples
    --------
    >>> from datetime import datetime, timezone
    >>> ties = pl.DataFrame({"contractor_a": ["a", "a"], "contractor_b": ["b", "b"],
    ...     "kind": ["phone", "referral"], "value": ["+14155550134", "a referred b"],
    ...     "weight": [0.85, 0.3]})
    >>> sightings = pl.DataFrame({"contractor_id": ["a", "b"], "kind": ["phone", "phone"],
    ...     "value": ["+14155550134"] * 2, "raw": ["(415) 555-0134", "+1 415 555 0134"],
    ...     "seen_at": [datetime(2024, 3, 1, tzinfo=timezone.utc), None]})
    >>> shared = shared_values(ties, sightings)
    >>> shared.select("kind", "members", "weight").rows()
    [('phone', ['a', 'b'], 0.85), ('referral', ['a', 'b'], 0.3)]
    >>> [w["text"] for w in shared["written"][0]], shared["since"][0].year
    (['(415) 555-0134', '+1 415 555 0134'], 2024)
    """
    relation = pl.col("kind").is_in(list(RELATIONS))
    facts = without_echoes(ties).filter(~relation).select("kind", "value").unique()
    held = (
        ties.join(facts, on=["kind", "value"], how="semi")
        .unpivot(
            index=["kind", "value", "weight"],
            on=["contractor_a", "contractor_b"],
            value_name="contractor_id",
        )
        .select("kind", "value", "contractor_id", "weight")
    )
    values = held.group_by("kind", "value").agg(
        pl.col("contractor_id").unique().sort().alias("members"), pl.col("weight").max()
    )
    seen = _spellings(sightings, held.select("kind", "value", "contractor_id"))
    relations = ties.filter(relation).select(
        "kind",
        "value",
        members=pl.concat_list("contractor_a", "contractor_b").list.sort(),
        weight="weight",
    )
    return (
        pl.concat([values.join(seen, on=["kind", "value"], how="left"), relations], how="diagonal")
        .select(pl.col(name).cast(dtype) for name, dtype in SHARED_SCHEMA.items())
        .with_columns(pl.col("written").fill_null(pl.lit([], dtype=SHARED_SCHEMA["written"])))
        .sort(["weight", "kind", "value", "members"], descending=[True, False, False, False])
    )


def shared_values_per_ring(ties: pl.DataFrame, sightings: pl.DataFrame) -> pl.DataFrame:
    """`shared_values` of many rings at once: what each ring's members share, ring by ring.

    Each value is tagged with its ring first, so a value two rings share is
    listed in each with that ring's holders and spellings only.

    Parameters
    ----------
    ties : ring_id and the columns of `shared_values`' ties: every tie inside
        a ring (see `workbench.rings.ties_within`).
    sightings : ring_id and the columns of `shared_values`' sightings: the
        members' observations with their ring.

    Returns
    -------
    `SHARED_SCHEMA` and ring_id; a ring's rows are its `shared_values`, in their order.

    Examples
    --------
    >>> ties = pl.DataFrame({"ring_id": ["R1", "R2"], "contractor_a": ["a", "c"],
    ...     "contractor_b": ["b", "d"], "kind": ["device"] * 2, "value": ["d-1"] * 2,
    ...     "weight": [0.9] * 2})
    >>> sightings = pl.DataFrame({"ring_id": ["R1", "R2"], "contractor_id": ["a", "c"],
    ...     "kind": ["device"] * 2, "value": ["d-1"] * 2, "raw": ["D-1", "d 1"],
    ...     "seen_at": [None, None]})
    >>> shared = shared_values_per_ring(ties, sightings).sort("ring_id")
    >>> shared.select("ring_id", "members").rows()
    [('R1', ['a', 'b']), ('R2', ['c', 'd'])]
    >>> [[w["text"] for w in written] for written in shared["written"]]
    [['D-1'], ['d 1']]
    """
    tagged = pl.concat_str("ring_id", pl.lit(_RING_TAG), "value")
    shared = shared_values(
        ties.with_columns(value=tagged).drop("ring_id"),
        sightings.with_columns(value=tagged).drop("ring_id"),
    )
    parts = pl.col("value").str.splitn(_RING_TAG, 2)
    return shared.with_columns(
        ring_id=parts.struct.field("field_0"), value=parts.struct.field("field_1")
    )


def _spellings(sightings: pl.DataFrame, holders: pl.DataFrame) -> pl.DataFrame:
    """Per value its holders share: their raw spellings (most used first, each with the kind
    it is masked as) and their earliest sighting of it."""
    kinds = sightings["kind"].unique().to_list()
    private = [k for k in kinds if kind_for(k).privacy is not Privacy.PUBLIC]
    readers = (
        sightings.filter(pl.col("kind").is_in(private))
        .group_by("raw")
        .agg(pl.col("kind").min().alias("reader"))
    )
    return (
        sightings.join(holders, on=["kind", "value", "contractor_id"], how="semi")
        .filter(pl.col("raw").is_not_null())
        .join(readers, on="raw", how="left")
        .with_columns(
            read_as=pl.when(pl.col("kind").is_in(private))
            .then("kind")
            .otherwise(pl.coalesce("reader", "kind"))
        )
        .group_by("kind", "value", "raw", "read_as")
        .agg(pl.len().alias("uses"), pl.col("seen_at").min())
        .sort(["uses", "raw"], descending=[True, False])
        .group_by("kind", "value", maintain_order=True)
        .agg(
            pl.struct(text="raw", kind="read_as").alias("written"),
            pl.col("seen_at").min().alias("since"),
        )
    )


def identifier_graph(people: pl.DataFrame, shared: pl.DataFrame) -> nx.MultiGraph:
    """Identities and the values they share as nodes; relations as edges between two identities.

    A value node is named by the spelling its holders used most (the value
    itself for a derived kind or when no holder wrote it as such); its
    tooltip lists every spelling, who shares it, since when and the tie weight.

    Parameters
    ----------
    people : as for `contractor_graph`.
    shared : one row per shared value or relation (see `shared_values`).

    Returns
    -------
    A multigraph: each identity tied to each value it shares, and relations
    (referrals, record linkage matches) drawn between the two identities.

    Examples
    --------
    >>> people = pl.DataFrame({"contractor_id": ["a", "b"], "risk_score": [70.0, 20.0],
    ...                        "flags": ["", ""]})
    >>> ties = pl.DataFrame({"contractor_a": ["a", "a"], "contractor_b": ["b", "b"],
    ...     "kind": ["device", "referral"], "value": ["d-1", "a referred b"], "weight": [0.9, 0.3]})
    >>> sightings = pl.DataFrame({"contractor_id": ["a"], "kind": ["device"], "value": ["d-1"],
    ...     "raw": ["D-1"], "seen_at": [None]})
    >>> graph = identifier_graph(people, shared_values(ties, sightings))
    >>> sorted(graph), graph.nodes["device:d-1"]["label"]
    (['contractor:a', 'contractor:b', 'device:d-1'], 'D-1')
    >>> sorted(kind for *_, kind in graph.edges(data="kind"))
    ['device', 'device', 'referral']
    """
    graph = nx.MultiGraph()
    _add_contractors(graph, people)
    for kind, value, written, members, since, weight in rows_of(shared, list(SHARED_SCHEMA)):
        if kind in RELATIONS:
            a, b = members
            graph.add_edge(
                contractor_node(a),
                contractor_node(b),
                key=f"{kind}:{value}",
                kind=kind,
                weight=weight,
                evidence=value,
            )
            continue
        own = [w["text"] for w in written if w["kind"] == kind]
        graph.add_node(
            f"{kind}:{value}",
            kind=kind,
            label=own[0] if own and kind not in derived_parents() else value,
            value=value,
            written=SPELLINGS.join(dict.fromkeys(w["text"] for w in written)),
            shared_by=", ".join(members),
            since=since.date().isoformat() if since else "unknown",
            weight=float(weight),
        )
        for member in members:
            graph.add_edge(
                contractor_node(member),
                f"{kind}:{value}",
                key=kind,
                kind=kind,
                weight=weight,
                evidence=f"{kind_for(kind).label}: {value}",
            )
    return graph


#: The columns of a people frame an identity's node reads, where the frame has them.
_PERSON_COLUMNS = tuple(
    dict.fromkeys(("contractor_id", "ring_id", "sub_team", "risk_score", "flags", *PROFILE_FIELDS))
)


def _add_contractors(graph: nx.Graph, people: pl.DataFrame) -> None:
    for row in sorted(records_of(people, _PERSON_COLUMNS), key=lambda row: row["contractor_id"]):
        ring: dict[str, str | int] = {}
        if row.get("ring_id") is not None:
            ring["ring"] = row["ring_id"]
        if row.get("sub_team") is not None:
            ring["sub_team"] = int(row["sub_team"])
        graph.add_node(
            contractor_node(row["contractor_id"]),
            kind="contractor",
            label=row.get("full_name") or row["contractor_id"],
            contractor_id=row["contractor_id"],
            **ring,
            risk=float(row["risk_score"]),
            flags=row["flags"] or "",
            **{f: str(row[f]) for f in PROFILE_FIELDS if row.get(f) is not None},
        )


def redacted(graph: nx.Graph) -> nx.Graph:
    """A copy of a view with every identifier masked as its kind's privacy class says.

    A value node's label, value and spellings are masked as its kind; an
    identity's profile fields as the column they come from (names stay
    readable, identifiers inside them do not); edge evidence keeps its words
    and masks the value it quotes. `PLAIN_ATTRIBUTES` and numbers are kept.

    Examples
    --------
    >>> g = nx.MultiGraph()
    >>> g.add_node("contractor:a", kind="contractor", label="Ann", email="ann@mail.com")
    >>> g.add_node("phone:+14155550134", kind="phone", label="(415) 555-0134",
    ...            value="+14155550134", written="(415) 555-0134; +1 415 555 0134")
    >>> _ = g.add_edge("contractor:a", "phone:+14155550134", kind="phone",
    ...                evidence="Phone: +14155550134")
    >>> masked = redacted(g)
    >>> masked.nodes["contractor:a"]["email"], masked.nodes["phone:+14155550134"]["written"]
    ('a***@m***.com', '*** *** 0134; +1 *** *** 0134')
    >>> next(iter(masked.edges(data="evidence")))[2], g.nodes["contractor:a"]["email"]
    ('Phone: +1 *** *** 0134', 'ann@mail.com')
    """
    masked = graph.copy()
    for _, attrs in masked.nodes(data=True):
        kind = str(attrs.get("kind") or "")
        own = {attrs.get("label"), attrs.get("value")}
        for key, value in attrs.items():
            if isinstance(value, str) and key not in PLAIN_ATTRIBUTES:
                attrs[key] = _masked_attribute(key, value, kind, own)
    for *_, attrs in masked.edges(data=True):
        evidence = attrs.get("evidence")
        if isinstance(evidence, str):
            attrs["evidence"] = _masked_evidence(str(attrs.get("kind") or ""), evidence)
    return masked


def _masked_attribute(key: str, value: str, kind: str, own: set[object]) -> str:
    if kind == "contractor":
        # An identity's attributes are the columns of its contractors row.
        return redact_text(value) if key == "label" else redact_field("contractors", key, value)
    if key == "written":
        # A public kind's spelling may be a private value (a template's e-mail address).
        private = kind_for(kind).privacy is not Privacy.PUBLIC
        spellings = (
            redact_value(kind, text) if private else redact_text(text)
            for text in value.split(SPELLINGS)
        )
        return SPELLINGS.join(dict.fromkeys(spellings))
    if key in ("label", "value") or value in own:
        return redact_value(kind, value)
    return redact_field("contractors", key, value)


def _masked_evidence(kind: str, evidence: str) -> str:
    # Evidence reads "<what>: <value>"; the words are kept, the value masked by link kind.
    if kind in RELATIONS:
        return redact_text(evidence)
    head, sep, value = evidence.rpartition(": ")
    return f"{redact_text(head)}{sep}{redact_value(kind, value)}"
