"""The print room in a real Chromium, opened from the file system as staff would."""

from __future__ import annotations

from pathlib import Path

import pytest
from pages import axe_violations
from playwright.sync_api import Browser

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("tour_id", ["alzhir", "baitursynov"])
def test_print_room_opens_offline_and_axe_finds_nothing(
    browser: Browser, sample_site: Path, axe_source: str, tour_id: str
) -> None:
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto((sample_site / tour_id / "print" / "index.html").as_uri())
    page.wait_for_load_state("load")
    assert page.evaluate("() => getComputedStyle(document.body).maxWidth") != "none"  # CSS came
    codes = page.locator(".placard img")
    assert codes.count() == len(list((sample_site / tour_id / "print" / "qr").glob("*.svg")))
    assert page.evaluate(
        "() => [...document.querySelectorAll('.placard img')].every(i => i.naturalWidth > 0)"
    )
    folder = (sample_site / tour_id).as_uri() + "/"
    assert requested and all(url.startswith(folder) for url in requested)  # nothing else
    assert failed == [] and errors == []
    assert axe_violations(page, axe_source) == []
    context.close()
