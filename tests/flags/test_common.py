import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from workbench.flags import common
from workbench.flags.context import FlagContext


def test_refs_are_capped_and_sorted_numerically():
    rows = pl.DataFrame({"id": ["a"] * 30, "source_row": list(range(30, 0, -1))})
    out = rows.group_by("id").agg(common.refs("logins"))["refs"].item().split(";")
    assert len(out) == common.MAX_REFS
    assert out[:3] == ["logins:1", "logins:2", "logins:3"]


@given(
    st.lists(
        st.tuples(st.sampled_from("abc"), st.integers(1, 40) | st.none()), min_size=1, max_size=60
    )
)
def test_refs_to_one_table_read_as_refs_to_a_column_of_tables(rows):
    # The one-table form orders and deduplicates row numbers before writing them out;
    # the general form writes every reference, then orders and deduplicates the text.
    frame = pl.DataFrame(rows, schema={"id": pl.String, "source_row": pl.Int64}, orient="row")
    one_table = frame.group_by("id").agg(common.refs("logins")).sort("id")
    as_column = (
        frame.with_columns(table=pl.lit("logins"))
        .group_by("id")
        .agg(common.refs(pl.col("table")))
        .sort("id")
    )
    assert one_table.equals(as_column)


def test_quote_cuts_long_values_only():
    out = pl.select(common.quote(pl.lit("short")), common.quote(pl.lit("y" * 100)).alias("l"))
    assert out.row(0) == ("short", "y" * (common.MAX_QUOTE - 1) + "…")


def test_shared_values_respects_minimum_and_source():
    ctx = FlagContext.build(
        observations={
            "contractor_id": ["a", "b", "c", "d"],
            "kind": ["address"] * 4,
            "value": ["x", "x", "x", "x"],
            "source": ["shipments", "shipments", "contractors", "shipments"],
        }
    )
    three = common.shared_values(ctx, "address", label="addr", min_identities=3, source="shipments")
    assert three["contractor_id"].to_list() == ["a", "b", "d"]
    four = common.shared_values(ctx, "address", label="addr", min_identities=4, source="shipments")
    assert four.is_empty()


def test_claimed_countries_normalises_names():
    ctx = FlagContext.build(
        contractors={"contractor_id": ["a", "b"], "country": ["United States", "Atlantis"]}
    )
    assert common.claimed_countries(ctx).rows() == [("a", "US", 1)]


def test_shared_values_names_the_first_others_and_counts_them_all():
    ids = [f"c{i}" for i in range(8)]
    ctx = FlagContext.build(
        observations={"contractor_id": ids, "kind": ["device"] * 8, "value": ["d1"] * 8}
    )
    out = dict(
        common.shared_values(ctx, "device", label="device")
        .select("contractor_id", "evidence")
        .rows()
    )
    assert out["c0"] == "device d1 shared with 7 other identities (c1, c2, c3, c4, c5, …)"
    assert out["c7"] == "device d1 shared with 7 other identities (c0, c1, c2, c3, c4, …)"
