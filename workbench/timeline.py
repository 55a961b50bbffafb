"""What happened when: the dated events of some identities, and the hours they log in at.

"8 hires in 3 weeks, referred in a chain" is how an analyst shows that several
identities are one operation. The timeline puts each identity's hiring, the
referral that brought it, the first payment to each of its accounts, its
first and last login and the equipment shipped to it on one time axis; the
login counts by weekday and hour show the working day behind the logins.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import polars as pl

from workbench.case_tables import TableHandle, as_case_tables, as_handle
from workbench.kinds import column_kinds

#: Columns of a timeline, one row per event.
EVENT_SCHEMA = pl.Schema(
    {
        "at": pl.Datetime("us", "UTC"),
        "contractor_id": pl.String(),
        "event": pl.String(),
        "detail": pl.String(),
        # The other identity of a relation: who made the referral.
        "related_id": pl.String(),
    }
)

#: Every event, in the order events of one moment are listed.
EVENTS = ("hired", "referred", "equipment shipped", "first login", "first payment", "last login")

#: The kind a payment's account is observed as.
ACCOUNT_KIND = column_kinds()[("payments", "account")]

_AT = EVENT_SCHEMA["at"]


def timeline(
    tables: Mapping[str, pl.DataFrame],
    sightings: pl.DataFrame | TableHandle,
    contractor_ids: Iterable[str],
) -> pl.DataFrame:
    """Dated events of some identities, oldest first.

    Events (`EVENTS`): hired (detail: the client); referred, at the referred
    identity's hiring (or first login), naming the referrer; the first payment
    to each account, as its holder first wrote it, with the number of payments
    to it; equipment shipped (asset tag and address); first and last login
    (IP and the country it was placed in).

    Parameters
    ----------
    tables : the case tables.
    sightings : identifier sightings (`workbench.observe`), at least the
        identities': a frame, or a `TableHandle` on them, of which only the
        identities' rows are read. The payment accounts are read from them,
        normalised, so that one account written three ways is one account.
    contractor_ids : the identities whose events are wanted.

    Returns
    -------
    `EVENT_SCHEMA`: at, contractor_id, event, detail, related_id (the referrer
    of a referral, else null); events with no date are left out.

    Examples
    --------
    >>> from workbench.investigation import investigate
    >>> inv = investigate("sample_data/demo_case")
    >>> events = timeline(inv.case.tables, inv.sightings, ["C000311", "C000373"])
    >>> sorted(set(events["event"])) == sorted(EVENTS), events["at"].is_sorted()
    (True, True)
    """
    ids = pl.Series(list(contractor_ids), dtype=pl.String)
    # Only these identities' rows: a table an engine holds is not gathered whole.
    case_tables = as_case_tables(tables)

    def mine(name: str) -> pl.DataFrame:
        return case_tables.rows_of(name, ids)

    logins = _login_span(mine("logins"))
    hired = mine("contractors").select(
        "contractor_id", at=pl.col("hired_at").cast(_AT), detail=pl.col("client")
    )
    events = [
        hired.with_columns(event=pl.lit("hired")),
        _referrals(mine("referrals"), hired, logins),
        mine("shipments").select(
            "contractor_id",
            at=pl.col("shipped_at").cast(_AT),
            event=pl.lit("equipment shipped"),
            detail=pl.concat_str(
                "asset_tag", "ship_to_address", separator=" to ", ignore_nulls=True
            ),
        ),
        _first_payments(as_handle(sightings).rows_of(ids)),
        logins.select(
            "contractor_id", at="first", event=pl.lit("first login"), detail="first_from"
        ),
        logins.select("contractor_id", at="last", event=pl.lit("last login"), detail="last_from"),
    ]
    order = pl.col("event").replace_strict(EVENTS, list(range(len(EVENTS))), return_dtype=pl.Int8)
    return (
        pl.concat(
            [
                e.with_columns(pl.lit(None, dtype=pl.String).alias(c) for c in _missing(e))
                for e in events
            ],
            how="diagonal",
        )
        .select(EVENT_SCHEMA.names())
        .cast(EVENT_SCHEMA)
        .with_columns(pl.col("detail").fill_null(""))
        .drop_nulls("at")
        .sort([pl.col("at"), "contractor_id", order, "detail"])
    )


def _missing(frame: pl.DataFrame) -> list[str]:
    return [c for c in EVENT_SCHEMA.names() if c not in frame.columns]


def _login_span(logins: pl.DataFrame) -> pl.DataFrame:
    """Per identity: first and last login, and where each came from (IP, country)."""
    origin = pl.concat_str("ip", "country", separator=", ", ignore_nulls=True)
    return (
        logins.sort("ts")
        .group_by("contractor_id")
        .agg(
            first=pl.col("ts").first(),
            last=pl.col("ts").last(),
            first_from=origin.first(),
            last_from=origin.last(),
        )
    )


def _referrals(referrals: pl.DataFrame, hired: pl.DataFrame, logins: pl.DataFrame) -> pl.DataFrame:
    """One event per referral, on the referred identity, when it was hired (or first logged in)."""
    return (
        referrals.join(hired.select("contractor_id", "at"), on="contractor_id", how="left")
        .join(logins.select("contractor_id", "first"), on="contractor_id", how="left")
        .select(
            "contractor_id",
            at=pl.coalesce("at", "first"),
            event=pl.lit("referred"),
            detail=pl.lit("referred by ") + pl.col("referrer_id"),
            related_id="referrer_id",
        )
    )


def _first_payments(observations: pl.DataFrame) -> pl.DataFrame:
    """Per identity and account: the first payment, the account as first written, the count."""
    payments = pl.col("sightings").sum()
    return (
        observations.filter((pl.col("kind") == ACCOUNT_KIND) & (pl.col("source") == "payments"))
        .sort("seen_at", "raw")
        .group_by("contractor_id", "value")
        .agg(at=pl.col("seen_at").first(), written=pl.col("raw").first(), payments=payments)
        .select(
            "contractor_id",
            "at",
            event=pl.lit("first payment"),
            detail=pl.format(
                "to {} ({} payment{})",
                "written",
                "payments",
                pl.when(pl.col("payments") == 1).then(pl.lit("")).otherwise(pl.lit("s")),
            ),
        )
    )


def login_heat(logins: pl.DataFrame, contractor_ids: Iterable[str]) -> pl.DataFrame:
    """Logins of some identities per UTC weekday and hour, summed over them.

    Parameters
    ----------
    logins : the case's logins (contractor_id, ts), at least those of ``contractor_ids``.
    contractor_ids : the identities to count.

    Returns
    -------
    weekday (1 = Monday … 7 = Sunday), hour (0–23), logins: one row per
    weekday and hour with at least one login, sorted.

    Examples
    --------
    >>> from datetime import datetime, timezone
    >>> logins = pl.DataFrame({"contractor_id": ["a", "b", "z"],
    ...     "ts": [datetime(2024, 1, 1, 3, tzinfo=timezone.utc)] * 3})
    >>> login_heat(logins, ["a", "b"]).rows()
    [(1, 3, 2)]
    """
    ids = pl.Series(list(contractor_ids), dtype=pl.String).implode()
    return (
        logins.filter(pl.col("contractor_id").is_in(ids) & pl.col("ts").is_not_null())
        .group_by(
            weekday=pl.col("ts").dt.weekday().cast(pl.Int8),
            hour=pl.col("ts").dt.hour().cast(pl.Int8),
        )
        .agg(logins=pl.len().cast(pl.UInt32))
        .sort("weekday", "hour")
    )
