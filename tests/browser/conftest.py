"""Browser fixtures: Debian's chromium through Playwright, file:// pages, every other
request blocked; and Debian's firefox-esr through Marionette (`tests.browser.firefox`)."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.browser.firefox import Firefox

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@dataclass
class Visit:
    """An opened page plus every request that was not a file:// URL."""

    page: object
    blocked: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's chromium through Playwright; fails loudly when it is missing."""
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("chromium not found on PATH: install Debian's chromium (apt install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def firefox() -> Iterator[Firefox]:
    """Debian's firefox-esr, headless; fails loudly when it is missing."""
    executable = shutil.which("firefox-esr") or shutil.which("firefox")
    if executable is None:
        pytest.fail(
            "firefox not found on PATH: install Debian's firefox-esr"
            " (bash .ci/install-system-packages)"
        )
    driven = Firefox(executable)
    yield driven
    driven.close()


@pytest.fixture
def visit(browser) -> Iterator[Callable[[Path], Visit]]:
    """Open a local file with only file:// requests allowed; others recorded and aborted."""
    contexts = []

    def open_file(path: Path) -> Visit:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        contexts.append(context)
        page = context.new_page()
        result = Visit(page=page)

        def guard(route, request) -> None:
            if request.url.startswith("file://"):
                route.continue_()
            else:
                result.blocked.append(request.url)
                route.abort()

        context.route("**/*", guard)
        page.on(
            "request",
            lambda r: (
                None if r.url.startswith(("file://", "data:")) else result.blocked.append(r.url)
            ),
        )
        page.on(
            "console",
            lambda m: result.console_errors.append(m.text) if m.type == "error" else None,
        )
        page.on("pageerror", lambda e: result.console_errors.append(str(e)))
        page.goto(path.resolve().as_uri())
        return result

    yield open_file
    for context in contexts:
        context.close()
