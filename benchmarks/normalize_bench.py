"""Time every normaliser on 1,000,000 synthetic values (~500,000 distinct).

Run: ``.venv/bin/python benchmarks/normalize_bench.py [rows]``. Prints one line
per normaliser with seconds and the share of non-null results.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable

import polars as pl

from workbench.normalize import (
    account,
    address,
    country,
    device,
    email,
    github,
    ip,
    name,
    phone,
    photo_hash,
)

AREA_CODES = (201, 212, 305, 415, 512, 617, 646, 702, 917)
STREETS = ("Main Street", "Oak Ave.", "Elm Rd", "N Broadway Blvd", "Pine Ln")


def _values(rows: int, make: Callable[[random.Random], str], seed: int = 7) -> pl.Series:
    """``rows`` values drawn from ``rows // 2`` distinct synthetic ones."""
    rng = random.Random(seed)
    distinct = [make(rng) for _ in range(rows // 2)]
    return pl.Series([distinct[rng.randrange(len(distinct))] for _ in range(rows)])


GENERATORS: dict[str, Callable[[random.Random], str]] = {
    "email": lambda r: f"User.{r.randrange(10**7)}+x@{r.choice(['GMail.com', 'corp.io'])}",
    "phone": lambda r: f"({r.choice(AREA_CODES)}) {r.randrange(200, 999)}-{r.randrange(10**4):04d}",
    "ip": lambda r: (
        f"{r.randrange(1, 224)}.{r.randrange(256)}.{r.randrange(256)}.{r.randrange(256)}"
    ),
    "device": lambda r: "{" + f"{r.getrandbits(128):032X}" + "}",
    "github": lambda r: f"https://github.com/Dev{r.randrange(10**7)}/",
    "photo_hash": lambda r: f"0x{r.getrandbits(64):016X}",
    "name": lambda r: f"Smith{r.randrange(10**6)}, John Q.",
    "country": lambda r: r.choice(
        ["USA", "U.S.", "Japan", "South Korea", "de", f"X{r.randrange(10**6)}"]
    ),
    "address": lambda r: (
        f"{r.randrange(1, 9999)} {r.choice(STREETS)}, Apt {r.randrange(99)}, "
        f"Springfield, IL {r.randrange(10**5):05d}-1234"
    ),
    "account": lambda r: r.choice(
        [
            f"Acct No. {r.randrange(10**9, 10**10)}",
            "DE89 3704 0044 0532 0130 00",
            f"pay{r.randrange(10**6)}@x.com",
        ]
    ),
}

NORMALISERS: dict[str, Callable[[pl.Series], pl.Series]] = {
    "email": email.canonical,
    "phone": phone.canonical,
    "ip": ip.canonical,
    "device": device.canonical,
    "github": github.canonical,
    "photo_hash": photo_hash.canonical,
    "name": name.canonical,
    "country": country.to_iso2,
    "address": address.unit_key,
    "account": account.canonical,
}


def main(rows: int = 1_000_000) -> None:
    """Time each normaliser and print its figures."""
    for kind, normalise in NORMALISERS.items():
        values = _values(rows, GENERATORS[kind])
        start = time.perf_counter()
        result = normalise(values)
        seconds = time.perf_counter() - start
        usable = 1 - result.null_count() / len(result)
        print(
            f"{kind:<11} {rows:>9,} rows {values.n_unique():>9,} distinct "
            f"{seconds:6.2f} s  {usable:5.1%} usable"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
