"""Referees named in reference checks, as ``reference_email`` and ``reference_phone``
identifiers.

Everyone whose references were called names one or two referees of their
own. A team vouches for itself: ring members name the referee persona the
team keeps (a free-mail address and a VoIP line), so one referee serves
several applicants. Former colleagues sometimes name one manager too.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from workbench.synth import rates
from workbench.synth.catalog import REFERENCE_CHECK
from workbench.synth.contact import phones
from workbench.synth.draw import chance, pick, positions, unique_ints
from workbench.synth.formats import email_variants, phone_variants_plain, spell
from workbench.synth.people import People
from workbench.synth.pools import EMAIL_PROVIDERS, FIRST_NAMES, LAST_NAMES

#: Share of checked identities who name a second referee.
SECOND_REFEREE = 0.4
#: Regions whose numbering plans have VoIP ranges, for the teams' referee lines.
TEAM_LINES = ("GB", "PL", "JP", "KR", "SG")


def _emails(rng: np.random.Generator, n: int, providers: tuple[str, ...]) -> np.ndarray:
    """Distinct ``first.last1234@provider`` addresses of made-up referees."""
    first = pick(rng, sorted({f for pool in FIRST_NAMES.values() for f in pool}), n)
    last = pick(rng, sorted({la for pool in LAST_NAMES.values() for la in pool}), n)
    number = unique_ints(rng, n, 10, max(10**4, 20 * n))
    provider = pick(rng, providers, n)
    return np.asarray(
        [
            f"{f.lower()}.{la.lower()}{d}@{p}"
            for f, la, d, p in zip(first, last, number, provider, strict=True)
        ],
        dtype=object,
    )


def references(
    rng: np.random.Generator, q: People, h: People, checks: pl.DataFrame, ids: np.ndarray
) -> pl.DataFrame:
    """Identifiers rows (contractor_id, kind, value, observed_at) of every reference called.

    Parameters
    ----------
    rng : the generator of the wider evidence.
    q : the population; ``h`` its habits.
    checks : the identity_checks table (reference checks date the sightings).
    ids : contractor ids, aligned with ``q``.

    Returns
    -------
    Rows of kind ``reference_email`` (always) and ``reference_phone`` (for
    `REFEREE_PHONE` of referees), values spelled as people write them.

    Examples
    --------
    >>> q = {"kind": np.array(["legit"]), "country": np.array(["US"]), "group": np.array([-1]),
    ...      "phone": np.array(["+14155550134"], dtype=object)}
    >>> h = {"shared_referee": np.array([False])}
    >>> checks = pl.DataFrame({"contractor_id": ["C1"], "check": ["reference_check"],
    ...                        "result": ["passed"], "at": ["2025-01-02T14:00:00Z"]})
    >>> t = references(np.random.default_rng(1), q, h, checks, np.array(["C1"]))
    >>> t["kind"].unique().sort().to_list()[0], t["observed_at"][0]
    ('reference_email', '2025-01-02T14:00:00Z')
    """
    called = checks.filter(pl.col("check") == REFERENCE_CHECK)
    row = np.repeat(np.arange(called.height), 1 + chance(rng, called.height, SECOND_REFEREE))
    who = positions(called, ids)[row]
    first = np.r_[True, row[1:] != row[:-1]]
    rows = len(who)
    email = _emails(rng, rows, EMAIL_PROVIDERS)
    has_phone = chance(rng, rows, rates.REFEREE_PHONE)
    phone = np.full(rows, "", dtype=object)
    taken = set(q["phone"].tolist())
    phone[has_phone] = phones(
        rng,
        q["country"][who[has_phone]],
        np.full(int(has_phone.sum()), "mobile"),
        taken=taken,
        validate=False,
    )
    team = first & h["shared_referee"][who]
    personas, slot = np.unique(q["group"][who[team]], return_inverse=True)
    email[team] = _emails(rng, len(personas), ("gmail.com", "proton.me"))[slot]
    phone[team] = phones(
        rng,
        pick(rng, TEAM_LINES, len(personas)),
        np.full(len(personas), "voip"),
        taken=taken | set(phone.tolist()),
    )[slot]
    legit = np.flatnonzero(first & (q["kind"][who] == "legit"))
    pairs = rng.permutation(legit[chance(rng, len(legit), rates.LEGIT_SHARED_REFEREE)])
    pairs = pairs[: len(pairs) // 2 * 2].reshape(-1, 2)
    email[pairs[:, 1]], phone[pairs[:, 1]] = email[pairs[:, 0]], phone[pairs[:, 0]]
    return _rows(rng, pl.Series(ids[who].astype(str)), email, phone, called["at"].gather(row))


def _rows(
    rng: np.random.Generator,
    contractor: pl.Series,
    email: np.ndarray,
    phone: np.ndarray,
    at: pl.Series,
) -> pl.DataFrame:
    """Identifiers rows of the referees' e-mails and phones, in the spellings people use."""
    has = phone != ""
    emails = pl.DataFrame(
        {
            "contractor_id": contractor,
            "kind": pl.Series(["reference_email"] * len(email), dtype=pl.String),
            "value": spell(
                pl.Series(email.astype(str)), rng.integers(0, 8, len(email)), email_variants
            ),
            "observed_at": at,
        }
    )
    lines = pl.DataFrame(
        {
            "contractor_id": contractor.filter(has),
            "kind": pl.Series(["reference_phone"] * int(has.sum()), dtype=pl.String),
            "value": spell(
                pl.Series(phone[has].astype(str)),
                rng.integers(0, 8, int(has.sum())),
                phone_variants_plain,
            ),
            "observed_at": at.filter(has),
        }
    )
    return pl.concat([emails, lines]).sort("contractor_id", "kind", "value")
