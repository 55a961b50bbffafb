"""Widely shared values judged on evidence: a concentration (one team behind one door) or
shared infrastructure.

A value many identities share is weak evidence when strangers share it: an
office address, a VPN exit, a payroll provider's account. It is strong
evidence when the same identities also share other, independent values among
themselves: a laptop farm's home address whose holders also log in from the
farm's IP, a team's payout account whose holders also share a laptop, a
team's home IP whose holders' mailboxes follow one template or who referred
each other. It is strong evidence, too, when nearly all its holders show red
flags of their own conduct, far more often than the rest of the case does: a
farm's IP whose fronts all log in through an IP-KVM in UTC+9 office hours.
The verdict here depends on that evidence, never on a count alone, and every
holder of a concentration is kept in one ring.

Conduct says who the holders are, not that they are one team. A commercial VPN
exit that several teams use (each tied together by values of its own, not to
each other) and legitimate subscribers use beside them can have mostly flagged
holders; keeping them in one ring would merge the teams and the subscribers.
So conduct counts only where the holders that other values tie together form
one team at most.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import polars as pl
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from scipy.special import bdtrc

from workbench.kinds import KINDS, Kind, derived_parents, evidence_groups, kind_for

#: Columns of a holdings frame: who holds which shared value.
HOLDINGS_SCHEMA = pl.Schema({"kind": pl.String, "value": pl.String, "contractor_id": pl.String})

#: Columns of `concentrations`.
VERDICT_SCHEMA = pl.Schema(
    [
        ("kind", pl.String()),
        ("value", pl.String()),
        ("holders", pl.UInt32()),
        ("corroborated", pl.UInt32()),
        ("concentrated", pl.Boolean()),
        ("verdict", pl.String()),
        ("reason", pl.String()),
    ]
)

#: Columns of `value_reach`: how far each shared value reaches, and its part in the verdicts.
REACH_SCHEMA = pl.Schema(
    [
        ("kind", pl.String()),
        ("value", pl.String()),
        ("holders", pl.UInt32()),
        ("crowded", pl.Boolean()),
        ("witness", pl.Boolean()),
        ("judged", pl.Boolean()),
    ]
)

#: A value held by this many identities or more is judged (a pair keeps full strength anyway).
MIN_HOLDERS = 3

#: Share of a value's holders that other, independent shared values must join
#: into one cluster for the value to be a concentration: more than half.
CONCENTRATED_SHARE = 0.5

#: Kinds weaker than this (an e-mail template, a referral, an IP's /24, an
#: address's building) are resemblances, relations or neighbourhoods, not the
#: things of one household or team: they are never judged. Resemblances and
#: relations still corroborate (`concentrations`); neighbourhoods do not.
JUDGED_STRENGTH = 0.4

#: Share of a crowded witness value's own holders that must hold the judged
#: value too for it to corroborate: more than half (the same people behind both).
WITNESS_SHARE = 0.5

#: Holders other values tie together in a cluster of this many or more are a team
#: of their own: a value two such teams share is a meeting point of separate
#: teams, on which their conduct is no evidence of one door.
TEAM_SIZE = 2

#: Witness kinds named in a verdict's reason.
REASON_KINDS = 3

#: Share of a value's holders that must show red flags of their own conduct for
#: conduct alone to make it a concentration: three in four. A farm hosts fronts,
#: nearly all of them flagged; a VPN exit or a co-working space that fronts use
#: beside its legitimate subscribers is half flagged at most, however unlikely
#: that half is by chance.
CONDUCT_SHARE = 0.75

#: How unlikely, by chance at the case's own rate, the share of a value's
#: holders with red flags of their own conduct must be to count as evidence
#: (a one-sided binomial test): one in a thousand.
CONDUCT_P = 0.001


@dataclass(frozen=True)
class Conduct:
    """The red flags of identities' own conduct (contractor_id, code; see `Flag.conduct`),
    and the number of identities in the case they were looked for in.

    Examples
    --------
    >>> Conduct(pl.DataFrame({"contractor_id": ["a", "a", "b"], "code": ["X", "Y", "X"]}), 40).rate
    0.05
    """

    flags: pl.DataFrame
    population: int

    @property
    def rate(self) -> float:
        """The share of the case's identities with at least one such flag."""
        flagged = self.flags["contractor_id"].n_unique()
        return flagged / self.population if self.population else 0.0


def concentrations(
    holdings: pl.DataFrame,
    strengths: Mapping[str, float],
    kinds: Mapping[str, Kind] = KINDS,
    *,
    crowded: pl.DataFrame | None = None,
    conduct: Conduct | None = None,
    reach: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Verdicts on every value of a judged kind held by `MIN_HOLDERS` identities or more.

    Another value two holders share corroborates (a laptop, an account, an
    e-mail template, a referral between them) unless it is itself ``crowded``
    past its hub limit: then it corroborates only when most of its own
    holders hold the judged value too (a farm's IP beside the farm's address),
    not when a few of a payroll provider's payees also use a busy VPN exit.
    A neighbourhood (an IP's /24, an address's building) never corroborates:
    strangers share those; nor does a kind that is no witness (`Kind.witnesses`).

    Parameters
    ----------
    holdings : kind, value, contractor_id, one row per holder, for every value
        two or more identities hold (hub values included); a referral is a
        value its two identities hold.
    strengths : each kind's strength in this run (judged kinds are the ones at
        `JUDGED_STRENGTH` or more).
    kinds : the registry (for `evidence_groups`: an account does not corroborate
        its own payee name).
    crowded : kind, value of the values past their hub limit.
    conduct : red flags of the identities' own conduct: a value `CONDUCT_SHARE`
        of whose holders carry one, far more often than the case's rate
        (`CONDUCT_P`), is a concentration even when no other value ties its holders.
    reach : `value_reach` of the whole case's holdings, when ``holdings`` are
        only the holders of some values with all their holdings (an engine
        judging values bucket by bucket): then the values its ``judged`` column
        marks are judged. By default, `value_reach` of ``holdings``.

    Returns
    -------
    `VERDICT_SCHEMA`: holders, corroborated (the most holders that other,
    independent shared values join into one cluster), concentrated, verdict
    (``concentration`` or ``infrastructure``) and a reason naming the
    witnessing kinds, sorted by kind and value.

    Examples
    --------
    Eight identities at one flat, six of them on one home IP too, and eight
    strangers at one office:

    >>> rows = [("address", "flat 4", f"t{i}") for i in range(8)]
    >>> rows += [("ip", "203.0.113.9", f"t{i}") for i in range(6)]
    >>> rows += [("address", "1 market st", f"s{i}") for i in range(8)]
    >>> holdings = pl.DataFrame(rows, schema=HOLDINGS_SCHEMA, orient="row")
    >>> verdicts = concentrations(holdings, {"address": 0.6, "ip": 0.45})
    >>> verdicts.select("value", "corroborated", "verdict").rows()
    [('1 market st', 0, 'infrastructure'), ('flat 4', 6, 'concentration'), \
('203.0.113.9', 6, 'concentration')]
    """
    if reach is None:
        reach = value_reach(holdings, strengths, kinds, crowded=crowded)
    # Integer ids for identities, values and evidence groups: the joins below run on
    # numbers, and the text columns are gathered only for the rows that survive them.
    held = holdings.with_columns(
        group=_dense_ids(pl.col("kind").replace(evidence_groups(kinds))),
        who=_dense_ids(pl.col("contractor_id")),
        what=_dense_ids(pl.concat_str("kind", pl.lit(_KIND_KEY), "value")),
    )
    counts = reach.filter("judged").select("kind", "value", "holders")
    values = held.select("kind", "value", "what").unique("what")
    # Reach by value id; a value of ``reach`` that no holding here names drops out.
    reached = reach.join(values, on=["kind", "value"])
    judged = held.join(reached.filter("judged"), on="what", how="semi")
    witnesses = (
        held.select("who", "what", "group")
        .join(judged.select("who").unique(), on="who", how="semi")
        .join(reached.filter("witness").select("what", "holders", "crowded"), on="what")
        .select("who", "holders", "crowded", w_what="what", w_group="group")
    )
    co_held = (
        judged.select("group", "who", "what")
        .join(witnesses, on="who")
        .filter(pl.col("group") != pl.col("w_group"))
    )
    shared = (
        co_held.group_by("what", "w_what")
        .agg(pl.len().alias("n"), pl.col("holders", "crowded").first())
        .filter(
            (pl.col("n") >= 2)
            & (~pl.col("crowded") | (pl.col("n") > WITNESS_SHARE * pl.col("holders")))
        )
    )
    co_held = (
        co_held.join(shared, on=["what", "w_what"], how="semi")
        .join(values, on="what")
        .join(values.select(w_what="what", w_kind="kind"), on="w_what")
        .join(held.select("who", "contractor_id").unique("who"), on="who")
    )
    corroborated = _largest_clusters(co_held)
    labels = {k: kind_for(k, kinds).label for k in holdings["kind"].unique().to_list()}
    verdicts = (
        counts.join(corroborated, on=["kind", "value"], how="left")
        .join(_conduct_evidence(judged, counts, conduct), on=["kind", "value"], how="left")
        .with_columns(pl.col("corroborated", "teams").fill_null(0))
        .with_columns(
            conduct=pl.when(pl.col("teams") <= 1)
            .then("conduct")
            .otherwise(
                pl.format(
                    "{}; not evidence of one team: {} separate groups of them are tied "
                    "by values of their own",
                    "conduct",
                    "teams",
                )
            ),
            concentrated=(pl.col("corroborated") > CONCENTRATED_SHARE * pl.col("holders"))
            | (pl.col("conduct").is_not_null() & (pl.col("teams") <= 1)),
        )
    )
    witness_text = (
        pl.col("witnesses")
        .list.eval(pl.element().replace_strict(labels, default=pl.element()))
        .list.head(REASON_KINDS)
        .list.join(", ")
    )
    return (
        verdicts.with_columns(
            verdict=pl.when("concentrated")
            .then(pl.lit("concentration"))
            .otherwise(pl.lit("infrastructure")),
            reason=pl.concat_str(
                pl.format(
                    "{} of {} holders are tied together by other shared values ({})",
                    "corroborated",
                    "holders",
                    witness_text.fill_null("none"),
                ),
                pl.col("conduct"),
                separator="; ",
                ignore_nulls=True,
            ),
        )
        .select(VERDICT_SCHEMA.names())
        .cast(VERDICT_SCHEMA)
        .sort("kind", "value")
    )


def value_reach(
    holdings: pl.DataFrame,
    strengths: Mapping[str, float],
    kinds: Mapping[str, Kind] = KINDS,
    *,
    crowded: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """`REACH_SCHEMA`: per shared value, its holders, whether it is ``crowded`` past its
    hub limit, whether it can witness for another value (`Kind.witnesses`; a
    neighbourhood never does), and
    whether it is judged (a kind of `JUDGED_STRENGTH` or more, `MIN_HOLDERS` holders).

    Local to a value: on any split of the values, with all the holders of each, the
    reach of the parts is that of the whole.

    Examples
    --------
    >>> rows = [("address", "flat 4", f"t{i}") for i in range(3)] + [("ip_net", "n", "t0")]
    >>> holdings = pl.DataFrame(rows, schema=HOLDINGS_SCHEMA, orient="row")
    >>> value_reach(holdings, {"address": 0.6, "ip_net": 0.2}).sort("kind").rows()
    [('address', 'flat 4', 3, False, True, True), ('ip_net', 'n', 1, False, False, False)]
    """
    present = holdings["kind"].unique().to_list()
    # Only kinds the run links on are judged: a referral, or equipment shipped to an
    # address, is evidence on the values its holders share, never a value of its own.
    strong = [k for k in present if k in strengths and strengths[k] >= JUDGED_STRENGTH]
    silent = [k for k in present if k in derived_parents(kinds) or not kind_for(k, kinds).witnesses]
    busy = (
        pl.DataFrame(schema={"kind": pl.String, "value": pl.String})
        if crowded is None
        else crowded.select("kind", "value").unique()
    )
    counted = holdings.group_by("kind", "value").agg(pl.len().cast(pl.UInt32).alias("holders"))
    return (
        counted.join(busy.with_columns(crowded=pl.lit(True)), on=["kind", "value"], how="left")
        .with_columns(
            pl.col("crowded").fill_null(False),
            witness=~pl.col("kind").is_in(silent),
            judged=pl.col("kind").is_in(strong) & (pl.col("holders") >= MIN_HOLDERS),
        )
        .select(REACH_SCHEMA.names())
    )


#: Joins a kind and a value into one key (no kind name or canonical value holds it).
_KIND_KEY = "\x1f"


def _dense_ids(text: pl.Expr) -> pl.Expr:
    """A UInt32 id per distinct string, in order of first appearance.

    The ids come from a category pool of this call's own, which is dropped with
    the frame: no sort (ranking 3.5 M holdings took 5 s at 1 M identities) and
    nothing left behind in polars' global string cache.

    Examples
    --------
    >>> pl.select(_dense_ids(pl.lit(pl.Series(["b", "a", "b"])))).to_series().to_list()
    [0, 1, 0]
    """
    return text.cast(pl.Categorical(pl.Categories.random())).to_physical()


def _conduct_evidence(
    judged: pl.DataFrame, counts: pl.DataFrame, conduct: Conduct | None
) -> pl.DataFrame:
    """kind, value, conduct: the reason, for each judged value `CONDUCT_SHARE` of whose
    holders carry red flags of their own conduct, at a share the case's rate makes
    unlikely by chance."""
    schema = {"kind": pl.String, "value": pl.String, "conduct": pl.String}
    if conduct is None or conduct.flags.is_empty():
        return pl.DataFrame(schema=schema)
    rate = conduct.rate
    # Counted on the holdings of flagged identities first: the codes are gathered
    # only for the few values that pass, not for every judged value.
    of_flagged = judged.join(conduct.flags.select("contractor_id"), on="contractor_id", how="semi")
    flagged = (
        of_flagged.group_by("what")
        .agg(
            pl.col("kind", "value").first(),
            pl.col("who").n_unique().alias("flagged"),
        )
        .join(counts, on=["kind", "value"])
        .filter(pl.col("flagged") >= CONDUCT_SHARE * pl.col("holders"))
    )
    codes = (
        of_flagged.join(flagged, on="what", how="semi")
        .join(conduct.flags.select("contractor_id", "code"), on="contractor_id")
        .group_by("what")
        .agg(pl.col("code").unique().sort().str.join(", ").alias("codes"))
    )
    flagged = flagged.join(codes, on="what")
    # P(X >= flagged) for X ~ Binomial(holders, rate); scipy.special spares importing scipy.stats.
    chance = bdtrc(flagged["flagged"].to_numpy() - 1, flagged["holders"].to_numpy(), rate)
    return (
        flagged.with_columns(chance=pl.Series(chance, dtype=pl.Float64))
        .filter(pl.col("chance") < CONDUCT_P)
        .select(
            "kind",
            "value",
            conduct=pl.format(
                "{} of {} holders show red flags of their own conduct ({}), "
                "against {}% of all identities",
                "flagged",
                "holders",
                "codes",
                pl.lit(round(100 * rate, 1)),
            ),
        )
    )


def _largest_clusters(co_held: pl.DataFrame) -> pl.DataFrame:
    """Per judged value, the most holders that other shared values join into one cluster,
    and the number of such clusters of `TEAM_SIZE` holders or more (``teams``).

    ``co_held`` has one row per (judged value, witness value, holder of both),
    with integer ids ``what`` and ``w_what`` for the values and ``who`` for the
    holder. Holders are linked through the witness values they hold; a value
    whose witnesses tie its holders in separate small circles (one template
    across three unrelated teams) is not one concentration.
    """
    keys = ["kind", "value"]
    holders = co_held.select("what", "who").unique().sort("what", "who").with_row_index("node")
    witnesses = co_held.select("what", "w_what").unique().sort("what", "w_what")
    witnesses = witnesses.with_row_index("node", offset=holders.height)
    rows = co_held.join(holders, on=["what", "who"]).join(
        witnesses.rename({"node": "w_node"}), on=["what", "w_what"]
    )
    a, b = rows["node"].to_numpy(), rows["w_node"].to_numpy()
    size = holders.height + witnesses.height
    graph = coo_matrix((np.ones(len(a)), (a, b)), shape=(size, size))
    _, labels = connected_components(graph, directed=False)
    # Grouped by the values' integer ids; each id stands for one (kind, value).
    clusters = (
        rows.with_columns(cluster=pl.Series(labels[a]))
        .group_by("what", "cluster")
        .agg(
            pl.col(*keys).first(),
            pl.col("who").n_unique().cast(pl.UInt32).alias("corroborated"),
            pl.col("w_kind").unique().sort().alias("witnesses"),
            pl.col("contractor_id").min().alias("first"),
        )
    )
    # The largest cluster; of equals, the one with the least member id.
    return (
        clusters.sort("corroborated", "what", "first", descending=[True, False, False])
        .group_by("what", maintain_order=True)
        .agg(
            pl.col(*keys, "corroborated", "witnesses").first(),
            teams=(pl.col("corroborated") >= TEAM_SIZE).sum().cast(pl.UInt32),
        )
        .select(*keys, "corroborated", "witnesses", "teams")
    )
