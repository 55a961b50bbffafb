"""Decide who is who: ring members, lone fronts, families, agencies, co-workers, the rest."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from workbench.errors import CaseError
from workbench.synth import rates

#: The ground-truth group kinds, as the scorer reads them.
GROUP_KINDS = ("ring", "solo_dprk", "agency", "family", "cowork", "legit")


@dataclass(frozen=True)
class Layout:
    """Group membership of every contractor (index = position in the contractors table)."""

    kind: np.ndarray  # group kind per contractor (str)
    group: np.ndarray  # group number within its kind, -1 for singletons
    group_id: np.ndarray  # truth group id (str)

    @property
    def size(self) -> int:
        """Number of contractors."""
        return len(self.kind)

    def members(self, kind: str) -> list[np.ndarray]:
        """Indices of each group of ``kind``, ordered by group number."""
        mask = self.kind == kind
        groups = self.group[mask]
        idx = np.flatnonzero(mask)
        return [idx[groups == g] for g in range(int(groups.max()) + 1)] if mask.any() else []


def ring_sizes(rng: np.random.Generator, rings: int) -> list[int]:
    """Varied ring sizes in RING_SIZE_RANGE: a spread from small to large, shuffled.

    Examples
    --------
    >>> s = ring_sizes(np.random.default_rng(7), 6)
    >>> len(s), min(s) >= 3, max(s) <= 12, len(set(s)) > 1
    (6, True, True, True)
    """
    lo, hi = rates.RING_SIZE_RANGE
    spread = np.linspace(lo, hi, num=max(rings, 1))[:rings]
    sizes = np.clip(np.rint(spread + rng.normal(0, 1.0, rings)), lo, hi).astype(int)
    return [int(s) for s in rng.permutation(sizes)]


def _group_sizes(rng: np.random.Generator, total: int, size_range: tuple[int, int]) -> list[int]:
    """Split about ``total`` people into groups with sizes drawn from ``size_range``."""
    sizes: list[int] = []
    while sum(sizes) + size_range[0] <= total:
        sizes.append(int(rng.integers(size_range[0], size_range[1] + 1)))
    return sizes


def layout(rng: np.random.Generator, contractors: int, rings: int) -> Layout:
    """Assign every contractor to one group kind, at the rates in ``rates``.

    Positions are shuffled so contractor ids reveal nothing about groups.

    Examples
    --------
    >>> lay = layout(np.random.default_rng(7), 2000, 6)
    >>> sorted(set(lay.kind.tolist())) == sorted(GROUP_KINDS), len(lay.members("ring"))
    (True, 6)
    """
    sizes = ring_sizes(rng, rings)
    solo = max(1, round(contractors * rates.SOLO_RATE))
    room = contractors - sum(sizes) - solo
    if room < contractors // 2:
        raise CaseError(
            f"synthesize: {contractors} contractors cannot hold {rings} rings; "
            f"use at least {2 * (sum(sizes) + solo)} contractors or fewer rings"
        )
    plan: list[tuple[str, int]] = [("ring", s) for s in sizes] + [("solo_dprk", 1)] * solo
    agencies = contractors // rates.AGENCY_PER_CONTRACTORS or int(contractors >= 200)
    cap = max(rates.AGENCY_SIZE[0], contractors // 20)
    plan += [
        ("agency", min(cap, int(rng.integers(rates.AGENCY_SIZE[0], rates.AGENCY_SIZE[1] + 1))))
        for _ in range(agencies)
    ]
    coworks = contractors // rates.COWORK_PER_CONTRACTORS or int(contractors >= 200)
    cap = max(rates.COWORK_SIZE[0], contractors // 10)
    plan += [
        ("cowork", min(cap, int(rng.integers(rates.COWORK_SIZE[0], rates.COWORK_SIZE[1] + 1))))
        for _ in range(coworks)
    ]
    plan += [
        ("family", s)
        for s in _group_sizes(rng, round(contractors * rates.FAMILY_SHARE), rates.FAMILY_SIZE)
    ]
    used = sum(s for _, s in plan)
    if used > contractors:
        plan = [(k, s) for k, s in plan if k in ("ring", "solo_dprk")]
        used = sum(s for _, s in plan)
    kind = np.full(contractors, "legit", dtype=object)
    group = np.full(contractors, -1, dtype=np.int64)
    gid = np.empty(contractors, dtype=object)
    counters = dict.fromkeys(GROUP_KINDS, 0)
    pos = 0
    prefix = {
        "ring": "ring",
        "solo_dprk": "solo",
        "agency": "agency",
        "family": "family",
        "cowork": "cowork",
    }
    for k, s in plan:
        n = counters[k]
        kind[pos : pos + s] = k
        group[pos : pos + s] = n
        gid[pos : pos + s] = f"{prefix[k]}-{n + 1:03d}"
        counters[k] += 1
        pos += s
    order = rng.permutation(contractors)
    kind, group, gid = kind[order], group[order], gid[order]
    legit = kind == "legit"
    gid[legit] = [f"legit-{i + 1:07d}" for i in range(int(legit.sum()))]
    return Layout(kind=kind, group=group, group_id=gid)
