"""Live preview in a real Chromium: an open page follows the tour files as an editor saves them."""

from __future__ import annotations

from pathlib import Path

import pytest
from pages import axe_violations
from playwright.sync_api import Browser, Page, expect
from serving import ServeProcess

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TIMEOUT_MS = 60_000


def _edit_title(file: Path, title: str) -> None:
    lines = file.read_text(encoding="utf-8").splitlines(keepends=True)
    file.write_text(f"# {title}\n" + "".join(lines[1:]), encoding="utf-8")


def test_open_page_reloads_shows_a_broken_build_and_recovers(
    browser: Browser, preview: ServeProcess, new_tour: Path, axe_source: str
) -> None:
    server, url = preview, preview.url + "/"
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    page: Page = context.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.goto(url + "my-tour/en/1/")
    expect(page.locator("h1")).to_have_text("Welcome", timeout=TIMEOUT_MS)
    script = page.locator("script[src$='/__preview__/reload.js']")
    expect(script).to_have_count(1, timeout=TIMEOUT_MS)

    source = new_tour / "stops" / "01-welcome" / "en.md"
    original = source.read_text(encoding="utf-8")
    _edit_title(source, "Welcome, editor")
    expect(page.locator("h1")).to_have_text("Welcome, editor", timeout=TIMEOUT_MS)
    server.wait_for("Built 1 tour(s)")

    source.write_text("no title any more\n", encoding="utf-8")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text(f"{source}:1", timeout=TIMEOUT_MS)
    expect(alert).to_contain_text("the first line must be the title", timeout=TIMEOUT_MS)
    expect(page.locator("h1")).to_have_text("Welcome, editor")  # the last good build stays
    server.wait_for("previous build is still served")

    # a page opened now shows the error too, and axe finds nothing wrong with the overlay
    checked = browser.new_context(locale="en-GB", bypass_csp=True)  # axe is injected inline
    checked.set_default_timeout(TIMEOUT_MS)
    other = checked.new_page()
    other.goto(url + "my-tour/en/2/")
    expect(other.get_by_role("alert")).to_contain_text(f"{source}:1", timeout=TIMEOUT_MS)
    assert axe_violations(other, axe_source) == []
    checked.close()

    source.write_text(original.replace("# Welcome", "# Welcome back", 1), encoding="utf-8")
    expect(page.locator("h1")).to_have_text("Welcome back", timeout=TIMEOUT_MS)
    expect(page.get_by_role("alert")).to_have_count(0, timeout=TIMEOUT_MS)
    assert not [m for m in console if "Content Security Policy" in m or "Refused to" in m]
    context.close()
