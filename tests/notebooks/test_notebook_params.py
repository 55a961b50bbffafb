"""Tests for workbench/notebook_params.py: typed, checked notebook parameters."""

from __future__ import annotations

import pytest

from workbench.errors import CaseError
from workbench.notebook_params import (
    case_folder,
    coerce_declared,
    output_folder,
    triage_parameters,
    typed,
)


@pytest.mark.parametrize(
    ("value", "kind", "expected"),
    [
        ("3", int, 3),
        (3.0, int, 3),
        (" 42 ", int, 42),
        ("60", float, 60.0),
        (60, float, 60.0),
        ("yes", bool, True),
        ("False", bool, False),
        (True, bool, True),
        ("t", bool, True),
        (" Y ", bool, True),
        ("n", bool, False),
        (0, bool, False),
        (12, str, "12"),
    ],
)
def test_typed_converts(value, kind, expected):
    result = typed("p", value, kind)
    assert result == expected and type(result) is kind


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("3.5", int),
        (3.5, int),
        ("abc", float),
        ("maybe", bool),
        ("", bool),
        (2, bool),
        (True, int),
        (None, float),
    ],
)
def test_typed_refuses_unclear_values(value, kind):
    with pytest.raises(CaseError, match=f"parameter p: expected {kind.__name__}"):
        typed("p", value, kind)


def test_typed_minimum():
    with pytest.raises(CaseError, match="at least 1"):
        typed("top_rings", "0", int, minimum=1)


def test_case_folder_resolves_and_checks(tmp_path, monkeypatch):
    (tmp_path / "case").mkdir()
    (tmp_path / "file.csv").write_text("x")
    monkeypatch.chdir(tmp_path)
    assert case_folder("case") == tmp_path / "case"
    with pytest.raises(CaseError, match="parameter case_dir: folder 'missing' not found"):
        case_folder("missing")
    with pytest.raises(CaseError, match="not found"):
        case_folder("file.csv")
    with pytest.raises(CaseError, match="expected a folder path"):
        case_folder(42)
    with pytest.raises(CaseError, match="expected a folder path"):
        case_folder("  ")


def test_output_folder_may_be_new_but_not_a_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "taken").write_text("x")
    assert output_folder("new/out") == tmp_path / "new" / "out"
    with pytest.raises(CaseError, match="is a file"):
        output_folder("taken")


def test_triage_parameters_fill_settings(tmp_path):
    params = triage_parameters(
        case_dir=tmp_path,
        out_dir=tmp_path / "out",
        alert_threshold="60",
        max_ring_size=9,
        seed="3",
        top_rings="2",
        redact="true",
    )
    assert params.settings.alert_threshold == 60.0
    assert params.settings.max_ring_size == 9
    assert params.settings.seed == 3
    assert (params.top_rings, params.redact) == (2, True)


def test_triage_parameters_refuse_bad_settings(tmp_path):
    with pytest.raises(CaseError, match="parameter max_ring_size: expected int"):
        triage_parameters(case_dir=tmp_path, out_dir=tmp_path, max_ring_size="many")
    with pytest.raises(CaseError, match="unknown setting 'colour'"):
        triage_parameters(case_dir=tmp_path, out_dir=tmp_path, colour="red")


def test_triage_parameters_name_an_engine(tmp_path):
    assert triage_parameters(case_dir=tmp_path, out_dir=tmp_path).engine == "polars"
    assert triage_parameters(case_dir=tmp_path, out_dir=tmp_path, engine=" Spark").engine == "spark"
    with pytest.raises(CaseError, match="parameter engine: one of polars, spark, got 'duckdb'"):
        triage_parameters(case_dir=tmp_path, out_dir=tmp_path, engine="duckdb")


def test_none_leaves_a_setting_at_its_default(tmp_path):
    assert triage_parameters(case_dir=tmp_path, out_dir=tmp_path, seed=None).settings.seed == 7


def test_coerce_declared_uses_the_declared_types():
    declared = {
        "seed": {"inferred_type_name": "int"},
        "alert_threshold": {"inferred_type_name": "float"},
        "label": {"inferred_type_name": "None"},
    }
    assert coerce_declared({"seed": "5", "alert_threshold": "70", "label": "x"}, declared) == {
        "seed": 5,
        "alert_threshold": 70.0,
        "label": "x",
    }
    with pytest.raises(CaseError, match="parameter seed: expected int, got 'five'"):
        coerce_declared({"seed": "five"}, declared)
    with pytest.raises(CaseError, match="unknown parameter 'seeds'"):
        coerce_declared({"seeds": "5"}, declared)
