"""Time-to-interactive and file sizes of exported HTML pages.

Run: ``.venv/bin/python benchmarks/html_bench.py`` (needs Debian's chromium).
Prints render time (Python), file size and time-to-interactive in headless
chromium (navigation start to the page's ready flag, set after vis-network's
first draw) for rings of several sizes, and the size of a report index.
"""

from __future__ import annotations

import random
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import networkx as nx
import polars as pl
from playwright.sync_api import sync_playwright

from workbench.views.html import render_graph_html
from workbench.views.pages import render_report

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
RUNS = 5
KINDS = ["email", "phone", "address", "payment_account", "device", "ip"]


def ring(n_nodes: int, seed: int = 3) -> nx.Graph:
    """Two thirds contractors, one third shared identifiers, three ties each."""
    rng = random.Random(seed)
    graph = nx.Graph()
    contractors = [f"c{i:05d}" for i in range(n_nodes * 2 // 3)]
    for c in contractors:
        graph.add_node(
            c,
            kind="contractor",
            label=f"Person {c}",
            risk=rng.uniform(0, 100),
            details={"country": "US", "email": f"{c}@mail.example"},
            flags=["vpn"],
        )
    for j in range(n_nodes - len(contractors)):
        kind = KINDS[j % len(KINDS)]
        node = f"{kind}:{j}"
        graph.add_node(node, kind=kind, label=f"{kind} value {j}", details={"value": str(j)})
        for c in rng.sample(contractors, 3):
            graph.add_edge(c, node, kind=kind, weight=rng.random(), evidence=f"shared {kind}: {j}")
    return graph


def time_to_interactive(browser, path: Path) -> float:
    """Milliseconds from navigation start to the ready flag, median of RUNS fresh pages."""
    samples = []
    for _ in range(RUNS):
        page = browser.new_page()
        page.route(
            "**/*",
            lambda route, request: (
                route.continue_() if request.url.startswith("file://") else route.abort()
            ),
        )
        page.goto(path.as_uri())
        page.wait_for_function("() => window.__graphReady !== undefined", timeout=30_000)
        samples.append(page.evaluate("() => window.__graphReady"))
        page.close()
    return statistics.median(samples)


def main() -> None:
    chromium = shutil.which("chromium")
    if chromium is None:
        raise SystemExit("chromium not found on PATH")
    out = Path(tempfile.mkdtemp(prefix="html_bench_"))
    rings = pl.DataFrame(
        {
            "ring_id": [f"R{i:04d}" for i in range(500)],
            "ring_size": [3 + i % 7 for i in range(500)],
            "ring_score": [float(i % 100) for i in range(500)],
            "reasons": ["shared payment account; shared address; UTC+9 hours"] * 500,
            "disposition": [None] * 500,
        }
    )
    report = out / "report.html"
    report.write_text(render_report(rings, title="bench"), encoding="utf-8")
    print(f"report.html with 500 rings: {report.stat().st_size / 1024:.0f} KiB")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        for n_nodes in (30, 300, 1000, 3000):
            graph = ring(n_nodes)
            started = time.perf_counter()
            page = render_graph_html(graph, title=f"{n_nodes} nodes")
            render_s = time.perf_counter() - started
            path = out / f"ring_{n_nodes}.html"
            path.write_text(page, encoding="utf-8")
            tti = time_to_interactive(browser, path)
            print(
                f"{n_nodes:>5} nodes: render {render_s:.2f} s, "
                f"file {path.stat().st_size / 1024:.0f} KiB, time-to-interactive {tti:.0f} ms"
            )
        browser.close()


if __name__ == "__main__":
    main()
