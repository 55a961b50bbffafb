"""on_unique and map_python: answers per value, whatever the share of repeats."""

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from workbench.normalize._unique import map_python, on_unique

VALUES = st.lists(st.one_of(st.none(), st.sampled_from(["a", "b", "c"]), st.text(max_size=4)))


@given(VALUES)
def test_on_unique_answers_each_value_as_computing_it_alone_would(values):
    series = pl.Series("x", values, dtype=pl.String)
    answers = on_unique(series, lambda text: text.str.to_uppercase() + "!")
    assert answers.name == "x"
    assert answers.to_list() == [None if v is None else v.upper() + "!" for v in values]


def test_on_unique_with_nearly_every_value_distinct_keeps_nulls_in_place():
    values = [f"v{i}" for i in range(50)] + [None, "v1"]
    answers = on_unique(pl.Series(values), lambda text: text.str.len_chars())
    assert answers.to_list() == [None if v is None else len(v) for v in values]


def test_map_python_calls_once_per_distinct_value_even_when_few_repeat():
    calls: list[str] = []
    values = [f"v{i}" for i in range(50)] + ["v1", None]
    answers = map_python(pl.Series(values), lambda v: calls.append(v) or v[::-1])
    assert sorted(calls) == sorted({v for v in values if v is not None})
    assert answers.to_list() == [None if v is None else v[::-1] for v in values]
