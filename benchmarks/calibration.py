"""Does the alert level mean the same at every case size? Measure it and write docs/calibration.md.

For generated cases of several sizes (the project's own generator, truth kept
beside each), and for any output folder with a truth file given on the
command line, this prints per case: rings found, rings alerted (score ≥ the
alert level), the share of alerted rings that are one operator's (most of
their members from one true ring), the share of true rings alerted, benign
groups alerted, and score quantiles of operator rings and of every other
ring. A level that keeps its meaning has the same precision and no benign
alerts at every size.

    .venv/bin/python benchmarks/calibration.py                       # 2k, 20k, 100k
    .venv/bin/python benchmarks/calibration.py --sizes 2000 --case other=OUT:TRUTH.csv
    .venv/bin/python benchmarks/calibration.py --write               # and rewrite the doc's table
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import polars as pl
from results_table import markdown, write_results

from workbench.investigation import investigate
from workbench.output import write_tables
from workbench.settings import ALERT_THRESHOLD
from workbench.synth import synthesize

DOC = Path(__file__).resolve().parents[1] / "docs" / "calibration.md"

#: A ring is an operator's when more than this share of its members come from one true ring.
OPERATOR_SHARE = 0.5

BENIGN_KINDS = ("agency", "family", "cowork")


def measure(name: str, out: Path, truth_path: Path) -> dict[str, object]:
    """Ring-level calibration figures of one output folder against its truth."""
    truth = pl.read_csv(truth_path).select("contractor_id", "group_id", "group_kind")
    rings = pl.read_csv(out / "rings.csv").select("ring_id", "contractor_id", "ring_score")
    joined = rings.join(truth, on="contractor_id", how="left")
    per_ring = (
        joined.group_by("ring_id", "group_id", "group_kind")
        .agg(pl.len().alias("members"), pl.col("ring_score").first())
        .with_columns(size=pl.col("members").sum().over("ring_id"))
        .sort("members", descending=True)
        .group_by("ring_id", maintain_order=True)
        .first()
        .with_columns(
            operator=(pl.col("group_kind") == "ring")
            & (pl.col("members") > OPERATOR_SHARE * pl.col("size"))
        )
    )
    alerted = per_ring.filter(pl.col("ring_score") >= ALERT_THRESHOLD)
    true_rings = truth.filter(pl.col("group_kind") == "ring")["group_id"].n_unique()
    found_true = alerted.filter("operator")["group_id"].n_unique()
    benign = (
        joined.filter(pl.col("group_kind").is_in(BENIGN_KINDS))
        .join(alerted.select("ring_id"), on="ring_id")
        .group_by("group_id")
        .len()
        .filter(pl.col("len") >= 2)
        .height
    )
    operator_scores = per_ring.filter("operator")["ring_score"]
    other_scores = per_ring.filter(~pl.col("operator"))["ring_score"]
    return {
        "case": name,
        "contractors": truth.height,
        "rings found": per_ring.height,
        "alerted": alerted.height,
        "alert precision": _share(alerted["operator"].sum(), alerted.height),
        "true rings alerted": _share(found_true, true_rings),
        "benign groups alerted": benign,
        "operator rings: lowest / median score": _spread(operator_scores, (0.0, 0.5)),
        "other rings: median / highest score": _spread(other_scores, (0.5, 1.0)),
    }


def _share(part: int, whole: int) -> str:
    return "–" if whole == 0 else f"{part / whole:.3f}"


def _spread(scores: pl.Series, quantiles: tuple[float, float]) -> str:
    if scores.is_empty():
        return "–"
    low, high = (scores.quantile(q, interpolation="nearest") for q in quantiles)
    return f"{low:.1f} / {high:.1f}"


def generated(size: int, folder: Path, seed: int) -> tuple[Path, Path]:
    """A case from the project's generator (rings in proportion to its size), run and written."""
    case = folder / f"synth-{size}"
    summary = synthesize(case, contractors=size, rings=max(3, size // 1000 * 2), seed=seed)
    out = folder / f"out-{size}"
    write_tables(investigate(case), out)
    return out, summary.truth_path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[2_000, 20_000, 100_000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--case",
        action="append",
        default=[],
        metavar="NAME=OUT:TRUTH",
        help="an output folder and its truth file to measure as well",
    )
    parser.add_argument("--write", action="store_true", help="rewrite docs/calibration.md's table")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            out, truth = generated(size, Path(tmp), args.seed)
            rows.append(measure(f"generated, {size:,}", out, truth))
    for given in args.case:
        name, _, paths = given.partition("=")
        out, _, truth = paths.partition(":")
        rows.append(measure(name, Path(out), Path(truth)))
    table = markdown(rows)
    print(table)  # noqa: T201 - a benchmark script reports on stdout
    if args.write:
        write_results(DOC, table)


if __name__ == "__main__":
    main()
