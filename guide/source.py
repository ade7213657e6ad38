"""Reading a tour folder into the model, collecting every problem on the way.

`load_tour` never raises for bad content: it returns what it could read and the full
list of problems, each naming `path:line`, so that one `audioguide check` shows all of them.
This module reads tour.toml; `guide.stops` reads the stops; `guide.reading` every file.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from guide.errors import Problem
from guide.findings import Collector
from guide.i18n.catalogs import catalog_for, no_catalog_message
from guide.model import Tour, Voice
from guide.placeholder import is_placeholder
from guide.reading import Refused, TourFolder
from guide.speechcheck import speech_problems
from guide.stops import read_stops
from guide.suggest import LANGUAGE, canonical_language, did_you_mean
from guide.texts import per_language
from guide.tomlfile import TomlFile, TomlSyntaxError

TOUR_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # always full-matched

TOUR_KEYS = {
    "id", "languages", "base_url", "title", "description", "pronounce", "voice", "speak_notes",
}  # fmt: skip
VOICE_KEYS = {"tld", "espeak", "speed", "piper", "speaker"}


def load_tour(root: Path, base_url: str | None = None) -> tuple[Tour | None, list[Problem]]:
    """Read and check one tour folder. `base_url` overrides the one in tour.toml."""
    found = Collector()
    toml_path = root / "tour.toml"
    if not os.path.isdir(root):  # never raises, unlike Path.is_dir on EACCES
        found.error(root, None, "no such tour folder")
        return None, found.problems
    folder = TourFolder(root)
    if not os.path.lexists(toml_path):
        found.error(toml_path, None, "missing: every tour folder needs a tour.toml")
        return None, found.problems
    try:
        toml = TomlFile.parse(toml_path, folder.read(toml_path, "toml"))
    except Refused as exc:
        found.error(exc.path, None, str(exc))
        return None, found.problems
    except TomlSyntaxError as exc:
        found.error(toml_path, exc.line, str(exc))
        return None, found.problems
    if not toml.data:
        found.error(
            toml_path,
            None,
            "the file is empty: it needs id, languages, base_url and [title] "
            "(`audioguide new` writes a commented example)",
        )
        return None, found.problems

    settings = _read_settings(toml, base_url, found)
    stops = read_stops(folder, settings["languages"], found)
    if found.failed:
        return None, found.problems
    tour = Tour(stops=tuple(stops), root=root, **settings)
    found.problems.extend(speech_problems(tour))
    return tour, found.problems


def _read_settings(toml: TomlFile, base_url: str | None, found: Collector) -> dict[str, Any]:
    data, path = toml.data, toml.path
    for key in sorted(set(data) - TOUR_KEYS):
        found.warning(
            path, toml.line_of(key), f"unknown key '{key}' is ignored{did_you_mean(key, TOUR_KEYS)}"
        )

    tour_id = data.get("id")
    if tour_id is None:
        found.error(path, None, "'id' is missing: give the tour an address like id = \"alzhir\"")
    elif not isinstance(tour_id, str) or not TOUR_ID.fullmatch(tour_id):
        found.error(
            path,
            toml.line_of("id"),
            f"'id' must be a URL slug of lower-case letters, digits and dashes "
            f'(like "alzhir"), not {tour_id!r}: it becomes the tour\'s address',
        )

    languages = data.get("languages")
    if (
        not isinstance(languages, list)
        or not languages
        or not all(isinstance(x, str) for x in languages)
    ):
        found.error(
            path,
            toml.line_of("languages"),
            '\'languages\' must be a non-empty list of language codes, like ["kk", "ru", "en"]',
        )
        languages = []
    else:
        languages = [_language(code, toml, found) for code in languages]
        for code in sorted({c for c in languages if languages.count(c) > 1}):
            found.error(path, toml.line_of("languages"), f"language '{code}' is listed twice")
    langs: tuple[str, ...] = tuple(dict.fromkeys(languages))

    url = base_url or data.get("base_url")
    url_line = None if base_url else toml.line_of("base_url")
    if url is None:
        found.error(
            path,
            None,
            "'base_url' is missing: QR codes need the address the site is published at "
            '(base_url = "https://guide.example.org", or --base-url)',
        )
        url = ""
    elif not isinstance(url, str) or not _absolute_http_url(url):
        found.error(path, url_line, f"'base_url' must be an absolute http(s) address, not {url!r}")
        url = ""
    elif is_placeholder(url):
        found.warning(
            path,
            url_line,
            f"base_url {url!r} is a placeholder (a reserved example address): its QR codes "
            "and placards lead nowhere; set the address the site will be published at",
        )
    elif urlsplit(url).scheme == "http" and urlsplit(url).hostname not in (
        "localhost",
        "127.0.0.1",
        "::1",
    ):
        found.warning(
            path,
            url_line,
            f"base_url {url!r} is http: phones allow offline use (service workers) "
            "only on https pages, so this tour cannot work offline",
        )

    title = per_language(toml, "title", langs, found, required=True)
    description = per_language(toml, "description", langs, found, required=False)
    pronounce = _pronounce(toml, langs, found)
    voices = _voices(toml, langs, found)
    if not isinstance(speak_notes := data.get("speak_notes", True), bool):
        found.error(path, toml.line_of("speak_notes"), "'speak_notes' must be true or false")
    return {
        "speak_notes": speak_notes is not False,
        "id": tour_id if isinstance(tour_id, str) else "",
        "languages": langs,
        "base_url": str(url).rstrip("/"),
        "title": title,
        "description": description,
        "pronounce": pronounce,
        "voices": voices,
    }


def _language(code: str, toml: TomlFile, found: Collector) -> str:
    """`code`, or its usual spelling when only its case is wrong (so one slip is one error)."""
    if LANGUAGE.fullmatch(code):
        if catalog_for(code) is None:
            found.warning(toml.path, toml.line_of("languages"), no_catalog_message(code))
        return code
    spelled = canonical_language(code)
    line = toml.line_of("languages")
    if spelled is not None:
        found.error(toml.path, line, f"language '{code}' must be written '{spelled}'")
        return spelled
    found.error(
        toml.path, line, f'{code!r} is not a BCP-47 language code (like "kk", "en", "pt-BR")'
    )
    return code


def _absolute_http_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
        return (
            parts.scheme in ("http", "https")
            and bool(parts.hostname)
            and not parts.query
            and url.isprintable()
        )
    except ValueError:
        return False


def _pronounce(
    toml: TomlFile, languages: tuple[str, ...], found: Collector
) -> dict[str, dict[str, str]]:
    value = toml.data.get("pronounce", {})
    tables: dict[str, dict[str, str]] = {}
    if not isinstance(value, dict):
        found.error(toml.path, toml.line_of("pronounce"), "'pronounce' must be a table")
        return tables
    for lang, words in value.items():
        line = toml.line_of("pronounce", lang)
        if lang not in languages:
            found.warning(
                toml.path,
                line,
                f"[pronounce.{lang}]: '{lang}' is not a tour language"
                + did_you_mean(lang, languages),
            )
            continue
        if not isinstance(words, dict) or not all(
            isinstance(k, str) and isinstance(v, str) and k.strip() and v.strip()
            for k, v in words.items()
        ):
            found.error(
                toml.path, line, f"[pronounce.{lang}] must map words to spoken forms (texts)"
            )
            continue
        tables[lang] = dict(words)
    return tables


def _voices(toml: TomlFile, languages: tuple[str, ...], found: Collector) -> dict[str, Voice]:
    value = toml.data.get("voice", {})
    voices: dict[str, Voice] = {}
    if not isinstance(value, dict):
        found.error(toml.path, toml.line_of("voice"), "'voice' must be a table")
        return voices
    for lang, settings in value.items():
        line = toml.line_of("voice", lang)
        if lang not in languages or not isinstance(settings, dict):
            found.error(
                toml.path,
                line,
                f"[voice.{lang}] must be a table for one of the tour's languages"
                + did_you_mean(lang, languages),
            )
            continue
        for key in sorted(set(settings) - VOICE_KEYS):
            found.warning(
                toml.path,
                toml.line_of("voice", lang, key),
                f"unknown key 'voice.{lang}.{key}'{did_you_mean(key, VOICE_KEYS)}",
            )
        tld, espeak, speed = settings.get("tld"), settings.get("espeak"), settings.get("speed", 1.0)
        if tld is not None and not (isinstance(tld, str) and re.fullmatch(r"[a-z.]+", tld)):
            found.error(toml.path, line, f'voice.{lang}.tld must be like "com" or "co.uk"')
            tld = None
        if espeak is not None and not isinstance(espeak, str):
            found.error(toml.path, line, f"voice.{lang}.espeak must be a voice name")
            espeak = None
        if not isinstance(speed, int | float) or isinstance(speed, bool) or not 0.5 <= speed <= 2:
            found.error(toml.path, line, f"voice.{lang}.speed must be a number from 0.5 to 2.0")
            speed = 1.0
        piper, speaker = settings.get("piper"), settings.get("speaker")
        if piper is not None and not (isinstance(piper, str) and piper.strip()):
            found.error(toml.path, line, f"voice.{lang}.piper must be a voice name or .onnx path")
            piper = None
        if speaker is not None and (not isinstance(speaker, int) or speaker < 0):
            found.error(toml.path, line, f"voice.{lang}.speaker must be a number: 0, 1, ...")
            speaker = None
        voices[lang] = Voice(tld, espeak, float(speed), piper, speaker)
    return voices
