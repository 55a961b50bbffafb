"""Tie identities that share a canonical identifier, weighed by kind and rarity."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import polars as pl

from workbench.concentration import HOLDINGS_SCHEMA, Conduct, concentrations
from workbench.kinds import (
    KINDS,
    REFERRAL_STRENGTH,
    SHIPMENT,
    Kind,
    evidence_groups,
    kind_for,
)
from workbench.observe import shipped_to

LINK_SCHEMA = pl.Schema(
    {
        "contractor_a": pl.String,
        "contractor_b": pl.String,
        "kind": pl.String,
        "value": pl.String,
        "weight": pl.Float64,
    }
)
#: Columns of hubs.csv that count; `HUB_SCHEMA` adds the verdict.
HUB_COUNTS = pl.Schema(
    {
        "kind": pl.String,
        "value": pl.String,
        "identities": pl.UInt32,
        "sightings": pl.UInt32,
        "hub_limit": pl.UInt32,
    }
)
HUB_SCHEMA = pl.Schema(
    {
        "kind": pl.String,
        "value": pl.String,
        "identities": pl.UInt32,
        "sightings": pl.UInt32,
        "hub_limit": pl.UInt32,
        "verdict": pl.String,
        "reason": pl.String,
    }
)

#: Columns of `link_policy`: how each kind present ties identities in this run.
POLICY_SCHEMA = pl.Schema(
    {
        "kind": pl.String,
        "strength": pl.Float64,
        "hub_limit": pl.UInt32,
        "habitual_strength": pl.Float64,
        "declared": pl.Boolean,
    }
)
#: Columns of an identity's holding of a value (`held_by_kind`, one frame per kind there).
HELD_SCHEMA = pl.Schema(
    {
        "kind": pl.String,
        "value": pl.String,
        "contractor_id": pl.String,
        "sightings": pl.UInt32,
        "habitual": pl.Boolean,
    }
)

#: A value shared by as many identities as the kind's hub limit keeps this
#: share of the kind's strength; a value shared by two keeps all of it.
RARITY_FLOOR = 0.7

#: Separates a kind's number from a value in `_batched_links` (digits never hold it).
_KIND_KEY = "\x1f"

#: Sightings of a value before it can be an identity's habit (`Kind.habitual_strength`):
#: seen once is an event; a home line is come back to.
HABIT_SIGHTINGS = 2

#: Decimal places of link weights, so that outputs are byte-stable.
WEIGHT_DIGITS = 4


@dataclass(frozen=True)
class Links:
    """Who is tied to whom, by what, how strongly; the values shared past their hub
    limit, each with its verdict; and the holders of every concentrated value
    (kind, value, contractor_id), which grouping keeps in one ring."""

    links: pl.DataFrame
    hubs: pl.DataFrame
    concentrated: pl.DataFrame


@dataclass(frozen=True)
class Ties:
    """What shared values give before any verdict (`value_ties`): the counts of values
    past their hub limit or named as infrastructure (`HUB_COUNTS`), the pairs of the
    others (`LINK_SCHEMA`), and who holds each value two or more share (`HOLDINGS_SCHEMA`)."""

    counted: pl.DataFrame
    pairs: pl.DataFrame
    holdings: pl.DataFrame


def rarity(identities: int, hub_limit: int) -> float:
    """Share of a kind's strength kept by a value shared by ``identities`` identities.

    1 for a pair, falling with the logarithm of the group to `RARITY_FLOOR`
    at the hub limit.

    Examples
    --------
    >>> rarity(2, 12), rarity(12, 12)
    (1.0, 0.7)
    """
    if hub_limit <= 2 or identities <= 2:
        return 1.0
    return 1.0 - (1.0 - RARITY_FLOOR) * math.log(identities / 2) / math.log(hub_limit / 2)


def link(
    observations: pl.DataFrame,
    referrals: pl.DataFrame | None = None,
    *,
    shipments: pl.DataFrame | None = None,
    kinds: Mapping[str, Kind] = KINDS,
    hub_limits: Mapping[str, int] | None = None,
    strengths: Mapping[str, float] | None = None,
    infrastructure: pl.DataFrame | None = None,
    conduct: Conduct | None = None,
) -> Links:
    """Tie identities that share a canonical identifier.

    A value shared by more identities than its kind's hub limit is not
    expanded into pairs at all: it goes to ``hubs`` with its counts. Below the
    limit, groups are at most ``hub_limit`` strong, so their pairs stay few.

    Three steps, each its own function so that an engine can run each where its
    data is (`workbench.engines.spark_link`): `held_by_kind` (local to an
    identity), `value_ties` (local to a value) and `judged_links` (the verdicts
    on widely shared values, which read their holders' other values).

    Parameters
    ----------
    observations : identifier sightings (see `workbench.observe.observe`).
    referrals : referrer_id, contractor_id; each referral is a weak tie.
    shipments : the shipments table: identities that had equipment sent to one
        address hold it twice (see `workbench.observe.shipped_to`).
    kinds : the kind registry.
    hub_limits, strengths : per-kind overrides of the registry.
    infrastructure : kind, value of values the analyst names as known
        infrastructure (see `workbench.case.known_infrastructure`): shared by
        any number, they tie no one and are listed in ``hubs``.
    conduct : red flags of the identities' own conduct, evidence on the values
        they share (see `workbench.concentration.concentrations`).

    Returns
    -------
    Links with ``links`` (contractor_a < contractor_b, kind, value, weight),
    ``hubs`` (kind, value, identities, sightings, hub_limit, verdict, reason),
    both sorted, and ``concentrated`` (see `Links`). A value past its hub limit
    whose holders other shared values tie together is a concentration (a laptop
    farm's home and IP, a team's payout account): its holders are tied to one
    of them (see `workbench.concentration`); the rest is infrastructure.

    Examples
    --------
    >>> obs = pl.DataFrame({"contractor_id": ["a", "b", "c"], "kind": "device",
    ...                     "value": ["d1", "d1", "d2"], "sightings": [1, 1, 1]})
    >>> link(obs).links.rows()
    [('a', 'b', 'device', 'd1', 0.9)]
    """
    policy = link_policy(observations, kinds, hub_limits or {}, strengths or {})
    named = named_values(infrastructure)
    ties = value_ties(held_by_kind(observations, policy), policy, named=named)
    return judged_links(
        ties,
        policy,
        named=named,
        evidence=extra_holdings(observations, referrals, shipments),
        referrals=referrals,
        kinds=kinds,
        conduct=conduct,
    )


def link_policy(
    observations: pl.DataFrame,
    kinds: Mapping[str, Kind] = KINDS,
    hub_limits: Mapping[str, int] | None = None,
    strengths: Mapping[str, float] | None = None,
) -> pl.DataFrame:
    """`POLICY_SCHEMA`: the strength, hub limit and home-line strength of every kind the
    sightings hold that ties identities, the run's overrides applied, sorted by kind.

    A detail compared but never linked on (a date of birth) has no policy: it ties no one.

    Examples
    --------
    >>> obs = pl.DataFrame({"kind": ["device", "date_of_birth", "loyalty_card"]})
    >>> link_policy(obs, hub_limits={"device": 3}).rows()
    [('device', 0.9, 3, None, True), ('loyalty_card', 0.5, 10, None, False)]
    """
    hub_limits, strengths = hub_limits or {}, strengths or {}
    names = sorted(
        k for k in set(observations["kind"].unique().to_list()) if kind_for(k, kinds).ties
    )
    return pl.DataFrame(
        {
            "kind": names,
            "strength": [strengths.get(k, kind_for(k, kinds).strength) for k in names],
            "hub_limit": [hub_limits.get(k, kind_for(k, kinds).hub_limit) for k in names],
            # A strength the run sets is every tie's of the kind, home lines included.
            "habitual_strength": [
                None if k in strengths else kind_for(k, kinds).habitual_strength for k in names
            ],
            "declared": [k in kinds for k in names],
        },
        schema=POLICY_SCHEMA,
    )


def named_values(infrastructure: pl.DataFrame | None) -> pl.DataFrame:
    """kind, value of the values named as known infrastructure (none when None)."""
    if infrastructure is None:
        return pl.DataFrame(schema={"kind": pl.String, "value": pl.String})
    return infrastructure.select("kind", "value")


def held_by_kind(observations: pl.DataFrame, policy: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """Per kind of ``policy``, each identity's holding of each value (`HELD_SCHEMA` less
    the kind): its sightings and, for a kind with home lines, whether the value is the
    identity's habit (`habitual`).

    Local to an identity: on any split of the identities, the holdings of the parts
    are those of the whole.

    Examples
    --------
    >>> obs = pl.DataFrame({"contractor_id": ["a", "a", "b"], "kind": "device",
    ...                     "value": ["d1", "d1", "d1"], "sightings": [1, 2, 1]})
    >>> held_by_kind(obs, link_policy(obs))["device"].sort("contractor_id").rows()
    [('d1', 'a', 3, None), ('d1', 'b', 1, None)]
    """
    # One kind at a time: grouping by the value alone is several times faster
    # than grouping by (kind, value), and values of two kinds never meet.
    parts = _by_kind(observations.select("kind", "value", "contractor_id", "sightings"))
    held = {}
    declared = policy.filter("declared")
    for kind, habitual_strength in declared.select("kind", "habitual_strength").iter_rows():
        if kind in parts:  # a part of the case may hold no value of a kind
            held[kind] = _held(parts[kind], habits=habitual_strength is not None)
    # Kinds the registry does not know: thousands of them take one pass.
    others = policy.filter(~pl.col("declared"))["kind"]
    if others.len():
        sightings = observations.filter(pl.col("kind").is_in(others.implode()))
        together = (
            sightings.group_by("kind", "value", "contractor_id")
            .agg(pl.col("sightings").sum())
            .with_columns(habitual=pl.lit(None, pl.Boolean))
        )
        for (kind,), part in together.partition_by("kind", as_dict=True).items():
            held[str(kind)] = part.drop("kind")
    return held


def value_ties(
    held: Mapping[str, pl.DataFrame], policy: pl.DataFrame, *, named: pl.DataFrame
) -> Ties:
    """The hub counts, pairs and holdings (`Ties`) of the holdings of `held_by_kind`.

    Local to a value: on any split of the values, with all the holders of each,
    the ties of the parts are those of the whole.

    Examples
    --------
    >>> obs = pl.DataFrame({"contractor_id": ["a", "b", "c"], "kind": "device",
    ...                     "value": ["d1", "d1", "d2"], "sightings": [1, 1, 1]})
    >>> policy = link_policy(obs)
    >>> ties = value_ties(held_by_kind(obs, policy), policy, named=named_values(None))
    >>> ties.pairs.rows(), ties.holdings.height
    ([('a', 'b', 'device', 'd1', 0.9)], 2)
    """
    present = policy.filter(pl.col("kind").is_in(list(held)))
    per_kind = [
        _kind_links(held[row["kind"]], named=named, **row)
        for row in present.filter("declared").drop("declared").iter_rows(named=True)
    ]
    # Kinds the registry does not know share one policy: thousands of them take one pass.
    for (strength, hub_limit), batch in present.filter(~pl.col("declared")).group_by(
        "strength", "hub_limit", maintain_order=True
    ):
        together = pl.concat(
            held[kind].with_columns(kind=pl.lit(kind)) for kind in batch["kind"].to_list()
        )
        per_kind.append(
            _batched_links(together, strength=strength, hub_limit=hub_limit, named=named)
        )
    return Ties(
        pl.concat([pl.DataFrame(schema=HUB_COUNTS), *(hub for hub, _, _ in per_kind)]),
        pl.concat([pl.DataFrame(schema=LINK_SCHEMA), *(p for _, p, _ in per_kind)]).cast(
            LINK_SCHEMA
        ),
        pl.concat([pl.DataFrame(schema=HOLDINGS_SCHEMA), *(h for _, _, h in per_kind)]),
    )


def judged_links(
    ties: Ties,
    policy: pl.DataFrame,
    *,
    named: pl.DataFrame,
    evidence: pl.DataFrame | None = None,
    referrals: pl.DataFrame | None = None,
    kinds: Mapping[str, Kind] = KINDS,
    conduct: Conduct | None = None,
    verdicts: pl.DataFrame | None = None,
) -> Links:
    """`Links` from the ties of shared values: each widely shared value judged
    (`workbench.concentration.concentrations`), a concentration's holders tied at their
    kind's full strength, and each referral a tie.

    ``ties`` is what `value_ties` gives, in any row order; ``evidence`` is the
    `extra_holdings` of the case; the other parameters are `link`'s, but
    ``verdicts``: the `concentrations` of the whole case's holdings (with its
    evidence), when an engine judged them elsewhere. Then ``ties.holdings`` and
    ``evidence`` need hold only the values judged concentrated.
    """
    related = _referral_links(referrals)
    holdings = pl.concat(
        [ties.holdings, pl.DataFrame(schema=HOLDINGS_SCHEMA) if evidence is None else evidence]
    )
    if verdicts is None:
        strength = dict(policy.select("kind", "strength").iter_rows())
        verdicts = concentrations(holdings, strength, kinds, crowded=ties.counted, conduct=conduct)
    judged = verdicts.filter(pl.col("concentrated")).select("kind", "value")
    # Every holder of a concentrated value: most are tied together by other values,
    # and the rest sit behind the same door.
    concentrated = holdings.join(judged, on=["kind", "value"], how="semi").sort(
        "kind", "value", "contractor_id"
    )
    hubs = _judged_hubs(ties.counted, verdicts, named)
    full = policy.select("kind", full="strength")
    # A concentrated value is no infrastructure: every holder is tied by it without
    # the discount for sharing; past its hub limit, as a star from one holder. The
    # verdict is on the value, so its holders are tied alike, at the kind's strength,
    # whatever their habits.
    pairs = pl.concat([ties.pairs, related]).cast(LINK_SCHEMA)
    lifted = judged.join(full, on="kind")
    pairs = pairs.join(lifted, on=["kind", "value"], how="left", maintain_order="left").select(
        *LINK_SCHEMA.names()[:-1], weight=pl.coalesce("full", "weight")
    )
    held = holdings.join(
        judged.join(hubs, on=["kind", "value"], how="semi"), on=["kind", "value"], how="semi"
    )
    links = pl.concat([pairs, _stars(held, full)]).with_columns(
        pl.col("weight").round(WEIGHT_DIGITS)
    )
    return Links(
        links.cast(LINK_SCHEMA).sort("contractor_a", "contractor_b", "kind", "value"),
        hubs,
        concentrated,
    )


def extra_holdings(
    observations: pl.DataFrame,
    referrals: pl.DataFrame | None = None,
    shipments: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """`HOLDINGS_SCHEMA`: the holdings that are no shared identifier, evidence for the
    verdicts on those that are: each referral (`referral_holdings`), and equipment shipped
    to an address (`shipment_holdings`).

    Examples
    --------
    >>> obs = pl.DataFrame(schema={"contractor_id": pl.String, "kind": pl.String})
    >>> extra_holdings(obs, pl.DataFrame({"referrer_id": ["a"], "contractor_id": ["b"]})).rows()
    [('referral', 'a referred b', 'a'), ('referral', 'a referred b', 'b')]
    """
    return pl.concat(
        [
            pl.DataFrame(schema=HOLDINGS_SCHEMA),
            referral_holdings(referrals),
            shipment_holdings(observations, shipments),
        ]
    )


def _by_kind(sightings: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """The rows of each kind, in their order.

    Observations come sorted by kind (`workbench.observe.observe`): then each
    kind's rows are one slice of the frame, which copies nothing, where
    partitioning would copy every row (20 M of them at a million identities).

    Examples
    --------
    >>> frame = pl.DataFrame({"kind": ["ip", "ip", "email"], "value": ["1", "2", "a"]})
    >>> {kind: part["value"].to_list() for kind, part in _by_kind(frame).items()}
    {'ip': ['1', '2'], 'email': ['a']}
    """
    kinds = sightings["kind"]
    if not kinds.is_sorted():
        parts = sightings.partition_by("kind", as_dict=True)
        return {str(kind): part for (kind,), part in parts.items()}
    runs = kinds.rle().struct.unnest()
    starts = runs["len"].cum_sum() - runs["len"]
    return {
        str(kind): sightings.slice(start, length)
        for kind, start, length in zip(runs["value"], starts, runs["len"], strict=True)
    }


def _judged_hubs(
    counted: pl.DataFrame, verdicts: pl.DataFrame, named: pl.DataFrame
) -> pl.DataFrame:
    """`HUB_SCHEMA`: values past their hub limit (or named) with their verdict and its reason."""
    return (
        counted.join(
            verdicts.select("kind", "value", "verdict", "reason"), on=["kind", "value"], how="left"
        )
        .join(named.with_columns(named=pl.lit(True)), on=["kind", "value"], how="left")
        .with_columns(
            verdict=pl.when("named").then(pl.lit("infrastructure")).otherwise("verdict"),
            reason=pl.when("named")
            .then(pl.lit("named as known infrastructure in case.toml"))
            .otherwise("reason"),
        )
        .with_columns(
            pl.col("verdict").fill_null("infrastructure"),
            pl.col("reason").fill_null("not judged: a kind too weak to mark one team"),
        )
        .select(HUB_SCHEMA.names())
        .cast(HUB_SCHEMA)
        .sort("kind", "identities", "value", descending=[False, True, False])
    )


def _stars(holders: pl.DataFrame, full: pl.DataFrame) -> pl.DataFrame:
    """Ties from the first holder (by id) of each hub value to every other holder.

    A value past its hub limit weighs what a value at the limit weighs
    (`RARITY_FLOOR` of its kind's strength); grouping keeps its holders
    together whatever the weight (`Links.concentrated`).
    """
    centre = holders.group_by("kind", "value").agg(pl.col("contractor_id").min().alias("centre"))
    return (
        holders.join(centre, on=["kind", "value"])
        .filter(pl.col("contractor_id") != pl.col("centre"))
        .join(full, on="kind")
        .select(
            contractor_a="centre",
            contractor_b="contractor_id",
            kind="kind",
            value="value",
            weight=pl.col("full") * RARITY_FLOOR,
        )
        .cast(LINK_SCHEMA)
    )


def _batched_links(
    held: pl.DataFrame, *, strength: float, hub_limit: int, named: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """`_kind_links` for the holdings of many kinds of one strength and hub limit, at once.

    Each value is keyed by its kind's number ("17", a separator, the value) so that
    values of two kinds never meet, and the keys are read back afterwards: the number
    ends at the first separator, and the value, which may hold it too, is the rest.
    """
    codes = (
        held.select(pl.col("kind").unique().sort())
        .with_row_index("code")
        .with_columns(pl.col("code").cast(pl.String))
    )

    def keyed(frame: pl.DataFrame) -> pl.DataFrame:
        return frame.join(codes, on="kind").with_columns(
            value=pl.concat_str("code", pl.lit(_KIND_KEY), "value")
        )

    def unkeyed(frame: pl.DataFrame) -> pl.DataFrame:
        # Split at the first separator only: a value may hold the separator itself.
        key = pl.col("value").str.splitn(_KIND_KEY, 2)
        read = frame.with_columns(
            code=key.struct.field("field_0"), value=key.struct.field("field_1")
        )
        return read.drop("kind").join(codes, on="code").drop("code").select(frame.columns)

    hubs, pairs, holdings = _kind_links(
        keyed(held).drop("kind", "code"),
        kind=_KIND_KEY,
        strength=strength,
        hub_limit=hub_limit,
        named=keyed(named).with_columns(kind=pl.lit(_KIND_KEY)),
    )
    return unkeyed(hubs), unkeyed(pairs), unkeyed(holdings)


def _held(sightings: pl.DataFrame, *, habits: bool) -> pl.DataFrame:
    """`HELD_SCHEMA` less the kind, for the sightings of one kind: each identity's holding
    of each value, and whether it is the identity's habit (null where ``habits`` is off)."""
    # Each identity's holding of a value first: counting holders is then counting rows,
    # cheaper than counting distinct ids per value, and the holdings are those rows. Lazy,
    # here and below: polars runs it on its streaming engine, about twice as fast.
    held = (
        sightings.lazy().group_by("value", "contractor_id").agg(pl.col("sightings").sum()).collect()
    )
    if not habits:
        return held.with_columns(habitual=pl.lit(None, pl.Boolean))
    return held.with_columns(habitual=habitual())


def habitual() -> pl.Expr:
    """Whether the identity came back to the value (`HABIT_SIGHTINGS`) and it is most of
    the identity's sightings of the kind, over one kind's holdings (`value`,
    `contractor_id`, `sightings`): a home line, say.

    Examples
    --------
    >>> held = pl.DataFrame({"value": ["home", "cafe", "cafe"], "contractor_id": ["a", "a", "b"],
    ...                      "sightings": [5, 2, 1]})
    >>> held.with_columns(habitual=habitual())["habitual"].to_list()
    [True, False, False]
    """
    total = pl.col("sightings").sum().over("contractor_id")
    return (pl.col("sightings") >= HABIT_SIGHTINGS) & (pl.col("sightings") * 2 > total)


def _kind_links(
    held: pl.DataFrame,
    *,
    kind: str,
    strength: float,
    hub_limit: int,
    named: pl.DataFrame,
    habitual_strength: float | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """Hubs, pairs (`LINK_SCHEMA`) and holdings (`HOLDINGS_SCHEMA`) of the holdings of one
    kind (`_held`).

    Holdings list who holds each value two or more identities share, hubs
    included; a value ``named`` as known infrastructure is a hub at any count
    and held by no one. Two holders who came back to the value and for whom it
    is most of their own sightings of the kind are tied at ``habitual_strength``
    (see `Kind` and `habitual`).
    """
    known = named.filter(pl.col("kind") == kind).select("value")
    shared = (
        held.lazy()
        .group_by("value")
        .agg(
            pl.len().cast(pl.UInt32).alias("identities"),
            pl.col("sightings").sum().cast(pl.UInt32),
        )
        .filter(pl.col("identities") >= 2)
        .with_columns(kind=pl.lit(kind), hub_limit=pl.lit(hub_limit, pl.UInt32))
        .collect()
    )
    infrastructure = shared.join(known, on="value", how="semi")
    shared = shared.join(known, on="value", how="anti")
    hubs = pl.concat([shared.filter(pl.col("identities") > hub_limit), infrastructure]).select(
        "kind", "value", "identities", "sightings", "hub_limit"
    )
    kept = held.join(shared.select("value"), on="value", how="semi")
    holdings = kept.select(kind=pl.lit(kind), value="value", contractor_id="contractor_id")
    groups = shared.filter(pl.col("identities") <= hub_limit).select("value", rarity=_rarity_expr())
    members = kept.select("value", "contractor_id", "habitual").join(groups, on="value")
    pair_strength = pl.lit(strength)
    if habitual_strength is not None:
        both = pl.col("habitual").fill_null(False) & pl.col("habitual_b").fill_null(False)
        pair_strength = pl.when(both).then(habitual_strength).otherwise(strength)
    pairs = (
        members.join(members, on="value", suffix="_b")
        .filter(pl.col("contractor_id") < pl.col("contractor_id_b"))
        .select(
            pl.col("contractor_id").alias("contractor_a"),
            pl.col("contractor_id_b").alias("contractor_b"),
            kind=pl.lit(kind),
            value="value",
            weight=pair_strength * pl.col("rarity"),
        )
    )
    return hubs, pairs, holdings


def _rarity_expr() -> pl.Expr:
    """`rarity` as a polars expression over ``identities`` and ``hub_limit``."""
    n = pl.col("identities").cast(pl.Float64)
    limit = pl.col("hub_limit").cast(pl.Float64)
    falling = 1.0 - (1.0 - RARITY_FLOOR) * (n / 2).log() / (limit / 2).log()
    return pl.when((limit <= 2) | (n <= 2)).then(1.0).otherwise(falling)


def _referral_links(referrals: pl.DataFrame | None) -> pl.DataFrame:
    if referrals is None or referrals.is_empty():
        return pl.DataFrame(schema=LINK_SCHEMA)
    return (
        referrals.filter(pl.col("referrer_id") != pl.col("contractor_id"))
        .select(
            pl.min_horizontal("referrer_id", "contractor_id").alias("contractor_a"),
            pl.max_horizontal("referrer_id", "contractor_id").alias("contractor_b"),
            pl.lit("referral").alias("kind"),
            pl.format("{} referred {}", "referrer_id", "contractor_id").alias("value"),
            pl.lit(REFERRAL_STRENGTH).alias("weight"),
        )
        .unique()
        .cast(LINK_SCHEMA)
    )


def referral_holdings(referrals: pl.DataFrame | None) -> pl.DataFrame:
    """`HOLDINGS_SCHEMA`: each referral as a value its two identities hold.

    Examples
    --------
    >>> referral_holdings(pl.DataFrame({"referrer_id": ["a"], "contractor_id": ["b"]})).rows()
    [('referral', 'a referred b', 'a'), ('referral', 'a referred b', 'b')]
    """
    related = _referral_links(referrals)
    return pl.concat(
        related.select("kind", "value", contractor_id=side)
        for side in ("contractor_a", "contractor_b")
    ).cast(HOLDINGS_SCHEMA)


def shipment_holdings(observations: pl.DataFrame, shipments: pl.DataFrame | None) -> pl.DataFrame:
    """`HOLDINGS_SCHEMA`: equipment shipped to an address, as a value its receivers hold.

    Receiving a company laptop at an address is a second, independent link to
    it: many identities that also have their laptops shipped to one home are
    a laptop farm's fronts, not strangers who share an office. Local to an
    identity: it reads that identity's sightings and shipments only.

    Examples
    --------
    >>> obs = pl.DataFrame({"contractor_id": ["a"], "kind": ["address"], "value": ["k1"],
    ...     "raw": ["9 Elm St"], "source": ["shipments"]})
    >>> shipments = pl.DataFrame({"contractor_id": ["a"], "ship_to_address": ["9 Elm St"],
    ...     "previous_address": [None]}, schema_overrides={"previous_address": pl.String})
    >>> shipment_holdings(obs, shipments).rows()
    [('equipment_shipped_to', 'k1', 'a')]
    """
    if "source" not in observations.columns:
        return pl.DataFrame(schema=HOLDINGS_SCHEMA)
    if shipments is None:
        shipments = pl.DataFrame(
            schema={
                "contractor_id": pl.String,
                "ship_to_address": pl.String,
                "previous_address": pl.String,
            }
        )
    return (
        shipped_to(observations, shipments)
        .select(kind=pl.lit(SHIPMENT), value="value", contractor_id="contractor_id")
        .unique()
        .cast(HOLDINGS_SCHEMA)
    )


def pair_weights(links: pl.DataFrame, kinds: Mapping[str, Kind] = KINDS) -> pl.DataFrame:
    """Combine every tie between two identities into one weight.

    Within a kind the strongest value counts, and a derived kind counts with
    its parent (sharing an IP is sharing its /24 too: one piece of evidence,
    not two), as a payee name counts with its account (`evidence_groups`);
    across kinds the weights combine as independent evidence, 1 − Π(1 − w).

    Examples
    --------
    >>> links = pl.DataFrame({"contractor_a": ["a", "a", "a"], "contractor_b": ["b", "b", "b"],
    ...                       "kind": ["ip", "ip", "device"], "value": ["1", "2", "d"],
    ...                       "weight": [0.4, 0.3, 0.5]})
    >>> pair_weights(links).rows()
    [('a', 'b', 0.7, 2)]
    >>> links = links.with_columns(kind=pl.Series(["ip", "ip_net", "device"]))
    >>> pair_weights(links).rows()
    [('a', 'b', 0.7, 2)]
    """
    evidence = pl.col("kind").replace(evidence_groups(kinds)).alias("evidence")
    per_kind = links.group_by("contractor_a", "contractor_b", evidence).agg(pl.col("weight").max())
    return (
        per_kind.group_by("contractor_a", "contractor_b")
        .agg(
            (1 - (1 - pl.col("weight")).product()).round(WEIGHT_DIGITS).alias("weight"),
            pl.len().cast(pl.UInt32).alias("kinds"),
        )
        .sort("contractor_a", "contractor_b")
    )


def ties_among(links: pl.DataFrame, contractor_ids: Iterable[str]) -> pl.DataFrame:
    """The ties whose two identities are both among ``contractor_ids``.

    Examples
    --------
    >>> links = pl.DataFrame({"contractor_a": ["a", "a"], "contractor_b": ["b", "c"],
    ...                       "kind": ["ip", "ip"], "value": ["1", "2"], "weight": [0.4, 0.4]})
    >>> ties_among(links, ["a", "b"])["contractor_b"].to_list()
    ['b']
    """
    ids = pl.Series(sorted(set(contractor_ids)), dtype=pl.String).implode()
    return links.filter(pl.col("contractor_a").is_in(ids) & pl.col("contractor_b").is_in(ids))


def reach(links: pl.DataFrame, contractor_id: str, hops: int) -> list[str]:
    """The identities within ``hops`` ties of one identity (itself included), sorted.

    Hub values tie no one, so a neighbourhood never spreads through a VPN exit.

    Examples
    --------
    >>> links = pl.DataFrame({"contractor_a": ["a", "b"], "contractor_b": ["b", "c"]})
    >>> reach(links, "a", 1), reach(links, "a", 2), reach(links, "a", 0)
    (['a', 'b'], ['a', 'b', 'c'], ['a'])
    """
    reached = {contractor_id}
    frontier = {contractor_id}
    for _ in range(max(hops, 0)):
        edge = pl.Series(sorted(frontier), dtype=pl.String).implode()
        touching = links.filter(
            pl.col("contractor_a").is_in(edge) | pl.col("contractor_b").is_in(edge)
        )
        found = set(touching["contractor_a"].to_list()) | set(touching["contractor_b"].to_list())
        frontier = found - reached
        reached |= found
        if not frontier:
            break
    return sorted(reached)
