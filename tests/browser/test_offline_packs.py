"""Saving a tour for one language, in a real Chromium: what is fetched, what is saved, what plays.

Every assertion reads the browser's own state (Cache API, network log, the page) against the
built site's `tour.json`; nothing waits on a timer.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from live_server import LiveServer, Mounted, serve, serve_app
from offline_state import (
    DownloadLog,
    cache_key,
    pack_bytes,
    pack_urls,
    saved_state,
    tour_json,
)
from pages import csp_errors, new_context
from playwright.sync_api import Browser, BrowserContext, Page

from guide.build import BuildOptions, build

pytestmark = pytest.mark.browser

SAVED = "The tour is saved on this phone and works without internet."


@pytest.fixture
def english(browser: Browser) -> Iterator[BrowserContext]:
    context = new_context(browser, locale="en-GB")
    yield context
    context.close()


def open_controlled(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_function("() => navigator.serviceWorker && navigator.serviceWorker.controller")


def wait_saved(page: Page) -> None:
    # a bound, not a pause: a download that restarts after a rebuild on a busy 2-core machine
    page.locator("#download-status").filter(has_text=SAVED).wait_for(timeout=120_000)


def play_and_seek(page: Page) -> None:
    page.evaluate("document.getElementById('audio').play()")
    page.wait_for_function(
        "() => { const a = document.getElementById('audio');"
        " return a.currentTime > 0.2 && !a.paused; }"
    )
    page.evaluate(
        "() => { const a = document.getElementById('audio'); a.currentTime = a.duration / 2; }"
    )
    page.wait_for_function(
        "() => { const a = document.getElementById('audio');"
        " return a.currentTime > a.duration / 2 + 0.2 && !a.paused; }"
    )


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
        f["bytes"]
        for f in manifest["files"]
        if f["url"].startswith("audio/") and "-en-" in f["url"]
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
    # the picker is marked once the script has read the saved copy: wait for it, then look
    page.wait_for_function(
        "() => document.querySelector(\".langs a[data-lang='en']\").dataset.saved === '1'"
    )
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


# --- isolation, updates, rebuilds, quota -----------------------------------------------------

SAMPLES = Path(__file__).parents[2] / "guide" / "samples"


def copy_tour(sample: str, tour_id: str, where: Path) -> Path:
    source = where / tour_id
    shutil.copytree(SAMPLES / sample, source)
    toml = source / "tour.toml"
    toml.write_text(
        re.sub(r'(?m)^id = ".*"$', f'id = "{tour_id}"', toml.read_text("utf-8")), "utf-8"
    )
    return source


def edit_stop(source: Path, number: int, old: str, new: str) -> None:
    text = next((source / "stops").glob(f"{number:02d}-*")) / "en.md"
    content = text.read_text("utf-8")
    assert old in content
    text.write_text(content.replace(old, new, 1), "utf-8")


def save(page: Page) -> None:
    page.locator("#download").click()
    wait_saved(page)


def fully_saved(page: Page, site: Path, tour_id: str, languages: list[str]) -> None:
    """The saved copy is the site's current version of every file of those languages."""
    state = saved_state(page, tour_id)
    manifest = tour_json(site, tour_id)
    assert state is not None and state["missing"] == [], state
    assert state["version"] == manifest["version"]
    scope = page.evaluate("async () => (await navigator.serviceWorker.ready).scope")
    hashes = {cache_key(scope, tour_id, f["url"]): f["hash"] for f in manifest["files"]}
    wanted = {cache_key(scope, tour_id, u) for u in pack_urls(manifest, languages)}
    assert set(state["urls"]) == wanted
    assert all(state["hashes"][url] == hashes[url] for url in wanted)


@pytest.fixture
def kids_site(tmp_path: Path, narration_cache: Path) -> tuple[Path, list[Path], BuildOptions]:
    """Tours `t` and `t-kids` (one a prefix of the other's id) in one site."""
    sources = [
        copy_tour("baitursynov", "t", tmp_path),
        copy_tour("baitursynov", "t-kids", tmp_path),
    ]
    options = BuildOptions(engine="espeak", cache_dir=narration_cache)
    build(sources, tmp_path / "site", options)
    return tmp_path / "site", sources, options


def test_tours_and_sites_on_one_host_never_touch_each_others_copies(
    english: BrowserContext, kids_site: tuple[Path, list[Path], BuildOptions], tmp_path: Path
) -> None:
    site_a, sources, options = kids_site
    site_b = tmp_path / "site-b"
    shutil.copytree(site_a, site_b)
    live = serve_app(Mounted({"/a": site_a, "/b": site_b}, reload_interval=0))
    try:
        a, b = english.new_page(), english.new_page()
        open_controlled(a, live.url + "a/t/en/")
        save(a)
        open_controlled(b, live.url + "b/t/en/")
        save(b)
        a.goto(live.url + "a/t-kids/en/")
        save(a)
        a.goto(live.url + "a/t/en/")
        wait_saved(a)  # saving t-kids left t alone
        fully_saved(a, site_a, "t", ["en"])
        fully_saved(a, site_a, "t-kids", ["en"])
        fully_saved(b, site_b, "t", ["en"])

        # site /b/ is rebuilt and its saved tour updated: /a/'s two tours are untouched
        edit_stop(sources[0], 2, "the", "this")
        build([sources[0], sources[1]], site_b, options)
        old_a = saved_state(a, "t")
        b.goto(live.url + "b/t/en/")
        b.wait_for_function(
            "v => localStorage.getItem('ag:dl:/b/:t') === v", arg=tour_json(site_b, "t")["version"]
        )
        wait_saved(b)
        fully_saved(b, site_b, "t", ["en"])
        assert saved_state(a, "t") == old_a
        fully_saved(a, site_a, "t-kids", ["en"])
    finally:
        live.stop()
    english.set_offline(True)
    for url in ("a/t/en/2/", "a/t-kids/en/2/", "b/t/en/2/"):
        response = a.goto(live.url + url)
        assert response is not None and response.ok and response.from_service_worker
        play_and_seek(a)


def test_an_update_fetches_only_what_changed_and_switches_whole(
    english: BrowserContext, kids_site: tuple[Path, list[Path], BuildOptions]
) -> None:
    site, sources, options = kids_site
    live = serve(site, reload_interval=0)
    try:
        page = english.new_page()
        open_controlled(page, live.url + "t/en/")
        save(page)
        old = tour_json(site, "t")
        edit_stop(sources[0], 3, "the", "this")
        build(sources, site, options)
        new = tour_json(site, "t")
        assert new["version"] != old["version"]
        before = {f["url"]: f["hash"] for f in old["files"]}
        changed = {
            cache_key(live.url, "t", f["url"])
            for f in new["files"]
            if f["url"] in pack_urls(new, ["en"]) and before.get(f["url"]) != f["hash"]
        }
        assert 0 < len(changed) < len(pack_urls(new, ["en"])) / 2
        log = DownloadLog(english)
        page.goto(live.url + "t/en/")  # online on the tour home: the update runs
        page.wait_for_function("v => localStorage.getItem('ag:dl:/:t') === v", arg=new["version"])
        wait_saved(page)
        assert log.urls() == changed
        fully_saved(page, site, "t", ["en"])
    finally:
        live.stop()
    english.set_offline(True)
    page.goto(live.url + "t/en/3/")
    assert "this" in page.locator(".transcript").inner_text()
    play_and_seek(page)


RANGES = [
    "bytes=0-99", "bytes=100-", "bytes=-50", "bytes=5-3", "bytes=0-1,5-9", "bytes=-0",
    "bytes=abc", "items=0-1", "bytes=999999999-", "bytes= 7 - 9", "bytes=",
]  # fmt: skip


def test_the_service_worker_answers_ranges_as_the_server_does(
    english: BrowserContext, live_site: LiveServer, sample_site: Path
) -> None:
    manifest = tour_json(sample_site, "baitursynov")
    page = english.new_page()
    open_controlled(page, live_site.url + "baitursynov/en/")
    save(page)
    audio = manifest["stops"][0]["audio"]["en"]["url"]
    answers = page.evaluate(
        """async ([url, ranges]) => {
        const out = [];
        for (const range of ranges) {
          const sw = await fetch(url, {headers: {Range: range}, cache: 'no-store'});
          const net = await fetch(url,
            {headers: {Range: range, 'X-AG-Download': '1'}, cache: 'no-store'});
          out.push([range, sw.status, net.status, sw.headers.get('content-range'),
                    net.headers.get('content-range'), (await sw.blob()).size,
                    (await net.blob()).size]);
        }
        return out;
      }""",
        [f"{live_site.url}baitursynov/{audio}", RANGES],
    )
    for range_, sw, net, sw_range, net_range, sw_size, net_size in answers:
        assert (sw, sw_range, sw_size) == (net, net_range, net_size), range_
    assert {a[1] for a in answers} == {200, 206, 416}


def test_deep_not_found_page_is_styled_under_the_csp(
    english: BrowserContext, live_site: LiveServer
) -> None:
    page = english.new_page()
    csp = csp_errors(page)
    response = page.goto(live_site.url + "alzhir/en/999/x/")
    assert response is not None and response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)")
    page.get_by_role("link", name="Home").click()
    page.wait_for_url(live_site.url)
    assert csp == []


def test_tour_home_comes_in_the_visitors_language_in_one_load(
    browser: Browser, live_site: LiveServer
) -> None:
    context = new_context(browser, locale="ru-RU")
    page = context.new_page()
    response = page.goto(live_site.url + "alzhir/")
    assert (
        response is not None and response.status == 200 and response.request.redirected_from is None
    )
    assert "Accept-Language" in response.headers["vary"]
    assert page.locator("html").get_attribute("lang") == "ru"
    page.wait_for_load_state("load")
    assert page.url == live_site.url + "alzhir/"
    assert page.evaluate("performance.getEntriesByType('navigation')[0].redirectCount") == 0
    context.close()
