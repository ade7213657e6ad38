"""Bytes a visitor downloads to save a tour in one language, and a phone's image bytes.

    .venv/bin/python bench/offline_bytes.py [--stops 60] [--keep DIR]

For each tour (both samples and a generated 60-stop, 3-language tour) a fresh Chromium
(/usr/bin/chromium, 390x844) opens `<tour>/<lang>/`, taps "Download tour in <language>" and
waits until it is saved. Printed side by side:

  visit      every response body the page's network log shows (the page, its assets, download)
  download   the download's own requests (`X-AG-Download`)
  install    the service worker's install fetches of the app shell, which the page's log does not
             show: counted at their full uncompressed size (an upper bound)
  reference  that language's audio + captions + pages + the shared files (tour.json `packs`)
  whole      what the previous design saved: every file of every language (`files`)

The goal is (visit + install) / reference <= 1.05. Then a stop with a 4000x3000 camera JPEG is
opened on a 390 px phone at device pixel ratios 2 and 3 and its image bytes printed against the
150 KB goal.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))
sys.path.insert(0, str(ROOT / "tests" / "guide"))

from live_server import serve  # noqa: E402
from playwright.sync_api import Browser, Request, sync_playwright  # noqa: E402

from guide.build import BuildOptions, build  # noqa: E402

SAMPLES = ROOT / "guide" / "samples"
PHONE = {"width": 390, "height": 844}
IMAGE_GOAL = 150_000
RATIO_GOAL = 1.05
WORDS = (
    "The barracks stood in rows along the fence. Women worked in the fields and in the "
    "workshops, and many did not know for years where their husbands and children were."
)


def generated_tour(where: Path, stops: int) -> Path:
    """A tour of `stops` stops in kk, ru and en, each narration a few sentences."""
    root = where / "big"
    (root / "stops").mkdir(parents=True)
    (root / "tour.toml").write_text(
        'id = "big"\nlanguages = ["kk", "ru", "en"]\nbase_url = "https://example.org"\n'
        '[title]\nkk = "Үлкен"\nru = "Большая"\nen = "Big"\n',
        "utf-8",
    )
    for n in range(1, stops + 1):
        folder = root / "stops" / f"{n:02d}-stop"
        folder.mkdir()
        for lang, title in (("kk", "Аялдама"), ("ru", "Остановка"), ("en", "Stop")):
            (folder / f"{lang}.md").write_text(f"# {title} {n}\n\n{WORDS} ({n})\n", "utf-8")
    return root


def camera_tour(where: Path) -> Path:
    from test_images import camera_jpeg

    root = where / "photo"
    (root / "stops" / "01-photo").mkdir(parents=True)
    (root / "tour.toml").write_text(
        'id = "photo"\nlanguages = ["en"]\nbase_url = "https://example.org"\n[title]\nen = "P"\n',
        "utf-8",
    )
    stop = root / "stops" / "01-photo"
    (stop / "en.md").write_text(f"# A photograph\n\n{WORDS}\n", "utf-8")
    camera_jpeg(stop / "image.jpg")
    (stop / "stop.toml").write_text('[alt]\nen = "A photograph."\n', "utf-8")
    return root


def save_one_language(browser: Browser, url: str, tour: str, lang: str) -> tuple[int, int]:
    """(bytes of every response body, bytes of the download's own requests)."""
    context = browser.new_context(viewport=PHONE, locale="en-GB")
    context.set_default_timeout(120_000)
    seen: list[Request] = []
    context.on("requestfinished", lambda r: seen.append(r))
    page = context.new_page()
    page.goto(f"{url}{tour}/{lang}/")
    page.wait_for_function("() => navigator.serviceWorker && navigator.serviceWorker.controller")
    page.locator("#download").click()
    page.wait_for_function("() => document.querySelector('.offline').dataset.saved")
    visit = sum(r.sizes()["responseBodySize"] for r in seen)
    download = sum(r.sizes()["responseBodySize"] for r in seen if r.headers.get("x-ag-download"))
    context.close()
    return visit, download


def image_bytes(browser: Browser, url: str, scale: float) -> int:
    context = browser.new_context(viewport=PHONE, device_scale_factor=scale)
    seen: list[Request] = []
    context.on("requestfinished", lambda r: seen.append(r))
    page = context.new_page()
    page.goto(f"{url}photo/en/1/")
    page.wait_for_load_state("load")
    page.wait_for_function("() => document.querySelector('.picture img').complete")
    total = sum(
        r.sizes()["responseBodySize"]
        for r in seen
        if "/images/" in r.url and r.resource_type == "image"
    )
    context.close()
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stops", type=int, default=60)
    parser.add_argument("--keep", type=Path, help="build here and keep it (default: a temp dir)")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="ag-bytes-"))
    try:
        sources = [SAMPLES / "alzhir", SAMPLES / "baitursynov", generated_tour(work, args.stops)]
        sources.append(camera_tour(work))
        site = work / "site"
        build(sources, site, BuildOptions(engine="espeak"))
        live = serve(site)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(
                    executable_path="/usr/bin/chromium", args=["--no-sandbox"]
                )
                sw = (site / "sw.js").read_text("utf-8")
                shell = json.loads(sw.split("const SHELL = ", 1)[1].split(";\n", 1)[0])
                install = sum((site / path).stat().st_size for path in shell)
                print(f"{'tour':12} {'lang':4} {'visit':>10} {'download':>10} {'install':>8} "
                      f"{'reference':>10} {'ratio':>6} {'whole':>10} {'whole/ref':>9}")  # fmt: skip
                for tour in ("alzhir", "baitursynov", "big"):
                    manifest = json.loads((site / tour / "tour.json").read_text("utf-8"))
                    packs = manifest["packs"]
                    for lang in manifest["languages"]:
                        reference = packs["shared"]["bytes"] + packs["languages"][lang]["bytes"]
                        visit, download = save_one_language(browser, live.url, tour, lang)
                        ratio = (visit + install) / reference
                        mark = "ok" if ratio <= RATIO_GOAL else "OVER"
                        print(
                            f"{tour:12} {lang:4} {visit:10d} {download:10d} {install:8d} "
                            f"{reference:10d} "
                            f"{ratio:6.3f} {manifest['bytes']:10d} "
                            f"{manifest['bytes'] / reference:9.2f} {mark}"
                        )
                for scale in (2.0, 3.0):
                    got = image_bytes(browser, live.url, scale)
                    mark = "ok" if got <= IMAGE_GOAL else "OVER"
                    print(
                        f"image bytes, 4000x3000 JPEG stop, 390 px phone at {scale:g}x: "
                        f"{got} (goal <= {IMAGE_GOAL}) {mark}"
                    )
                source = (work / "photo/stops/01-photo/image.jpg").stat().st_size
                print(f"the camera JPEG itself: {source} bytes")
                browser.close()
        finally:
            live.stop()
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
