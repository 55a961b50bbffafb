"""Ring scores and identity risk on 0–100, each with the reasons that produced it.

Both combine independent evidence as 1 − Π(1 − p). Ties alone never raise a
ring to the alert level (`LINK_SHARE` keeps them below 50): relatives and
agencies share addresses and accounts too, so a ring needs its members' own
red flags as a second, independent signal.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

import polars as pl

from workbench.kinds import KINDS, Kind, evidence_groups, kind_for
from workbench.normalize.name import canonical, similar
from workbench.normalize.organisation import names_an_organisation
from workbench.rings import ties_within

#: The kind of tie whose value, when it names an organisation, is an agency's arrangement
#: (`score`'s ``company_payee_flags``).
COMPANY_PAYEE_KIND = "account_holder"

#: The kinds of a person's own contact details: records that share one under one name
#: are one person's (`one_person_rings`).
OWN_CONTACT_KINDS = ("email", "phone")

#: The reason a ring of one person's records gives for its score.
ONE_PERSON_REASON = (
    "one person's records (one name, one e-mail or phone): scored on red flags alone"
)

#: The most that ties between members can add to a ring's score on their own: well
#: below 50, so that a family sharing a home, a router and an account needs its
#: members' own red flags as well before it alerts.
LINK_SHARE = 0.35

#: The most that membership of a ring adds to an identity's risk (at ring score 100).
RING_SHARE = 0.7

#: Decimal places of published scores.
SCORE_DIGITS = 1

#: Red-flag codes named in a ring's reasons, most frequent first.
TOP_FLAG_REASONS = 5

#: Clients named in a ring's reasons, those with the most members first.
TOP_CLIENT_REASONS = 3

#: Columns of a placements frame: which client each identity works for.
PLACEMENT_SCHEMA = pl.Schema({"contractor_id": pl.String, "client": pl.String})


@dataclass(frozen=True)
class Scores:
    """Scored rings (one row per ring, with reasons) and scored identities."""

    rings: pl.DataFrame
    contractors: pl.DataFrame


def noisy_or(weight: pl.Expr) -> pl.Expr:
    """Combine independent evidence weights (0–1) as 1 − Π(1 − w).

    Examples
    --------
    >>> pl.DataFrame({"w": [0.5, 0.5]}).select(noisy_or(pl.col("w"))).item()
    0.75
    """
    return 1 - (1 - weight).product()


def client_placements(contractors: pl.DataFrame, engagements: pl.DataFrame) -> pl.DataFrame:
    """Each identity's clients: the one it was hired for and those it has engagements with.

    Examples
    --------
    >>> people = pl.DataFrame({"contractor_id": ["a", "b"], "client": ["Acme", None]})
    >>> work = pl.DataFrame({"contractor_id": ["a", "b"], "client": ["Acme", "Globex"]})
    >>> client_placements(people, work).rows()
    [('a', 'Acme'), ('b', 'Globex')]
    """
    placements = (
        pl.concat([frame.select(PLACEMENT_SCHEMA.names()) for frame in (contractors, engagements)])
        .cast(PLACEMENT_SCHEMA)  # type: ignore[arg-type]
        .drop_nulls()
        .sort(pl.all())
    )
    # Sorted, a placement given twice sits right after its first: dropped without the
    # hashing of a `unique` (most engagements repeat the client an identity was hired for).
    repeated = pl.all_horizontal(pl.all() == pl.all().shift())
    return placements.filter(~repeated.fill_null(False))


def score(
    contractor_ids: pl.Series,
    members: pl.DataFrame,
    links: pl.DataFrame,
    flags: pl.DataFrame,
    *,
    tie_flags: Collection[str] = (),
    company_payee_flags: Collection[str] = (),
    kinds: Mapping[str, Kind] = KINDS,
    placements: pl.DataFrame | None = None,
    names: pl.DataFrame | None = None,
) -> Scores:
    """Score every ring and every identity, and say why.

    Parameters
    ----------
    contractor_ids : every identity of the case.
    members : ring_id, contractor_id (see `workbench.rings.group_rings`).
    links : contractor_a, contractor_b, kind, value, weight.
    flags : contractor_id, code, weight, evidence: red flags raised.
    tie_flags : flag codes that restate a tie (a shared account…): they count
        towards an identity's risk but not again towards its ring's score.
    company_payee_flags : flag codes that restate a tie by a company's payee name
        (`Flag.restates_company_payee`): for a member its ring ties by a payee
        name that names an organisation (`names_an_organisation`), they count
        neither towards its ring's score nor towards its risk. An agency's
        payee and its account abroad are the arrangement its shared payee
        already stands for; a facilitator paid under a person's name is not.
    kinds : the kind registry, for labels.
    placements : contractor_id, client (`client_placements`), of the members
        at least: a ring placed at several clients says so in its reasons. It
        adds nothing to the score: an honest staffing agency places its people
        at many clients too.
    names : contractor_id, full_name, of the members at least: a ring of one
        person's records (`one_person_rings`) is scored on its members' red
        flags alone, since the ties between one person's records say nothing of
        a team.

    Returns
    -------
    Scores: ``rings`` (ring_id, ring_size, ring_score, reasons) and
    ``contractors`` (contractor_id, ring_id, ring_score, risk_score, flags, reasons).

    Examples
    --------
    >>> members = pl.DataFrame({"ring_id": ["R-1", "R-1"], "contractor_id": ["a", "b"]})
    >>> links = pl.DataFrame({"contractor_a": ["a"], "contractor_b": ["b"],
    ...                       "kind": ["device"], "value": ["d1"], "weight": [0.9]})
    >>> flags = pl.DataFrame({"contractor_id": ["a", "b"], "code": ["VIDEO_DECLINED"] * 2,
    ...                       "weight": [0.5, 0.5], "evidence": ["declined", "declined"]})
    >>> s = score(pl.Series(["a", "b", "c"]), members, links, flags)
    >>> s.rings["ring_score"].item()
    65.8
    >>> s.contractors.filter(pl.col("contractor_id") == "c")["risk_score"].item()
    0.0
    """
    restates_tie = pl.col("code").is_in(list(tie_flags))
    restated = _restated_by_company_payee(members, links, flags, company_payee_flags)
    # A ring member's tie already counts through its ring's score; an identity outside
    # every ring (its shared value is infrastructure, or its ties too weak) keeps the flag.
    in_ring = pl.col("contractor_id").is_in(members["contractor_id"].implode())
    identity_risk = (
        restated.filter(~(restates_tie & in_ring) & ~pl.col("restated"))
        .group_by("contractor_id")
        .agg(noisy_or(pl.col("weight")).alias("risk"))
    )
    own_risk = (
        restated.filter(~restates_tie & ~pl.col("restated"))
        .group_by("contractor_id")
        .agg(noisy_or(pl.col("weight")).alias("own_risk"))
    )
    alone = one_person_rings(members, links, names) if names is not None else []
    rings = _score_rings(members, links, flags, own_risk, kinds, placements, alone)
    people = (
        pl.DataFrame({"contractor_id": contractor_ids})
        .join(members, on="contractor_id", how="left")
        .join(rings.select("ring_id", "ring_score"), on="ring_id", how="left")
        .join(identity_risk, on="contractor_id", how="left")
        .join(_flag_lists(flags), on="contractor_id", how="left")
        .with_columns(pl.col("risk").fill_null(0.0), pl.col("ring_score").fill_null(0.0))
    )
    ring = pl.col("ring_score") / 100
    combined = 1 - (1 - pl.col("risk")) * (1 - RING_SHARE * ring)
    # The ring's score already counts each member's own flags (their mean), so a member
    # is never riskier than the higher of its ring's score and its own flags: a ring
    # just below the alert level does not put its members above it.
    risk = 100 * pl.min_horizontal(combined, pl.max_horizontal(ring, pl.col("risk")))
    ring_reason = pl.format("member of ring {} (ring score {})", "ring_id", "ring_score")
    contractors = people.select(
        "contractor_id",
        "ring_id",
        "ring_score",
        risk.round(SCORE_DIGITS).alias("risk_score"),
        pl.col("codes").list.join(";").fill_null("").alias("flags"),
        # Nulls dropped from the flag details alone: dropping them from the whole list
        # costs twice as much, and the ring's reason is never null.
        pl.concat_list(
            pl.when(pl.col("ring_id").is_not_null())
            .then(pl.concat_list(ring_reason))
            .otherwise(pl.lit([], dtype=pl.List(pl.String))),
            pl.col("details").list.drop_nulls().fill_null(pl.lit([], dtype=pl.List(pl.String))),
        ).alias("reasons"),
    ).sort("contractor_id")
    return Scores(rings, contractors)


def _restated_by_company_payee(
    members: pl.DataFrame, links: pl.DataFrame, flags: pl.DataFrame, codes: Collection[str]
) -> pl.DataFrame:
    """``flags`` with ``restated``: whether the flag is one of ``codes`` raised on a member
    whose ring ties it by a payee name that names an organisation.

    Examples
    --------
    >>> members = pl.DataFrame({"ring_id": ["R-1", "R-1"], "contractor_id": ["a", "b"]})
    >>> links = pl.DataFrame({"contractor_a": ["a"], "contractor_b": ["b"],
    ...     "kind": ["account_holder"], "value": ["acme llc"], "weight": [0.4]})
    >>> flags = pl.DataFrame({"contractor_id": ["a", "c"], "code": ["PAYEE_MISMATCH"] * 2})
    >>> _restated_by_company_payee(members, links, flags, {"PAYEE_MISMATCH"})["restated"].to_list()
    [True, False]
    """
    payees = ties_within(members, links).filter(pl.col("kind") == COMPANY_PAYEE_KIND)
    payees = payees.filter(names_an_organisation(payees["value"]))
    paid = pl.concat(
        payees.select(contractor_id=end) for end in ("contractor_a", "contractor_b")
    ).unique()
    restated = pl.col("code").is_in(list(codes)) & pl.col("contractor_id").is_in(
        paid["contractor_id"].implode()
    )
    return flags.with_columns(restated=restated)


def _score_rings(
    members: pl.DataFrame,
    links: pl.DataFrame,
    flags: pl.DataFrame,
    own_risk: pl.DataFrame,
    kinds: Mapping[str, Kind],
    placements: pl.DataFrame | None,
    one_person: Collection[str],
) -> pl.DataFrame:
    sizes = members.group_by("ring_id").agg(pl.len().cast(pl.UInt32).alias("ring_size"))
    inside = ties_within(members, links)
    # One piece of evidence per group of kinds (`evidence_groups`), named after
    # its strongest kind in the ring.
    per_kind = (
        inside.with_columns(group=pl.col("kind").replace(evidence_groups(kinds)))
        .unpivot(
            index=["ring_id", "group", "kind", "weight"],
            on=["contractor_a", "contractor_b"],
            value_name="member",
        )
        .sort("weight", "kind", descending=[True, False])
        .group_by("ring_id", "group")
        .agg(
            pl.col("kind").first(),
            pl.col("weight").max(),
            pl.col("member").n_unique().alias("tied"),
        )
        .drop("group")
        .join(sizes, on="ring_id")
    )
    labels = {k: kind_for(k, kinds).label for k in per_kind["kind"].unique().to_list()}
    tie_reasons = (
        per_kind.sort("weight", "kind", descending=[True, False])
        .group_by("ring_id", maintain_order=True)
        .agg(
            noisy_or(pl.col("weight")).alias("ties"),
            pl.format(
                "{} ({} of {} members)",
                pl.col("kind").replace_strict(labels, default=pl.col("kind")),
                "tied",
                "ring_size",
            )
            .str.join(", ")
            .alias("tie_text"),
            pl.len().alias("tie_kinds"),
        )
    )
    flag_risk = (
        members.join(own_risk, on="contractor_id", how="left")
        .group_by("ring_id")
        .agg(pl.col("own_risk").fill_null(0.0).mean().alias("flag_risk"))
    )
    flag_reasons = (
        members.join(flags, on="contractor_id")
        .group_by("ring_id", "code")
        .agg(pl.col("contractor_id").n_unique().alias("n"))
        .sort("n", "code", descending=[True, False])
        .group_by("ring_id", maintain_order=True)
        .agg(pl.format("{} ×{}", "code", "n").head(TOP_FLAG_REASONS).str.join(", ").alias("f"))
    )
    alone = pl.col("ring_id").is_in(list(one_person))
    ties_share = pl.when(alone).then(0.0).otherwise(LINK_SHARE * pl.col("ties"))
    ring_score = 100 * (1 - (1 - ties_share) * (1 - pl.col("flag_risk")))
    return (
        sizes.join(tie_reasons, on="ring_id", how="left")
        .join(flag_risk, on="ring_id", how="left")
        .join(flag_reasons, on="ring_id", how="left")
        .join(_client_reasons(members, placements), on="ring_id", how="left")
        .with_columns(pl.col("ties", "flag_risk").fill_null(0.0))
        .select(
            "ring_id",
            "ring_size",
            ring_score.round(SCORE_DIGITS).alias("ring_score"),
            pl.concat_list(
                pl.format("tied by {} kind(s): {}", "tie_kinds", "tie_text"),
                pl.when(pl.col("f").is_not_null()).then(pl.format("members' red flags: {}", "f")),
                pl.format("mean member flag risk {}", (100 * pl.col("flag_risk")).round(0)),
                pl.col("clients"),
                pl.when(alone).then(pl.lit(ONE_PERSON_REASON)),
            )
            .list.drop_nulls()
            .alias("reasons"),
        )
        .sort("ring_score", "ring_id", descending=[True, False])
    )


def one_person_rings(members: pl.DataFrame, links: pl.DataFrame, names: pl.DataFrame) -> list[str]:
    """The rings that are one person's records: a re-hire, a second contract, an account
    opened again. Every two members share an e-mail or a phone of their own
    (`OWN_CONTACT_KINDS`), and the names they give are one name (`similar`: "JP Mendoza"
    and "John Paul Mendoza"); a member may give none ("n/a"), but one must.

    Examples
    --------
    >>> members = pl.DataFrame({"ring_id": ["R-1", "R-1", "R-2", "R-2"],
    ...                         "contractor_id": ["a", "b", "c", "d"]})
    >>> links = pl.DataFrame({"contractor_a": ["a", "c"], "contractor_b": ["b", "d"],
    ...     "kind": ["email", "email"], "value": ["ann@x.org", "ops@x.org"], "weight": [0.95] * 2})
    >>> names = pl.DataFrame({"contractor_id": ["a", "b", "c", "d"],
    ...                       "full_name": ["Ann Lee", "LEE, Ann", "Ann Lee", "Bo Chen"]})
    >>> one_person_rings(members, links, names)
    ['R-1']
    """
    contact = (
        ties_within(members, links)
        .filter(pl.col("kind").is_in(OWN_CONTACT_KINDS))
        .select("ring_id", "contractor_a", "contractor_b")
        .unique()
    )
    sizes = members.group_by("ring_id").agg(n=pl.len())
    # Every two members tied: n (n − 1) / 2 pairs of the n.
    tied = (
        contact.group_by("ring_id")
        .agg(pairs=pl.len())
        .join(sizes, on="ring_id")
        .filter(pl.col("pairs") == pl.col("n") * (pl.col("n") - 1) // 2)
    )
    named = (
        members.filter(pl.col("ring_id").is_in(tied["ring_id"].implode()))
        .join(names, on="contractor_id")
        .select("ring_id", "full_name")
        .unique()
    )
    given = named.filter(canonical(named["full_name"]).is_not_null())
    pairs = given.join(given, on="ring_id", suffix="_b").filter(
        pl.col("full_name") < pl.col("full_name_b")
    )
    alike = pairs.with_columns(
        alike=similar(pairs["full_name"], pairs["full_name_b"]).fill_null(False)
    )
    others = alike.filter(~pl.col("alike"))["ring_id"].unique()
    return sorted(set(given["ring_id"].unique()) - set(others))


def _client_reasons(members: pl.DataFrame, placements: pl.DataFrame | None) -> pl.DataFrame:
    """(ring_id, clients): "members placed at 4 clients: …" for rings placed at two or more."""
    placed = members.join(
        pl.DataFrame(schema=PLACEMENT_SCHEMA) if placements is None else placements,
        on="contractor_id",
    )
    per_client = (
        placed.group_by("ring_id", "client")
        .agg(n=pl.col("contractor_id").n_unique())
        .sort("n", "client", descending=[True, False])
    )
    return (
        per_client.group_by("ring_id", maintain_order=True)
        .agg(count=pl.len(), named=pl.col("client").head(TOP_CLIENT_REASONS).str.join(", "))
        .filter(pl.col("count") >= 2)
        .select(
            "ring_id",
            clients=pl.format(
                "members placed at {} clients: {}{}",
                "count",
                "named",
                pl.when(pl.col("count") > TOP_CLIENT_REASONS)
                .then(pl.lit(", …"))
                .otherwise(pl.lit("")),
            ),
        )
    )


def _flag_lists(flags: pl.DataFrame) -> pl.DataFrame:
    return (
        flags.sort("contractor_id", "code")
        .group_by("contractor_id", maintain_order=True)
        .agg(
            pl.col("code").alias("codes"),
            pl.format("{}: {}", "code", "evidence").alias("details"),
        )
    )
