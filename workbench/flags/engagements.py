"""Engagement red flags: one persona working for several clients at once."""

from __future__ import annotations

from datetime import date

import polars as pl

from workbench.case_tables import as_case_tables
from workbench.flags.common import MAX_NAMED, empty_result, quote, refs, result
from workbench.flags.context import FlagContext
from workbench.tables import ROW

#: Clients served at the same time before it is a front's workload: a freelancer
#: with two clients is ordinary, three full engagements at once is not.
CONCURRENT_CLIENTS_MIN = 3

#: Days those engagements must overlap: a handover week between two contracts is not holding both.
CONCURRENT_MIN_DAYS = 30

#: The answer of `_latest_dated`: the latest date of some engagements.
LATEST = pl.Schema({"latest": pl.Date()})


def open_end(ctx: FlagContext) -> date | None:
    """The day an engagement without an end date is taken to run to: `as_of`, or the
    latest date the case's dated engagements record (no clock is read).

    A fact of the whole case: an engine that splits the identities into
    buckets resolves it once, before the buckets run (`workbench.engines.spark_engine`).

    Examples
    --------
    >>> from datetime import date
    >>> ctx = FlagContext.build(engagements={"contractor_id": ["a", "b"],
    ...     "client": ["Acme", None], "started_at": [date(2025, 1, 1), date(2025, 9, 1)],
    ...     "ended_at": [date(2025, 3, 31), None]})
    >>> open_end(ctx)
    datetime.date(2025, 3, 31)
    """
    if ctx.as_of is not None:
        return ctx.as_of.date()
    # Made where the engagements are: an engine holding them gathers a date per part.
    engagements = as_case_tables(ctx.tables).handle("engagements")
    latest = engagements.per_part(_latest_dated, LATEST)["latest"].max()
    return latest if isinstance(latest, date) else None


def _latest_dated(engagements: pl.DataFrame) -> pl.DataFrame:
    """The latest date the dated engagements record (null without one): one row, `LATEST`."""
    dates = pl.col("started_at", "ended_at").max()
    return _dated(engagements).select(latest=pl.max_horizontal(dates))


def _dated(engagements: pl.DataFrame) -> pl.DataFrame:
    """Engagements with a start date and a client: the ones that can overlap."""
    return engagements.filter(pl.col("started_at").is_not_null(), pl.col("client").is_not_null())


def concurrent_clients(ctx: FlagContext) -> pl.DataFrame:
    """The identity works for several clients at the same time, for weeks on end.

    Engagements are swept in date order: each start adds a client, each end
    removes one, and the days spent at the busiest levels are added up.

    Examples
    --------
    >>> from datetime import date
    >>> ctx = FlagContext.build(engagements={"contractor_id": ["a"] * 3 + ["b"] * 3,
    ...     "client": ["Acme", "Globex", "Initech"] * 2,
    ...     "started_at": [date(2025, 1, 1)] * 3 + [date(2025, 1, 1), date(2025, 3, 1),
    ...                    date(2025, 5, 1)],
    ...     "ended_at": [date(2025, 6, 30)] * 3 + [date(2025, 2, 28), date(2025, 4, 30), None]})
    >>> concurrent_clients(ctx)["evidence"].to_list()
    ['3 clients at once for 181 days (Acme, Globex, Initech)']
    """
    engagements = _dated(ctx.table("engagements"))
    spans = engagements.with_columns(
        ended_at=pl.coalesce(pl.col("ended_at"), pl.lit(open_end(ctx), dtype=pl.Date))
    ).filter(pl.col("ended_at") >= pl.col("started_at"))
    levels = _levels(_client_steps(spans))
    busy_levels = levels.filter(pl.col("level") >= CONCURRENT_CLIENTS_MIN)
    busy = (
        busy_levels.group_by("contractor_id")
        .agg(
            peak=pl.col("level").max(),
            days=(pl.col("until") - pl.col("day")).dt.total_days().sum(),
        )
        .filter(pl.col("days") >= CONCURRENT_MIN_DAYS)
    )
    if busy.is_empty():
        return empty_result()
    # The clients named are those served while the identity was at its busiest levels.
    during = (
        spans.join(busy_levels.select("contractor_id", "day", "until"), on="contractor_id")
        .filter(pl.col("started_at") < pl.col("until"), pl.col("ended_at") >= pl.col("day"))
        .unique(["contractor_id", ROW])
    )
    named = (
        during.join(busy, on="contractor_id")
        .sort(ROW)
        .group_by("contractor_id")
        .agg(
            pl.col("peak", "days").first(),
            clients=quote(pl.col("client").unique().sort().head(MAX_NAMED).str.join(", ")),
            refs=refs("engagements"),
        )
    )
    return result(
        named.with_columns(
            evidence=pl.format("{} clients at once for {} days ({})", "peak", "days", "clients")
        )
    )


def _client_steps(spans: pl.DataFrame) -> pl.DataFrame:
    """contractor_id, day, step: +1 on the day a client's work for an identity starts, -1 on
    the day after it stops; spans of one client that overlap (a contract and its renewal,
    one contract listed twice) are one stretch of work."""
    steps = pl.concat(
        [
            spans.select("contractor_id", "client", day="started_at", step=pl.lit(1)),
            spans.select(
                "contractor_id",
                "client",
                day=pl.col("ended_at") + pl.duration(days=1),
                step=pl.lit(-1),
            ),
        ]
    )
    # Each client's steps add up to zero, so a running sum over the sorted steps counts
    # that client's open spans; it starts or stops working where the count leaves or
    # reaches zero.
    levels = _levels(steps, ["contractor_id", "client"])
    same = pl.col("contractor_id").eq_missing(pl.col("contractor_id").shift(1)) & pl.col(
        "client"
    ).eq_missing(pl.col("client").shift(1))
    before = pl.when(same).then(pl.col("level").shift(1)).otherwise(0)
    step = (
        pl.when((before == 0) & (pl.col("level") > 0))
        .then(1)
        .when((before > 0) & (pl.col("level") == 0))
        .then(-1)
    )
    return levels.select("contractor_id", "day", step=step).drop_nulls("step")


def _levels(steps: pl.DataFrame, keys: list[str] | None = None) -> pl.DataFrame:
    """The sweep of ``steps`` (contractor_id, ``keys``, day, step; each key's steps add up
    to zero): each day the level changes, the level from it (`level`) and the next such day
    of the same key (`until`).

    A running sum over the sorted steps starts afresh at each key without a window, and
    the last step of a day holds the level from that day on.
    """
    keys = keys or ["contractor_id"]
    ordered = steps.sort(*keys, "day")
    next_same = pl.all_horizontal(pl.col(key).shift(-1).eq_missing(pl.col(key)) for key in keys)
    return (
        ordered.with_columns(level=pl.col("step").cum_sum())
        .filter(~(next_same & (pl.col("day").shift(-1) == pl.col("day"))).fill_null(False))
        .with_columns(until=pl.when(next_same).then(pl.col("day").shift(-1)))
    )
