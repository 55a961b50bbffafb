import ast
import dataclasses
import importlib
import inspect
import types
from collections.abc import Callable

import polars as pl
import pytest

from workbench.flags import FLAGS, FlagContext, evaluate
from workbench.flags.registry import HEURISTIC_WEIGHT, NETWORK, WEIGHTS, Flag, family_of
from workbench.flags.sources import ANALYST_HEURISTIC, heuristic
from workbench.kinds import KINDS
from workbench.tables import TABLES


def test_codes_are_unique():
    codes = [flag.code for flag in FLAGS]
    assert len(set(codes)) == len(codes)
    assert list(WEIGHTS) == codes


def test_a_conduct_flag_cannot_read_facts_of_the_whole_case():
    # Its engine runs it by identity: such a fact would be computed on a part of the case.
    interview_ip = next(flag for flag in FLAGS if flag.code == "INTERVIEW_IP")
    assert interview_ip.case_wide and not interview_ip.conduct
    with pytest.raises(ValueError, match="INTERVIEW_IP: a conduct flag"):
        dataclasses.replace(interview_ip, conduct=True)


def test_weights_are_in_zero_one():
    assert all(0 < flag.weight <= 1 for flag in FLAGS)


def test_every_family_is_the_module_of_its_detect_function():
    for flag in FLAGS:
        module = importlib.import_module(f"workbench.flags.{flag.family}")
        assert getattr(module, flag.detect.__name__) is flag.detect, flag.code
    assert NETWORK in {flag.family for flag in FLAGS}


def test_family_of_takes_the_last_part_of_a_module_name():
    assert family_of("workbench.flags.payment") == "payment"


def test_every_needed_column_is_in_the_table_contract():
    for flag in FLAGS:
        for need in flag.needs:
            assert need.options, flag.code
            for option in need.options:
                assert option.table in TABLES, (flag.code, option.table)
                assert option.any_of, flag.code
                assert set(option.any_of) <= set(TABLES[option.table].names), (flag.code, option)


def test_every_kind_is_a_known_observation_kind():
    for flag in FLAGS:
        assert set(flag.kinds) <= set(KINDS), flag.code


def test_every_flag_reads_something():
    assert all(flag.needs or flag.kinds for flag in FLAGS)


def test_descriptions_are_one_nonempty_line():
    for flag in FLAGS:
        assert flag.description, flag.code
        assert "\n" not in flag.description


def test_description_is_the_first_paragraph_of_the_docstring():
    def detect(ctx: FlagContext) -> pl.DataFrame:
        """First line
        goes on.

        Not this."""
        raise NotImplementedError

    flag = Flag(code="X", title="x", sources=(heuristic("why"),), weight=0.1, detect=detect)
    assert flag.description == "First line goes on."


def test_network_flags_run_after_the_others():
    seen = []

    def spy(flag: Flag) -> Flag:
        def detect(ctx: FlagContext) -> pl.DataFrame:
            seen.append((flag.code, ctx.prior_flags().height))
            return flag.detect(ctx)

        detect.__module__ = flag.detect.__module__
        return Flag(
            code=flag.code,
            title=flag.title,
            sources=flag.sources,
            weight=flag.weight,
            detect=detect,
            needs=flag.needs,
        )

    network_first = sorted(FLAGS, key=lambda flag: flag.family != NETWORK)
    chosen = [spy(f) for f in network_first if f.code in ("REFERRAL_CHAIN", "VIDEO_DECLINED")]
    ctx = FlagContext.build(
        contractors={"contractor_id": ["a"], "video_interview": ["declined"]},
        referrals={"referrer_id": ["a"], "contractor_id": ["b"]},
    )
    evaluate(ctx, flags=chosen)
    assert seen == [("VIDEO_DECLINED", 0), ("REFERRAL_CHAIN", 1)]


def _names(code: types.CodeType) -> set[str]:
    """Global names a code object reads, nested functions and lambdas included."""
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _names(const)
    return names


def _is_list(value: object) -> bool:
    """A tuple or set of strings: what a detection looks for."""
    return (
        isinstance(value, tuple | frozenset)
        and bool(value)
        and all(isinstance(v, str) for v in value)
    )


def _is_threshold(value: object) -> bool:
    """A number, or a tuple of numbers (a range), that a detection compares against."""
    if isinstance(value, tuple):
        return bool(value) and all(_is_threshold(v) for v in value)
    return isinstance(value, int | float) and not isinstance(value, bool)


def used_thresholds(flag: Flag) -> set[str]:
    """Numeric constants of the detect module that `detect` reads, via its module's helpers too."""
    return _used_constants(flag, _is_threshold)


def used_lists(flag: Flag) -> set[str]:
    """Constants of the detect module holding strings that `detect` reads, via helpers too."""
    return _used_constants(flag, _is_list)


def _assigned_names(module: types.ModuleType) -> dict[str, set[str]]:
    """The names each top-level assignment of a module reads (a fact built of constants);
    a name the module imports from another stage (a threshold it shares with that stage,
    not a helper of the flags) reads none."""
    tree = ast.parse(inspect.getsource(module))
    imported: dict[str, set[str]] = {
        alias.asname or alias.name: set()
        for statement in tree.body
        if isinstance(statement, ast.ImportFrom)
        and not (statement.module or "").startswith("workbench.flags")
        for alias in statement.names
    }
    return imported | {
        target.id: {node.id for node in ast.walk(assignment.value) if isinstance(node, ast.Name)}
        for assignment in tree.body
        if isinstance(assignment, ast.Assign)
        for target in assignment.targets
        if isinstance(target, ast.Name)
    }


def _used_constants(flag: Flag, wanted: Callable[[object], bool]) -> set[str]:
    """Constants of the detect module that `detect` reads and `wanted` accepts, through
    its module's helpers and the facts (`CaseFact`) it builds of its constants too."""
    module = importlib.import_module(flag.detect.__module__)
    assigned = _assigned_names(module)
    used: set[str] = set()
    seen: set[str] = set()
    names = set(_names(flag.detect.__code__))
    while names:
        name = names.pop()
        if name in seen:
            continue
        seen.add(name)
        value = getattr(module, name, None)
        if isinstance(value, types.FunctionType) and value.__module__ == module.__name__:
            names |= _names(value.__code__)
        elif name in assigned and wanted(value):
            used.add(name)
        elif name in assigned:
            names |= assigned[name]
    return used


@pytest.mark.parametrize("flag", FLAGS, ids=lambda flag: flag.code)
def test_thresholds_list_exactly_the_constants_detect_uses(flag):
    module = importlib.import_module(flag.detect.__module__)
    for name in flag.thresholds:
        assert hasattr(module, name), f"{flag.code}: {module.__name__} has no {name}"
    assert len(set(flag.thresholds)) == len(flag.thresholds)
    assert set(flag.thresholds) == used_thresholds(flag)


def test_used_thresholds_follow_helpers_in_the_module():
    sequential = next(flag for flag in FLAGS if flag.code == "SEQUENTIAL_EMAIL")
    assert "MIN_NAME_PART" in used_thresholds(sequential)


def test_threshold_values_are_read_from_the_module(monkeypatch):
    from workbench.flags import access

    flag = next(flag for flag in FLAGS if flag.code == "VPN_HEAVY")
    monkeypatch.setattr(access, "VPN_MIN_LOGINS", 7)
    assert flag.threshold_values == {"VPN_SHARE": access.VPN_SHARE, "VPN_MIN_LOGINS": 7}


@pytest.mark.parametrize("flag", FLAGS, ids=lambda flag: flag.code)
def test_lists_name_every_vocabulary_detect_reads(flag):
    module = importlib.import_module(flag.detect.__module__)
    for name in flag.lists:
        value = getattr(module, name, None)
        assert _is_list(value) or isinstance(value, str), f"{flag.code}: {module.__name__}.{name}"
    assert used_lists(flag) <= set(flag.lists)


def test_sourced_thresholds_are_thresholds_of_the_flag():
    for flag in FLAGS:
        assert set(flag.sourced) <= set(flag.thresholds), flag.code


def test_every_flag_cites_a_passage():
    for flag in FLAGS:
        assert flag.sources, flag.code
        assert all(citation.document and citation.passage for citation in flag.sources)


def test_flags_without_a_public_source_are_heuristics_with_low_weights():
    heuristics = {flag.code for flag in FLAGS if flag.heuristic}
    assert {"CONFUSABLE_EMAIL", "SEQUENTIAL_EMAIL", "UNASSIGNED_PHONE"} <= heuristics
    assert all(WEIGHTS[code] <= HEURISTIC_WEIGHT for code in heuristics)
    assert all(
        c.document == ANALYST_HEURISTIC
        for c in next(flag for flag in FLAGS if flag.code == "SEQUENTIAL_EMAIL").sources
    )


def test_advisory_indicators_cite_the_2022_advisory():
    from workbench.flags.sources import ADVISORY_2022

    for code in ("IMPOSSIBLE_TRAVEL", "SHARED_IP_WINDOW", "LONG_SESSIONS"):
        flag = next(flag for flag in FLAGS if flag.code == code)
        assert [c.document for c in flag.sources] == [ADVISORY_2022], code
        assert flag.sources[0].quoted, code
