"""The page renderer on hand-made built tours: escaping, structure, links, reproducibility."""

from __future__ import annotations

import gzip
import io
import json
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image

from guide.model import AudioFile, BuiltTour, Narration, Stop, Tour
from guide.render import RenderedSite, render_site

EVIL = "<script>alert(1)</script>"


def _stop(number: int, slug: str, texts: dict[str, tuple[str, str]], **extra: object) -> Stop:
    folder = Path(f"/tours/t/stops/{number:02d}-{slug}")
    narrations = {
        lang: Narration(lang=lang, title=title, markdown=body, source=folder / f"{lang}.md")
        for lang, (title, body) in texts.items()
    }
    return Stop(number=number, slug=slug, folder=folder, narrations=narrations, **extra)  # type: ignore[arg-type]


def _tour() -> BuiltTour:
    stops = (
        _stop(
            1,
            "gate",
            {
                "kk": ("Қақпа", "Мәтін **бір**."),
                "ru": (EVIL, "Raw <b onclick=x>html</b> and <img src=x onerror=alert(1)>."),
                "en": ("The gate", "First *stop*.\n\n![pic](http://evil.example/x.png)"),
            },
            alt={"kk": "Қақпаның суреті", "en": "The gate in winter"},
            note={"en": 'Names of victims. "Quoted" & <tagged>'},
        ),
        _stop(2, "barrack", {"kk": ("Барак", "Екінші."), "ru": ("Барак", "Второй.")}),
        _stop(12, "wall", {"kk": ("Қабырға", "Он екінші."), "en": ("The wall", "Twelfth.")}),
    )
    tour = Tour(
        id="alzhir",
        root=Path("/tours/t"),
        languages=("kk", "ru", "en"),
        base_url="https://guide.example.org",
        title={"kk": "АЛЖИР", "ru": "АЛЖИР", "en": f"ALZHIR {EVIL}"},
        description={"kk": "Сипаттама.", "en": "A memorial. <i>raw</i>"},
        pronounce={},
        voices={},
        stops=stops,
    )
    audio = {
        (1, "kk"): AudioFile("alzhir/audio/1-kk-aaaa.mp3", 1000, 61.4, "espeak"),
        (1, "ru"): AudioFile("alzhir/audio/1-ru-bbbb.mp3", 1000, 75.0, "gtts"),
        (1, "en"): AudioFile("alzhir/audio/1-en-cccc.mp3", 1000, 3600 + 5, "recording"),
        (2, "kk"): AudioFile("alzhir/audio/2-kk-dddd.mp3", 1000, 30.0, "espeak"),
        (2, "ru"): AudioFile("alzhir/audio/2-ru-eeee.mp3", 1000, 30.0, "espeak"),
        (12, "kk"): AudioFile("alzhir/audio/12-kk-ffff.mp3", 1000, 9.6, "espeak"),
        (12, "en"): AudioFile("alzhir/audio/12-en-gggg.mp3", 1000, 9.6, "espeak"),
    }
    return BuiltTour(tour=tour, audio=audio, images={1: "alzhir/images/1-abcd.jpg"})


@pytest.fixture(scope="module")
def site() -> RenderedSite:
    return render_site([_tour()])


def _text(site: RenderedSite, path: str) -> str:
    return site.files[path].decode("utf-8")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.inline: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        d = dict(attrs)
        for name in ("href", "src"):
            if d.get(name):
                self.urls.append(d[name] or "")
        if "style" in d or any(k.startswith("on") for k in d):
            self.inline.append(f"{tag} {d}")
        if tag == "script" and "src" not in d and d.get("type") != "application/json":
            self.inline.append("inline script")
        if tag == "style":
            self.inline.append("style element")


def _links(html: str) -> _Links:
    parser = _Links()
    parser.feed(html)
    return parser


def test_site_layout_matches_the_contract(site: RenderedSite) -> None:
    files = set(site.files)
    for path in ("index.html", "sw.js", "offline.html", "404.html", "404.kk.html", "404.ru.html",
                 "404.en.html", "alzhir/index.html", "alzhir/manifest.webmanifest",
                 "alzhir/1/index.html", "alzhir/12/index.html"):  # fmt: skip
        assert path in files, path
    for lang in ("kk", "ru", "en"):
        for n in (1, 2, 12):
            assert f"alzhir/{lang}/{n}/index.html" in files
    assets = [p for p in files if p.startswith("assets/")]
    assert all(re.fullmatch(r"assets/[a-z0-9-]+\.[0-9a-f]{10}\.(css|js|png)", p) for p in assets)
    assert set(site.shell) >= {*assets, "offline.html"}
    assert all(p in files for p in site.shell)
    assert "sw.js" not in site.shell


def test_every_text_from_the_tour_is_escaped(site: RenderedSite) -> None:
    ru_stop = _text(site, "alzhir/ru/1/index.html")
    assert EVIL not in ru_stop
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in ru_stop
    en_home = _text(site, "alzhir/en/index.html")
    assert EVIL not in en_home and "ALZHIR &lt;script&gt;" in en_home
    for path, content in site.files.items():
        if path.endswith(".html"):
            assert "<script>alert" not in content.decode(), path
    manifest = json.loads(site.files["alzhir/manifest.webmanifest"])
    assert manifest["name"] == "АЛЖИР"  # kk is the default language


def test_markdown_passes_no_raw_html_and_no_remote_images(site: RenderedSite) -> None:
    ru_stop = _text(site, "alzhir/ru/1/index.html")
    assert "<b onclick" not in ru_stop and "<img src=x" not in ru_stop
    assert "&lt;b onclick=x&gt;html&lt;/b&gt;" in ru_stop
    kk_stop = _text(site, "alzhir/kk/1/index.html")
    assert "<strong>бір</strong>" in kk_stop
    en_stop = _text(site, "alzhir/en/1/index.html")
    assert "<em>stop</em>" in en_stop
    assert "evil.example" not in " ".join(_links(en_stop).urls)
    assert "<i>raw</i>" not in _text(site, "alzhir/en/index.html")


def test_no_inline_script_or_style_anywhere(site: RenderedSite) -> None:
    for path, content in site.files.items():
        if path.endswith(".html"):
            assert _links(content.decode()).inline == [], path


def test_every_url_is_relative_and_resolves_inside_the_site(site: RenderedSite) -> None:
    built_by_build = {"alzhir/images/1-abcd.jpg"} | {a.path for a in _tour().audio.values()}
    for path, content in site.files.items():
        if not path.endswith(".html") or path.startswith(("404", "offline")):
            continue
        for url in _links(content.decode()).urls:
            assert not re.match(r"^([a-z]+:|/)", url), (path, url)
            if url.startswith("#"):
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(path), url))
            if url.endswith("/") or url in ("./", "."):
                target = posixpath.join(target, "index.html") if target != "." else "index.html"
            assert target in site.files or target in built_by_build, (path, url, target)


def test_stop_page_has_player_transcript_and_notes(site: RenderedSite) -> None:
    html = _text(site, "alzhir/en/1/index.html")
    assert '<html lang="en" dir="ltr">' in html
    assert re.search(r'<audio id="audio" controls preload="metadata" crossorigin="anonymous" '
                     r'src="../../../alzhir/audio/1-en-cccc.mp3"', html)  # fmt: skip
    assert "Length 1:00:05" in html
    assert "Synthetic voice" not in html  # a human recording
    assert 'alt="The gate in winter"' in html
    assert "Names of victims. &#34;Quoted&#34; &amp; &lt;tagged&gt;" in html
    assert 'rel="next"' in html and 'rel="prev"' not in html
    ru = _text(site, "alzhir/ru/1/index.html")
    assert "Синтезированный голос" in ru
    assert "Длительность 1:15" in ru
    assert 'alt="Қақпаның суреті"' in ru  # alt falls back to the default language


def test_fallback_stop_says_so_and_marks_the_language(site: RenderedSite) -> None:
    html = _text(site, "alzhir/en/2/index.html")
    assert "This stop is not yet available in English; it is shown in Kazakh." in html
    assert '<h1 lang="kk">Барак</h1>' in html
    assert '<section class="transcript" aria-labelledby="transcript-h" lang="kk">' in html
    assert '<h2 id="transcript-h" lang="en" dir="ltr">Transcript</h2>' in html
    assert 'src="../../../alzhir/audio/2-kk-dddd.mp3"' in html
    assert "fallback" not in _text(site, "alzhir/kk/2/index.html")


def test_tour_home_lists_stops_languages_and_total(site: RenderedSite) -> None:
    html = _text(site, "alzhir/ru/index.html")
    for name in ("Қазақша", "Русский", "English"):
        assert name in html
    assert 'aria-current="true">Русский' in html
    assert "1:15" in html and "0:30" in html
    # 75 + 30 + 10 s (12 falls back to kk: 9.6), to the minute; a CLDR plural and unit
    assert "3 остановки · Общая длительность 2 мин" in html
    assert 'href="../../alzhir/ru/12/"' in html
    neutral = _text(site, "alzhir/12/index.html")
    for lang in ("kk", "ru", "en"):
        assert f'href="../../alzhir/{lang}/12/"' in neutral


def test_manifest_and_icons(site: RenderedSite) -> None:
    manifest = json.loads(site.files["alzhir/manifest.webmanifest"])
    assert manifest["id"] == "./" and manifest["display"] == "standalone"
    assert manifest["theme_color"].startswith("#")
    sizes = {(i["sizes"], i["purpose"]) for i in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    for icon in manifest["icons"]:
        path = posixpath.normpath(posixpath.join("alzhir", icon["src"]))
        image = Image.open(io.BytesIO(site.files[path]))
        assert f"{image.width}x{image.height}" == icon["sizes"]
    assert 'rel="apple-touch-icon"' in _text(site, "alzhir/kk/1/index.html")


def test_offline_and_404_pages_link_from_the_site_root_without_a_base(
    site: RenderedSite,
) -> None:
    """Served at any depth, they link root-absolutely; `<base>` is blocked by the CSP."""
    offline = _text(site, "offline.html")
    assert "<base" not in offline and "<!--ag:base-->" not in offline
    assert 'data-root="/"' in offline
    assert re.search(r'rel="stylesheet" href="/assets/app\.[0-9a-f]{10}\.css"', offline)
    assert "Бет табылмады" in _text(site, "404.kk.html")
    assert "Page not found" in _text(site, "404.en.html")
    assert 'href="../../../assets/' in _text(site, "alzhir/kk/1/index.html")


def test_service_worker_names_the_shell(site: RenderedSite) -> None:
    sw = _text(site, "sw.js")
    shell = json.loads(re.search(r"const SHELL = (\[.*\]);", sw).group(1))  # type: ignore[union-attr]
    assert shell == list(site.shell)


def test_rendering_is_byte_reproducible(site: RenderedSite) -> None:
    again = render_site([_tour()])
    assert again.files == site.files and again.shell == site.shell


def test_stop_page_is_light(site: RenderedSite) -> None:
    html = site.files["alzhir/en/1/index.html"]
    own = [html] + [site.files[p] for p in site.shell if p.endswith((".css", ".js"))]
    compressed = sum(len(gzip.compress(b, mtime=0)) for b in own)
    assert compressed < 30_000, compressed


def test_no_tours_still_renders_a_site() -> None:
    empty = render_site([])
    assert {"index.html", "sw.js", "offline.html", "404.html"} <= set(empty.files)
