"""The `workbench` command: check, run, render, synth and triage a case; decide, diff runs."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from workbench.dispositions import DECISIONS
from workbench.engines import ENGINES
from workbench.errors import CaseError

if TYPE_CHECKING:
    from workbench.case import Case
    from workbench.engines.bulk import BulkStages
    from workbench.investigation import Investigation

#: Exit code for input a user can fix (bad case, bad parameters).
EXIT_BAD_INPUT = 2


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code.

    Examples
    --------
    >>> main(["check", "no/such/folder"])
    2
    """
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except CaseError as error:
        print(f"workbench: error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("workbench: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`workbench run … | head`): not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="workbench",
        description="Find rings of front identities among remote IT contractors.",
    )
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    check = commands.add_parser("check", help="load a case and report rows and rejects")
    check.add_argument("case", type=Path, help="case folder")
    _add_engine_options(check)
    check.set_defaults(handler=_check)

    run = commands.add_parser("run", help="investigate a case and write the output folder")
    run.add_argument("case", type=Path, help="case folder")
    run.add_argument("--out", type=Path, required=True, help="output folder")
    _add_settings_options(run)
    run.add_argument(
        "--redact", action="store_true", help="mask identifiers in every output file, for sharing"
    )
    run.add_argument("--no-html", action="store_true", help="write the tables only")
    run.add_argument(
        "--self-contained",
        action="store_true",
        help="each ring page carries the graph library (~0.5 MB), to be copied on its own",
    )
    _add_engine_options(run)
    run.set_defaults(handler=_run)

    render = commands.add_parser(
        "render", help="write one ring's HTML page, self-contained, to share"
    )
    render.add_argument("case", type=Path, help="case folder")
    render.add_argument("--ring", required=True, help="ring id (see rings.csv)")
    render.add_argument("--out", type=Path, required=True, help="HTML file to write")
    render.add_argument("--redact", action="store_true", help="mask identifiers")
    _add_settings_options(render)
    _add_engine_options(render)
    render.set_defaults(handler=_render)

    synth = commands.add_parser("synth", help="generate a realistic case with planted rings")
    synth.add_argument("out", type=Path, help="case folder to write")
    synth.add_argument("--contractors", type=int, default=2000)
    synth.add_argument("--rings", type=int, default=6)
    synth.add_argument("--seed", type=int, default=7)
    synth.add_argument("--format", choices=("csv", "parquet", "jsonl"), default="csv")
    synth.add_argument("--truth", type=Path, help="truth file (default: <out>.truth.csv)")
    synth.add_argument(
        "--wider-evidence",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also write IP-intelligence, MDM/EDR, shipping and hiring records "
        "(--no-wider-evidence: the same case without them, to measure what they add)",
    )
    synth.set_defaults(handler=_synth)

    triage = commands.add_parser("triage", help="run the triage notebook on a case (papermill)")
    triage.add_argument("case", type=Path, help="case folder")
    triage.add_argument("--out", type=Path, required=True, help="output folder")
    triage.add_argument(
        "-p",
        "--parameter",
        nargs=2,
        action="append",
        default=[],
        metavar=("NAME", "VALUE"),
        help="notebook parameter, e.g. -p alert_threshold 60 (see notebooks/01_triage.ipynb)",
    )
    triage.add_argument("--notebook", type=Path, help="notebook to run instead of the shipped one")
    triage.add_argument(
        "--html",
        action="store_true",
        help="also write triage.html, the executed notebook as a page making no network request",
    )
    triage.set_defaults(handler=_triage)

    diff = commands.add_parser("diff", help="list what changed between two runs' output folders")
    diff.add_argument("old", type=Path, help="output folder of the earlier run")
    diff.add_argument("new", type=Path, help="output folder of the later run")
    diff.set_defaults(handler=_diff)

    decide = commands.add_parser("decide", help="record a decision on a ring or an identity")
    decide.add_argument("case", type=Path, help="case folder")
    target = decide.add_mutually_exclusive_group(required=True)
    target.add_argument("--ring", help="ring content id (R-…) or lineage id (L-…)")
    target.add_argument("--contractor", help="contractor id")
    decide.add_argument("--decision", required=True, choices=DECISIONS)
    decide.add_argument("--note", default="", help="free text kept with the decision")
    decide.add_argument(
        "--analyst", help="who decides (default: $WORKBENCH_ANALYST, else the login name)"
    )
    _add_settings_options(decide)
    _add_engine_options(decide)
    decide.set_defaults(handler=_decide)
    _add_sharing_commands(commands)
    return parser


def _add_sharing_commands(commands: argparse._SubParsersAction) -> None:
    """export, watchlist and sweep: what leaves a run for other tools and other cases."""
    from workbench.export import FORMATS

    export = commands.add_parser(
        "export", help="write rings of a run as STIX 2.1, GraphML, GEXF or referral packages"
    )
    export.add_argument("out", type=Path, help="output folder of a run (workbench run)")
    export.add_argument("--format", required=True, choices=FORMATS)
    export.add_argument(
        "--ring",
        action="append",
        default=[],
        metavar="RING",
        help="ring id, repeatable (default: every ring at or above the alert threshold)",
    )
    export.add_argument("--redact", action="store_true", help="mask identifiers, for sharing")
    export.add_argument(
        "--to",
        type=Path,
        help="file to write, or folder of referral packages (default: OUT-exports/ beside OUT)",
    )
    export.add_argument("--zip", action="store_true", help="zip each referral package")
    _add_case_option(export)
    export.set_defaults(handler=_export)

    watchlist = commands.add_parser(
        "watchlist", help="print rings' identifiers as a watchlist (CSV) for other cases"
    )
    watchlist.add_argument("out", type=Path, help="output folder of a run (workbench run)")
    watchlist.add_argument(
        "--ring", action="append", required=True, metavar="RING", help="ring id, repeatable"
    )
    _add_case_option(watchlist)
    watchlist.set_defaults(handler=_watchlist)

    sweep = commands.add_parser("sweep", help="check case folders against a watchlist")
    sweep.add_argument("watchlist", type=Path, help="csv, parquet or jsonl: kind, value, source")
    sweep.add_argument("cases", type=Path, nargs="+", help="case folders")
    _add_engine_options(sweep)
    sweep.set_defaults(handler=_sweep)


def _add_case_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--case", type=Path, help="the run's case folder, when run.json's path does not reach it"
    )


def _add_settings_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--settings", type=Path, help="TOML file of settings")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override one setting, e.g. --set seed=3 --set flag_weights='{\"VPN_HEAVY\": 0.1}'",
    )


def _settings(args: argparse.Namespace):
    from workbench.settings import Settings

    settings = Settings.from_toml(args.settings) if args.settings else Settings()
    overrides = {}
    for item in args.set:
        name, sep, value = item.partition("=")
        if not sep:
            raise CaseError(f"--set {item}: expected NAME=VALUE")
        overrides[name.strip()] = value
    return settings.with_overrides(_source="--set", **overrides)


def _add_engine_options(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--engine",
        choices=ENGINES,
        default="polars",
        help="where the bulk stages run; spark also reads the tables case.toml names under"
        " [sources] (pip install 'workbench[spark]')",
    )
    command.add_argument(
        "--spark-master",
        metavar="URL",
        help="the Spark master of --engine spark (default: the active session, or local[2])",
    )


def _check(args: argparse.Namespace) -> int:
    from workbench.engines.bulk import bulk_stages
    from workbench.losses import reject_reasons

    case = bulk_stages(_engine(args)).load(args.case)
    print(f"case {case.path}")
    width = max(map(len, case.tables))
    for name in case.tables:
        source = case.files[name].name if name in case.files else "absent"
        if name in case.sources:
            source = case.sources[name].described
        print(f"  {name:<{width}} {case.tables.height(name):>9,} rows  ({source})")
        if case.ignored_columns.get(name):
            print(f"  {'':<{width}} ignored columns: {', '.join(case.ignored_columns[name])}")
    print(f"rejects: {case.rejects.height:,}")
    for table, column, reason, count, _ in reject_reasons(case.rejects).iter_rows():
        where = f"{table}.{column}" if column else table
        print(f"  {count:>9,}  {where}: {_printable(reason)}")
    return 0


def _investigate(args: argparse.Namespace):
    from workbench.investigation import STAGES, investigate

    settings = _settings(args)
    engine = _engine(args)
    if not sys.stderr.isatty():
        return investigate(args.case, settings, engine=engine)
    from tqdm import tqdm

    with tqdm(total=len(STAGES), desc="investigating", unit="stage", file=sys.stderr) as bar:

        def advance(stage: str) -> None:
            if stage != STAGES[0]:
                bar.update(1)
            bar.set_postfix_str(stage)

        investigation = investigate(args.case, settings, progress=advance, engine=engine)
        bar.update(1)
    return investigation


def _engine(args: argparse.Namespace) -> str | BulkStages:
    """The engine ``--engine`` names, on the master ``--spark-master`` names."""
    name = getattr(args, "engine", "polars")
    master = getattr(args, "spark_master", None)
    if master is None:
        return name
    if name != "spark":
        raise CaseError("--spark-master needs --engine spark")
    from workbench.engines.bulk import spark_stages

    return spark_stages(master)


def _run(args: argparse.Namespace) -> int:
    from workbench.flags.evaluate import unevaluated_line
    from workbench.output import write_output

    investigation = _investigate(args)
    write_output(
        investigation,
        args.out,
        redact=args.redact,
        html=not args.no_html,
        self_contained=args.self_contained,
    )
    alerts = investigation.alerts
    print(
        f"{investigation.ring_scores.height} rings, {alerts.height} at or above "
        f"{investigation.settings.alert_threshold:g}; output in {args.out}"
    )
    _remember(investigation)
    _say_losses(investigation.case)
    if investigation.unusable.height:
        print(
            f"  {investigation.unusable.height:,} identifier values could not be used "
            "(placeholders, unreadable values): see unusable_values.csv"
        )
    status = investigation.flag_result.status
    if line := unevaluated_line(status):
        print(f"  {line}")
    for code, reason in status.filter(~pl.col("evaluated")).select("code", "reason").iter_rows():
        print(f"  flag {code} not evaluated: {reason}")
    top = alerts.select("ring_id", "ring_size", "ring_score", "reasons").head(10)
    for ring_id, size, ring_score, reasons in top.iter_rows():
        print(f"  {ring_id}  size {size:>3}  score {ring_score:5.1f}  {reasons[0]}")
    return 0


def _say_losses(case: Case) -> None:
    """One line per table that lost records or values on loading, where they are listed, and
    how many id spellings were read as another id."""
    from workbench.losses import loss_line, table_losses

    losses = table_losses(case)
    for row in losses.iter_rows():
        print(f"  {_printable(loss_line(*row))}")
    if not losses.is_empty():
        print("  every record and value not used is listed in rejects.csv")
    if changed := case.id_changes.height:
        print(
            f"  {changed:,} contractor id spelling{'s' if changed != 1 else ''} read as"
            " another id (letter case, invisible characters): see id_changes.csv"
        )


def _remember(investigation: Investigation) -> None:
    """Keep the run in the case's memory and say what changed; a failure only warns."""
    from workbench.case_memory import remember
    from workbench.changes import summary
    from workbench.views.since import NEWCOMER_ALERTS

    try:
        remember(investigation)
    except CaseError as error:
        print(f"workbench: warning: {error}", file=sys.stderr)
    if investigation.previous is not None:
        print(f"since run {investigation.previous.number}: {summary(investigation.changes)}")
    for alert in investigation.newcomer_alerts.iter_rows(named=True):
        joined = _printable(", ".join(alert["newcomers"]))
        print(
            f"  ALERT {NEWCOMER_ALERTS[alert['disposition']]}: {joined} joined"
            f" {alert['ring_id']} ({alert['lineage_id']})"
        )


def _diff(args: argparse.Namespace) -> int:
    from workbench.changes import compare, read_run, summary

    before, _ = read_run(args.old)
    after, threshold = read_run(args.new)
    changes = compare(before, after, alert_threshold=threshold)
    print(summary(changes))
    for change, ring_id, _, contractor_id, evidence in changes.iter_rows():
        subject = _printable(contractor_id or ring_id or "")
        print(f"  {change:<13} {subject:<16} {_printable(evidence)}")
    return 0


def _decide(args: argparse.Namespace) -> int:
    entry = _investigate(args).decide(
        args.decision,
        ring_id=args.ring,
        contractor_id=args.contractor,
        note=args.note,
        analyst=args.analyst,
    )
    target = _printable(f"{entry['target_type']} {entry['target_id']}")
    print(f"recorded '{entry['decision']}' on {target} by {_printable(entry['analyst'])}")
    return 0


def _printable(text: str) -> str:
    """Case text made safe for a terminal: control characters written as escapes.

    Examples
    --------
    >>> _printable("c1\\x1b[2J")
    'c1\\\\x1b[2J'
    """
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in text)


def _render(args: argparse.Namespace) -> int:
    investigation = _investigate(args)
    path = investigation.ring(args.ring).to_html(args.out, redact=args.redact)
    print(f"wrote {path}")
    return 0


def _synth(args: argparse.Namespace) -> int:
    from workbench.synth import synthesize

    summary = synthesize(
        args.out,
        contractors=args.contractors,
        rings=args.rings,
        seed=args.seed,
        fmt=args.format,
        truth_path=args.truth,
        wider_evidence=args.wider_evidence,
    )
    print(f"wrote case {args.out}")
    for name, rows in summary.rows.items():
        print(f"  {name:<16} {rows:>9,} rows")
    print(f"truth: {summary.truth_path}")
    return 0


def _triage(args: argparse.Namespace) -> int:
    from workbench.output import EXECUTED_PAGE
    from workbench.triage import triage

    run = triage(
        args.case,
        args.out,
        parameters=dict(args.parameter),
        notebook=args.notebook,
        html=args.html,
    )
    print(f"executed notebook: {run.notebook}")
    if args.html:
        print(f"notebook page: {run.out_dir / EXECUTED_PAGE}")
    print(f"report: {run.report}")
    print(f"output in {run.out_dir}")
    return 0


def _export(args: argparse.Namespace) -> int:
    from workbench.export import chosen_rings, default_destination, export_rings
    from workbench.export.reopen import reopen

    rings = chosen_rings(reopen(args.out, case=args.case), args.ring)
    target = args.to or default_destination(args.out, args.format)
    written = export_rings(rings, target, args.format, redact=args.redact, zipped=args.zip)
    redacted = ", redacted" if args.redact else ""
    print(f"{len(rings)} rings exported as {args.format}{redacted}")
    for path in written:
        print(f"  {path}")
    return 0


def _watchlist(args: argparse.Namespace) -> int:
    from workbench.export.reopen import reopen
    from workbench.export.watchlist import ring_watchlist
    from workbench.output import defuse_formulas

    investigation = reopen(args.out, case=args.case)
    rings = [investigation.ring(ring_id) for ring_id in dict.fromkeys(args.ring)]
    listed = ring_watchlist(rings)
    sys.stdout.write(defuse_formulas(listed).write_csv(null_value=""))
    print(f"{listed.height} values of {len(rings)} rings", file=sys.stderr)
    return 0


def _sweep(args: argparse.Namespace) -> int:
    from workbench.engines.bulk import bulk_stages
    from workbench.output import defuse_formulas
    from workbench.watchlist import read_watchlist, sweep

    found = sweep(read_watchlist(args.watchlist), args.cases, load=bulk_stages(_engine(args)).load)
    sys.stdout.write(defuse_formulas(found).write_csv(null_value=""))
    hit = found["case"].n_unique()
    print(f"{found.height} hits in {hit} of {len(args.cases)} cases", file=sys.stderr)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
