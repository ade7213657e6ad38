"""Every page and app-shell asset of the visitor PWA, rendered in memory.

`render_site` is pure: built tours in, `{site-relative path: bytes}` out. The build writes
the files, lists them in each `tour.json` and precaches `shell` through `sw.js`.
Every text from a tour is escaped by Jinja2 autoescape; Markdown is rendered with raw HTML
disabled. Pages use only relative URLs, so a site works under any path prefix.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token

from guide.i18n.formats import browser_formats, clock, minutes, number
from guide.i18n.page import PageLanguage
from guide.icons import THEME_COLOUR
from guide.images import SIZES, srcset
from guide.model import AudioFile, BuiltTour, Picture, Stop, Tour
from guide.shell import Assets, add_assets, service_worker, web_manifest
from guide.strings import app_strings, language_name, language_name_in, text_direction
from guide.transcript import synced

#: offline.html and the 404 pages are served at any URL, so their links are root-absolute
#: (`data-root="/guide/"`, from the tours' base_url); whoever serves them under another root
#: rewrites every `="<root>` (server/app.py, sw.js): no `<base>`, which the CSP forbids.
ROOT_ATTRIBUTE = "data-root"


@dataclass(frozen=True)
class RenderedSite:
    files: dict[str, bytes]  # site-relative posix path -> content: every page and asset
    shell: tuple[str, ...]  # site-relative paths of the app shell, precached by sw.js


def render_site(tours: Sequence[BuiltTour]) -> RenderedSite:
    """Render the whole visitor app for `tours` (ordered as they should be listed)."""
    files: dict[str, bytes] = {}
    assets = add_assets(files)
    site_lang = tours[0].tour.default_language if tours else "en"
    languages = _site_languages(tours, site_lang)

    files["index.html"] = _page("site.html", site_lang, 0, assets, tours=tours)
    absolute = _site_path(tours)
    files["offline.html"] = _page("offline.html", site_lang, 0, assets, absolute=absolute)
    files["404.html"] = _page("404.html", site_lang, 0, assets, absolute=absolute)
    for lang in languages:
        files[f"404.{lang}.html"] = _page("404.html", lang, 0, assets, absolute=absolute)
    for built in tours:
        _render_tour(built, assets, files)

    shell = (*sorted(p for p in files if p.startswith("assets/")), "offline.html", "index.html")
    files["sw.js"] = service_worker(files, shell)
    return RenderedSite(files=files, shell=shell)


def _render_tour(built: BuiltTour, assets: Assets, files: dict[str, bytes]) -> None:
    tour = built.tour
    tid = tour.id
    files[f"{tid}/manifest.webmanifest"] = web_manifest(tour, assets)
    files[f"{tid}/index.html"] = _page(
        "tour.html",
        tour.default_language,
        1,
        assets,
        **_tour_context(built, tour.default_language, 1),
    )
    for lang in tour.languages:
        files[f"{tid}/{lang}/index.html"] = _page(
            "tour.html", lang, 2, assets, **_tour_context(built, lang, 2)
        )
        if lang != tour.default_language:  # what `audioguide serve` answers at <tour>/ for lang
            files[f"{tid}/index.{lang}.html"] = _page(
                "tour.html", lang, 1, assets, **_tour_context(built, lang, 1, neutral=False)
            )
    stops = tour.stops
    for i, stop in enumerate(stops):
        prev_stop = stops[i - 1] if i > 0 else None
        next_stop = stops[i + 1] if i + 1 < len(stops) else None
        for lang in tour.languages:
            context = _stop_context(built, stop, lang, prev_stop, next_stop)
            files[f"{tid}/{lang}/{stop.number}/index.html"] = _page(
                "stop.html", lang, 3, assets, **context
            )
        files[f"{tid}/{stop.number}/index.html"] = _page(
            "neutral.html",
            tour.default_language,
            2,
            assets,
            tour=tour,
            stop=stop,
            tour_path=f"{tid}/",
            languages=_language_links(tour, lambda lang, n=stop.number: f"{tid}/{lang}/{n}/"),
            manifest=f"{tid}/manifest.webmanifest",
            data={"languages": list(tour.languages), "default": tour.default_language},
            title=stop.narration(tour.default_language, tour.default_language).title,
        )


# --- contexts -----------------------------------------------------------------------------


def _tour_context(
    built: BuiltTour, lang: str, depth: int, *, neutral: bool | None = None
) -> dict[str, Any]:
    tour = built.tour
    tid = tour.id
    page = PageLanguage(lang)
    rows = []
    total = 0.0
    for stop in tour.stops:
        narration = stop.narration(lang, tour.default_language)
        audio = _audio(built, stop, lang)
        total += audio.seconds if audio else 0.0
        rows.append(
            {
                "number": stop.number,
                "title": narration.title,
                "lang": narration.lang,
                "href": f"{tid}/{lang}/{stop.number}/",
                "duration": clock(audio.seconds) if audio else "",
                "fallback": stop.is_fallback(lang),
            }
        )
    neutral = depth == 1 if neutral is None else neutral
    return {
        "tour": tour,
        "tour_path": f"{tid}/",
        "tour_title": tour.text(tour.title, lang),
        "tour_title_lang": _text_lang(tour, tour.title, lang),
        "title": tour.text(tour.title, lang),
        "description": _markdown(tour.text(tour.description, lang)),
        "description_lang": _text_lang(tour, tour.description, lang),
        "rows": rows,
        "total": minutes(total, page.locale),
        "count": len(tour.stops),
        "count_text": number(len(tour.stops), page.locale),
        "languages": _language_links(tour, lambda lg: f"{tid}/{lg}/"),
        "manifest": f"{tid}/manifest.webmanifest",
        "data": {
            "tour": tid,
            "stops": [s.number for s in tour.stops],
            "stopUrl": f"{tid}/{lang}/",
            "languages": list(tour.languages),
            "default": tour.default_language,
            "neutral": neutral,
            "names": {lg: language_name(lg) for lg in tour.languages},
        },
    }


def _stop_context(
    built: BuiltTour, stop: Stop, lang: str, prev_stop: Stop | None, next_stop: Stop | None
) -> dict[str, Any]:
    tour = built.tour
    tid = tour.id
    default = tour.default_language
    narration = stop.narration(lang, default)
    audio = _audio(built, stop, lang)
    image = built.images.get(stop.number)
    page = PageLanguage(lang)
    note = stop.note.get(lang) or stop.note.get(default, "")
    cues = None
    if audio is not None and audio.captions is not None:
        cues = synced(narration.title, note if audio.synthetic and tour.speak_notes else "",
                      narration.markdown)  # fmt: skip

    def neighbour(other: Stop | None) -> dict[str, Any] | None:
        if other is None:
            return None
        return {
            "number": other.number,
            "title": other.narration(lang, default).title,
            "lang": other.narration(lang, default).lang,
            "href": f"{tid}/{lang}/{other.number}/",
        }

    fallback_note = ""
    if stop.is_fallback(lang):
        fallback_note = page.gettext(
            "This stop is not yet available in %(language)s; it is shown in %(default)s."
        ) % {
            "language": language_name_in(lang, page.locale),
            "default": language_name_in(narration.lang, page.locale),
        }
    return {
        "tour": tour,
        "tour_path": f"{tid}/",
        "tour_home": f"{tid}/{lang}/",
        "tour_title": tour.text(tour.title, lang),
        "tour_title_lang": _text_lang(tour, tour.title, lang),
        "title": narration.title,
        "stop": stop,
        "narration_lang": narration.lang,
        "transcript": cues.body if cues else _markdown(narration.markdown),
        "cues": cues,
        "voice_label": _voice_label(audio),
        "audio": audio,
        "audio_type": _audio_type(audio.path) if audio else "",
        "duration": clock(audio.seconds) if audio else "",
        "image": image,
        "picture": _picture(built.pictures.get(stop.number)),
        "alt": stop.alt_text(lang, default),
        "alt_lang": lang if stop.alt.get(lang) else default,
        "note": note,
        "note_lang": lang if stop.note.get(lang) else default,
        "fallback_note": fallback_note,
        "prev": neighbour(prev_stop),
        "next": neighbour(next_stop),
        "languages": _language_links(tour, lambda lg: f"{tid}/{lg}/{stop.number}/"),
        "manifest": f"{tid}/manifest.webmanifest",
        "data": {
            "tour": tid,
            "number": stop.number,
            "next": f"{tid}/{lang}/{next_stop.number}/" if next_stop else None,
            "prev": f"{tid}/{lang}/{prev_stop.number}/" if prev_stop else None,
            "tourTitle": tour.text(tour.title, lang),
            "artwork": image,
            "seconds": audio.seconds if audio else 0,
        },
    }


ENGINE_NAMES = {"piper": "Piper", "gtts": "Google TTS", "espeak": "eSpeak NG"}


def _voice_label(audio: AudioFile | None) -> str:
    """The engine and voice that made a synthetic narration, e.g. "Piper, en_US-joe-medium"."""
    if audio is None or not audio.synthetic:
        return ""
    engine = ENGINE_NAMES.get(audio.engine, audio.engine)
    return f"{engine}, {audio.voice}" if audio.voice else engine


def _picture(picture: Picture | None) -> dict[str, Any] | None:
    """`<source>`s (AVIF, WebP) and the JPEG `<img>` of a stop image, all widths each."""
    if picture is None:
        return None
    fallback = picture.fallback
    return {
        "sources": [
            {"type": mime, "variants": picture.of_type(mime)}
            for mime in ("image/avif", "image/webp")
            if picture.of_type(mime)
        ],
        "jpeg": picture.of_type("image/jpeg"),
        "src": fallback.path,
        "width": fallback.width,
        "height": fallback.height,
        "sizes": SIZES,
    }


def _audio(built: BuiltTour, stop: Stop, lang: str) -> AudioFile | None:
    shown = stop.narration(lang, built.tour.default_language).lang
    return built.audio.get((stop.number, lang)) or built.audio.get((stop.number, shown))


def _language_links(tour: Tour, href: Any) -> list[dict[str, str]]:
    return [
        {"code": lang, "name": language_name(lang), "dir": text_direction(lang), "href": href(lang)}
        for lang in tour.languages
    ]


def _site_path(tours: Sequence[BuiltTour]) -> str:
    """The site's root path on its host, from the tours' base_url ("/" when it has none)."""
    path = urlsplit(tours[0].tour.base_url).path if tours else ""
    return path.rstrip("/") + "/"


def _text_lang(tour: Tour, table: Mapping[str, str], lang: str) -> str:
    """The language `tour.text(table, lang)` is written in."""
    return lang if table.get(lang) else tour.default_language


def _site_languages(tours: Sequence[BuiltTour], site_lang: str) -> list[str]:
    seen = [site_lang]
    for built in tours:
        seen.extend(lang for lang in built.tour.languages if lang not in seen)
    return seen


# --- rendering helpers ----------------------------------------------------------------------


@cache
def _environment() -> Environment:
    """The templates; `_()`/`ngettext()` come with each page (`PageLanguage.template_gettext`)."""
    env = Environment(
        loader=PackageLoader("guide", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_null_translations(newstyle=True)  # type: ignore[attr-defined]
    return env


@cache
def _markdown_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": True})
    md.add_render_rule("image", _image_as_text)  # a transcript never loads a picture
    return md


def _image_as_text(renderer: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    alt = renderer.renderInlineAsText(token.children or [], options, env)
    return str(escapeHtml(alt))


def _markdown(text: str) -> str:
    return str(_markdown_parser().render(text))


def _page(
    template: str,
    lang: str,
    depth: int,
    assets: Assets,
    *,
    absolute: str | None = None,
    **context: Any,
) -> bytes:
    root = absolute if absolute is not None else "../" * depth

    def url(site_path: str) -> str:
        return root + site_path if site_path else root or "./"

    page = PageLanguage(lang)
    html = (
        _environment()
        .get_template(template)
        .render(
            lang=page.chrome,
            tour_lang=lang,
            dir=page.dir,
            lang_attrs=page.attrs,
            url=url,
            root=root or "./",
            assets=assets,
            srcset=lambda variants: srcset(variants, url),
            theme_colour=THEME_COLOUR,
            language_name=language_name,
            strings_json=app_strings(page.gettext) | browser_formats(page.locale),
            **page.template_gettext(),
            **context,
        )
    )
    return html.encode("utf-8")


def _audio_type(path: str) -> str:
    ext = posixpath.splitext(path)[1].lower()
    return {
        ".mp3": "audio/mpeg",
        ".m4a": "audio/mp4",
        ".ogg": "audio/ogg",
        ".wav": "audio/wav",
    }.get(ext, "")
