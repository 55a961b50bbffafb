"""The explorer in a real JupyterLab, driven through Debian's chromium.

Starts JupyterLab on 127.0.0.1 (token, free port) over a temporary copy of the
notebooks and the sample case, runs ``02_explore_rings.ipynb``, clicks a ring,
checks its graph is drawn by the graph widget, records a decision, restarts the
kernel, reruns and checks the decision is remembered. A screenshot is kept in
``test-artifacts/``.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
JUPYTER = Path(sys.executable).with_name("jupyter")
#: Generous: the first kernel start and the investigation take seconds on a 2-core machine.
STARTUP_SECONDS = 90
CELL_SECONDS = 180
NOTE = "seen in the browser test"
#: How long to wait for cells to queue after "run all", and how often to try.
QUEUE_SECONDS = 30
RUN_ATTEMPTS = 3
#: How long the kernel must have been idle before a restart is asked for.
SETTLE_SECONDS = 3

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("jupyterlab")]


@dataclass
class Lab:
    """A running JupyterLab: its base URL, token and root folder."""

    url: str
    token: str
    root: Path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_up(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"jupyter lab exited early:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.5)
    pytest.fail(f"jupyter lab did not answer within {STARTUP_SECONDS}s:\n{log.read_text()[-3000:]}")


@pytest.fixture
def lab(tmp_path: Path) -> Iterator[Lab]:
    """JupyterLab serving a copy of notebooks/ and sample_data/demo_case."""
    if not JUPYTER.is_file():
        pytest.fail(f"jupyter not found beside the test interpreter ({JUPYTER})")
    root = tmp_path / "lab"
    shutil.copytree(REPO / "notebooks", root / "notebooks")
    shutil.copytree(REPO / "sample_data" / "demo_case", root / "sample_data" / "demo_case")
    token = secrets.token_hex(16)
    port = _free_port()
    env = dict(os.environ)
    for name, folder in [
        ("JUPYTER_CONFIG_DIR", "config"),
        ("JUPYTER_RUNTIME_DIR", "runtime"),
        ("JUPYTERLAB_SETTINGS_DIR", "settings"),
        ("JUPYTERLAB_WORKSPACES_DIR", "workspaces"),
    ]:
        env[name] = str(tmp_path / folder)
    log = tmp_path / "jupyter.log"
    with log.open("w") as sink:
        process = subprocess.Popen(
            [
                str(JUPYTER),
                "lab",
                "--no-browser",
                "--ip=127.0.0.1",
                f"--port={port}",
                "--ServerApp.port_retries=0",
                "--allow-root",
                f"--IdentityProvider.token={token}",
                f"--ServerApp.root_dir={root}",
                "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
                "--LabApp.extension_manager=readonly",
            ],
            stdout=sink,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=root,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(f"{url}/api/status?token={token}", process, log)
        yield Lab(url=url, token=token, root=root)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@contextmanager
def lab_page(lab: Lab, browser, *, viewport: dict[str, int], artifact: str) -> Iterator[object]:
    """A page of the shared chromium that may only reach the lab; every other request is
    recorded and fails the test. A screenshot is kept under ``ARTIFACTS/artifact``."""
    blocked: list[str] = []

    def guard(route, request) -> None:
        if request.url.startswith((lab.url + "/", "data:", "blob:", "about:")):
            route.continue_()
        else:
            blocked.append(request.url)
            route.abort()

    context = browser.new_context(viewport=viewport)
    context.route("**/*", guard)
    tab = context.new_page()
    tab.set_default_timeout(CELL_SECONDS * 1000)
    try:
        yield tab
    finally:
        ARTIFACTS.mkdir(exist_ok=True)
        tab.screenshot(path=str(ARTIFACTS / artifact))
        context.close()
    assert blocked == [], f"requests left 127.0.0.1: {blocked[:5]}"


@pytest.fixture
def page(lab: Lab, browser) -> Iterator[object]:
    """A page of the shared chromium (tests/browser/conftest.py) that may only reach the lab."""
    viewport = {"width": 1400, "height": 1100}
    with lab_page(lab, browser, viewport=viewport, artifact="jupyterlab-explorer.png") as tab:
        yield tab


def _wait_idle(page) -> None:
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']")


def _restart_and_run_all(page) -> None:
    """The toolbar's "Restart the kernel and run all cells", confirmed, until cells queue.

    Right after the page opens, the kernel may still be connecting and the
    command can be swallowed; it is tried again (at most ``RUN_ATTEMPTS`` times).
    A restart within a moment of the kernel's first connection can also leave
    the page "Starting" for good (the server replaces the new connection and
    drops it), so the kernel must have stayed idle for `SETTLE_SECONDS` first.
    """
    button = page.locator(".jp-NotebookPanel-toolbar [data-command='notebook:restart-run-all']")
    for attempt in range(1, RUN_ATTEMPTS + 1):
        _wait_idle(page)
        page.wait_for_timeout(SETTLE_SECONDS * 1000)
        _wait_idle(page)
        button.click()
        page.locator(".jp-Dialog button.jp-mod-accept").click()
        page.wait_for_selector(".jp-Dialog", state="detached")
        try:
            page.wait_for_selector(".jp-InputPrompt:has-text('[*]')", timeout=QUEUE_SECONDS * 1000)
            return
        except PlaywrightTimeout:
            if attempt == RUN_ATTEMPTS:
                raise


def _graph_nodes(page) -> int:
    """Nodes the explorer's graph widget has drawn (it says so in data-* attributes)."""
    graph = page.wait_for_selector(".wb-graph[data-drawn]")
    assert page.locator(".wb-graph canvas").count() >= 1
    return int(graph.get_attribute("data-nodes"))


def test_explorer_in_jupyterlab(lab: Lab, page) -> None:
    page.goto(f"{lab.url}/lab/tree/notebooks/02_explore_rings.ipynb?token={lab.token}")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=STARTUP_SECONDS * 1000)
    _wait_idle(page)

    _restart_and_run_all(page)
    first = page.locator(".wb-ring-row").first
    first.wait_for()
    ring_id = first.get_attribute("title")
    assert ring_id, "ring rows carry their id as a tooltip"
    first.click()
    page.wait_for_selector(".wb-ring-selected")
    assert _graph_nodes(page) >= 2
    # Each widget's view updates on its own message, so the heading may follow the drawing.
    expect(page.locator(".wb-graph-title")).to_contain_text(ring_id)

    page.locator(".wb-note textarea").fill(NOTE)
    page.locator(".wb-decide-confirmed").click()
    page.wait_for_selector(f".wb-decision:has-text('Decision: confirmed — {NOTE}')")

    _restart_and_run_all(page)
    # The last cell lists the decisions read back from the case folder by the new kernel,
    # without their notes: a note is never saved into the notebook.
    page.wait_for_selector(".jp-OutputArea-output:has-text('recorded_at')")
    assert page.locator(f".jp-OutputArea-output:has-text('{NOTE}')").count() == 0
    _wait_idle(page)
    remembered = page.locator(".wb-ring-row", has_text="[confirmed]")
    expect(remembered).to_have_count(1)
    assert remembered.first.get_attribute("title") == ring_id
    remembered.first.click()
    page.wait_for_selector(f".wb-decision:has-text('Decision: confirmed — {NOTE}')")
    assert _graph_nodes(page) >= 2
    decisions = (
        lab.root / "sample_data" / "demo_case" / ".workbench" / "decisions.jsonl"
    ).read_text()
    assert NOTE in decisions and ring_id in decisions
