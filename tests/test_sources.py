"""A case.toml's ``[sources]``: tables named as Spark tables or paths, checked before any read."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.case import load_case
from workbench.errors import CaseError
from workbench.sources import Source, case_sources

FOLDER = Path("/cases/acme")


def sources(section: object) -> dict[str, Source]:
    return case_sources(FOLDER, {"sources": section})


def test_a_source_is_a_spark_table_or_a_path_read_from_the_case_folder():
    found = sources(
        {
            "logins": {"table": "main.hr.logins", "row": "event_id"},
            "payments": {"path": "s3://exports/payments/", "format": "Delta"},
            "shipments": {"path": "exports/shipments", "options": {"header": "true"}},
        }
    )
    assert found["logins"] == Source("logins", spark_table="main.hr.logins", row="event_id")
    assert found["logins"].described == "table main.hr.logins"
    assert (found["payments"].path, found["payments"].format) == ("s3://exports/payments/", "delta")
    assert found["shipments"].path == str(FOLDER / "exports" / "shipments")
    assert found["shipments"].options == {"header": "true"}
    assert case_sources(FOLDER, {}) == {}


@pytest.mark.parametrize(
    ("section", "complaint"),
    [
        ({"login": {"table": "t"}}, "[sources.login] names no case table (known: contractors"),
        ({"logins": "hr.logins"}, "[sources.logins] must be a table of settings"),
        ({"logins": {"table": "t", "path": "p"}}, "either a table or a path, not both"),
        ({"logins": {}}, "either a table or a path, not both or neither"),
        ({"logins": {"path": "p", "format": "xlsx"}}, "format 'xlsx' is not one of parquet"),
        ({"logins": {"table": "t", "rows": "id"}}, "unknown setting 'rows'"),
        ({"logins": {"table": 7}}, "table must be text, in quotes"),
        ({"logins": {"table": "t", "row": " "}}, "row must be text, in quotes"),
        ({"logins": {"table": "t", "options": {"header": True}}}, "options must map names"),
        (["logins"], "[sources] must hold one table per case table"),
    ],
)
def test_a_source_that_cannot_be_read_as_one_stops_naming_the_case_toml(section, complaint):
    with pytest.raises(CaseError, match="case.toml") as raised:
        sources(section)
    assert complaint in str(raised.value)


def test_a_case_with_sources_needs_the_spark_engine_and_one_source_per_table(write_case):
    toml = '[sources.logins]\ntable = "hr.logins"\n'
    folder = write_case({"contractors.csv": "contractor_id\nc1\n", "case.toml": toml})
    with pytest.raises(CaseError, match=r"\(logins\); run with --engine spark"):
        load_case(folder)
    both = write_case(
        {"contractors.csv": "contractor_id\nc1\n", "logins.csv": "x\n", "case.toml": toml},
        name="both",
    )
    with pytest.raises(CaseError, match="table 'logins' has a file .logins.csv. and a source"):
        load_case(both, read_source=lambda *_: pytest.fail("the source must not be read"))


def test_the_contractors_table_may_come_from_a_source(write_case):
    folder = write_case({"case.toml": '[sources.contractors]\ntable = "hr.people"\n'})
    with pytest.raises(CaseError, match="run with --engine spark"):
        load_case(folder)  # not "no contractors table"
