"""Fixtures that drive the web console in headless Chromium.

The browser is Debian's ``chromium`` package, driven by Playwright. These
tests never let Playwright download a browser of its own: without a
Chromium on this machine they are skipped, and reported as skipped.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright

ROOT = Path(__file__).resolve().parents[2]

# The screenshots of each main screen. build/ is not committed.
SCREENSHOT_DIR = Path(
    os.environ.get("BROWSER_SCREENSHOT_DIR", ROOT / "build/test-output/screenshots")
)

# The README's picture, written only when UPDATE_DOCS_SCREENSHOT=1.
DOCS_SCREENSHOT = ROOT / "docs/console.png"

DEFAULT_CHROMIUM = "/usr/bin/chromium"

# Without the background-networking flags, Chromium keeps trying to reach
# Google's servers, which a machine without internet access rejects.
# Playwright adds --headless and a new, empty --user-data-dir at each launch.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

DESKTOP_VIEWPORT = {"width": 960, "height": 640}


def find_chromium() -> str | None:
    """Return the Chromium to test with: $CHROMIUM, /usr/bin/chromium or PATH's."""
    explicit = os.environ.get("CHROMIUM")
    if explicit:
        return explicit if Path(explicit).is_file() else None
    if Path(DEFAULT_CHROMIUM).is_file():
        return DEFAULT_CHROMIUM
    return shutil.which("chromium")


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = find_chromium()
    if path is None:
        reason = (
            "No Chromium found (checked $CHROMIUM, /usr/bin/chromium and PATH): "
            "install Debian's chromium package to run the browser tests."
        )
        if os.environ.get("BROWSER_TESTS_REQUIRED") == "1":
            pytest.fail(reason + " BROWSER_TESTS_REQUIRED=1 is set.")
        pytest.skip(reason)
    return path


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium_path, headless=True, args=CHROMIUM_FLAGS
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A page in a fresh browser context: no cookies, desktop size.

    After the test, it checks that the page broke no content security
    policy rule, such as running an inline script.
    """
    context = browser.new_context(viewport=DESKTOP_VIEWPORT)
    context.set_default_timeout(10_000)
    opened = context.new_page()
    violations: list[str] = []

    def record(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            violations.append(message.text)

    opened.on("console", record)
    yield opened
    context.close()
    assert violations == []


def save_screenshot(page: Page, name: str, full_page: bool = True) -> Path:
    """Save a screenshot under SCREENSHOT_DIR.

    A modal dialog's backdrop covers only the viewport, so screenshots of a
    dialog should pass ``full_page=False``.
    """
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{name}.png"
    page.screenshot(path=path, full_page=full_page)
    return path


def save_docs_screenshot(page: Page) -> None:
    """Replace the README's picture when UPDATE_DOCS_SCREENSHOT=1 is set."""
    if os.environ.get("UPDATE_DOCS_SCREENSHOT") != "1":
        return
    DOCS_SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=DOCS_SCREENSHOT, full_page=True)
