"""The layout of group kinds."""

from __future__ import annotations

import numpy as np
import pytest

from workbench.errors import CaseError
from workbench.synth.groups import GROUP_KINDS, layout, ring_sizes


def test_layout_sizes_follow_the_rates() -> None:
    lay = layout(np.random.default_rng(1), 5000, 10)
    counts = {k: int((lay.kind == k).sum()) for k in GROUP_KINDS}
    assert counts["solo_dprk"] == 50
    assert all(3 <= len(m) <= 12 for m in lay.members("ring"))
    assert all(10 <= len(m) <= 40 for m in lay.members("agency"))
    assert all(2 <= len(m) <= 5 for m in lay.members("family"))
    assert all(20 <= len(m) <= 80 for m in lay.members("cowork"))
    assert counts["legit"] > 4000


def test_ids_reveal_nothing_positions_are_shuffled() -> None:
    lay = layout(np.random.default_rng(1), 2000, 6)
    first = np.flatnonzero(lay.kind == "ring")
    assert np.diff(first).max() > 1


def test_ring_sizes_vary() -> None:
    sizes = ring_sizes(np.random.default_rng(2), 8)
    assert len(set(sizes)) >= 4 and min(sizes) <= 5 and max(sizes) >= 10


def test_too_small_population_is_refused() -> None:
    with pytest.raises(CaseError, match="at least"):
        layout(np.random.default_rng(1), 30, 5)
