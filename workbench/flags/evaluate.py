"""Run the red-flag registry over a case: which identities carry which flags, and why."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace

import polars as pl

from workbench.case_tables import as_case_tables
from workbench.errors import CaseError
from workbench.flags.context import FLAG_SCHEMA, FlagContext
from workbench.flags.registry import FLAGS, NETWORK, Flag, Needs, OneOf

#: Columns of the status frame: was each flag evaluated, and if not, why.
STATUS_SCHEMA: dict[str, pl.DataType] = {
    "code": pl.String(),
    "evaluated": pl.Boolean(),
    "reason": pl.String(),
}


#: Flags evaluated at once: two keep both cores of a small machine busy.
FLAG_THREADS = 2


@dataclass(frozen=True)
class FlagResult:
    """The flags raised (`flags`, FLAG_SCHEMA) and each flag's status (`status`)."""

    flags: pl.DataFrame
    status: pl.DataFrame


def has_data(ctx: FlagContext, need: Needs | OneOf) -> bool:
    """Whether any of the columns `need` names holds a value in its table (in any of its
    tables, for `OneOf`).

    Examples
    --------
    >>> ctx = FlagContext.build(logins={"contractor_id": ["a"], "vpn": [True]})
    >>> has_data(ctx, Needs("logins", any_of=("remote_tool", "vpn")))
    True
    """
    # Answered without gathering a table an engine holds (`CaseTables.has_values`).
    tables = as_case_tables(ctx.tables)
    return any(
        tables.has_values(option.table, column)
        for option in need.options
        for column in option.any_of
    )


def has_sightings(ctx: FlagContext, kinds: Sequence[str]) -> bool:
    """Whether the case has at least one observation of any of `kinds`.

    Examples
    --------
    >>> ctx = FlagContext.build(observations={"contractor_id": ["a"], "kind": ["email"],
    ...     "value": ["a@x.org"]})
    >>> has_sightings(ctx, ["phone", "email"]), has_sightings(ctx, ["ip"])
    (True, False)
    """
    # Answered from the kinds sighted: sightings an engine holds are not gathered.
    return bool(set(kinds) & set(ctx.sightings.distinct("kind").to_list()))


def _missing(ctx: FlagContext, flag: Flag) -> list[str]:
    """What a flag reads that holds no data, as the status frame words it.

    A table's alternative columns are joined by "|" (``logins.ip|country``),
    alternative tables by " or "; observation kinds are written as columns of
    ``observations``.
    """
    gaps = [
        " or ".join(f"{option.table}.{'|'.join(option.any_of)}" for option in need.options)
        for need in flag.needs
        if not has_data(ctx, need)
    ]
    if flag.kinds and not has_sightings(ctx, flag.kinds):
        gaps.append(f"observations.{'|'.join(flag.kinds)}")
    return gaps


def _weights(flags: Sequence[Flag], overrides: Mapping[str, float] | None) -> dict[str, float]:
    """Registry weights with `overrides` applied; unknown codes or bad values raise."""
    weights = {flag.code: flag.weight for flag in flags}
    for code, weight in (overrides or {}).items():
        if code not in weights:
            raise CaseError(f"weights: unknown flag code {code!r} (known: {', '.join(weights)})")
        if not 0.0 <= float(weight) <= 1.0:
            raise CaseError(f"weights: {code} must be between 0 and 1, got {weight!r}")
        weights[code] = float(weight)
    return weights


def statuses(ctx: FlagContext, flags: Sequence[Flag]) -> pl.DataFrame:
    """Whether each of ``flags`` can be evaluated on ``ctx``, and if not, why (`STATUS_SCHEMA`).

    A flag is evaluated when every table column and sighting kind it reads
    holds some data; the reason names what is missing.

    Examples
    --------
    >>> ctx = FlagContext.build(contractors={"contractor_id": ["a"],
    ...     "video_interview": ["declined"]})
    >>> found = statuses(ctx, [f for f in FLAGS if f.code in ("VIDEO_DECLINED", "LONG_SESSIONS")])
    >>> found.rows()
    [('VIDEO_DECLINED', True, None), ('LONG_SESSIONS', False, 'no data: logins.session_minutes')]
    """
    rows = []
    for flag in flags:
        missing = _missing(ctx, flag)
        reason = "no data: " + ", ".join(missing) if missing else None
        rows.append({"code": flag.code, "evaluated": not missing, "reason": reason})
    return pl.DataFrame(rows, schema=STATUS_SCHEMA)


def unevaluated_line(status: pl.DataFrame) -> str | None:
    """One line on the red flags a case could not evaluate (`statuses`) and the data they
    want, the data most flags want first; None when every flag was evaluated.

    For where an analyst reads first: a case without logins cannot raise the flags
    of conduct, and its scores rest on fewer flags than the same case with them.

    Examples
    --------
    >>> status = pl.DataFrame({"code": ["A", "B", "C", "D"],
    ...     "evaluated": [True, False, False, False],
    ...     "reason": [None, "no data: shipments.asset_tag", "no data: logins.ts",
    ...                "no data: logins.country, observations.ip"]})
    >>> unevaluated_line(status)
    '3 of 4 red flags not evaluated for want of data in logins, shipments, and of ip \
values: scores rest on the other 1'
    """
    lacking = status.filter(~pl.col("evaluated"))
    if lacking.is_empty():
        return None
    tables: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    for reason in lacking["reason"]:
        # Each flag counts once per table or kind it wants, however many columns.
        wanted_tables: set[str] = set()
        wanted_kinds: set[str] = set()
        for gap in reason.removeprefix("no data: ").split(", "):
            for option in gap.split(" or "):
                table, _, columns = option.partition(".")
                if table == "observations":
                    wanted_kinds.update(columns.split("|"))
                else:
                    wanted_tables.add(table)
        tables.update(wanted_tables)
        kinds.update(wanted_kinds)
    wants = []
    if tables:
        wants.append(f"data in {', '.join(_most_first(tables))}")
    if kinds:
        wants.append(f"{', '.join(_most_first(kinds))} values")
    evaluated = status.height - lacking.height
    return (
        f"{lacking.height} of {status.height} red flags not evaluated for want of "
        f"{', and of '.join(wants)}: scores rest on the other {evaluated}"
    )


def _most_first(counts: Counter[str]) -> list[str]:
    return sorted(counts, key=lambda name: (-counts[name], name))


def _run(
    ctx: FlagContext, flags: Sequence[Flag], weights: Mapping[str, float]
) -> tuple[list[pl.DataFrame], list[dict[str, object]]]:
    """Detect each flag whose data is present; collect results and status rows.

    Flags are independent polars queries (which release the GIL), so they run
    on a small thread pool; results are gathered in registry order.
    """
    status = statuses(ctx, flags).to_dicts()
    runnable = [flag for flag, row in zip(flags, status, strict=True) if row["evaluated"]]
    with ThreadPoolExecutor(max_workers=FLAG_THREADS) as pool:
        results = pool.map(lambda flag: flag.detect(ctx), runnable)
        found = dict(zip([flag.code for flag in runnable], results, strict=True))
    raised = []
    for flag in runnable:
        weight = pl.lit(weights[flag.code], dtype=pl.Float64)
        result = found[flag.code].with_columns(code=pl.lit(flag.code), weight=weight)
        raised.append(result.select(FLAG_SCHEMA.keys()))
    return raised, status


def _frame(raised: list[pl.DataFrame]) -> pl.DataFrame:
    """Concatenate flag results into one sorted frame."""
    if not raised:
        return pl.DataFrame(schema=FLAG_SCHEMA)
    return pl.concat(raised).cast(FLAG_SCHEMA).sort("contractor_id", "code")  # type: ignore[arg-type]


def evaluate(
    ctx: FlagContext,
    *,
    weights: Mapping[str, float] | None = None,
    flags: Sequence[Flag] = FLAGS,
    done: FlagResult | None = None,
) -> FlagResult:
    """Evaluate red flags over a case.

    Parameters
    ----------
    ctx : the case tables, observations, hubs and `as_of`.
    weights : code → weight overrides (0–1); an unknown code raises `CaseError`.
    flags : the registry entries to run (network flags run after the others and
        see their results).
    done : the result of some of ``flags`` evaluated earlier with the same
        weights (the conduct flags, before linking): they are not run again.

    Returns
    -------
    FlagResult with `flags` (contractor_id, code, weight, evidence, refs; sorted)
    and `status` (code, evaluated, reason) in registry order. A flag whose data
    is absent is not evaluated and raises nothing.

    Examples
    --------
    >>> ctx = FlagContext.build(contractors={"contractor_id": ["a", "b"],
    ...     "video_interview": ["declined", "completed"]})
    >>> out = evaluate(ctx, weights={"VIDEO_DECLINED": 0.1})
    >>> out.flags.select("contractor_id", "code", "weight").rows()
    [('a', 'VIDEO_DECLINED', 0.1)]
    >>> out.status.filter(pl.col("code") == "LONG_SESSIONS").row(0)
    ('LONG_SESSIONS', False, 'no data: logins.session_minutes')
    """
    chosen = _weights(flags, weights)
    earlier = set() if done is None else set(done.status["code"].to_list())
    todo = [flag for flag in flags if flag.code not in earlier]
    first = [flag for flag in todo if flag.family != NETWORK]
    last = [flag for flag in todo if flag.family == NETWORK]
    raised, status = _run(ctx, first, chosen)
    if done is not None:
        raised.append(done.flags)
        status += done.status.to_dicts()
    later, later_status = _run(replace(ctx, flagged=_frame(raised)), last, chosen)
    order = {flag.code: i for i, flag in enumerate(flags)}
    status_frame = pl.DataFrame(
        sorted(status + later_status, key=lambda row: order[str(row["code"])]),
        schema=STATUS_SCHEMA,
    )
    return FlagResult(_frame(raised + later), status_frame)
