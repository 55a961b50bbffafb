"""A tiny hand-made investigation for explorer tests: two rings and a loner."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import polars as pl

from workbench.rings import members_of, ties_within
from workbench.settings import Settings


@dataclass
class FakeRing:
    """The slice of `RingView` the explorer uses."""

    investigation: FakeInvestigation
    ring_id: str

    @property
    def member_ids(self) -> pl.Series:
        return members_of(self.investigation.members, self.ring_id)

    @property
    def ties(self) -> pl.DataFrame:
        inside = self.investigation.members.filter(pl.col("ring_id") == self.ring_id)
        return ties_within(inside, self.investigation.links)

    @property
    def flags(self) -> pl.DataFrame:
        flags = self.investigation.flags
        return flags.filter(pl.col("contractor_id").is_in(self.member_ids.implode()))

    @property
    def reasons(self) -> list[str]:
        rings = self.investigation.ring_scores
        return list(rings.filter(pl.col("ring_id") == self.ring_id)["reasons"][0])

    def graph(self) -> nx.MultiGraph:
        return self.investigation.graph_of(self.member_ids.to_list())

    def to_html(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"<html>{self.ring_id}</html>", encoding="utf-8")
        return path


@dataclass
class FakeInvestigation:
    """Frames shaped like `Investigation`'s, small enough to read."""

    case_path: Path
    settings: Settings = field(default_factory=Settings)

    def __post_init__(self) -> None:
        contractors = pl.DataFrame(
            {
                "contractor_id": ["c1", "c2", "c3", "c4", "c5", "c6"],
                "full_name": ["Ann Lee", "Bo <b>Kim</b>", "Cy Park", "Di Ng", None, "Lone Wolf"],
            }
        )
        self.case = type(
            "Case", (), {"path": self.case_path, "tables": {"contractors": contractors}}
        )
        self.members = pl.DataFrame(
            {
                "ring_id": ["rA", "rA", "rA", "rB", "rB"],
                "contractor_id": ["c1", "c2", "c3", "c4", "c5"],
            }
        )
        self.links = pl.DataFrame(
            {
                "contractor_a": ["c1", "c2", "c4", "c3"],
                "contractor_b": ["c2", "c3", "c5", "c6"],
                "kind": ["payment_account", "device", "ip", "ip"],
                "value": ["de89370400440532013000", "dev-9", "203.0.113.7", "198.51.100.1"],
                "weight": [0.9, 0.7, 0.4, 0.4],
            }
        )
        self.observations = pl.DataFrame(
            {
                "contractor_id": ["c1", "c4", "c5", "c6"],
                "kind": ["email", "ip", "payment_account", "email"],
                "value": [
                    "ann.lee@example.com",
                    "203.0.113.7",
                    "de89370400440532013000",
                    "lone@x.org",
                ],
                "raw": [
                    "Ann.Lee@Example.com",
                    "203.0.113.7",
                    "DE89 3704 0044 0532 0130 00",
                    "lone@x.org",
                ],
            }
        )
        self.ring_scores = pl.DataFrame(
            {
                "ring_id": ["rA", "rB"],
                "ring_size": [3, 2],
                "ring_score": [82.5, 41.0],
                "reasons": [["shared payment account", "same device"], ["shared login IP"]],
            }
        )
        self.scored = pl.DataFrame(
            {
                "contractor_id": ["c1", "c2", "c3", "c4", "c5", "c6"],
                "ring_id": ["rA", "rA", "rA", "rB", "rB", None],
                "risk_score": [90.0, 70.0, 60.0, 40.0, 35.0, 5.0],
                "flags": ["VPN_HEAVY", "", "", "", "", ""],
            }
        )
        self.flags = pl.DataFrame(
            {
                "contractor_id": ["c1"],
                "code": ["VPN_HEAVY"],
                "weight": [0.3],
                "evidence": ["92% of logins through a VPN"],
                "refs": ["FBI 2024"],
            }
        )

    def ring(self, ring_id: str) -> FakeRing:
        return FakeRing(self, ring_id)

    def neighbourhood(self, contractor_id: str, hops: int = 1) -> nx.MultiGraph:
        reached = {contractor_id}
        for _ in range(hops):
            for a, b in self.links.select("contractor_a", "contractor_b").iter_rows():
                if a in reached or b in reached:
                    reached |= {a, b}
        return self.graph_of(sorted(reached))

    def graph_of(self, ids: list[str]) -> nx.MultiGraph:
        graph = nx.MultiGraph()
        for cid in ids:
            graph.add_node(f"contractor:{cid}", kind="contractor", label=cid, risk=50.0)
        for a, b, kind, value, weight in self.links.iter_rows():
            if a in ids and b in ids:
                graph.add_edge(
                    f"contractor:{a}",
                    f"contractor:{b}",
                    kind=kind,
                    weight=weight,
                    evidence=f"shared {kind}: {value}",
                )
        return graph


def fake_investigation(folder: Path) -> FakeInvestigation:
    """A fake investigation whose case folder is ``folder/case`` (created)."""
    case = folder / "case"
    case.mkdir()
    return FakeInvestigation(case)
