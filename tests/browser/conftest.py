"""A real Chromium (the Debian package) driven by Playwright, against the built sample site
served over real HTTP by `server.create_app` under uvicorn on 127.0.0.1."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Playwright, sync_playwright

sys.path.insert(0, str(Path(__file__).parent))  # --import-mode=importlib: helpers sit here

from live_server import LiveServer, serve

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--autoplay-policy=no-user-gesture-required",
]
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"


# Module scope, not session: Playwright's sync API keeps an event loop running in the main
# thread while it is open, which breaks every later test that calls asyncio.run().
@pytest.fixture(scope="module")
def live_site(sample_site: Path) -> Iterator[LiveServer]:
    """The sample site served for the whole session (tests that stop a server use their own)."""
    live = serve(sample_site)
    yield live
    live.stop()


@pytest.fixture
def own_server(sample_site: Path, tmp_path: Path) -> Iterator[LiveServer]:
    """A server of its own, that the test may stop to prove the app works with no network."""
    copy = tmp_path / "site"
    shutil.copytree(sample_site, copy)
    live = serve(copy)
    yield live
    live.stop()


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: apt-get install chromium (or bash .ci/install)"
        if os.environ.get("CI"):
            pytest.fail(message)  # CI installs it: a skip there would hide a broken install
        pytest.skip(message)
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: npm ci --prefix tests/browser")
    return AXE.read_text(encoding="utf-8")
