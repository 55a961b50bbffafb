"""Ring pages in Debian's firefox-esr from file://, where every file is an origin of its own.

Chromium treats the files of a folder as one origin; Firefox gives each file
its own. The page of a run loads the graph library from ``../assets`` under
a policy that allows it as ``'self'``: it must still draw there, as must a
self-contained page, and no script a case string could inject may run.
docs/html_exports.md records which policies Firefox and Chromium accept.
"""

from __future__ import annotations

import pytest

from tests.browser.browser_cases import PAYLOADS, payload_graph
from tests.browser.test_browser_graph import NODE_COUNT_JS
from tests.browser.test_shared_assets import write_run_folder
from workbench.views.html import (
    SHARED_SCRIPTS,
    render_document,
    render_graph_html,
    write_shared_scripts,
)

pytestmark = pytest.mark.browser

READY_JS = "() => window.__graphReady !== undefined"


def test_a_ring_page_draws_from_the_shared_library_in_firefox(tmp_path, firefox):
    firefox.open(write_run_folder(tmp_path))
    firefox.wait_for(READY_JS)
    assert firefox.evaluate(NODE_COUNT_JS) == payload_graph().number_of_nodes()
    assert PAYLOADS["name"] in firefox.evaluate(
        "() => document.getElementById('members').textContent"
    )
    assert firefox.evaluate("() => window.__pwned") is None


def test_a_self_contained_page_draws_in_firefox(tmp_path, firefox):
    path = tmp_path / "shared" / "ring.html"
    path.parent.mkdir()
    path.write_text(render_graph_html(payload_graph(), title="t"), encoding="utf-8")
    firefox.open(path)
    firefox.wait_for(READY_JS)
    assert firefox.evaluate(NODE_COUNT_JS) == payload_graph().number_of_nodes()


def test_firefox_refuses_injected_scripts_on_a_page_loading_shared_ones(tmp_path, firefox):
    (tmp_path / "rings").mkdir()
    page = tmp_path / "rings" / "canary.html"
    page.write_text(
        render_document(
            title="canary",
            body='<img src="x" onerror="window.__pwned=1"><script>window.__pwned=2</script>',
            libraries=SHARED_SCRIPTS,
            assets_href="../assets",
        ),
        encoding="utf-8",
    )
    write_shared_scripts(tmp_path / "assets")
    firefox.open(page)
    assert firefox.evaluate("() => typeof vis.Network") == "function"
    assert firefox.evaluate("() => window.__pwned") is None
