"""Generate the contractors and payments tables from the planted population."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import polars as pl

from workbench.synth import rates
from workbench.synth.draw import texts
from workbench.synth.formats import (
    account_variants,
    address_text,
    email_variants,
    spell,
    spell_phones,
    timestamp_text,
)
from workbench.synth.logins import TS_STYLES, epoch
from workbench.synth.people import People
from workbench.synth.pools import COUNTRIES

VARIANTS = 8  # picks are taken modulo each value's number of spellings


def _picks(rng: np.random.Generator, n: int) -> np.ndarray:
    """Which spelling each of ``n`` rows uses."""
    return rng.integers(0, VARIANTS, size=n)


def _join(a: pl.Series, b: pl.Series, keep: np.ndarray) -> pl.Series:
    """``a;b`` where ``keep`` and ``b`` is set, else ``a``."""
    both = pl.Series(keep) & (b != "")
    return pl.select(pl.when(both).then(a + ";" + b).otherwise(a)).to_series().alias(a.name)


def contractors(
    rng: np.random.Generator,
    q: People,
    ids: np.ndarray,
    base: date,
    letters: np.ndarray | None = None,
) -> pl.DataFrame:
    """The contractors table: one row per identity, identifiers in varied spellings.

    With ``letters`` (one per identity, see ``letters.cover_letters``) the
    table carries the ``cover_letter`` column too.

    Examples
    --------
    >>> from workbench.synth.groups import layout
    >>> from workbench.synth.people import people
    >>> rng = np.random.default_rng(1)
    >>> q = people(rng, layout(rng, 300, 2))
    >>> t = contractors(rng, q, np.array([f"C{i}" for i in range(300)]), date(2025, 1, 1))
    >>> t.columns[:4], t.height
    (['contractor_id', 'full_name', 'email', 'phone'], 300)
    """
    n = len(ids)
    email = spell(pl.Series("email", q["email"], dtype=pl.String), _picks(rng, n), email_variants)
    email2 = spell(pl.Series("e2", q["email2"], dtype=pl.String), _picks(rng, n), email_variants)
    phone = spell_phones(
        pl.Series("phone", q["phone"], dtype=pl.String), q["country"], _picks(rng, n)
    )
    phone2 = spell_phones(
        pl.Series("p2", q["phone2"], dtype=pl.String), q["country"], _picks(rng, n)
    )
    style = rng.integers(0, 20, size=n)
    country = q["country"].copy()
    named = rng.random(n) < 0.15  # some exports write the English country name
    country[named] = [COUNTRIES[c][2] for c in country[named]]
    gh_style = rng.integers(0, 3, size=n)
    github = [
        ("" if not h else (h, "@" + h, f"https://github.com/{h}")[s])
        for h, s in zip(q["github"], gh_style, strict=True)
    ]
    name_style = rng.random(n)
    full_name = [
        nm.upper() if u < 0.05 else (f"{la}, {f}" if u < 0.1 else nm)
        for nm, f, la, u in zip(q["full_name"], q["first"], q["last"], name_style, strict=True)
    ]
    hired = [(base - timedelta(days=int(d))).isoformat() for d in q["hired_days_before"]]
    return pl.DataFrame(
        {
            "contractor_id": ids,
            "full_name": full_name,
            "email": _join(email, email2, rng.random(n) < 0.5),
            "phone": _join(phone, phone2, np.ones(n, dtype=bool)),
            "address": [address_text(a, s) for a, s in zip(q["address"], style, strict=True)],
            "country": country.astype(str),
            "github": github,
            "hired_at": hired,
            "client": q["client"].astype(str),
            "video_interview": q["video"].astype(str),
            "photo_hash": q["photo_hash"].astype(str),
            "resume_text": q["resume_text"].astype(str),
        }
        | ({} if letters is None else {"cover_letter": pl.Series(letters, dtype=pl.String)})
    ).sort("contractor_id")


def payments(rng: np.random.Generator, q: People, ids: np.ndarray, base: date) -> pl.DataFrame:
    """The payments table: about ``PAYMENTS_PER_CONTRACTOR`` payouts per identity.

    Examples
    --------
    >>> from workbench.synth.groups import layout
    >>> from workbench.synth.people import people
    >>> rng = np.random.default_rng(1)
    >>> q = people(rng, layout(rng, 300, 2))
    >>> t = payments(rng, q, np.array([f"C{i}" for i in range(300)]), date(2025, 1, 1))
    >>> t.columns[:3], t["method"].is_in(["bank", "paypal", "payoneer", "wise", "crypto"]).all()
    (['payment_id', 'contractor_id', 'paid_at'], True)
    """
    n = len(ids)
    counts = np.maximum(1, rng.poisson(rates.PAYMENTS_PER_CONTRACTOR, size=n))
    who = np.repeat(np.arange(n), counts)
    rows = len(who)
    crypto = q["crypto"][who] & (rng.random(rows) < 0.5)
    account = texts([*q["account"], *q["wallet"]], np.where(crypto, n + who, who))
    is_wallet = crypto | (q["account_type"][who] == "wallet")
    eth = (~account.str.starts_with("T")).to_numpy() & (rng.random(rows) < 0.5)
    currency = texts(q["currency"], who).to_numpy(allow_copy=True).astype(object)
    currency[is_wallet] = np.where(eth[is_wallet], "ETH", "USDT")
    usd = rng.lognormal(np.log(3500), 0.35, n)[who] * rng.uniform(0.8, 1.2, rows)
    amount = np.where(currency == "ETH", np.round(usd / 3000, 4), np.round(usd, 2))
    upper = rng.random(rows) < 0.1
    seconds = (
        epoch(base)
        + rng.integers(0, rates.WINDOW_DAYS, rows) * 86400
        + rng.integers(13 * 3600, 23 * 3600, rows)
    )
    frame = (
        pl.DataFrame(
            {
                "contractor_id": texts(ids, who),
                "t": seconds,
                "s": rng.choice(3, size=rows, p=TS_STYLES),
                "amount": amount,
                "currency": texts(currency),
                "method": texts([*q["method"], "crypto"], np.where(is_wallet, n, who)),
                "account": spell(account, rng.integers(0, VARIANTS, rows), account_variants),
                "account_holder": texts(q["holder"], who),
                "upper": upper,
                "account_country": texts([*q["account_country"], ""], np.where(is_wallet, n, who)),
            }
        )
        .with_columns(
            account_holder=pl.when("upper")
            .then(pl.col("account_holder").str.to_uppercase())
            .otherwise("account_holder")
        )
        .sort("t", "contractor_id", "account")
    )
    return frame.select(
        pl.format("P{}", pl.int_range(1, pl.len() + 1).cast(pl.String).str.zfill(8)).alias(
            "payment_id"
        ),
        "contractor_id",
        timestamp_text(pl.col("t"), pl.lit(0), pl.col("s")).alias("paid_at"),
        "amount",
        "currency",
        "method",
        "account",
        "account_holder",
        "account_country",
    )
