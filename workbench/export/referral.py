"""Referrals: what a package for law enforcement or a suspicious activity report says of a ring.

A package (written by `workbench.export.referral_package`) is a folder or a
zip holding ``summary.html``, a page a reader who never saw the workbench can
follow (`workbench.export.referral_page`), ``narrative.txt`` (the page's
account in plain text, for a report's narrative field) and the CSVs behind
them, payments first: see `FILES`. docs/exports.md lists every field against
what practitioners and FinCEN's SAR ask for.

With ``redact`` the package is fit to share outside: e-mails, phones,
addresses, accounts, IPs and third parties' names (payees, ship-to names) are
masked as ``--redact`` masks them; identities' own names, ids, dates, amounts
and countries stay.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

import polars as pl

from workbench.flags.registry import FLAGS
from workbench.kinds import RELATIONS, kind_for
from workbench.normalize.account import account_type
from workbench.normalize.account import canonical as canonical_account
from workbench.run_frames import Ring
from workbench.views.redact import KnownValues, redact_field, redact_text, redact_value
from workbench.views.report import ring_digest

#: Every file of a package and what it holds, in the order the summary lists them.
FILES = {
    "summary.html": "The summary: who, what was shared, where the money went, when.",
    "narrative.txt": "The summary's account in plain text, for a report's narrative.",
    "identities.csv": "One row per identity: name, e-mails, phones, address, claimed "
    "country, GitHub, hiring date, client, risk score and red-flag codes.",
    "accounts.csv": "One row per receiving account: its type, holder names, countries, "
    "the identities it paid, payments, totals per currency, first and last payment.",
    "payments.csv": "Every payment to the identities: date, amount, currency, method, "
    "account as written, account type, holder, account country.",
    "logins.csv": "Every login: time (UTC), IP, the country the source system geolocated "
    "it to, VPN, remote-access tool, device, user agent, session length.",
    "logins_by_identity.csv": "Per identity: logins, distinct IPs, the countries they were "
    "geolocated to (most first), share through a VPN, first and last login.",
    "shipments.csv": "Equipment shipped to the identities: date, asset tag, address, name.",
    "evidence.csv": "What ties the identities: each value two or more of them share (as "
    "written), who shares it, since when, how strongly; referrals between them.",
    "red_flags.csv": "Every red flag raised on the identities, with its evidence.",
}

#: Columns of identities.csv, from the contractors table and the scores.
IDENTITY_COLUMNS = (
    "contractor_id",
    "full_name",
    "email",
    "phone",
    "address",
    "country",
    "github",
    "hired_at",
    "client",
    "video_interview",
    "risk_score",
    "flags",
)

#: The personal columns of the case tables a package copies: each is masked by
#: ``redact`` as the kind its column yields, or as free text (names of identities
#: stay readable, the identifiers inside them do not).
PERSONAL_COLUMNS = {
    "contractors": ("full_name", "email", "phone", "address"),
    "payments": ("account", "account_holder"),
    "logins": ("ip", "user_agent"),
    "shipments": ("ship_to_address", "ship_to_name"),
}

#: Columns naming someone other than the identity (a payee, a parcel's recipient):
#: masked to initials, as payee names are everywhere.
THIRD_PARTY_NAMES = {("payments", "account_holder"), ("shipments", "ship_to_name")}


@dataclass(frozen=True)
class Referral:
    """What a package says about one ring: its facts and its tables (masked when redacted)."""

    ring_id: str
    case: str
    score: float
    alert_threshold: float
    line: str
    reasons: list[str]
    described: datetime | None
    tables: dict[str, pl.DataFrame] = field(default_factory=dict)
    #: Distinct canonical values, counted before masking (two masks can be equal).
    distinct: dict[str, int] = field(default_factory=dict)


def referral(ring: Ring, *, redact: bool = False) -> Referral:
    """Gather a ring's referral: its one-line reason and the package's tables.

    Examples
    --------
    >>> from workbench.investigation import investigate
    >>> inv = investigate("sample_data/demo_case")
    >>> made = referral(inv.ring(inv.ring_scores["ring_id"][0]))
    >>> sorted(made.tables)[:3], made.line.split(" ")[1]
    (['accounts', 'evidence', 'identities'], 'identities')
    """
    investigation = ring.investigation
    tables = investigation.case.tables
    ids = ring.member_ids.implode()

    def mine(name: str) -> pl.DataFrame:
        return tables[name].filter(pl.col("contractor_id").is_in(ids))

    def masked(frame: pl.DataFrame, table: str) -> pl.DataFrame:
        return _masked_columns(frame, table) if redact else frame

    payments = masked(_payments(mine("payments")), "payments")
    logins = mine("logins").with_columns(pl.col("user_agent").cast(pl.String))
    shipments = mine("shipments")
    known = KnownValues.from_observations(ring.sightings)
    flags = ring.flags
    if redact:
        flags = flags.with_columns(evidence=known.redact(flags["evidence"]))
    gathered = {
        "identities": masked(ring.members.select(IDENTITY_COLUMNS), "contractors"),
        "accounts": _accounts(payments),
        "payments": payments.drop("canonical"),
        "logins": masked(
            logins.select(
                "contractor_id",
                "ts",
                "ip",
                "country",
                "vpn",
                "remote_tool",
                "device_id",
                "user_agent",
                "session_minutes",
            ).sort("ts", "contractor_id"),
            "logins",
        ),
        "logins_by_identity": _logins_by_identity(logins),
        "shipments": masked(
            shipments.select(
                "contractor_id", "shipped_at", "asset_tag", "ship_to_address", "ship_to_name"
            ).sort("shipped_at", "contractor_id", nulls_last=True),
            "shipments",
        ),
        "evidence": _evidence(ring.shared_values, redact),
        "red_flags": _red_flags(flags),
    }
    inside = investigation.members.filter(pl.col("ring_id") == ring.ring_id)
    digest = ring_digest(inside, investigation.links, investigation.flags, ring.sightings)
    latest = ring.sightings["seen_at"].max()
    return Referral(
        ring_id=ring.ring_id,
        case=investigation.case.path.name,
        score=ring.score,
        alert_threshold=investigation.settings.alert_threshold,
        line=str(digest["line"].item()),
        reasons=known.redact(pl.Series(ring.reasons, dtype=pl.String)).to_list()
        if redact
        else ring.reasons,
        described=investigation.settings.as_of
        or (latest if isinstance(latest, datetime) else None),
        tables=gathered,
        distinct={
            "ips": _distinct(ring.sightings, "ip", "logins"),
            "ship_to_addresses": _distinct(ring.sightings, "address", "shipments"),
        },
    )


def _payments(payments: pl.DataFrame) -> pl.DataFrame:
    """The members' payments with each account's type and canonical form, oldest first."""
    canonical = canonical_account(payments["account"], payments["method"])
    return (
        payments.with_columns(canonical=canonical, account_type=account_type(canonical))
        .select(
            "contractor_id",
            "payment_id",
            "paid_at",
            "amount",
            "currency",
            "method",
            "account",
            "account_type",
            "account_holder",
            "account_country",
            "canonical",
        )
        .sort("paid_at", "contractor_id", "payment_id", nulls_last=True)
    )


def _accounts(payments: pl.DataFrame) -> pl.DataFrame:
    """One row per receiving account (spellings of one account together), most paid first."""
    totals = (
        payments.group_by("canonical", "currency")
        .agg(pl.col("amount").sum())
        .sort("currency", nulls_last=True)
        .group_by("canonical", maintain_order=True)
        .agg(
            totals=pl.format(
                "{} {}", pl.col("amount").round(2), pl.col("currency").fill_null("(no currency)")
            ).str.join("; ")
        )
    )
    return (
        payments.with_columns(pl.coalesce("canonical", "account").alias("canonical"))
        .group_by("canonical")
        .agg(
            account=pl.col("account").mode().sort().first(),
            account_type=pl.col("account_type").first(),
            holders=pl.col("account_holder").drop_nulls().unique().sort().str.join("; "),
            countries=pl.col("account_country").drop_nulls().unique().sort().str.join("; "),
            identities=pl.col("contractor_id").unique().sort().str.join("; "),
            payments=pl.len(),
            first_paid=pl.col("paid_at").min(),
            last_paid=pl.col("paid_at").max(),
        )
        .join(totals, on="canonical", how="left")
        .sort(["payments", "canonical"], descending=[True, False])
        .select(
            "account",
            "account_type",
            "holders",
            "countries",
            "identities",
            "payments",
            "totals",
            "first_paid",
            "last_paid",
        )
    )


def _distinct(sightings: pl.DataFrame, kind: str, table: str) -> int:
    """Distinct canonical values of a kind sighted in a table (spellings of one count once)."""
    found = sightings.filter(pl.col("kind") == kind, pl.col("source") == table)
    return found["value"].n_unique()


def _logins_by_identity(logins: pl.DataFrame) -> pl.DataFrame:
    """Per identity: logins, distinct IPs, countries (most first), VPN share, first and last."""
    countries = pl.col("country").drop_nulls().value_counts(sort=True).struct.field("country")
    return (
        logins.group_by("contractor_id")
        .agg(
            logins=pl.len(),
            ips=pl.col("ip").drop_nulls().n_unique(),
            countries=countries.str.join(", "),
            vpn_share=(pl.col("vpn").mean() * 100).round(0),
            first=pl.col("ts").min(),
            last=pl.col("ts").max(),
        )
        .sort("contractor_id")
    )


def _evidence(shared: pl.DataFrame, redact: bool) -> pl.DataFrame:
    """One row per shared value or relation: kind, as written, shared by, since, weight."""
    rows = []
    for row in shared.iter_rows(named=True):
        kind = row["kind"]
        label = RELATIONS[kind].label if kind in RELATIONS else kind_for(kind).label
        spellings = [(w["text"], w["kind"]) for w in row["written"]] or [(row["value"], kind)]
        shown = [
            (redact_text(text) if kind in RELATIONS else redact_value(reading, text))
            if redact
            else text
            for text, reading in spellings
        ]
        rows.append(
            {
                "kind": label,
                "written": "; ".join(dict.fromkeys(shown)),
                "shared_by": "; ".join(row["members"]),
                "since": row["since"],
                "weight": round(float(row["weight"]), 3),
            }
        )
    schema: dict[str, pl.DataType] = {
        "kind": pl.String(),
        "written": pl.String(),
        "shared_by": pl.String(),
        "since": pl.Datetime("us", "UTC"),
        "weight": pl.Float64(),
    }
    return pl.DataFrame(rows, schema=schema)


def _red_flags(flags: pl.DataFrame) -> pl.DataFrame:
    titles = {flag.code: flag.title for flag in FLAGS}
    return flags.sort("contractor_id", "code").select(
        "contractor_id",
        "code",
        title=pl.col("code").replace_strict(titles, default=pl.col("code")),
        evidence="evidence",
        refs="refs",
    )


def _masked_columns(frame: pl.DataFrame, table: str) -> pl.DataFrame:
    """A case table's `PERSONAL_COLUMNS` masked (each distinct value once).

    Examples
    --------
    >>> rows = pl.DataFrame({"account": ["DE89 3704 0044 0532 0130 00"],
    ...                      "account_holder": ["Richard Smith"], "amount": [1200.0]})
    >>> _masked_columns(rows, "payments").row(0)
    ('…3000', 'R. S.', 1200.0)
    """
    masked = []
    for column in PERSONAL_COLUMNS[table]:
        if column not in frame.columns:
            continue
        mask = _mask_for(table, column)
        distinct = frame[column].drop_nulls().unique()
        masked.append(
            pl.col(column).replace_strict(
                distinct,
                [mask(value) for value in distinct.to_list()],
                default=None,
                return_dtype=pl.String,
            )
        )
    return frame.with_columns(masked)


def _mask_for(table: str, column: str) -> Callable[[str], str]:
    if (table, column) in THIRD_PARTY_NAMES:
        return lambda value: redact_value("account_holder", value)
    return lambda value: redact_field(table, column, value)
