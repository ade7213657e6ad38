"""A synthetic built SITE, laid out as docs/architecture.md says, for the server tests and bench.

Real files throughout: MP3 narration encoded with lameenc from a sine wave, JPEG images, HTML
pages of a realistic size. Used until (and besides) a real `audioguide build` of the samples.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import struct
from functools import lru_cache
from pathlib import Path

import lameenc
from PIL import Image

LANGUAGES = ("kk", "ru", "en")
TITLES = {"kk": "Қош келдіңіз", "ru": "Добро пожаловать", "en": "Welcome"}


@lru_cache(maxsize=8)
def sine_mp3(
    seconds: float, *, frequency: float = 440.0, rate: int = 22050, kbps: int = 64
) -> bytes:
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(kbps)
    encoder.set_in_sample_rate(rate)
    encoder.set_channels(1)
    encoder.set_quality(7)
    count = int(seconds * rate)
    samples = struct.pack(
        f"<{count}h",
        *(int(9000 * math.sin(2 * math.pi * frequency * i / rate)) for i in range(count)),
    )
    return bytes(encoder.encode(samples) + encoder.flush())


def _hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:12]


def _page(title: str, lang: str, body_bytes: int) -> bytes:
    filler = "<p>" + ("Narration transcript sentence for the visitor. " * 40) + "</p>\n"
    paragraphs = filler * max(1, body_bytes // len(filler))
    return (
        f'<!doctype html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{title}</title></head><body><h1>{title}</h1>\n{paragraphs}</body></html>\n"
    ).encode()


def make_site(
    root: Path,
    *,
    tours: tuple[str, ...] = ("alzhir",),
    stops: int = 3,
    languages: tuple[str, ...] = LANGUAGES,
    audio_seconds: float = 4.0,
    page_bytes: int = 8000,
    image: bool = True,
) -> Path:
    """Write a site into `root` (created); returns `root`."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "assets").mkdir(exist_ok=True)
    css = b"body{font-family:sans-serif;margin:0 auto;max-width:40rem}\n" * 40
    js = b"document.documentElement.classList.add('js');\n" * 60
    css_name, js_name = f"app.{_hash(css)}.css", f"app.{_hash(js)}.js"
    (root / "assets" / css_name).write_bytes(css)
    (root / "assets" / js_name).write_bytes(js)
    (root / "index.html").write_bytes(_page("Audioguide", "kk", 2000))
    (root / "sw.js").write_bytes(b"self.addEventListener('fetch', () => {});\n" * 20)
    (root / "offline.html").write_bytes(_page("Offline", "kk", 500))
    (root / "404.html").write_bytes(_page("Not found / 404", languages[0], 300))
    for lang in languages:
        (root / f"404.{lang}.html").write_bytes(_page(f"404 {lang}", lang, 300))
    audio = sine_mp3(audio_seconds)
    for tour in tours:
        _make_tour(root, tour, stops, languages, audio, page_bytes, image, [css_name, js_name])
    return root


def _make_tour(
    root: Path,
    tour: str,
    stops: int,
    languages: tuple[str, ...],
    audio: bytes,
    page_bytes: int,
    image: bool,
    shell: list[str],
) -> None:
    folder = root / tour
    for sub in ("audio", "images", "print/qr"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    files: list[tuple[str, bytes]] = [
        ("index.html", _page(f"{tour} home", languages[0], 4000)),
        ("manifest.webmanifest", json.dumps({"id": f"/{tour}/", "name": tour}).encode()),
    ]
    stop_entries = []
    for number in range(1, stops + 1):
        image_name = None
        if image:
            buffer = io.BytesIO()
            Image.new("RGB", (64, 48), (number * 20 % 256, 90, 120)).save(buffer, "JPEG")
            image_name = f"images/{number}-{_hash(buffer.getvalue())}.jpg"
            files.append((image_name, buffer.getvalue()))
        entry: dict[str, object] = {"number": number, "slug": f"stop-{number}", "url": f"{number}/"}
        pages, sounds, titles = {}, {}, {}
        for lang in languages:
            page = f"{lang}/{number}/"
            files.append(
                (
                    page + "index.html",
                    _page(f"{number}. {TITLES.get(lang, lang)}", lang, page_bytes),
                )
            )
            name = f"audio/{number}-{lang}-{_hash(audio + page.encode())}.mp3"
            files.append((name, audio))
            pages[lang] = page
            titles[lang] = f"{TITLES.get(lang, lang)} {number}"
            sounds[lang] = {"url": name, "bytes": len(audio), "seconds": 4.0, "engine": "espeak"}
        entry.update(pages=pages, audio=sounds, title=titles, fallback=[])
        stop_entries.append(entry)
        (folder / str(number)).mkdir(exist_ok=True)
        (folder / str(number) / "index.html").write_bytes(_page("Redirect", languages[0], 200))
        (folder / "print" / "qr" / f"{number}.svg").write_bytes(
            b"<svg xmlns='http://www.w3.org/2000/svg'/>"
        )
    for name, data in files:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    listed = [{"url": name, "bytes": len(data)} for name, data in files]
    listed += [
        {"url": f"../assets/{name}", "bytes": (root / "assets" / name).stat().st_size}
        for name in shell
    ]
    manifest = {
        "id": tour,
        "version": _hash(b"".join(data for _, data in files)),
        "languages": list(languages),
        "default_language": languages[0],
        "title": {lang: tour for lang in languages},
        "description": {lang: "" for lang in languages},
        "stops": stop_entries,
        "files": listed,
        "bytes": sum(int(item["bytes"]) for item in listed),  # type: ignore[call-overload]
    }
    (folder / "tour.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8"
    )
