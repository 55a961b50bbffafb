"""A case of people's names, dates of birth and national ids, some written twice with
typos: the load the record linkage (`workbench.person_match`) carries at scale.

Run: ``.venv/bin/python benchmarks/people_case.py 1000000 benchmarks/data/people-1000000``,
then measure it like any case, e.g. with ``benchmarks/engine_compare.py``; the
"match s" column is the record linkage. The generated cases of ``workbench synth``
hold no dates of birth, so their record linkage has nothing to compare.

Names follow a steep law, as a real population's do: a few surnames and first
names are very common (the most common surname about 1% of people), most are
rare. Dates of birth spread over 60 years. `TWICE` of the people have a second
identity built on their details with one slip: a letter of the surname
dropped, the date of birth a day off, or the national id's last digit changed.
The truth file beside the case lists those pairs.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import polars as pl

#: Share of people behind a second identity.
TWICE = 0.02
#: Distinct surnames and first names to draw from, and the Zipf exponent of each:
#: the most common surname is then about 1% of people, the most common first name
#: about 4%, as in the US census.
SURNAMES, SURNAME_STEEPNESS = 100_000, 0.7
FORENAMES, FORENAME_STEEPNESS = 8_000, 0.8
#: Earliest date of birth and the span of the dates, in days.
BORN_FROM, BORN_SPAN = np.datetime64("1950-01-01"), 60 * 365
LETTERS = np.array(list("abcdefghijklmnopqrstuvwxyz"))


def words(rng: np.random.Generator, count: int) -> np.ndarray:
    """``count`` distinct made-up words of 4 to 9 letters, in random order."""
    found: set[str] = set()
    while len(found) < count:
        length = rng.integers(4, 10)
        found.add("".join(rng.choice(LETTERS, length)))
    return rng.permutation(sorted(found))


def zipf_choice(
    rng: np.random.Generator, vocabulary: np.ndarray, size: int, steepness: float
) -> np.ndarray:
    """``size`` draws from ``vocabulary``, the k-th word with weight 1/k^``steepness``."""
    weights = 1.0 / np.arange(1, len(vocabulary) + 1) ** steepness
    return vocabulary[rng.choice(len(vocabulary), size, p=weights / weights.sum())]


def people(count: int, seed: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    """``count`` distinct people (contractor_id, full_name, date_of_birth, national_id),
    and which identities share one person (contractor_a, contractor_b)."""
    rng = np.random.default_rng(seed)
    unique = pl.DataFrame(
        {
            "contractor_id": [f"P{i:09d}" for i in range(count)],
            "forename": zipf_choice(rng, words(rng, FORENAMES), count, FORENAME_STEEPNESS),
            "surname": zipf_choice(rng, words(rng, SURNAMES), count, SURNAME_STEEPNESS),
            "born": BORN_FROM + rng.integers(0, BORN_SPAN, count).astype("timedelta64[D]"),
            "national_id": rng.choice(9 * 10**8, count, replace=False) + 10**8,
        }
    ).with_columns(pl.col("national_id").cast(pl.String))
    copied = unique.sample(fraction=TWICE, seed=seed)
    slips = rng.integers(0, 3, copied.height)
    twins = copied.with_columns(
        contractor_id=pl.format("{}-2", "contractor_id"),
        surname=pl.when(pl.Series(slips == 0))
        .then(pl.col("surname").str.slice(0, 2) + pl.col("surname").str.slice(3))
        .otherwise("surname"),
        born=pl.when(pl.Series(slips == 1))
        .then(pl.col("born") + pl.duration(days=1))
        .otherwise("born"),
        national_id=pl.when(pl.Series(slips == 2))
        .then(pl.col("national_id").str.slice(0, 8) + pl.lit("0"))
        .otherwise("national_id"),
    )
    truth = copied.select(
        contractor_a="contractor_id", contractor_b=pl.format("{}-2", "contractor_id")
    )
    rows = pl.concat([unique, twins]).with_columns(date_of_birth=pl.col("born").dt.to_string())
    return rows.drop("born"), truth


def write_case(rows: pl.DataFrame, folder: Path) -> None:
    """Contractors (id, full name) and identifiers (date of birth, national id) as parquet."""
    folder.mkdir(parents=True, exist_ok=True)
    rows.select(
        "contractor_id", full_name=pl.concat_str("forename", "surname", separator=" ")
    ).write_parquet(folder / "contractors.parquet")
    pl.concat(
        [
            rows.select("contractor_id", kind=pl.lit(kind), value=kind)
            for kind in ("date_of_birth", "national_id")
        ]
    ).write_parquet(folder / "identifiers.parquet")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("people", type=int)
    parser.add_argument("out", type=Path, help="case folder to write")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    rows, truth = people(args.people, args.seed)
    write_case(rows, args.out)
    truth.write_csv(args.out.with_name(args.out.name + ".truth.csv"))
    print(f"wrote {args.out}: {rows.height:,} identities, {truth.height:,} written twice")


if __name__ == "__main__":
    main()
