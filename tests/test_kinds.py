"""The kind registry: every kind declared once and completely."""

from __future__ import annotations

import polars as pl
import pytest

from workbench.kinds import (
    DEFAULT_LOOK,
    KINDS,
    Privacy,
    column_kinds,
    derived_parents,
    kind_for,
)
from workbench.observe import CONTEXT
from workbench.search import searched_kinds
from workbench.tables import TABLES


@pytest.mark.parametrize("key", sorted(KINDS))
def test_every_kind_is_complete(key):
    kind = KINDS[key]
    assert kind.label and 0 < kind.strength <= 1 and kind.hub_limit >= 2
    assert isinstance(kind.privacy, Privacy)
    assert kind.look is not DEFAULT_LOOK
    assert not (kind.sources and kind.derived_from), "a derived kind has no sources of its own"


def test_sources_name_real_columns_and_known_context():
    for key, kind in KINDS.items():
        for source in kind.sources:
            assert source.column in TABLES[source.table].names, (key, source)
            assert set(source.context) <= set(CONTEXT), (key, source)


def test_derived_kinds_point_at_declared_parents():
    parents = derived_parents()
    assert parents and all(parent in KINDS for parent in parents.values())


def test_a_column_yields_one_kind():
    pairs = [(s.table, s.column) for kind in KINDS.values() for s in kind.sources]
    assert len(pairs) == len(set(pairs)) == len(column_kinds())


def test_a_new_kind_from_a_case_is_weighed_and_masked_by_default():
    badge = kind_for("badge_number")
    assert badge.label == "Badge number" and badge.privacy is Privacy.OPAQUE
    assert badge.normalize(pl.DataFrame({"raw": [" B-7 ", "n/a"]})).to_list() == ["b-7", None]


def test_search_reaches_the_identifiers_an_analyst_pastes():
    pasted = ["email", "phone", "payment_account", "ip", "device", "github", "address"]
    assert searched_kinds(pasted) == sorted(pasted)
