"""The visitor app's shell: hashed static assets and icons, the web manifest, the service worker.

Everything under `assets/` is content-addressed (the hash is in the name), so it is cached for
good and precached by `sw.js`; `guide.render` links pages to these paths.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources

from guide.icons import BACKGROUND_COLOUR, ICONS, THEME_COLOUR, icon_png
from guide.model import Tour
from guide.strings import text_direction


@dataclass(frozen=True)
class Assets:
    """The app shell's hashed asset paths (site-relative)."""

    css: str
    offline: str  # saving a tour offline; loaded before `js`, which starts it
    js: str
    transcript: str  # the synced-transcript script, loaded by stop pages with captions
    nojs: str  # hides what only the script makes work: no layout shift when it runs
    icons: Mapping[str, str]  # icon name -> site-relative path


def hashed(name: str, content: bytes) -> str:
    stem, ext = posixpath.splitext(name)
    return f"assets/{stem}.{hashlib.sha256(content).hexdigest()[:10]}{ext}"


def static_file(name: str) -> bytes:
    return resources.files("guide").joinpath("static", name).read_bytes()


def add_assets(files: dict[str, bytes]) -> Assets:
    css = static_file("app.css")
    js = static_file("app.js")
    offline = static_file("offline.js")
    transcript = static_file("transcript.js")
    css_path = hashed("app.css", css)
    nojs = static_file("nojs.css")
    nojs_path = hashed("nojs.css", nojs)
    files[nojs_path] = nojs
    js_path = hashed("app.js", js)
    offline_path = hashed("offline.js", offline)
    transcript_path = hashed("transcript.js", transcript)
    files[css_path] = css
    files[js_path] = js
    files[offline_path] = offline
    files[transcript_path] = transcript
    icons: dict[str, str] = {}
    for icon in ICONS:
        png = icon_png(icon)
        path = hashed(f"{icon.name}.png", png)
        files[path] = png
        icons[icon.name] = path
    return Assets(
        css=css_path,
        offline=offline_path,
        js=js_path,
        transcript=transcript_path,
        nojs=nojs_path,
        icons=icons,
    )


def web_manifest(tour: Tour, assets: Assets) -> bytes:
    lang = tour.default_language
    title = tour.text(tour.title, lang)
    manifest = {
        "id": "./",
        "name": title,
        "short_name": title if len(title) <= 24 else title[:23] + "…",
        "description": tour.text(tour.description, lang),
        "lang": lang,
        "dir": text_direction(lang),
        "start_url": "./",
        "scope": "./",
        "display": "standalone",
        "background_color": BACKGROUND_COLOUR,
        "theme_color": THEME_COLOUR,
        "icons": [
            {
                "src": "../" + assets.icons[icon.name],
                "sizes": f"{icon.size}x{icon.size}",
                "type": "image/png",
                "purpose": icon.purpose,
            }
            for icon in ICONS
            if icon.name != "apple-touch-icon"
        ],
    }
    return (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def service_worker(files: Mapping[str, bytes], shell: Sequence[str]) -> bytes:
    digest = hashlib.sha256()
    for path in shell:
        digest.update(path.encode() + b"\0" + files[path] + b"\0")
    source = static_file("sw.js").decode("utf-8")
    header = (
        f"const SHELL_VERSION = {json.dumps(digest.hexdigest()[:16])};\n"
        f"const SHELL = {json.dumps(list(shell))};\n"
    )
    return (header + source).encode("utf-8")
