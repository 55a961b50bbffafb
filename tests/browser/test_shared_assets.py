"""Ring pages that load the graph library from the output folder's assets, in chromium.

A page of a run loads ``../assets/vis-network.min.js`` instead of carrying it;
its policy allows that file as ``'self'`` and its own scripts by hash. Opened
from file://, it must draw its graph from that one file, send no request
anywhere else, and still refuse every script a case string could inject.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.browser_cases import PAYLOADS, payload_graph, write_payload_ring
from tests.browser.test_browser_graph import (
    INKED_PIXELS_JS,
    NODE_COUNT_JS,
    NODE_SCREEN_POSITIONS_JS,
    wait_ready,
)
from workbench.views.html import SHARED_SCRIPTS, render_document, write_shared_scripts

pytestmark = pytest.mark.browser


def write_run_folder(folder: Path) -> Path:
    """The payload ring's page in ``rings/``, its library in ``assets/``, as a run writes them."""
    write_shared_scripts(folder / "assets")
    ring = write_payload_ring(folder, report_href="../report.html", assets_href="../assets")
    return ring


def test_a_ring_page_draws_from_the_shared_library_and_nothing_leaves(tmp_path, visit):
    ring = write_run_folder(tmp_path)
    text = ring.read_text(encoding="utf-8")
    assert '<script src="../assets/vis-network.min.js"></script>' in text
    assert "vis-network" not in text.replace("../assets/vis-network.min.js", "")
    loaded: list[str] = []
    seen = visit(ring)
    page = seen.page
    page.on("requestfinished", lambda request: loaded.append(request.url))
    page.reload()
    wait_ready(page)
    assert loaded == [ring.resolve().as_uri(), (tmp_path / "assets" / SHARED_SCRIPTS[0]).as_uri()]
    assert page.evaluate(NODE_COUNT_JS) == payload_graph().number_of_nodes()
    assert page.evaluate(INKED_PIXELS_JS) > 500
    for x, y in page.evaluate(NODE_SCREEN_POSITIONS_JS).values():
        page.mouse.move(x, y)
        page.wait_for_timeout(150)
        page.mouse.click(x, y)
    assert PAYLOADS["name"] in page.inner_text("#members")
    assert page.evaluate("() => window.__pwned") is None
    assert seen.blocked == []
    assert seen.console_errors == []


def test_a_page_loading_shared_scripts_still_refuses_injected_ones(tmp_path, visit):
    """Canary: ``'self'`` lets the library in, never an inline script or handler."""
    write_shared_scripts(tmp_path / "assets")
    page_path = tmp_path / "rings" / "canary.html"
    page_path.parent.mkdir()
    injected = '<img src="x" onerror="window.__pwned=1"><script>window.__pwned=2</script>'
    page_path.write_text(
        render_document(
            title="canary", body=injected, libraries=SHARED_SCRIPTS, assets_href="../assets"
        ),
        encoding="utf-8",
    )
    seen = visit(page_path)
    seen.page.wait_for_load_state("load")
    seen.page.wait_for_timeout(200)
    assert seen.page.evaluate("() => typeof vis.Network") == "function"
    assert seen.page.evaluate("() => window.__pwned") is None
    refused = "\n".join(seen.console_errors)
    assert "Executing inline script violates" in refused
    assert "Executing inline event handler violates" in refused
