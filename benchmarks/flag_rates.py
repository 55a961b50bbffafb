"""How often each red flag fires among legitimate identities and among fronts.

Usage: python benchmarks/flag_rates.py CASE_DIR TRUTH_CSV

TRUTH_CSV has contractor_id, group_id, group_kind; group kinds "ring" and
"solo_dprk" are fronts, everything else is legitimate. A good flag fires often
among fronts and rarely among legitimate identities.
"""

from __future__ import annotations

import argparse

import polars as pl

from workbench.flags import FLAGS
from workbench.investigation import investigate

#: Group kinds of front identities in a truth file.
FRONT_KINDS = ("ring", "solo_dprk")


def flag_rates(case_dir: str, truth_csv: str) -> tuple[pl.DataFrame, pl.DataFrame, float]:
    """Per flag: share of legitimate and of front identities it fires on; status; seconds
    of the flag stage, as a run computes them."""
    investigation = investigate(case_dir)
    result = investigation.flag_result
    truth = pl.read_csv(truth_csv, schema_overrides={"contractor_id": pl.String}).select(
        "contractor_id", front=pl.col("group_kind").is_in(FRONT_KINDS)
    )
    sizes = truth.group_by("front").len("size")
    hits = (
        result.flags.join(truth, on="contractor_id")
        .group_by("code", "front")
        .agg(n=pl.col("contractor_id").n_unique())
        .join(sizes, on="front")
        .with_columns(rate=(pl.col("n") / pl.col("size")).round(4))
        .pivot(on="front", index="code", values="rate")
    )
    table = (
        pl.DataFrame({"code": [flag.code for flag in FLAGS], "weight": [f.weight for f in FLAGS]})
        .join(hits, on="code", how="left")
        .rename({"false": "legit_rate", "true": "front_rate"}, strict=False)
    )
    for column in ("legit_rate", "front_rate"):
        if column not in table.columns:
            table = table.with_columns(pl.lit(None, dtype=pl.Float64).alias(column))
    table = table.select("code", "weight", "legit_rate", "front_rate")
    return table, result.status, investigation.timings["flag"]


def main() -> None:
    """Print the rate table and the flags that could not be evaluated."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("case_dir")
    parser.add_argument("truth_csv")
    args = parser.parse_args()
    table, status, seconds = flag_rates(args.case_dir, args.truth_csv)
    with pl.Config(tbl_rows=-1, tbl_hide_dataframe_shape=True):
        print(table.fill_null(0.0))
        print(status.filter(~pl.col("evaluated")))
    print(f"evaluate: {seconds:.2f} s")


if __name__ == "__main__":
    main()
