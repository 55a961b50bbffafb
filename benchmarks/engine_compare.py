"""Wall time, CPU, peak memory and stage times of `workbench run` on each engine, and
whether their output tables are byte-identical.

Run: ``.venv/bin/python benchmarks/engine_compare.py CASE [--engines polars spark]``
(the Spark engine needs the ``spark`` extra and a Java runtime; ``psutil`` comes
with the ``bench`` extra).

Each engine runs ``workbench run CASE --out OUT --no-html [--engine spark]`` in a
child process, after the case's remembered runs are cleared, so that each run is
a case's first. The Spark engine starts a JVM and Python workers under the child:
peak memory is the summed RSS of the whole process tree, sampled every
`SAMPLE_SECONDS`, and CPU the user + system time of every process of the tree
seen. "Python peak" is the child's own peak RSS: the driver's polars frames,
without the JVM (which, in local mode, also runs the executors). Stage
seconds come from the output's run.json. Every csv of the first engine's
output folder is compared byte for byte with each other engine's.

With ``--as-sources`` the Spark engine reads the case's parquet tables as
sources a case.toml names (`workbench.sources`), from a folder beside the
outputs that holds only that case.toml (and copies of any csv or jsonl
tables): its loading then runs on Spark, as a platform's tables would.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import psutil

#: How often the process tree's memory is sampled.
SAMPLE_SECONDS = 0.25
#: Stages of `investigate` shown, in run order (run.json's ``timings_seconds``).
STAGES = ("load", "observe", "link", "match", "group", "flag", "score")
WORKBENCH = "import sys; from workbench.cli import main; sys.exit(main())"


@dataclass
class EngineRun:
    """One engine's run of one case."""

    engine: str
    wall_seconds: float
    cpu_seconds: float
    peak_gb: float
    python_peak_gb: float
    stages: dict[str, float] = field(default_factory=dict)
    identical: str = ""


def run_engine(case: Path, out: Path, engine: str) -> EngineRun:
    """Run ``workbench run`` on ``engine`` in a child process and measure its process tree."""
    shutil.rmtree(case / ".workbench", ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    command = [sys.executable, "-c", WORKBENCH, "run", str(case), "--out", str(out), "--no-html"]
    if engine != "polars":
        command += ["--engine", engine]
    # The child's messages go to a file: a pipe nobody reads until the end would fill
    # and stop a long run.
    log = out.with_name(out.name + ".log")
    log.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with log.open("wb") as messages:
        child = psutil.Popen(command, stdout=subprocess.DEVNULL, stderr=messages)
        peak, own_peak, cpu = _watch(child)
    wall = time.perf_counter() - started
    if child.returncode != 0:
        tail = log.read_text(errors="replace")[-2000:]
        raise SystemExit(f"{engine}: workbench run failed ({child.returncode}):\n{tail}")
    stages = json.loads((out / "run.json").read_text())["timings_seconds"]
    return EngineRun(engine, wall, cpu, peak / 2**30, own_peak / 2**30, stages)


def _watch(child: psutil.Popen) -> tuple[int, int, float]:
    """Until ``child`` ends: the peak summed RSS of its process tree and its own peak RSS
    (bytes), and the CPU seconds of every process of the tree seen."""
    peak, own_peak, cpu = 0, 0, {}
    while child.poll() is None:
        tree = [child, *child.children(recursive=True)]
        rss = 0
        for process in tree:
            try:
                held = process.memory_info().rss
                rss += held
                if process is child:
                    own_peak = max(own_peak, held)
                times = process.cpu_times()
                cpu[process.pid] = times.user + times.system
            except psutil.NoSuchProcess:
                continue
        peak = max(peak, rss)
        time.sleep(SAMPLE_SECONDS)
    return peak, own_peak, sum(cpu.values())


def differing_tables(first: Path, other: Path) -> list[str]:
    """The csv files of ``first`` that ``other`` lacks or holds with other bytes."""
    found = {path.name: path for path in other.glob("*.csv")}
    return [
        path.name
        for path in sorted(first.glob("*.csv"))
        if path.name not in found or found[path.name].read_bytes() != path.read_bytes()
    ]


def sourced_case(case: Path, folder: Path) -> Path:
    """A case folder whose case.toml names ``case``'s parquet tables as sources; its other
    table files are copied in."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    sources = []
    for path in sorted(case.iterdir()):
        if path.suffix == ".parquet":
            sources.append(f'[sources.{path.stem}]\npath = "{path.resolve()}"\n')
        elif path.suffix in (".csv", ".jsonl"):
            shutil.copyfile(path, folder / path.name)
    (folder / "case.toml").write_text("\n".join(sources), encoding="utf-8")
    return folder


def table(runs: Sequence[EngineRun]) -> str:
    """The figures as a markdown table."""
    headers = [
        "engine",
        "wall s",
        "CPU s",
        "peak GB",
        "Python peak GB",
        *(f"{s} s" for s in STAGES),
        "outputs",
    ]
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    for run in runs:
        cells = [
            run.engine,
            f"{run.wall_seconds:.1f}",
            f"{run.cpu_seconds:.0f}",
            f"{run.peak_gb:.2f}",
            f"{run.python_peak_gb:.2f}",
            *(f"{run.stages.get(stage, 0.0):.1f}" for stage in STAGES),
            run.identical,
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("case", type=Path, help="a case folder")
    parser.add_argument("--engines", nargs="+", default=["polars", "spark"])
    parser.add_argument(
        "--as-sources",
        action="store_true",
        help="the Spark engine reads the case's parquet tables as case.toml [sources]",
    )
    parser.add_argument(
        "--out", type=Path, default=Path("benchmarks/data"), help="where outputs are written"
    )
    args = parser.parse_args(argv)
    runs = []
    for engine in args.engines:
        out = args.out / f"engine-{engine}-{args.case.name}"
        case = args.case
        if engine == "spark" and args.as_sources:
            case = sourced_case(args.case, args.out / f"sources-{args.case.name}")
        runs.append(run_engine(case, out, engine))
        first = args.out / f"engine-{args.engines[0]}-{args.case.name}"
        differing = ", ".join(differing_tables(first, out)) or "identical"
        runs[-1].identical = "reference" if out == first else differing
        print(table(runs[-1:]).splitlines()[-1], flush=True)
    shutil.rmtree(args.case / ".workbench", ignore_errors=True)
    print(table(runs))


if __name__ == "__main__":
    main()
