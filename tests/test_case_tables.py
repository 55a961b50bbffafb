"""Case tables that an engine holds: read without being gathered, gathered once when read whole."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

import polars as pl
import pytest

from tests.held import Held
from workbench.case import LoadedTable, load_case
from workbench.case_tables import CaseTables, TableHandle
from workbench.coerce import ID_CHANGE_SCHEMA
from workbench.flags.context import FlagContext
from workbench.flags.evaluate import statuses
from workbench.flags.registry import FLAGS
from workbench.investigation import investigate
from workbench.observe import spelling_merges
from workbench.sources import Source
from workbench.tables import ROW, TableSpec
from workbench.timeline import timeline


def _logins() -> pl.DataFrame:
    return pl.DataFrame(
        {"contractor_id": ["a", "b", "a"], "ip": ["1.1.1.1", None, "2.2.2.2"], ROW: [1, 2, 3]}
    )


def test_a_held_table_answers_without_being_gathered() -> None:
    held = Held(_logins().with_columns(country=pl.lit(None, pl.String)))
    tables = CaseTables({"logins": held})
    assert tables.height("logins") == 3
    assert tables.has_values("logins", "ip") and not tables.has_values("logins", "country")
    assert tables.rows_of("logins", ["a"])[ROW].to_list() == [1, 3]
    assert "logins" in tables and "payments" not in tables
    assert "gather" not in held.asked and list(tables.held()) == ["logins"]


def test_a_held_table_is_gathered_once_when_read_as_a_frame() -> None:
    held = Held(_logins())
    tables = CaseTables({"logins": held})
    assert tables["logins"].equals(_logins()) and tables["logins"].equals(_logins())
    assert held.asked == ["gather"] and tables.held() == {}
    assert tables.height("logins") == 3


def test_a_handle_reads_parts_of_a_held_table_and_gathers_it_once() -> None:
    held = Held(_logins())
    handle = TableHandle(held)
    assert handle.distinct("ip").to_list() == ["1.1.1.1", "2.2.2.2"]
    assert handle.distinct("ip").to_list() == ["1.1.1.1", "2.2.2.2"]
    assert handle.rows_of(["b"])[ROW].to_list() == [2]
    assert handle.rows_where(pl.col("ip").is_null())[ROW].to_list() == [2]
    assert handle.height == 3 and handle.has_values("ip") and handle.held is held
    assert held.asked == ["distinct", "rows_of", "rows_where"]
    assert handle.frame.equals(_logins()) and handle.frame.equals(_logins())
    assert held.asked.count("gather") == 1 and handle.held is None
    assert handle.rows_of(["a"])[ROW].to_list() == [1, 3] and len(held.asked) == 4


def test_an_unknown_table_names_itself() -> None:
    with pytest.raises(KeyError, match="payments"):
        CaseTables({"logins": Held(_logins())})["payments"]


def _case_with_held_logins(tmp_path: Path) -> tuple[Path, list[Held]]:
    """A case folder whose logins a stand-in engine reads and holds; the holders it made."""
    pl.DataFrame({"contractor_id": ["a", "b"], "full_name": ["Ann Lee", "Bo Park"]}).write_csv(
        tmp_path / "contractors.csv"
    )
    (tmp_path / "case.toml").write_text('[sources.logins]\npath = "elsewhere"\n')
    return tmp_path, []


def _reader(made: list[Held]):  # type: ignore[no-untyped-def]
    def read(source: Source, spec: TableSpec, renames: object) -> LoadedTable:
        typed = FlagContext.build(
            logins={
                "contractor_id": ["a", "b", "zz", "a"],
                "ts": [datetime(2025, 1, 1, 9, tzinfo=timezone.utc)] * 4,
                "ip": ["1.1.1.1", "2.2.2.2", "3.3.3.3", None],
            }
        ).tables["logins"]
        made.append(Held(typed))
        rejects = pl.DataFrame(
            {"table": ["logins"], "row": [4], "column": ["ip"], "reason": ["unreadable"]}
        )
        return LoadedTable(
            made[-1],
            [rejects],
            pl.DataFrame(schema=ID_CHANGE_SCHEMA),
            ("contractor_id", "ts", "ip"),
            (),
            4,
        )

    return read


def test_a_case_checks_a_held_table_where_it_is_held(tmp_path: Path) -> None:
    folder, made = _case_with_held_logins(tmp_path)
    case = load_case(folder, read_source=_reader(made))
    assert case.tables.held() and "gather" not in made[0].asked
    unknown = case.rejects.filter(pl.col("reason") == "unknown contractor_id")
    assert unknown.select("table", "row", "column").rows() == [("logins", 3, "contractor_id")]
    assert case.tables.height("logins") == 3
    assert case.record_counts["logins"] == (4, 3, 1)
    assert case.has("logins", "ip") and not case.has("logins", "country")


def test_a_case_keeps_the_first_of_held_contractors_where_they_are_held(tmp_path: Path) -> None:
    # The contractors come from a source an engine holds; "a" is given twice.
    (tmp_path / "case.toml").write_text('[sources.contractors]\npath = "elsewhere"\n')
    (tmp_path / "logins.csv").write_text("contractor_id,ts\na,2025-01-01T09:00:00Z\n")
    made: list[Held] = []

    def read(source: Source, spec: TableSpec, renames: object) -> LoadedTable:
        typed = FlagContext.build(
            contractors={"contractor_id": ["a", "b", "a"], "full_name": ["Ann", "Bo", "Ann L"]}
        ).tables["contractors"]
        made.append(Held(typed))
        no_rows = pl.DataFrame(
            schema={"table": pl.String, "row": pl.Int64, "column": pl.String, "reason": pl.String}
        )
        return LoadedTable(
            made[-1],
            [no_rows],
            pl.DataFrame(schema=ID_CHANGE_SCHEMA),
            ("contractor_id", "full_name"),
            (),
            3,
        )

    case = load_case(tmp_path, read_source=read)
    assert "contractors" in case.tables.held() and "gather" not in made[0].asked
    assert case.rejects.select("table", "row", "reason").rows() == [
        ("contractors", 3, "duplicate contractor_id (first kept, at row 1)")
    ]
    assert case.tables.height("contractors") == 2 and case.tables.height("logins") == 1
    assert case.tables.rows_of("contractors", ["a"])["full_name"].to_list() == ["Ann"]


def test_flags_and_timelines_leave_a_held_table_where_it_is(tmp_path: Path) -> None:
    folder, made = _case_with_held_logins(tmp_path)
    case = load_case(folder, read_source=_reader(made))
    empty = FlagContext.build()
    ctx = FlagContext(tables=case.tables, sightings=empty.sightings, hubs=empty.hubs)
    status = statuses(ctx, FLAGS)
    assert status.filter(pl.col("code") == "LONG_SESSIONS")["evaluated"].to_list() == [False]
    events = timeline(case.tables, ctx.observations, ["a"])
    assert set(events["event"]) >= {"first login", "last login"}
    assert "gather" not in made[-1].asked and "rows_of" in made[-1].asked


def test_a_run_on_held_tables_gives_the_answers_of_frames(tmp_path: Path) -> None:
    folder, made = _case_with_held_logins(tmp_path)
    held = investigate(load_case(folder, read_source=_reader(made)))
    gathered = load_case(folder, read_source=_reader([]))
    whole = investigate(replace(gathered, tables=CaseTables(dict(gathered.tables))))
    assert held.scored.equals(whole.scored) and held.flags.equals(whole.flags)


def test_spelling_merges_gather_only_the_held_identifiers_of_their_kinds(write_case) -> None:
    # One home in two spellings, one of them given in the identifiers table.
    case = load_case(
        write_case(
            {
                "contractors.csv": "contractor_id,address\n"
                'c1,"43 Columbus Ave, Columbus OH 43206"\nc2,\n',
                "identifiers.csv": "contractor_id,kind,value\n"
                'c2, Address ,"43 Colombus Ave, OH 43206"\nc2,email,bo@example.org\n',
            }
        )
    )
    held = Held(case.tables["identifiers"])
    holding = replace(case, tables=CaseTables({**case.tables, "identifiers": held}))
    merges = spelling_merges(holding)
    assert held.asked == ["rows_where"] and "identifiers" in holding.tables.held()
    assert merges["address"].equals(spelling_merges(case)["address"])
    assert merges["address"].height == 2
