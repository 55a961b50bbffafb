"""Speed and size of the exported HTML pages.

Run: ``.venv/bin/python benchmarks/html_bench.py`` (needs Debian's chromium).
For rings of several sizes it prints the render time (Python), the file size
and the time-to-interactive in headless chromium (navigation start to the
page's ready flag, set after vis-network's first draw) of the page twice: as a
run writes it, loading the graph library from ``../assets``, and
self-contained, as ``ring.to_html`` exports it.

``--case PATH`` instead investigates a case folder once and times
`workbench.output.write_html` on the result ``--repeats`` times (the report and
the ring pages, shared library and self-contained), in CPU seconds (every
thread of the process) and wall seconds, and prints the sizes of the pages it
writes.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import networkx as nx
from playwright.sync_api import sync_playwright

from workbench.views.html import Fragment, graph_fragment, render_document, write_shared_scripts

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
            country="US",
            email=f"{c}@mail.example",
            flags="VPN_HEAVY",
        )
    for j in range(n_nodes - len(contractors)):
        kind = KINDS[j % len(KINDS)]
        node = f"{kind}:{j}"
        graph.add_node(node, kind=kind, label=f"{kind} value {j}", value=str(j))
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


def page(fragment: Fragment, title: str, assets_href: str | None) -> str:
    return render_document(
        title=title,
        body=fragment.body,
        scripts=fragment.scripts,
        libraries=fragment.libraries,
        assets_href=assets_href,
    )


def bench_graphs() -> None:
    chromium = shutil.which("chromium")
    if chromium is None:
        raise SystemExit("chromium not found on PATH")
    out = Path(tempfile.mkdtemp(prefix="html_bench_"))
    write_shared_scripts(out / "assets")
    (out / "rings").mkdir()
    print("| graph | render | shared: file | shared: ready | self-contained: file | ready |")
    print("|---|---|---|---|---|---|")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        for n_nodes in (30, 300, 1000, 3000):
            title = f"{n_nodes} nodes"
            started = time.perf_counter()
            fragment = graph_fragment({title: ring(n_nodes)}, title=title)
            render_s = time.perf_counter() - started
            cells = []
            for assets_href, name in (("../assets", "shared"), (None, "whole")):
                path = out / "rings" / f"{name}_{n_nodes}.html"
                path.write_text(page(fragment, title, assets_href), encoding="utf-8")
                ready = time_to_interactive(browser, path)
                cells += [f"{path.stat().st_size / 1024:.0f} KiB", f"{ready:.0f} ms"]
            print(f"| {title} | {render_s:.2f} s | " + " | ".join(cells) + " |")
        browser.close()


def bench_case(case: Path, repeats: int) -> None:
    from workbench.investigation import investigate
    from workbench.output import write_html

    investigation = investigate(case)
    for self_contained in (False, True):
        seconds, cpu_seconds = [], []
        for _ in range(repeats):
            out = Path(tempfile.mkdtemp(prefix="html_bench_case_"))
            started, cpu_started = time.perf_counter(), time.process_time()
            write_html(investigation, out, self_contained=self_contained)
            seconds.append(time.perf_counter() - started)
            cpu_seconds.append(time.process_time() - cpu_started)
            sizes = [p.stat().st_size / 1024 for p in (out / "rings").glob("*.html")]
            folder = sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) / 2**20
            shutil.rmtree(out)
        label = "self-contained" if self_contained else "shared library"
        print(
            f"{label}: write_html over {repeats} runs, CPU {spread(cpu_seconds)}, "
            f"wall {spread(seconds)}; {len(sizes)} ring pages, median "
            f"{statistics.median(sizes):.0f} KiB, largest {max(sizes):.0f} KiB; "
            f"folder {folder:.1f} MiB"
        )


def spread(seconds: list[float]) -> str:
    """Least, median and most of some timings, in seconds."""
    return (
        f"min {min(seconds):.2f} / median {statistics.median(seconds):.2f} / "
        f"max {max(seconds):.2f} s"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", type=Path, help="time write_html on this case folder instead")
    parser.add_argument("--repeats", type=int, default=3, help="write_html runs per mode")
    args = parser.parse_args()
    if args.case:
        bench_case(args.case, args.repeats)
    else:
        bench_graphs()
