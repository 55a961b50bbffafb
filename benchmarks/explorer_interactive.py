"""How fast the explorer answers on a 300-node ring, in a real JupyterLab.

Run: ``.venv/bin/python benchmarks/explorer_interactive.py`` (needs Debian's chromium).

It writes a case whose one ring has 150 identities paid to 150 wallets, each
wallet shared by two neighbours in a circle: 300 nodes and 300 ties in the
explorer's identifier graph. JupyterLab serves it on 127.0.0.1; chromium runs
the explorer in a notebook and times, from the click to the answer on screen:

* opening the ring (the graph drawn with its 300 nodes);
* clicking a node (marked as selected by the graph; its details shown, a round
  trip through the kernel);
* expanding a node (the status line names the expansion);
* switching a kind of tie off (fewer ties drawn).

``--compare`` also times the draw of one 300-node graph by each graph widget
(this package's `GraphWidget`, ipycytoscape, ipysigma), from running its cell
to a canvas on screen, the first time and again; a widget that is not
installed or does not draw within `DRAW_SECONDS` is reported as such. The
other two are not dependencies of the project: install them into a scratch
environment to compare (docs/notebooks.md gives the figures). No request may
leave the machine: any is printed and counted as a failure.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
VIEWPORT = {"width": 1400, "height": 900}
IDENTITIES = 150
RUNS = 5
START_SECONDS = 90
CELL_SECONDS = 180
DRAW_SECONDS = 30
SETTLE_SECONDS = 3

EXPLORER_CELL = """\
from workbench import explore
from workbench.investigation import investigate
app = explore(investigate("case", max_ring_size=400), export_dir="exports")
app"""

#: One 300-node graph, the same for every widget compared.
GRAPH_CELL = """\
import networkx as nx
G = nx.Graph()
for i in range(150):
    G.add_edge(f"c{i}", f"w{i}")
    G.add_edge(f"c{(i + 1) % 150}", f"w{i}")
"""
WIDGET_CELLS = {
    "workbench GraphWidget (anywidget + vis-network)": """\
from workbench.explorer.graph_widget import GraphWidget
from workbench.views.html import layout
places = layout(G, 7)
w = GraphWidget(layout={"height": "500px"})
w.nodes = [{"id": n, "label": n, "name": n, "kind_label": "", "shape": "dot", "color": "#d62728",
            "border": "#333", "size": 14, "x": places[n][0], "y": places[n][1], "focus": False,
            "rows": []} for n in G]
w.edges = [{"id": f"{a}-{b}", "from": a, "to": b, "name": "", "kind_label": "", "color": "#999",
            "dashed": False, "width": 2, "curve": 0, "rows": []} for a, b in G.edges]
w""",
    "ipycytoscape": """\
import ipycytoscape
w = ipycytoscape.CytoscapeWidget()
w.graph.add_graph_from_networkx(G)
w""",
    "ipysigma": """\
from ipysigma import Sigma
Sigma(G, height=500)""",
}


def wallet(i: int) -> str:
    """A well-formed wallet address, different for each ``i``."""
    return "0x" + hashlib.sha1(str(i).encode()).hexdigest()


def write_case(folder: Path) -> None:
    """150 identities in one ring: identity i and i+1 (in a circle) are paid to wallet i."""
    folder.mkdir(parents=True)
    people = ["contractor_id,full_name,country,hired_at"]
    people += [f"c{i:03d},Person {i},US,2024-01-{1 + i % 28:02d}" for i in range(IDENTITIES)]
    (folder / "contractors.csv").write_text("\n".join(people) + "\n")
    payments = ["contractor_id,paid_at,amount,currency,method,account"]
    for i in range(IDENTITIES):
        for person in (i, (i + 1) % IDENTITIES):
            payments.append(f"c{person:03d},2024-03-01T10:00:00Z,100,USDT,crypto,{wallet(i)}")
    (folder / "payments.csv").write_text("\n".join(payments) + "\n")


def notebook(cells: list[str]) -> str:
    """A notebook of code cells, as JSON."""
    return json.dumps(
        {
            "cells": [
                {"cell_type": "code", "metadata": {}, "source": s, "outputs": [],
                 "execution_count": None}
                for s in cells
            ],
            "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}},
            "nbformat": 4,
            "nbformat_minor": 5,
        }
    )  # fmt: skip


class Lab(NamedTuple):
    """A running JupyterLab: its base URL and token."""

    url: str
    token: str


@contextmanager
def jupyterlab(root: Path) -> Iterator[Lab]:
    """JupyterLab on 127.0.0.1 over ``root``."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    token = secrets.token_hex(16)
    env = dict(os.environ)
    for name in ("CONFIG", "RUNTIME"):
        env[f"JUPYTER_{name}_DIR"] = str(root / f".{name.lower()}")
    env["JUPYTERLAB_SETTINGS_DIR"] = str(root / ".settings")
    env["JUPYTERLAB_WORKSPACES_DIR"] = str(root / ".workspaces")
    process = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
         "--allow-root", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
         "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=root,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_SECONDS
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("JupyterLab did not start") from None
                time.sleep(0.5)
        yield Lab(url, token)
    finally:
        process.terminate()
        process.wait(timeout=30)


def timed(action: Callable[[], None], until: Callable[[], None]) -> float:
    """Seconds from ``action`` until ``until`` returns."""
    started = time.perf_counter()
    action()
    until()
    return time.perf_counter() - started


def open_notebook(page, lab: Lab, name: str) -> None:
    url, token = lab
    # A workspace of its own, reset: only this notebook is open.
    workspace = name.removesuffix(".ipynb")
    page.goto(f"{url}/lab/workspaces/{workspace}/tree/{name}?reset&token={token}")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=START_SECONDS * 1000)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']")
    sidebar = page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current")
    if sidebar.count():
        sidebar.click()
    # A kernel restarted right after its first connection can hang; let it settle first.
    page.wait_for_timeout(SETTLE_SECONDS * 1000)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']")


NODE_ON_SCREEN_JS = """([root, id]) => {
  const network = root.wbNetwork;
  const spot = network.canvasToDOM(network.getPosition(id));
  const box = root.querySelector("canvas").getBoundingClientRect();
  return [box.left + spot.x, box.top + spot.y];
}"""


def explorer_loop(page, lab: Lab) -> dict[str, list[float]]:
    """Open the ring, click a node, expand it, switch a kind off: seconds each, `RUNS` times."""
    open_notebook(page, lab, "explorer.ipynb")
    page.locator("[data-command='notebook:restart-run-all']").first.click()
    page.locator(".jp-Dialog button.jp-mod-accept").click()
    page.locator(".wb-ring-row").first.wait_for(timeout=CELL_SECONDS * 1000)
    page.locator(".wb-explorer").evaluate("(e) => e.scrollIntoView({block: 'start'})")
    runs = [one_run(page, f"c{run * 7:03d}") for run in range(RUNS)]
    return {step: [run[step] for run in runs] for step in runs[0]}


def one_run(page, person: str) -> dict[str, float]:
    """One pass of the loop, clicking and expanding ``person``."""
    graph = page.locator(".wb-graph")
    fitted = int(graph.get_attribute("data-fit") or 0)
    took = {
        "open ring": timed(
            page.locator(".wb-ring-row").first.click,
            lambda: page.wait_for_function(
                "(f) => { const g = document.querySelector('.wb-graph');"
                " return Number(g.dataset.fit) > f && g.dataset.nodes === '300'; }",
                arg=fitted,
            ),
        )
    }
    x, y = page.evaluate(NODE_ON_SCREEN_JS, [graph.element_handle(), f"contractor:{person}"])
    took["click: graph selects"] = timed(
        lambda: page.mouse.click(x, y),
        lambda: page.wait_for_selector(f".wb-graph[data-selected='contractor:{person}']"),
    )
    page.wait_for_selector(f".wb-details:has-text('{person}')")
    corner = page.locator(".wb-graph canvas").bounding_box()
    page.mouse.click(corner["x"] + 3, corner["y"] + 3)
    page.wait_for_selector(".wb-graph[data-selected='']")
    took["click: details shown"] = timed(
        lambda: page.mouse.click(x, y),
        lambda: page.wait_for_selector(f".wb-details:has-text('{person}')"),
    )
    took["expand"] = timed(
        page.locator(".wb-expand").click,
        lambda: page.wait_for_selector(f".wb-status:has-text('Expanded {person}')"),
    )
    edges = int(graph.get_attribute("data-edges"))
    switch = page.locator(".wb-kind-payment_account input")
    took["filter"] = timed(
        switch.uncheck,
        lambda: page.wait_for_function(
            "(e) => Number(document.querySelector('.wb-graph').dataset.edges) < e", arg=edges
        ),
    )
    switch.check()
    return took


NEW_CANVAS_JS = """() => Array.from(document.querySelectorAll('.jp-OutputArea-output canvas'))
  .some((c) => !c.dataset.seen && c.width > 0 && c.height > 0)"""
SEEN_JS = """() => document.querySelectorAll('.jp-OutputArea-output canvas')
  .forEach((c) => { c.dataset.seen = '1'; })"""


def first_draw(page, lab: Lab, name: str) -> tuple[float | None, float | None]:
    """Seconds from running the widget's cell to a new canvas on screen: the first time
    (its script loaded) and again; None when nothing is drawn within `DRAW_SECONDS`."""
    open_notebook(page, lab, name)
    page.locator(".jp-Cell .jp-InputArea-editor").first.click()
    page.keyboard.press("Shift+Enter")
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']")
    page.locator(".jp-Cell .jp-InputArea-editor").nth(1).click()
    seconds: list[float | None] = []
    for _ in range(2):
        page.evaluate(SEEN_JS)
        started = time.perf_counter()
        page.keyboard.press("Control+Enter")
        try:
            page.wait_for_function(NEW_CANVAS_JS, timeout=DRAW_SECONDS * 1000)
        except PlaywrightError:
            seconds.append(None)
            continue
        seconds.append(time.perf_counter() - started)
    return seconds[0], seconds[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--compare", action="store_true", help="also compare graph widgets")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="explorer-bench-"))
    blocked: list[str] = []
    try:
        write_case(root / "case")
        (root / "explorer.ipynb").write_text(notebook([EXPLORER_CELL]))
        for index, cell in enumerate(WIDGET_CELLS.values()):
            (root / f"widget{index}.ipynb").write_text(notebook([GRAPH_CELL, cell]))
        with jupyterlab(root) as lab, sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS
            )
            context = browser.new_context(viewport=VIEWPORT)
            allowed = (lab.url + "/", "data:", "blob:", "about:")

            def guard(route, request) -> None:
                if request.url.startswith(allowed):
                    route.continue_()
                else:
                    blocked.append(request.url)
                    route.abort()

            context.route("**/*", guard)
            page = context.new_page()
            page.set_default_timeout(CELL_SECONDS * 1000)
            times = explorer_loop(page, lab)
            print(f"Explorer on a {2 * IDENTITIES}-node ring, {RUNS} runs (seconds):")
            print("| step | median | max |\n|---|---:|---:|")
            for step, values in times.items():
                print(f"| {step} | {statistics.median(values):.2f} | {max(values):.2f} |")
            if args.compare:
                print("\nDraw of one 300-node graph (seconds from running its cell to a canvas):")
                print("| widget | cold | warm |\n|---|---:|---:|")
                for index, widget in enumerate(WIDGET_CELLS):
                    cold, warm = first_draw(page, lab, f"widget{index}.ipynb")
                    shown = [f"{t:.2f}" if t is not None else "no draw" for t in (cold, warm)]
                    print(f"| {widget} | {shown[0]} | {shown[1]} |")
            browser.close()
    finally:
        shutil.rmtree(root, ignore_errors=True)
    if blocked:
        print(f"requests left the machine: {blocked[:5]}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
