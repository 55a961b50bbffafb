"""synthesize: determinism, truth file, formats, contract columns."""

from __future__ import annotations

import hashlib
from pathlib import Path

import polars as pl
import pytest

from workbench.errors import CaseError
from workbench.synth import WIDER_TABLES, SynthSummary, synthesize
from workbench.synth.groups import GROUP_KINDS
from workbench.tables import TABLES

READERS = {"csv": pl.read_csv, "parquet": pl.read_parquet, "jsonl": pl.read_ndjson}


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_same_seed_gives_identical_bytes(tmp_path: Path) -> None:
    a = synthesize(tmp_path / "a", contractors=300, rings=2, seed=5)
    b = synthesize(tmp_path / "b", contractors=300, rings=2, seed=5)
    assert digests(a.out_dir) == digests(b.out_dir)
    assert a.truth_path.read_bytes() == b.truth_path.read_bytes()


@pytest.mark.parametrize("fmt", ["parquet", "jsonl"])
def test_same_seed_gives_identical_bytes_in_other_formats(tmp_path: Path, fmt: str) -> None:
    a = synthesize(tmp_path / "a", contractors=250, rings=1, seed=5, fmt=fmt)  # type: ignore[arg-type]
    b = synthesize(tmp_path / "b", contractors=250, rings=1, seed=5, fmt=fmt)  # type: ignore[arg-type]
    assert digests(a.out_dir) == digests(b.out_dir)


def test_different_seed_differs(tmp_path: Path) -> None:
    a = synthesize(tmp_path / "a", contractors=300, rings=2, seed=5)
    b = synthesize(tmp_path / "b", contractors=300, rings=2, seed=6)
    da, db = digests(a.out_dir), digests(b.out_dir)
    assert da.keys() == db.keys()
    assert all(da[k] != db[k] for k in ("contractors.csv", "logins.csv", "payments.csv"))


def test_truth_covers_every_contractor_once(small_case: SynthSummary) -> None:
    truth = pl.read_csv(small_case.truth_path)
    people = pl.read_csv(small_case.files["contractors"], infer_schema_length=0)
    assert truth.columns == ["contractor_id", "group_id", "group_kind"]
    assert truth["contractor_id"].is_unique().all()
    assert sorted(truth["contractor_id"]) == sorted(people["contractor_id"])
    assert set(truth["group_kind"]) <= set(GROUP_KINDS)
    rings = truth.filter(pl.col("group_kind") == "ring").group_by("group_id").len()
    assert rings.height == 3 and rings["len"].is_between(3, 12).all()


def test_truth_sits_beside_the_folder(small_case: SynthSummary) -> None:
    assert small_case.truth_path == small_case.out_dir.parent / "case.truth.csv"
    assert not any(p.suffix == ".csv" and "truth" in p.name for p in small_case.out_dir.iterdir())


def test_truth_inside_the_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CaseError, match="must not be inside"):
        synthesize(tmp_path / "c", contractors=300, rings=1, truth_path=tmp_path / "c" / "t.csv")


def test_too_many_rings_for_the_size_is_a_case_error(tmp_path: Path) -> None:
    with pytest.raises(CaseError, match="cannot hold"):
        synthesize(tmp_path / "c", contractors=40, rings=6)


def test_unknown_format_is_a_case_error(tmp_path: Path) -> None:
    with pytest.raises(CaseError, match="format"):
        synthesize(tmp_path / "c", contractors=300, rings=1, fmt="xlsx")  # type: ignore[arg-type]


#: Columns only the wider evidence writes, by table.
WIDER_COLUMNS = {
    "contractors": {"cover_letter"},
    "logins": {"asn", "isp", "vpn_provider", "ip_type"},
    "shipments": {"requested_at", "previous_address", "address_type", "ship_to_country"},
}


@pytest.mark.parametrize("wider", [True, False], ids=["wider", "base"])
@pytest.mark.parametrize("fmt", ["csv", "parquet", "jsonl"])
def test_every_format_has_contract_columns(tmp_path: Path, fmt: str, wider: bool) -> None:
    s = synthesize(tmp_path / "c", contractors=250, rings=1, seed=2, fmt=fmt, wider_evidence=wider)  # type: ignore[arg-type]
    left_out = () if wider else WIDER_TABLES
    # an analyst brings a watchlist
    generated = [t for t in TABLES if t != "watchlist" and t not in left_out]
    assert sorted(p.name for p in s.out_dir.iterdir()) == sorted(f"{t}.{fmt}" for t in generated)
    for name, path in s.files.items():
        if fmt != "parquet":
            path.read_bytes().decode("utf-8")
        frame = READERS[fmt](path)
        extra = set() if wider else WIDER_COLUMNS.get(name, set())
        assert frame.columns == [c for c in TABLES[name].names if c not in extra], name
        assert frame.height == s.rows[name]


def test_volumes_follow_the_brief(small_case: SynthSummary) -> None:
    rows = small_case.rows
    assert 12 * 400 < rows["logins"] < 18 * 400
    assert 4 * 400 < rows["payments"] < 6 * 400
    assert 0.35 * 400 < rows["shipments"] < 0.7 * 400
    assert rows["referrals"] > 0


def test_tables_of_another_format_in_the_folder_are_refused(tmp_path: Path) -> None:
    synthesize(tmp_path / "c", contractors=250, rings=1, fmt="jsonl")
    with pytest.raises(CaseError, match=r"contractors\.jsonl"):
        synthesize(tmp_path / "c", contractors=250, rings=1, fmt="csv")


def test_no_rings_is_allowed(tmp_path: Path) -> None:
    s = synthesize(tmp_path / "c", contractors=250, rings=0)
    truth = pl.read_csv(s.truth_path)
    assert s.rings == 0 and "ring" not in set(truth["group_kind"])
