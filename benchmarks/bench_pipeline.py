"""Wall time and peak memory of `workbench run` against a naive pandas + networkx baseline.

Run: ``.venv/bin/python benchmarks/bench_pipeline.py [--sizes 10000 100000 1000000]``
(needs the ``bench`` extra, pandas and pyarrow, for the baseline).

For each size it generates a synthetic parquet case once (``workbench synth``,
cached under ``--data``), then runs ``workbench run CASE --out OUT --no-html``
in a child process and measures its wall time and peak RSS (``/usr/bin/time -v``
when present, else ``getrusage(RUSAGE_CHILDREN)`` in a fresh wrapper process),
reading the per-stage timings from the output's ``run.json``. Then it runs
``naive_baseline.py`` the same way, under a time limit and an address-space
limit, so a baseline that explodes is stopped and reported instead of taking
the machine down. With ``--scorer`` (a ``score_rings.py``) both outputs are
scored against the generated ground truth. Figures are printed as a text
table, or as markdown with ``--markdown``; ``--json`` also saves them.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import polars as pl

HERE = Path(__file__).resolve().parent
BASELINE = HERE / "naive_baseline.py"
GNU_TIME = Path("/usr/bin/time")
#: Stages of `investigate` in run order (run.json's `timings_seconds`).
STAGES = ("load", "observe", "link", "group", "flag", "score")
#: Tables whose row counts the figures show.
COUNTED_TABLES = ("contractors", "logins", "payments")
#: Targets of the issue: contractors -> (wall seconds, peak RSS GB).
TARGETS = {100_000: (10.0, 3.0), 1_000_000: (90.0, 12.0)}
#: Scorer figures shown beside each other for the workbench and the baseline.
ACCURACY_KEYS = (
    "pair_f1_alert",
    "pair_precision_alert",
    "pair_recall_alert",
    "rings_recovered_j50",
    "ring_rank_ap",
    "benign_groups_alerted",
    "risk_auc_all_dprk",
)
WORKBENCH = "import sys; from workbench.cli import main; sys.exit(main())"
#: Fallback when GNU time is missing: the wrapper's only child is the command,
#: so RUSAGE_CHILDREN holds that command's peak (ru_maxrss, KiB on Linux) and CPU time.
RUSAGE_WRAPPER = (
    "import resource, subprocess, sys; "
    "code = subprocess.call(sys.argv[2:]); "
    "u = resource.getrusage(resource.RUSAGE_CHILDREN); "
    "open(sys.argv[1], 'w').write(f'{u.ru_maxrss} {u.ru_utime + u.ru_stime}'); "
    "sys.exit(code)"
)
GB = 1024**3


@dataclass(frozen=True)
class Measured:
    """One child process: wall seconds, CPU seconds, peak RSS and how it ended."""

    wall_s: float
    cpu_s: float | None
    peak_rss_gb: float | None
    outcome: str
    output: str = ""

    @property
    def ok(self) -> bool:
        return self.outcome == "ok"


@dataclass
class SizeResult:
    """Every figure of one case size."""

    contractors: int
    rows: dict[str, int]
    pipeline: Measured
    stages: dict[str, float] = field(default_factory=dict)
    baseline: Measured | None = None
    accuracy: dict[str, dict[str, object]] = field(default_factory=dict)


def measure(
    command: Sequence[str], *, timeout: float | None = None, memory_gb: float | None = None
) -> Measured:
    """Run ``command`` in its own session; wall time, peak RSS, killed after ``timeout`` s."""
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "rss"
        if GNU_TIME.exists():
            wrapped = [str(GNU_TIME), "-v", "-o", str(report), *command]
        else:
            wrapped = [sys.executable, "-c", RUSAGE_WRAPPER, str(report), *command]
        started = time.perf_counter()
        child = subprocess.Popen(
            wrapped,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
            preexec_fn=_limit_memory(memory_gb),
        )
        try:
            output, _ = child.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            child.communicate()
            return Measured(
                time.perf_counter() - started, None, None, f"timed out after {timeout:g} s"
            )
        wall = time.perf_counter() - started
        cpu, peak = _usage(report)
    code = child.returncode
    outcome = "ok" if code == 0 else f"failed (exit {code})"
    if code != 0 and any(s in output for s in ("MemoryError", "bad_alloc", "Unable to allocate")):
        outcome = f"out of memory (limit {memory_gb:g} GB)" if memory_gb else "out of memory"
    return Measured(wall, cpu, peak, outcome, output)


def _limit_memory(memory_gb: float | None) -> Callable[[], None] | None:
    if memory_gb is None:
        return None
    limit = int(memory_gb * GB)

    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    return apply


def _usage(report: Path) -> tuple[float | None, float | None]:
    """CPU seconds (user + system) and peak RSS in GB from GNU time's or the wrapper's report."""
    if not report.exists():
        return None, None
    text = report.read_text()
    if text.count(" ") == 1:
        maxrss, cpu = text.split()
        return float(cpu), int(maxrss) * 1024 / GB
    fields = dict(line.strip().rsplit(": ", 1) for line in text.splitlines() if ": " in line)
    cpu = float(fields["User time (seconds)"]) + float(fields["System time (seconds)"])
    return cpu, int(fields["Maximum resident set size (kbytes)"]) * 1024 / GB


def _tail(text: str, lines: int = 5) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def ensure_case(data: Path, contractors: int, seed: int, rings_per_thousand: float) -> Path:
    """The cached parquet case of this size and seed, generated on first use (with the
    generator's wider evidence: IP intelligence, MDM/EDR, hiring records)."""
    case = data / f"synth-{contractors}-seed{seed}-wide"
    truth = truth_path(case)
    if (case / "contractors.parquet").exists() and truth.exists():
        return case
    rings = max(1, round(contractors * rings_per_thousand / 1000))
    command = [sys.executable, "-c", WORKBENCH, "synth", str(case)]
    command += ["--contractors", str(contractors), "--rings", str(rings)]
    command += ["--seed", str(seed), "--format", "parquet"]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return case


def truth_path(case: Path) -> Path:
    """Where ``workbench synth`` puts the ground truth: beside the case folder."""
    return case.with_name(case.name + ".truth.csv")


def row_counts(case: Path) -> dict[str, int]:
    """Rows per table of a parquet case, read from the files' metadata."""
    return {
        name: pl.scan_parquet(case / f"{name}.parquet").select(pl.len()).collect().item()
        for name in COUNTED_TABLES
        if (case / f"{name}.parquet").exists()
    }


def score(
    scorer: Path, case: Path, out: Path, *, timeout: float, memory_gb: float
) -> dict[str, object]:
    """The scorer's JSON for one output folder, or why there is none."""
    result = measure(
        [sys.executable, str(scorer), str(truth_path(case)), str(out)],
        timeout=timeout,
        memory_gb=memory_gb,
    )
    if not result.ok:
        return {"error": f"scorer {result.outcome}"}
    for line in reversed(result.output.splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    return {"error": "scorer printed no JSON"}


def bench_size(contractors: int, args: argparse.Namespace) -> SizeResult:
    """Generate (or reuse) the case of one size and measure both approaches on it."""
    case = ensure_case(args.data, contractors, args.seed, args.rings_per_thousand)
    out = args.data / f"out-{case.name}"
    baseline_out = args.data / f"baseline-{case.name}"
    for folder in (out, baseline_out):
        shutil.rmtree(folder, ignore_errors=True)
    run = [sys.executable, "-c", WORKBENCH, "run", str(case), "--out", str(out), "--no-html"]
    result = SizeResult(contractors, row_counts(case), measure(run))
    if result.pipeline.ok:
        record = json.loads((out / "run.json").read_text())
        result.stages = record["timings_seconds"]
    if not args.skip_baseline:
        result.baseline = measure(
            [sys.executable, str(BASELINE), str(case), str(baseline_out)],
            timeout=args.baseline_timeout,
            memory_gb=args.baseline_memory_gb,
        )
    if args.scorer:
        limits = {"timeout": args.baseline_timeout, "memory_gb": args.baseline_memory_gb}
        if result.pipeline.ok:
            result.accuracy["workbench"] = score(args.scorer, case, out, **limits)
        if result.baseline and result.baseline.ok:
            result.accuracy["baseline"] = score(args.scorer, case, baseline_out, **limits)
    return result


def _seconds(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}"


def _gb(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def _target(result: SizeResult) -> str:
    """Each target of the issue for this size, met or missed."""
    if result.contractors not in TARGETS:
        return ""
    wall, rss = TARGETS[result.contractors]
    measured = result.pipeline
    wall_met = "met" if measured.ok and measured.wall_s <= wall else "missed"
    rss_met = (
        "met" if measured.peak_rss_gb is not None and measured.peak_rss_gb <= rss else "missed"
    )
    return f"{wall:g} s: {wall_met}; {rss:g} GB: {rss_met}"


def pipeline_table(results: Sequence[SizeResult]) -> tuple[list[str], list[list[str]]]:
    """Headers and rows of the workbench figures; stages beyond `STAGES` get columns too."""
    extra = sorted({s for r in results for s in r.stages} - set(STAGES))
    stages = [*STAGES, *extra]
    headers = ["contractors", *COUNTED_TABLES[1:], "wall s", "CPU s", "peak RSS GB"]
    headers += [f"{s} s" for s in stages] + ["other s", "target"]
    rows = []
    for r in results:
        staged = [r.stages.get(s) for s in stages]
        other = r.pipeline.wall_s - sum(s for s in staged if s is not None)
        wall = f"{r.pipeline.wall_s:.1f}" if r.pipeline.ok else r.pipeline.outcome
        row = [f"{r.contractors:,}", *(f"{r.rows.get(t, 0):,}" for t in COUNTED_TABLES[1:])]
        row += [wall, _seconds(r.pipeline.cpu_s), _gb(r.pipeline.peak_rss_gb)]
        row += ["" if s is None else f"{s:.2f}" for s in staged]
        row += [f"{other:.1f}" if r.stages else "", _target(r)]
        rows.append(row)
    return headers, rows


def baseline_table(results: Sequence[SizeResult]) -> tuple[list[str], list[list[str]]]:
    """Headers and rows of the baseline's cost and both approaches' accuracy."""
    headers = ["contractors", "baseline", "baseline wall s", "baseline CPU s"]
    headers.append("baseline peak RSS GB")
    headers += [f"{key} (ours / naive)" for key in ACCURACY_KEYS]
    rows = []
    for r in results:
        if r.baseline is None:
            continue
        row = [f"{r.contractors:,}", r.baseline.outcome, f"{r.baseline.wall_s:.1f}"]
        row += [_seconds(r.baseline.cpu_s), _gb(r.baseline.peak_rss_gb)]
        ours, naive = r.accuracy.get("workbench", {}), r.accuracy.get("baseline", {})
        for key in ACCURACY_KEYS:
            row.append(f"{_figure(ours, key)} / {_figure(naive, key)}")
        rows.append(row)
    return headers, rows


def _figure(scored: dict[str, object], key: str) -> str:
    if not scored:
        return "-"
    return str(scored.get(key, scored.get("error", "-")))


def render(headers: list[str], rows: list[list[str]], *, markdown: bool) -> str:
    """A table as markdown or as aligned plain text."""
    if markdown:
        lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
        return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows])
    widths = [max(len(cell) for cell in column) for column in zip(headers, *rows, strict=True)]
    return "\n".join(
        "  ".join(cell.rjust(width) for cell, width in zip(line, widths, strict=True))
        for line in [headers, *rows]
    )


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=[10_000, 100_000],
        help="numbers of contractors (default 10000 100000; 1000000 is opt-in)",
    )
    parser.add_argument(
        "--data", type=Path, default=HERE / "data", help="where cases and outputs are kept"
    )
    parser.add_argument("--seed", type=int, default=7, help="seed of the synthetic cases")
    parser.add_argument(
        "--rings-per-thousand",
        type=float,
        default=3.0,
        help="planted rings per 1,000 contractors (the generator's default density)",
    )
    parser.add_argument(
        "--baseline-timeout",
        type=float,
        default=300.0,
        help="seconds before the baseline (and each scoring) is killed",
    )
    parser.add_argument(
        "--baseline-memory-gb",
        type=float,
        default=12.0,
        help="address-space limit of the baseline and the scorer, so they cannot exhaust RAM",
    )
    parser.add_argument("--skip-baseline", action="store_true", help="measure the workbench only")
    parser.add_argument("--scorer", type=Path, help="score_rings.py, to score both outputs")
    parser.add_argument("--markdown", action="store_true", help="print markdown tables")
    parser.add_argument("--json", type=Path, help="also save every figure as JSON here")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    args.data.mkdir(parents=True, exist_ok=True)
    results = []
    for contractors in args.sizes:
        print(f"measuring {contractors:,} contractors ...", file=sys.stderr)
        results.append(bench_size(contractors, args))
        if not results[-1].pipeline.ok:
            print(_tail(results[-1].pipeline.output), file=sys.stderr)
    print(render(*pipeline_table(results), markdown=args.markdown))
    if any(r.baseline for r in results):
        print()
        print(render(*baseline_table(results), markdown=args.markdown))
    if args.json:
        figures = [asdict(r) for r in results]
        for figure in figures:
            for measured in ("pipeline", "baseline"):
                if figure[measured]:
                    figure[measured]["output"] = _tail(figure[measured]["output"])
        args.json.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
