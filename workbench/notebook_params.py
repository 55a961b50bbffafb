"""Check and coerce notebook parameters: papermill passes ``-p`` values as text or numbers.

Two places use this. The notebooks call `triage_parameters` / `case_folder`
in the cell after their ``parameters`` cell, so a bad value stops the run with
one clear `CaseError` instead of a traceback deep in the pipeline. The
``workbench triage`` command calls `coerce_declared` before starting a kernel,
checking names and types against the notebook's own typed ``parameters`` cell
(read with papermill's ``inspect_notebook``).

Relative paths resolve against the kernel's working folder: the notebook's
folder in JupyterLab and under ``workbench triage``; the caller's folder under
plain ``papermill`` unless ``--cwd`` is given.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbench.booleans import parse_bool
from workbench.engines import ENGINES
from workbench.errors import CaseError
from workbench.settings import Settings


@dataclass(frozen=True)
class TriageParameters:
    """The triage notebook's parameters, checked: absolute folders and a `Settings`."""

    case_dir: Path
    out_dir: Path
    settings: Settings
    top_rings: int
    redact: bool
    engine: str = "polars"


def case_folder(value: Any, *, name: str = "case_dir") -> Path:
    """An existing case folder as an absolute path.

    Examples
    --------
    >>> case_folder("sample_data/demo_case").is_absolute()
    True
    >>> case_folder("no/such/case")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    workbench.errors.CaseError: parameter case_dir: folder 'no/such/case' not found ...
    """
    path = _path(value, name)
    resolved = path.resolve()
    if not resolved.is_dir():
        raise CaseError(
            f"parameter {name}: folder '{value}' not found (resolved to {resolved}; relative paths "
            "start from the working folder)"
        )
    return resolved


def output_folder(value: Any, *, name: str = "out_dir") -> Path:
    """An output folder as an absolute path; it may not exist yet but must not be a file.

    Examples
    --------
    >>> output_folder("demo_output").name
    'demo_output'
    """
    resolved = _path(value, name).resolve()
    if resolved.exists() and not resolved.is_dir():
        raise CaseError(f"parameter {name}: '{value}' is a file, expected a folder")
    return resolved


def typed(name: str, value: Any, kind: type, *, minimum: float | None = None) -> Any:
    """``value`` as ``kind`` (int, float, bool or str), refusing lossy or unclear text.

    Examples
    --------
    >>> typed("seed", "3", int), typed("alert_threshold", 60, float), typed("redact", "no", bool)
    (3, 60.0, False)
    >>> typed("seed", "3.5", int)
    Traceback (most recent call last):
    ...
    workbench.errors.CaseError: parameter seed: expected int, got '3.5'
    """
    try:
        result = _convert(value, kind)
    except (TypeError, ValueError):
        raise CaseError(f"parameter {name}: expected {kind.__name__}, got {value!r}") from None
    if minimum is not None and result < minimum:
        raise CaseError(f"parameter {name}: must be at least {minimum:g}, got {value!r}")
    return result


def triage_parameters(
    *,
    case_dir: Any,
    out_dir: Any,
    top_rings: Any = 5,
    redact: Any = False,
    engine: Any = "polars",
    **settings: Any,
) -> TriageParameters:
    """Check the triage notebook's parameters; settings go through `Settings.with_overrides`.

    Parameters
    ----------
    case_dir : folder of the case; must exist.
    out_dir : folder for the tables and HTML.
    top_rings : how many of the highest-scored rings the detailed plots show (at least 1).
    redact : mask identifiers in every output file, for sharing.
    engine : where the bulk stages run (`workbench.engines.ENGINES`): ``spark``
        also reads the tables a case.toml names under ``[sources]``.
    settings : any `Settings` field by name (alert_threshold, max_ring_size, seed, …);
        None leaves the default.

    Examples
    --------
    >>> p = triage_parameters(case_dir="sample_data/demo_case", out_dir="out", seed="11")
    >>> p.settings.seed, p.top_rings
    (11, 5)
    """
    checked = {}
    for name, value in settings.items():
        if value is None:
            continue
        default = getattr(Settings(), name, None)
        expected = type(default) if isinstance(default, (int, float, bool)) else None
        checked[name] = typed(name, value, expected) if expected else value
    return TriageParameters(
        case_dir=case_folder(case_dir),
        out_dir=output_folder(out_dir),
        settings=Settings().with_overrides(_source="notebook parameters", **checked),
        top_rings=typed("top_rings", top_rings, int, minimum=1),
        redact=typed("redact", redact, bool),
        engine=engine_name(engine),
    )


def engine_name(value: Any) -> str:
    """An engine of `workbench.engines.ENGINES`, by name.

    Examples
    --------
    >>> engine_name(" Spark")
    'spark'
    """
    name = str(value).strip().lower()
    if name not in ENGINES:
        raise CaseError(f"parameter engine: one of {', '.join(ENGINES)}, got {value!r}")
    return name


def coerce_declared(
    values: Mapping[str, Any], declared: Mapping[str, Mapping[str, Any]]
) -> dict[str, Any]:
    """Check parameter names against a notebook's declarations and coerce text to their types.

    Parameters
    ----------
    values : name to value, values often text (from a command line).
    declared : papermill's ``inspect_notebook(path)`` answer: name to a mapping with
        ``inferred_type_name`` (``"int"``, ``"float"``, ``"bool"``, ``"str"``, ``"None"``…).

    Returns
    -------
    The values converted to the declared types (unknown type names are passed through).

    Examples
    --------
    >>> declared = {"seed": {"inferred_type_name": "int"}, "case_dir": {}}
    >>> coerce_declared({"seed": "4", "case_dir": "x"}, declared)
    {'seed': 4, 'case_dir': 'x'}
    >>> coerce_declared({"sed": "4"}, declared)
    Traceback (most recent call last):
    ...
    workbench.errors.CaseError: unknown parameter 'sed' (the notebook declares: case_dir, seed)
    """
    kinds = {"int": int, "float": float, "bool": bool, "str": str}
    coerced: dict[str, Any] = {}
    for name, value in values.items():
        if name not in declared:
            known = ", ".join(sorted(declared))
            raise CaseError(f"unknown parameter '{name}' (the notebook declares: {known})")
        kind = kinds.get(str(declared[name].get("inferred_type_name")))
        coerced[name] = (
            typed(name, value, kind) if kind is not None and value is not None else value
        )
    return coerced


def _path(value: Any, name: str) -> Path:
    if not isinstance(value, (str, Path)) or not str(value).strip():
        raise CaseError(f"parameter {name}: expected a folder path, got {value!r}")
    return Path(str(value).strip()).expanduser()


def _convert(value: Any, kind: type) -> Any:
    if kind is bool:
        return parse_bool(value)
    if isinstance(value, bool):
        raise TypeError("a bool is not a number")
    if kind is int:
        number = float(value) if isinstance(value, float) else int(str(value).strip())
        if isinstance(number, float) and not number.is_integer():
            raise ValueError("not a whole number")
        return int(number)
    if kind is float:
        return float(str(value).strip()) if isinstance(value, str) else float(value)
    return str(value)
