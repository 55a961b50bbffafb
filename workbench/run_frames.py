"""What the modules that read a finished run see of it, as protocols.

`workbench.investigation` imports the case memory, the ring views and the
exports, so they read a run through these protocols rather than importing it:
`RunFrames` is what the case memory (`workbench.case_memory`, `workbench.carry`,
`workbench.changes`) reads, `Run` and `Ring` what a ring view
(`workbench.ring_view`) and the exports read. `Investigation` and `RingView`
satisfy them, and so can any object with these frames.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

import networkx as nx
import polars as pl

from workbench.case import Case
from workbench.case_tables import TableHandle
from workbench.settings import Settings


class RunFrames(Protocol):
    """A finished run: its case and the frames the case memory reads."""

    @property
    def case(self) -> Case:
        """The loaded case (its ``path`` is where the memory lives)."""

    @property
    def members(self) -> pl.DataFrame:
        """ring_id, contractor_id: one row per member of a ring."""

    @property
    def ring_scores(self) -> pl.DataFrame:
        """One row per ring: ring_id, ring_score, lineage_id …"""

    @property
    def lineage(self) -> pl.DataFrame:
        """Each ring's lineage and what it carries (`workbench.carry.FOLLOWED_SCHEMA`)."""

    @property
    def scored(self) -> pl.DataFrame:
        """One row per identity: contractor_id, ring_id, risk_score …"""

    @property
    def flags(self) -> pl.DataFrame:
        """Red flags raised: contractor_id, code, evidence …"""

    @property
    def links(self) -> pl.DataFrame:
        """Every tie: contractor_a, contractor_b, kind, value, weight."""


class Run(Protocol):
    """The frames of one run that its ring views and the exports read
    (`workbench.investigation.Investigation` is one)."""

    @property
    def case(self) -> Case: ...

    @property
    def settings(self) -> Settings: ...

    @property
    def sightings(self) -> TableHandle: ...

    @property
    def links(self) -> pl.DataFrame: ...

    @property
    def hubs(self) -> pl.DataFrame: ...

    @property
    def members(self) -> pl.DataFrame: ...

    @property
    def flags(self) -> pl.DataFrame: ...

    @property
    def alerts(self) -> pl.DataFrame: ...

    @property
    def ring_scores(self) -> pl.DataFrame: ...

    @property
    def sub_teams(self) -> pl.DataFrame: ...

    def profiles(self, contractor_ids: Iterable[str]) -> pl.DataFrame: ...

    def ring(self, ring_id: str) -> Ring: ...


class Ring(Protocol):
    """One ring as an export reads it (`workbench.ring_view.RingView` is one)."""

    @property
    def investigation(self) -> Run: ...

    @property
    def ring_id(self) -> str: ...

    @property
    def member_ids(self) -> pl.Series: ...

    @property
    def members(self) -> pl.DataFrame: ...

    @property
    def score(self) -> float: ...

    @property
    def reasons(self) -> list[str]: ...

    @property
    def sightings(self) -> pl.DataFrame: ...

    @property
    def shared_values(self) -> pl.DataFrame: ...

    @property
    def flags(self) -> pl.DataFrame: ...

    def identifier_graph(self) -> nx.MultiGraph: ...
