"""Saving a tour for one language, in a real Chromium: what is fetched, what is saved, what plays.

Every assertion reads the browser's own state (Cache API, network log, the page) against the
built site's `tour.json`; nothing waits on a timer.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from live_server import LiveServer
from offline_state import (
    DownloadLog,
    cache_key,
    pack_bytes,
    pack_urls,
    saved_state,
    tour_json,
)
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
TIMEOUT_MS = 30_000
SAVED = "The tour is saved on this phone and works without internet."


def new_context(browser: Browser, **options: object) -> BrowserContext:
    context = browser.new_context(viewport=PHONE, **options)  # type: ignore[arg-type]
    context.set_default_timeout(TIMEOUT_MS)
    return context


@pytest.fixture
def english(browser: Browser) -> Iterator[BrowserContext]:
    context = new_context(browser, locale="en-GB")
    yield context
    context.close()


def open_controlled(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_function("() => navigator.serviceWorker && navigator.serviceWorker.controller")


def wait_saved(page: Page) -> None:
    page.locator("#download-status").filter(has_text=SAVED).wait_for()


def play_and_seek(page: Page) -> None:
    page.evaluate("document.getElementById('audio').play()")
    page.wait_for_function(
        "() => { const a = document.getElementById('audio'); return a.currentTime > 0.2 && !a.paused; }"
    )
    page.evaluate("() => { const a = document.getElementById('audio'); a.currentTime = a.duration / 2; }")
    page.wait_for_function(
        "() => { const a = document.getElementById('audio');"
        " return a.currentTime > a.duration / 2 + 0.2 && !a.paused; }"
    )


def csp_errors(page: Page) -> list[str]:
    errors: list[str] = []

    def seen(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text or "Refused to" in message.text:
            errors.append(message.text)

    page.on("console", seen)
    return errors


def test_saving_one_language_fetches_its_pack_and_it_alone_plays_offline(
    english: BrowserContext, own_server: LiveServer, sample_site: Path
) -> None:
    base = own_server.url
    manifest = tour_json(sample_site, "alzhir")
    page = english.new_page()
    open_controlled(page, base + "alzhir/en/")
    button = page.locator("#download")
    size = pack_bytes(manifest, ["en"])
    assert button.inner_text() == f"Download tour in English ({size / 1e6:.1f} MB)"
    others = page.locator("#download-other-list button")
    assert others.count() == 2 and others.nth(0).inner_text().startswith("Download tour in Қазақша")
    log = DownloadLog(english)
    button.click()
    wait_saved(page)

    state = saved_state(page, "alzhir")
    assert state is not None and state["missing"] == []
    assert state["version"] == manifest["version"] and state["languages"] == ["en"]
    wanted = {cache_key(base, "alzhir", url) for url in pack_urls(manifest, ["en"])}
    assert set(state["urls"]) == wanted
    assert base in wanted  # the site's root page, `../index.html` in tour.json
    assert not any("/ru/" in url or "-ru-" in url for url in state["urls"])
    # the network log: what the browser fetched is the pack, less what it already held
    fetched = log.body_bytes()
    audio = sum(
        f["bytes"] for f in manifest["files"] if f["url"].startswith("audio/") and "-en-" in f["url"]
    )
    assert audio <= fetched <= size, (audio, fetched, size)
    assert log.urls() <= wanted

    own_server.stop()  # no server at all: nothing below can come from the network
    english.set_offline(True)
    csp = csp_errors(page)
    for stop in manifest["stops"]:
        response = page.goto(f"{base}alzhir/en/{stop['number']}/")
        assert response is not None and response.ok and response.from_service_worker
        assert page.locator("h1").inner_text() == stop["title"]["en"]
        play_and_seek(page)
    response = page.goto(base)  # the site's root page lists the tours (in the site's language)
    assert response is not None and response.ok and response.from_service_worker
    assert page.locator("h1").inner_text() == "Экскурсиялар"
    page.goto(base + "alzhir/en/")
    assert page.locator(".langs a[data-lang='en']").get_attribute("data-saved") == "1"
    assert page.locator(".langs a[data-lang='ru']").get_attribute("data-saved") == ""
    page.goto(base + "alzhir/en/2/")
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Русский").click()
    page.locator("#lang-status").filter(has_text="is not saved on this phone").wait_for()
    assert page.url == base + "alzhir/en/2/"
    page.goto(base + "alzhir/ru/2/")  # typed or bookmarked: the offline page says so
    assert "Бұл бет телефонда сақталмаған" in page.locator("main").inner_text()  # "not saved"
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)")
    assert csp == []
