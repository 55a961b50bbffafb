import polars as pl
import pytest

from workbench.case import load_case
from workbench.case_tables import TableHandle
from workbench.flags.access import INTERVIEW_IP_FACTS
from workbench.flags.context import OBSERVATION_SCHEMA, FlagContext, table_schema
from workbench.link import HUB_SCHEMA
from workbench.observe import observe
from workbench.synth import synthesize
from workbench.tables import TABLES

_NO_HUBS = pl.DataFrame(schema=HUB_SCHEMA)


def test_build_fills_every_table_to_schema():
    ctx = FlagContext.build(logins={"contractor_id": ["a", "b"], "vpn": [True, None]})
    assert set(ctx.tables) == set(TABLES)
    for name, frame in ctx.tables.items():
        assert frame.schema == pl.Schema(table_schema(name))
    assert ctx.table("logins")["source_row"].to_list() == [1, 2]
    assert ctx.table("logins")["ip"].null_count() == 2


def test_build_observations_default_raw_and_rows():
    ctx = FlagContext.build(observations={"contractor_id": ["a"], "kind": ["ip"], "value": ["1"]})
    assert ctx.observations.schema == pl.Schema(OBSERVATION_SCHEMA)
    assert ctx.observations.select("raw", "source_row").row(0) == ("1", 1)
    assert ctx.prior_flags().is_empty()


def test_build_rejects_unknown_table():
    with pytest.raises(TypeError, match="paychecks"):
        FlagContext.build(paychecks={"contractor_id": ["a"]})


def test_a_case_wide_fact_made_in_parts_is_the_whole_cases(tmp_path):
    # The fact's rows and evidence from two halves of the identities, combined over two
    # halves of the addresses, are the rows the whole case gives (what an engine that
    # splits the case relies on).
    case = load_case(synthesize(tmp_path / "case", contractors=300, rings=2, seed=3).out_dir)
    whole = FlagContext(tables=case.tables, sightings=TableHandle(observe(case)), hubs=_NO_HUBS)
    fact = INTERVIEW_IP_FACTS
    expected = fact.compute(whole)
    assert expected["country"].drop_nulls().len() > 50 and expected["anonymising"].any()
    ids = case.tables["contractors"]["contractor_id"]
    halves = [ids.head(150), ids.tail(150)]
    rows, evidence = [], []
    for half in halves:
        mine = pl.col("contractor_id").is_in(half.implode())
        part = FlagContext(
            tables={
                name: frame.filter(mine) if "contractor_id" in frame.columns else frame
                for name, frame in case.tables.items()
            },
            sightings=TableHandle(whole.observations.filter(mine)),
            hubs=_NO_HUBS,
        )
        rows.append(fact.rows(part))
        evidence.append(fact.evidence(part))
    all_rows, all_evidence = pl.concat(rows), pl.concat(evidence)
    values = all_rows[fact.on].unique().sort()
    combined = [
        fact.combine(
            all_rows.filter(pl.col(fact.on).is_in(some.implode())),
            all_evidence.filter(pl.col(fact.on).is_in(some.implode())),
        )
        for some in (values.head(values.len() // 2), values.tail(values.len() - values.len() // 2))
    ]
    order = ["contractor_id", "source_row"]
    assert pl.concat(combined).sort(order).equals(expected.sort(order))
