"""Every UI language in a real Chromium at 320 px: axe-core finds nothing, nothing overflows
sideways, sizes are written the locale's way, and the right-to-left player keeps its sense."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.units import format_unit
from live_server import LiveServer, serve
from pages import axe_violations
from PIL import Image
from playwright.sync_api import Browser, Page
from polyglot import LANGUAGES, RTL

from guide.build import BuildSummary
from guide.i18n.catalogs import translations

pytestmark = pytest.mark.browser

NARROW = {"width": 320, "height": 640}


@pytest.fixture(scope="module")
def poly_live(polyglot_build: tuple[Path, BuildSummary]) -> Iterator[LiveServer]:
    live = serve(polyglot_build[0])
    yield live
    live.stop()


@pytest.fixture(scope="module")
def narrow_page(browser: Browser, axe_source: str) -> Iterator[Page]:
    """One phone-sized page for every language; axe-core is loaded into each document."""
    context = browser.new_context(viewport=NARROW, bypass_csp=True)
    context.set_default_timeout(30_000)
    context.add_init_script(axe_source)
    yield context.new_page()
    context.close()


def _assert_fits_320(page: Page, tmp_path: Path, name: str) -> None:
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], (name, widths)
    clipped = page.evaluate(
        """() => [...document.querySelectorAll('button, .button, select')]
        .filter((el) => el.offsetParent && el.scrollWidth > el.clientWidth)
        .map((el) => [el.outerHTML.slice(0, 80), el.scrollWidth, el.clientWidth])"""
    )
    assert clipped == [], (name, clipped)  # a label wider than its button is cut off
    shot = page.screenshot(full_page=True, path=tmp_path / f"{name}.png")
    assert Image.open(io.BytesIO(shot)).width == NARROW["width"], name


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_language_is_accessible_and_fits_320_px(
    narrow_page: Page, poly_live: LiveServer, lang: str, tmp_path: Path
) -> None:
    page = narrow_page
    page.goto(f"{poly_live.url}poly/{lang}/")
    page.wait_for_function("() => /\\d/.test(document.getElementById('download').textContent)")
    page.locator(".keypad").wait_for()
    assert page.locator("html").get_attribute("dir") == ("rtl" if lang in RTL else "ltr")
    size = page.locator("#download").inner_text()
    unit = format_unit(1, "digital-megabyte", length="short", locale=lang).split("1")[-1].strip()
    assert unit.replace("MБ", "МБ") in size, (lang, size)  # "МБ" in ru, kk, ky; "Mo" in fr
    assert axe_violations(page) == []
    _assert_fits_320(page, tmp_path, f"{lang}-home")
    go = page.locator(".key.go").bounding_box()
    keys = page.locator(".keys").bounding_box()
    assert go is not None and keys is not None
    assert go["x"] >= keys["x"] - 0.5 and go["x"] + go["width"] <= keys["x"] + keys["width"] + 0.5
    heights = page.evaluate(
        "() => [...document.querySelectorAll('.key')].map((k) => k.getBoundingClientRect().height)"
    )
    assert max(heights) - min(heights) < 1, (lang, heights)  # no label broken over two lines

    page.goto(f"{poly_live.url}poly/{lang}/2/")  # a fallback stop: Kazakh text, this UI
    page.locator(".controls").wait_for()
    assert axe_violations(page) == []
    _assert_fits_320(page, tmp_path, f"{lang}-stop")
    back = page.get_by_role("button", name=translations(lang).gettext("Back 10 seconds"))
    forward = page.get_by_role("button", name=translations(lang).gettext("Forward 10 seconds"))
    back_box, forward_box = back.bounding_box(), forward.bounding_box()
    assert back_box is not None and forward_box is not None
    assert back_box["x"] < forward_box["x"]  # time runs left to right, in Arabic too
    assert back.inner_text() == "−10"
