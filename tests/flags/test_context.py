import polars as pl
import pytest

from workbench.flags.context import OBSERVATION_SCHEMA, FlagContext, table_schema
from workbench.tables import TABLES


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
