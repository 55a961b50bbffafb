"""Hiring and staffing records: engagements, interviews and identity checks.

Everyone has one engagement with their client from the hire date; some had
an earlier one, and some work other clients at the same time (fronts far
more often). Interviews follow the base ``video_interview`` outcome: a
declined video is an audio call, ``camera_off`` leaves the camera off in one
round, and a different person at a later call is noted wherever the outcome
was recorded (by face, or by voice with the camera off). Identity checks are
E-Verify and an SSN trace for U.S. identities, an ID document and a
reference check for a share of everyone, and a W-2 complaint when the real
owner of an identity objects.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl

from workbench.synth.catalog import (
    AUTHORIZED,
    COMPLAINT,
    E_VERIFY,
    FNC,
    ID_DOCUMENT,
    NOTES_CAMERA_OFF,
    NOTES_ORDINARY,
    NOTES_OTHER_PERSON,
    REFERENCE_CHECK,
    SSN_RESULTS,
    SSN_TRACE,
    TNC,
    W2_COMPLAINT,
)
from workbench.synth.draw import texts
from workbench.synth.formats import timestamp_text
from workbench.synth.habits import FROM_ABROAD, FROM_VPN
from workbench.synth.logins import LoginPlan, epoch
from workbench.synth.people import People
from workbench.synth.pools import CLIENTS

DAY = 86_400
#: Steps between a person's extra clients: coprime with the ten clients, so they differ.
CLIENT_STEPS = (1, 3, 7, 9)


def _hired(q: People, who: np.ndarray, base: date) -> np.ndarray:
    """Epoch seconds of each person's hire date (midnight UTC)."""
    return epoch(base) - q["hired_days_before"][who].astype(np.int64) * DAY


def _office_hours(rng: np.random.Generator, n: int) -> np.ndarray:
    """Seconds into a day, 13:00–22:00 UTC (a working day in the Americas or Europe)."""
    return rng.integers(13 * 3600, 22 * 3600, size=n)


def _day(seconds: pl.Expr) -> pl.Expr:
    return pl.from_epoch(seconds, time_unit="s").dt.strftime("%Y-%m-%d")


def engagements(
    rng: np.random.Generator, q: People, h: People, ids: np.ndarray, base: date
) -> pl.DataFrame:
    """The engagements table: the hire, an earlier engagement, clients at the same time.

    Examples
    --------
    >>> q = {"client": np.array(["Initech"], dtype=object), "hired_days_before": np.array([30])}
    >>> h = {"past": np.array([False]), "concurrent": np.array([2])}
    >>> t = engagements(np.random.default_rng(1), q, h, np.array(["C1"]), date(2025, 1, 1))
    >>> t["client"].n_unique(), t["started_at"].min(), t["ended_at"].null_count()
    (3, '2024-12-02', 3)
    """
    n = len(ids)
    client = (
        pl.Series(q["client"].astype(str))
        .replace_strict({c: i for i, c in enumerate(CLIENTS)}, return_dtype=pl.Int64)
        .to_numpy()
    )
    hired = _hired(q, np.arange(n), base)
    past = np.flatnonzero(h["past"])
    extra = np.repeat(np.arange(n), h["concurrent"])
    rank = np.arange(len(extra)) - np.repeat(
        np.cumsum(h["concurrent"]) - h["concurrent"], h["concurrent"]
    )
    step = np.asarray(CLIENT_STEPS)[rng.integers(0, len(CLIENT_STEPS), size=n)]
    who = np.concatenate([np.arange(n), past, extra])
    chosen = np.concatenate(
        [client, (client[past] + 5) % len(CLIENTS), (client[extra] + step[extra] * (rank + 1))]
    ) % len(CLIENTS)
    start = np.concatenate(
        [
            hired,
            hired[past] - rng.integers(200, 700, size=len(past)) * DAY,
            hired[extra] + rng.integers(0, 120, size=len(extra)) * DAY,
        ]
    )
    end = np.concatenate(
        [
            np.full(n, -1),
            hired[past] - rng.integers(10, 150, size=len(past)) * DAY,
            np.full(len(extra), -1),
        ]
    )
    return (
        pl.DataFrame(
            {
                "contractor_id": texts(ids, who),
                "client": texts(CLIENTS, chosen),
                "start": start,
                "end": end,
            }
        )
        .sort("contractor_id", "start", "client")
        .select(
            "contractor_id",
            "client",
            _day(pl.col("start")).alias("started_at"),
            pl.when(pl.col("end") >= 0).then(_day(pl.col("end"))).alias("ended_at"),
        )
    )


def interviews(
    rng: np.random.Generator,
    q: People,
    h: People,
    plan: LoginPlan,
    ids: np.ndarray,
    base: date,
) -> pl.DataFrame:
    """The interviews table: one to three calls before each hire, none when none was held.

    Examples
    --------
    >>> from workbench.synth.groups import layout
    >>> from workbench.synth.habits import habits
    >>> from workbench.synth.logins import login_plan
    >>> from workbench.synth.people import people
    >>> rng = np.random.default_rng(1)
    >>> q = people(rng, layout(rng, 300, 2))
    >>> ids = np.array([f"C{i:03d}" for i in range(300)])
    >>> t = interviews(rng, q, habits(rng, q), login_plan(rng, q), ids, date(2025, 1, 1))
    >>> t.columns[2:4], t["camera_on"].dtype
    (['camera_on', 'join_ip'], Boolean)
    """
    n = len(ids)
    rounds = np.where(q["video"] == "not_held", 0, h["rounds"])
    who = np.repeat(np.arange(n), rounds)
    k = np.arange(len(who)) - np.repeat(np.cumsum(rounds) - rounds, rounds)
    left = rounds[who] - k
    seconds = (
        _hired(q, who, base)
        - left * rng.integers(2, 8, size=len(who)) * DAY
        + _office_hours(rng, len(who))
    )
    off_round = (rng.random(n) * np.maximum(rounds, 1)).astype(np.int64)
    swap_round = 1 + (rng.random(n) * np.maximum(rounds - 1, 1)).astype(np.int64)
    ip = q["home_ip"].copy()
    joins = h["join"]
    vpn = np.flatnonzero(joins == FROM_VPN)
    ip[vpn] = plan.exits.vpn[rng.integers(0, len(plan.exits.vpn), size=len(vpn))]
    abroad = np.flatnonzero(joins == FROM_ABROAD)
    ip[abroad] = q["foreign_ip"][h["operator"][abroad]]
    video = texts(q["video"], who)
    pools = (NOTES_ORDINARY, NOTES_CAMERA_OFF, NOTES_OTHER_PERSON)
    notes = texts([note for pool in pools for note in pool])
    offsets = np.cumsum([0, *(len(p) for p in pools)])[:-1]
    frame = pl.DataFrame(
        {
            "who": who,
            "k": k,
            "t": seconds,
            "video": video,
            "off": k == off_round[who],
            "swapped": h["other_person"][who] & (rounds[who] > 1) & (k == swap_round[who]),
            "ip": ip[who],
            "pick": rng.integers(0, 1 << 30, size=len(who)),
        }
    ).with_columns(
        camera_on=pl.when(pl.col("video") == "completed")
        .then(True)
        .when(pl.col("video") == "declined")
        .then(False)
        .when(pl.col("video") == "camera_off")
        .then(~pl.col("off"))
        .otherwise(None)
    )
    # Interviewers judge by face or voice; nothing is recorded where the outcome is unknown.
    recorded = (pl.col("k") > 0) & (pl.col("video") != "unknown")
    frame = frame.with_columns(
        same_person_as_previous=pl.when(recorded).then(~pl.col("swapped"))
    ).with_columns(
        pool=pl.when(pl.col("same_person_as_previous").not_())
        .then(2)
        .when(pl.col("camera_on").not_())
        .then(1)
        .otherwise(0)
    )
    sizes = pl.Series([len(p) for p in pools]).gather(frame["pool"])
    at = pl.Series(offsets).gather(frame["pool"]) + frame["pick"] % sizes
    return (
        frame.with_columns(
            contractor_id=texts(ids, frame["who"].to_numpy()), notes=notes.gather(at)
        )
        .sort("contractor_id", "t")
        .select(
            "contractor_id",
            timestamp_text(pl.col("t"), pl.lit(0), pl.lit(0)).alias("ts"),
            "camera_on",
            pl.format("{}.{}.{}.{}", *[(pl.col("ip") // 256**j % 256) for j in (3, 2, 1, 0)]).alias(
                "join_ip"
            ),
            "same_person_as_previous",
            "notes",
        )
    )


def identity_checks(
    rng: np.random.Generator, q: People, h: People, ids: np.ndarray, base: date
) -> pl.DataFrame:
    """The identity_checks table: E-Verify, SSN trace, ID document, references, W-2 complaints.

    A legitimate tentative nonconfirmation is contested and resolved a week
    later; half of the fronts' turn final.

    Examples
    --------
    >>> q = {"country": np.array(["US"]), "hired_days_before": np.array([30])}
    >>> h = {"front": np.array([False]), "tnc": np.array([True]), "ssn": np.array([0]),
    ...      "document": np.array(["US"]), "referenced": np.array([False]),
    ...      "reference_failed": np.array([False]), "w2": np.array([False])}
    >>> t = identity_checks(np.random.default_rng(1), q, h, np.array(["C1"]), date(2025, 1, 1))
    >>> t.select("check", "result").rows()[-2:]
    [('e_verify', 'tentative_nonconfirmation'), ('e_verify', 'employment_authorized')]
    """
    n = len(ids)
    hired = _hired(q, np.arange(n), base)
    us = np.flatnonzero(q["country"] == "US")
    tnc = us[h["tnc"][us]]
    resolved = tnc[~h["front"][tnc]]
    final = tnc[h["front"][tnc] & (rng.random(len(tnc)) < 0.5)]
    documented = np.flatnonzero(h["document"] != "")
    referenced = np.flatnonzero(h["referenced"])
    failed = h["reference_failed"][referenced]
    complained = np.flatnonzero(h["w2"])
    outcome = np.where(
        failed,
        np.where(rng.random(len(referenced)) < 0.5, "failed", "unreachable"),
        "passed",
    )

    def days(who: np.ndarray, low: int, high: int) -> np.ndarray:
        return hired[who] + rng.integers(low, high, size=len(who)) * DAY

    parts = [
        (us, E_VERIFY, np.where(h["tnc"][us], TNC, AUTHORIZED), days(us, 0, 4)),
        (resolved, E_VERIFY, np.full(len(resolved), AUTHORIZED), days(resolved, 8, 14)),
        (final, E_VERIFY, np.full(len(final), FNC), days(final, 10, 16)),
        (us, SSN_TRACE, np.asarray(SSN_RESULTS)[h["ssn"][us]], days(us, -20, -5)),
        (documented, ID_DOCUMENT, h["document"][documented], days(documented, -15, -3)),
        (referenced, REFERENCE_CHECK, outcome, days(referenced, -10, -2)),
        (
            complained,
            W2_COMPLAINT,
            np.full(len(complained), COMPLAINT),
            epoch(base) + rng.integers(20, 75, size=len(complained)) * DAY,
        ),
    ]
    frame = pl.concat(
        pl.DataFrame(
            {
                "who": who,
                "check": pl.Series([check] * len(who), dtype=pl.String),
                "result": pl.Series(result.astype(str), dtype=pl.String),
                "t": at + _office_hours(rng, len(who)),
            },
            schema={"who": pl.Int64, "check": pl.String, "result": pl.String, "t": pl.Int64},
        )
        for who, check, result, at in parts
    )
    return (
        frame.with_columns(contractor_id=texts(ids, frame["who"].to_numpy()))
        .sort("contractor_id", "t", "check")
        .select(
            "contractor_id",
            "check",
            "result",
            timestamp_text(pl.col("t"), pl.lit(0), pl.lit(0)).alias("at"),
        )
    )
