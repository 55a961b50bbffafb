"""Inputs for the browser tests: attack payloads and rings of a given size."""

from __future__ import annotations

import io
import os
import random
from datetime import datetime, timezone
from pathlib import Path

import networkx as nx
import polars as pl
from PIL import Image

from tests.conftest import REPO
from tests.foreign.foreign_case import XSS_IMG, XSS_SCRIPT
from workbench.investigation import Investigation
from workbench.timeline import EVENT_SCHEMA

# Strings an attacker could put in a case: each must show as literal text.
PAYLOADS = {
    "name": "<img src=x onerror=window.__pwned=1>",
    "email": "</script><script>window.__pwned=1</script>@evil.example",
    "address": '"><svg onload=window.__pwned=1>\u2028 1 Main St\u2029',
    "github": "javascript:window.__pwned=1",
    "comment": "<!-- x",
}


def payload_graph() -> nx.MultiGraph:
    """A small ring whose every string is an attack payload."""
    graph = nx.MultiGraph()
    graph.add_node(
        "c1",
        kind="contractor",
        label=PAYLOADS["name"],
        risk=91.0,
        email=PAYLOADS["email"],
        address=PAYLOADS["address"],
        flags="vpn<script>",
    )
    graph.add_node("c2", kind="contractor", label="Jo Smith\u2028two", risk=40.0)
    graph.add_node("e1", kind="email", label=PAYLOADS["email"])
    graph.add_node("a1", kind="address", label=PAYLOADS["address"])
    graph.add_node("g1", kind="github", label=PAYLOADS["github"])
    graph.add_node("x1", kind="<b>new-kind</b>", label=PAYLOADS["comment"])
    for node in ["e1", "a1", "g1", "x1"]:
        graph.add_edge(
            "c1",
            node,
            kind=graph.nodes[node]["kind"],
            weight=0.9,
            evidence=f"seen {PAYLOADS['name']}",
        )
        graph.add_edge(
            "c2", node, kind=graph.nodes[node]["kind"], weight=0.5, evidence=PAYLOADS["address"]
        )
    graph.add_edge("c1", "c2", kind="referral", weight=0.3, evidence=PAYLOADS["email"])
    return graph


def payload_frames() -> dict[str, pl.DataFrame]:
    """Members, evidence, timeline and login frames for the payload ring."""
    return {
        "members": pl.DataFrame(
            {
                "contractor_id": ["c1", "c2"],
                "full_name": [PAYLOADS["name"], "Jo Smith\u2028two"],
                "country": ["US", '"><svg onload=window.__pwned=1>'],
                "risk_score": [91.0, 40.0],
                "flags": ["vpn;camera_off", None],
                "disposition": [None, "needs review"],
            }
        ),
        "evidence": pl.DataFrame(
            {
                "kind": ["email", "address"],
                "value": [PAYLOADS["email"], PAYLOADS["address"]],
                "written": [
                    [{"text": PAYLOADS["email"], "kind": "email"}],
                    [{"text": PAYLOADS["address"], "kind": "address"}],
                ],
                "members": [["c1", "c2"], ["c1", "c2"]],
                "since": [None, None],
                "weight": [0.9, 0.7],
            }
        ),
        "timeline": payload_timeline(),
        "login_heat": pl.DataFrame({"weekday": [1, 1, 5], "hour": [1, 2, 2], "logins": [4, 9, 3]}),
    }


def write_payload_ring(folder: Path, **options: str) -> Path:
    """The payload ring's page as ``folder/rings/R1.html``; ``options`` go to the renderer
    (``report_href``, ``assets_href`` for a page that loads the shared library)."""
    from workbench.views.pages import render_ring_page

    ring = folder / "rings" / "R1.html"
    ring.parent.mkdir()
    ring.write_text(
        render_ring_page(
            ring_id="R1",
            ring_score=88.0,
            tie_score=30.0,
            reasons=[PAYLOADS["name"]],
            graph=payload_graph(),
            **options,
            **payload_frames(),
        ),
        encoding="utf-8",
    )
    return ring


def payload_timeline() -> pl.DataFrame:
    """Events of the payload ring: payloads as an identity's id, as details and as a referrer."""
    moments = [datetime(2024, 1, day, 9, tzinfo=timezone.utc) for day in (2, 5, 5, 9, 20)]
    return pl.DataFrame(
        [
            (moments[0], "c1", "hired", PAYLOADS["name"], None),
            (moments[1], PAYLOADS["name"], "hired", PAYLOADS["comment"], None),
            (moments[2], PAYLOADS["name"], "referred", f"referred by {PAYLOADS['github']}", "c1"),
            (moments[3], "c2", "equipment shipped", PAYLOADS["address"], None),
            (moments[4], "c2", "first payment", PAYLOADS["email"], None),
        ],
        schema=EVENT_SCHEMA,
        orient="row",
    )


def big_ring(n_contractors: int, seed: int = 3) -> nx.Graph:
    """A ring of contractors tied through shared identifiers (deterministic)."""
    rng = random.Random(seed)
    graph = nx.Graph()
    kinds = ["email", "phone", "address", "payment_account", "device", "ip"]
    for i in range(n_contractors):
        graph.add_node(
            f"c{i:04d}",
            kind="contractor",
            label=f"Person {i}",
            risk=rng.uniform(0, 100),
            country="US",
        )
    for j in range(n_contractors // 2):
        kind = kinds[j % len(kinds)]
        node = f"{kind}:{j}"
        graph.add_node(node, kind=kind, label=f"{kind} value {j}")
        for c in rng.sample(range(n_contractors), 3):
            graph.add_edge(
                f"c{c:04d}", node, kind=kind, weight=rng.random(), evidence=f"shared {kind} {j}"
            )
    return graph


def top_ring_sharing(inv: Investigation, kind: str) -> str:
    """The highest-scored ring whose members share a value of ``kind`` (an address, say),
    for a test that searches such a value."""
    return next(r for r in inv.ring_scores["ring_id"] if kind in inv.ring(r).shared_values["kind"])


def ring_of(inv: Investigation, contractor_id: str) -> str:
    """The ring an identity is a member of."""
    return inv.members.filter(pl.col("contractor_id") == contractor_id)["ring_id"].item()


def plant_payloads(case: Path, *, renamed: str, name: str, badge_holders: tuple[str, str]) -> None:
    """In a copy of the sample case: rename one identity to a script payload, and give
    two identities a shared "badge" identifier whose value is a payload, in two spellings."""
    contractors = case / "contractors.csv"
    text = contractors.read_text(encoding="utf-8")
    assert f"\n{renamed},{name}," in text
    contractors.write_text(text.replace(f"\n{renamed},{name},", f"\n{renamed},{XSS_IMG},"))
    first, second = badge_holders
    with (case / "identifiers.csv").open("a", encoding="utf-8") as identifiers:
        identifiers.write(f"{first},badge,{XSS_SCRIPT},2024-01-01T00:00:00Z\n")
        identifiers.write(f"{second},badge,{XSS_SCRIPT.upper()},2024-02-01T00:00:00Z\n")


#: Set to refresh the docs' screenshots (`make screenshots`); a plain test run leaves the
#: checkout as it found it and keeps them in test-artifacts/.
REFRESH_DOCS = "WORKBENCH_REFRESH_DOCS"


def screenshot_path(name: str) -> Path:
    """Where a screenshot the docs show is kept: docs/img/ when refreshing them, else
    test-artifacts/."""
    folder = "docs/img" if os.environ.get(REFRESH_DOCS) == "1" else "test-artifacts"
    return REPO / folder / name


def save_screenshot(png: bytes, path: Path) -> None:
    """Keep a screenshot as a 256-colour PNG (a third of the bytes)."""
    path.parent.mkdir(exist_ok=True)
    Image.open(io.BytesIO(png)).quantize(colors=256).save(path, optimize=True)
