"""The synced transcript in a real Chromium: it follows the Piper voice, seeks on a tap or a key,
works offline, and keeps axe-core at zero."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from live_server import LiveServer, serve
from pages import axe_violations
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page

from guide.build import BuildSummary

pytestmark = [pytest.mark.browser, pytest.mark.slow]

STOP = "voices/en/2/"
CURRENT = "() => { const s = document.querySelector('[data-cue][aria-current=true]');" \
    " return s ? Number(s.dataset.cue) : -1; }"  # fmt: skip


@pytest.fixture(scope="module")
def piper_live(piper_build: tuple[Path, BuildSummary]) -> Iterator[LiveServer]:
    live = serve(piper_build[0])
    yield live
    live.stop()


def _context(browser: Browser, **options: object) -> BrowserContext:
    context = browser.new_context(viewport={"width": 390, "height": 844}, **options)  # type: ignore[arg-type]
    context.set_default_timeout(30_000)
    return context


def _synced(page: Page) -> None:
    page.wait_for_function("() => document.body.dataset.transcript === 'synced'")


def _cue_start(page: Page, index: int) -> float:
    start: float = page.evaluate(
        "i => document.querySelector('#audio track').track.cues[i].startTime", index
    )
    return start


def _seeks_to(page: Page, index: int) -> None:
    page.wait_for_function(
        "t => Math.abs(document.getElementById('audio').currentTime - t) < 0.05",
        arg=_cue_start(page, index),
    )
    page.wait_for_function(f"() => ({CURRENT})() === {index}")


def test_the_highlight_follows_the_voice_and_a_sentence_tap_seeks(
    browser: Browser, piper_live: LiveServer
) -> None:
    context = _context(browser, locale="en-GB")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if _is_csp(m) else None)
    page.goto(piper_live.url + STOP)
    _synced(page)
    spans = page.locator("[data-cue]")
    assert spans.count() == page.evaluate(
        "document.querySelector('#audio track').track.cues.length"
    )
    page.locator("#play").click()
    page.wait_for_function(f"() => ({CURRENT})() === 0")
    page.wait_for_function(f"() => ({CURRENT})() >= 1")  # the highlight moved on with the voice
    page.evaluate("document.getElementById('audio').pause()")
    assert page.locator("[aria-current]").count() == 1
    assert page.locator("[aria-live] [data-cue]").count() == 0  # no live region re-reads it

    spans.nth(4).click()  # a tap seeks to that sentence
    _seeks_to(page, 4)
    spans.nth(2).focus()
    page.keyboard.press("Enter")  # and so does the keyboard
    _seeks_to(page, 2)
    assert errors == []
    context.close()


def test_the_synced_transcript_works_offline(
    browser: Browser, piper_build: tuple[Path, BuildSummary], tmp_path: Path
) -> None:
    site = tmp_path / "site"
    shutil.copytree(piper_build[0], site)
    live = serve(site)
    context = _context(browser, locale="en-GB")
    page = context.new_page()
    page.goto(live.url + "voices/en/")
    page.wait_for_function("() => navigator.serviceWorker && navigator.serviceWorker.controller")
    page.locator("#download").click()
    page.wait_for_function("() => !!localStorage.getItem('ag:dl:/:voices')")
    live.stop()  # no server at all: the page, its script, audio and captions come from caches
    context.set_offline(True)
    response = page.goto(live.url + STOP)
    assert response is not None and response.from_service_worker
    _synced(page)
    page.locator("[data-cue]").nth(3).click()
    _seeks_to(page, 3)
    page.locator("#play").click()
    page.wait_for_function(f"() => ({CURRENT})() >= 4")
    context.close()


def test_axe_finds_no_violations_on_a_synced_stop(
    browser: Browser, piper_live: LiveServer, axe_source: str
) -> None:
    context = _context(browser, bypass_csp=True, locale="en-GB")  # axe is injected inline
    page = context.new_page()
    page.goto(piper_live.url + STOP)
    _synced(page)
    page.locator("[data-cue]").nth(1).click()  # a sentence is marked current
    assert axe_violations(page, axe_source) == []
    context.close()


def _is_csp(message: ConsoleMessage) -> bool:
    return "Content Security Policy" in message.text or "Refused to" in message.text
