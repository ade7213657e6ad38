"""The visitor's whole experience in a real Chromium: QR URL, playback, download, airplane mode."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from live_server import LiveServer, serve
from pages import axe_violations
from pages import csp_errors as _csp_errors
from pages import new_context as _context
from playwright.sync_api import Browser, BrowserContext, Page, Response

from guide.build import BuildOptions, build

pytestmark = pytest.mark.browser


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = _context(browser, locale="ru-RU")
    yield context
    context.close()


def _tour(site: Path, tour_id: str) -> dict[str, object]:
    data: dict[str, object] = json.loads((site / tour_id / "tour.json").read_text("utf-8"))
    return data


def _wait_playing(page: Page, beyond: float) -> None:
    page.wait_for_function(
        "t => { const a = document.getElementById('audio');"
        " return a.currentTime > t && !a.paused; }",
        arg=beyond,
    )


def test_qr_url_opens_the_stop_in_the_visitors_language_and_plays(
    context: BrowserContext, live_site: LiveServer
) -> None:
    page = context.new_page()
    csp = _csp_errors(page)
    page.goto(live_site.url + "alzhir/3")  # what the QR code on the placard prints
    assert page.url == live_site.url + "alzhir/ru/3/"
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.locator(".eyebrow").inner_text().lower() == "остановка 3"
    length = page.locator("#length").inner_text()
    assert length.startswith("Длительность ") and "Синтезированный голос" in length
    page.get_by_role("button", name="Слушать").click()
    _wait_playing(page, 0.5)
    assert page.get_by_role("button", name="Пауза").is_visible()
    page.get_by_role("button", name="Вперёд на 10 секунд").click()
    _wait_playing(page, 10.5)
    page.get_by_role("button", name="Пауза").click()
    page.wait_for_function("() => document.getElementById('audio').paused")
    assert (
        page.evaluate("() => navigator.mediaSession.metadata.title")
        == page.locator("h1").inner_text()
    )
    assert page.evaluate("() => navigator.mediaSession.metadata.album").startswith("Мемориал")
    paused_at: float = page.evaluate("() => document.getElementById('audio').currentTime")
    page.reload()  # the visitor comes back to the stop: it resumes where they left off
    page.locator("#resume").filter(has_text="Продолжение с 0:1").wait_for()
    resumed: float = page.evaluate("() => document.getElementById('audio').currentTime")
    assert abs(resumed - paused_at) < 2.5
    assert page.evaluate("localStorage.getItem('ag:lang')") == "ru"
    cookies = {c["name"]: c for c in context.cookies()}
    assert cookies["ag_lang"]["value"] == "ru" and cookies["ag_lang"]["path"] == "/"
    assert csp == []


def test_static_stop_url_follows_the_saved_language(
    context: BrowserContext, live_site: LiveServer
) -> None:
    """The static `<tour>/<n>/index.html` (for plain static hosts) chooses in the browser."""
    page = context.new_page()
    page.goto(live_site.url + "alzhir/en/1/")
    page.goto(live_site.url + "alzhir/5/index.html")
    page.wait_for_url(live_site.url + "alzhir/en/5/")
    assert page.locator("html").get_attribute("lang") == "en"


def test_download_then_every_stop_works_offline(
    browser: Browser, own_server: LiveServer, sample_site: Path
) -> None:
    tour = _tour(sample_site, "alzhir")
    languages: list[str] = tour["languages"]  # type: ignore[assignment]
    stops: list[dict[str, object]] = tour["stops"]  # type: ignore[assignment]
    context = _context(browser, locale="kk-KZ")
    page = context.new_page()
    base = own_server.url
    page.goto(base + "alzhir/kk/")
    page.wait_for_function("() => navigator.serviceWorker && navigator.serviceWorker.controller")
    button = page.locator("#download")
    packs: dict[str, dict[str, int]] = tour["packs"]  # type: ignore[assignment]
    size_mb = (packs["shared"]["bytes"] + packs["languages"]["kk"]["bytes"]) / 1e6  # type: ignore[index]
    # the size the Kazakh way (CLDR via the build, digits by Intl): a decimal comma and "МБ"
    shown = f"{size_mb:.1f}".replace(".", ",") if size_mb < 10 else f"{round(size_mb)}"
    assert f"Қазақша ({shown} МБ)" in button.inner_text().replace("\xa0", " ")
    page.evaluate(
        """() => { window.agProgress = [];
        new MutationObserver(() => window.agProgress.push(
          document.getElementById('download-progress').value))
        .observe(document.getElementById('download-progress'), {attributes: true}); }"""
    )
    button.click()
    page.wait_for_function("() => document.getElementById('download-progress').value === 100")
    page.wait_for_function("() => !!localStorage.getItem('ag:dl:/:alzhir')")
    page.locator("#download-status").filter(has_text="сақталды").wait_for()
    progress: list[float] = page.evaluate("window.agProgress")
    assert progress[-1] == 100 and len(set(progress)) > 3, progress
    assert progress == sorted(progress)
    assert page.locator("#download-status").inner_text().startswith("Экскурсия телефонда сақталды")
    assert page.locator("#storage").inner_text() != ""
    assert page.evaluate("localStorage.getItem('ag:dl:/:alzhir')") == tour["version"]
    for lang in ("ru", "en"):  # the other languages, one tap each
        other = page.locator(f"#download-other-list button[data-pack='{lang}']")
        other.click()
        other.wait_for(state="detached")  # replaced by "<language> · saved" once complete

    own_server.stop()  # no server at all: nothing below can come from the network
    context.set_offline(True)

    ranged: list[Response] = []
    page.on(
        "response",
        lambda r: ranged.append(r) if r.status == 206 and r.from_service_worker else None,
    )
    for lang in languages:
        for stop in stops:
            number = stop["number"]
            response = page.goto(f"{base}alzhir/{lang}/{number}/")
            assert response is not None and response.ok and response.from_service_worker
            titles: dict[str, str] = stop["title"]  # type: ignore[assignment]
            assert page.locator("h1").inner_text() == titles[lang]
            page.evaluate("document.getElementById('audio').play()")
            _wait_playing(page, 0.2)
            page.evaluate(
                "() => { const a = document.getElementById('audio');"
                " a.currentTime = a.duration / 2; }"
            )
            page.wait_for_function(
                "() => { const a = document.getElementById('audio');"
                " return a.currentTime > a.duration / 2 + 0.2 && !a.paused; }"
            )
    assert ranged, "no Range request was answered 206 by the service worker"
    assert all(r.headers["content-range"].startswith("bytes ") for r in ranged)

    # the QR URL, the keypad and the language picker, all offline
    page.goto(base + "alzhir/4")  # the language last read was the last one of the loop
    page.wait_for_url(f"{base}alzhir/{languages[-1]}/4/")
    page.goto(base + "alzhir/kk/")
    keypad = page.get_by_role("textbox", name="Аялдама нөмірі")
    keypad.fill("7")  # only stop 7 starts with 7: no need to press Go
    page.wait_for_url(base + "alzhir/kk/7/")
    page.go_back()
    page.get_by_role("button", name="1", exact=True).click()  # 1, 10, 11: wait for more
    assert page.url == base + "alzhir/kk/"
    page.get_by_role("button", name="0", exact=True).click()
    page.wait_for_url(base + "alzhir/kk/10/")
    page.get_by_role("navigation", name="Тіл").get_by_role("link", name="English").click()
    page.wait_for_url(base + "alzhir/en/10/")
    assert page.evaluate("localStorage.getItem('ag:lang')") == "en"
    page.goto(base + "alzhir/2")
    page.wait_for_url(base + "alzhir/en/2/")

    # a page that was never saved: the offline page, styled, not the browser's error
    page.goto(base + "baitursynov/kk/1/")
    assert page.locator("h1").inner_text() == "Интернет байланысы жоқ"
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)")
    context.close()


def test_a_new_build_reaches_a_visitor_without_breaking_the_saved_tour(
    browser: Browser, tmp_path: Path, narration_cache: Path
) -> None:
    source = tmp_path / "alzhir"
    shutil.copytree(Path(__file__).parents[2] / "guide" / "samples" / "alzhir", source)
    site = tmp_path / "site"
    options = BuildOptions(engine="espeak", cache_dir=narration_cache)
    build([source], site, options)
    old_version = _tour(site, "alzhir")["version"]
    live = serve(site, reload_interval=0)  # look for a rebuild on every request
    context = _context(browser, locale="en-GB")
    try:
        page = context.new_page()
        page.goto(live.url + "alzhir/en/")
        page.wait_for_function(
            "() => navigator.serviceWorker && navigator.serviceWorker.controller"
        )
        page.locator("#download").click()
        page.wait_for_function(f"() => localStorage.getItem('ag:dl:/:alzhir') === '{old_version}'")

        stop = next((source / "stops").glob("03-*")) / "en.md"
        stop.write_text(stop.read_text("utf-8").replace("Arch of Grief", "Arch of Sorrow"), "utf-8")
        build([source], site, options)
        new_version = _tour(site, "alzhir")["version"]
        assert new_version != old_version

        # mid-tour, the saved pages stay coherent: the old stop, from the old cache
        page.goto(live.url + "alzhir/en/3/")
        assert page.locator("h1").inner_text() == "The Arch of Grief"
        # online, the tour home fetches the new build beside the old one, then drops the old
        page.goto(live.url + "alzhir/en/")
        page.wait_for_function(f"() => localStorage.getItem('ag:dl:/:alzhir') === '{new_version}'")
        names = page.evaluate("() => caches.keys()")
        assert [n for n in names if "|tour|" in n] == [f"ag|{live.url}|tour|alzhir"]
        live.stop()
        context.set_offline(True)
        page.goto(live.url + "alzhir/en/3/")
        assert page.locator("h1").inner_text() == "The Arch of Sorrow"
        page.evaluate("() => document.getElementById('audio').play()")
        _wait_playing(page, 0.2)
    finally:
        context.close()
        live.stop()


def test_evicted_tour_is_offered_again(browser: Browser, live_site: LiveServer) -> None:
    context = _context(browser, locale="en-GB")
    page = context.new_page()
    page.goto(live_site.url + "baitursynov/en/")
    page.wait_for_function("() => navigator.serviceWorker && navigator.serviceWorker.controller")
    page.locator("#download").click()
    page.wait_for_function("() => !!localStorage.getItem('ag:dl:/:baitursynov')")
    page.evaluate(
        """async () => { for (const n of await caches.keys())
        if (n.endsWith('|tour|baitursynov')) await caches.delete(n); }"""
    )  # what the browser does under storage pressure
    page.reload()
    status = page.locator("#download-status")
    status.filter(has_text="Your browser removed the saved tour").wait_for()
    assert page.locator("#download").inner_text() == "Download again"
    context.close()


@pytest.mark.parametrize(
    "path", ["", "alzhir/", "alzhir/kk/", "alzhir/ru/1/", "alzhir/en/6/", "baitursynov/en/2/",
             "alzhir/3/index.html", "offline.html", "404.en.html"],
)  # fmt: skip
def test_axe_finds_no_violations(
    browser: Browser, live_site: LiveServer, axe_source: str, path: str
) -> None:
    context = _context(browser, bypass_csp=True, locale="en-GB")  # axe is injected inline
    page = context.new_page()
    page.goto(live_site.url + path)
    page.wait_for_load_state("load")
    assert axe_violations(page, axe_source) == []
    context.close()
