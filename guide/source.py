"""Reading a tour folder into the model, collecting every problem on the way.

`load_tour` never raises for bad content: it returns what it could read and the full
list of problems, each naming `path:line`, so that one `audioguide check` shows all of them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from PIL import Image, UnidentifiedImageError

from guide.errors import Problem, Severity
from guide.i18n.catalogs import catalog_for, no_catalog_message
from guide.model import Narration, Stop, Tour, Voice
from guide.tomlfile import TomlFile, TomlSyntaxError

TOUR_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
STOP_FOLDER = re.compile(r"^(\d+)-([a-z0-9]+(?:-[a-z0-9]+)*)$")
RECORDING_SUFFIXES = (".mp3", ".m4a", ".ogg", ".wav")
IMAGE_SUFFIXES = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}
MAX_STOP = 9999

TOUR_KEYS = {"id", "languages", "base_url", "title", "description", "pronounce", "voice"}
VOICE_KEYS = {"tld", "espeak", "speed"}
STOP_KEYS = {"alt", "note"}


class _Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, severity: Severity, path: Path, line: int | None, message: str) -> None:
        self.problems.append(Problem(path, line, severity, message))

    def error(self, path: Path, line: int | None, message: str) -> None:
        self.add("error", path, line, message)

    def warning(self, path: Path, line: int | None, message: str) -> None:
        self.add("warning", path, line, message)

    @property
    def failed(self) -> bool:
        return any(p.is_error for p in self.problems)


def load_tour(root: Path, base_url: str | None = None) -> tuple[Tour | None, list[Problem]]:
    """Read and check one tour folder. `base_url` overrides the one in tour.toml."""
    found = _Collector()
    toml_path = root / "tour.toml"
    if not root.is_dir():
        found.error(root, None, "no such tour folder")
        return None, found.problems
    if not toml_path.is_file():
        found.error(toml_path, None, "missing: every tour folder needs a tour.toml")
        return None, found.problems
    try:
        toml = TomlFile.read(toml_path)
    except TomlSyntaxError as exc:
        found.error(toml_path, exc.line, str(exc))
        return None, found.problems

    settings = _read_settings(toml, base_url, found)
    stops = _read_stops(root, settings["languages"], found)
    if found.failed:
        return None, found.problems
    tour = Tour(stops=tuple(stops), root=root, **settings)
    return tour, found.problems


def _read_settings(toml: TomlFile, base_url: str | None, found: _Collector) -> dict[str, Any]:
    data, path = toml.data, toml.path
    for key in sorted(set(data) - TOUR_KEYS):
        found.warning(path, toml.line_of(key), f"unknown key '{key}' is ignored")

    tour_id = data.get("id")
    if not isinstance(tour_id, str) or not TOUR_ID.match(tour_id):
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
        for code in languages:
            if not LANGUAGE.match(code):
                found.error(
                    path,
                    toml.line_of("languages"),
                    f'\'{code}\' is not a BCP-47 language code (like "kk", "en", "pt-BR")',
                )
            elif catalog_for(code) is None:
                found.warning(path, toml.line_of("languages"), no_catalog_message(code))
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

    title = _per_language(toml, "title", langs, found, required=True)
    description = _per_language(toml, "description", langs, found, required=False)
    pronounce = _pronounce(toml, langs, found)
    voices = _voices(toml, langs, found)
    return {
        "id": tour_id if isinstance(tour_id, str) else "",
        "languages": langs,
        "base_url": str(url).rstrip("/"),
        "title": title,
        "description": description,
        "pronounce": pronounce,
        "voices": voices,
    }


def _absolute_http_url(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not parts.query


def _per_language(
    toml: TomlFile,
    key: str,
    languages: tuple[str, ...],
    found: _Collector,
    *,
    required: bool,
    table: Mapping[str, Any] | None = None,
) -> dict[str, str]:
    """A `[key]` table of one text per language."""
    value = toml.data.get(key) if table is None else table.get(key)
    if value is None:
        if required:
            found.error(toml.path, None, f"'[{key}]' is missing: give one text per language")
        return {}
    if not isinstance(value, dict):
        found.error(
            toml.path,
            toml.line_of(key),
            f"'{key}' must be a table of texts per language, like {key}.en = \"...\"",
        )
        return {}
    texts: dict[str, str] = {}
    for lang, text in value.items():
        line = toml.line_of(key, lang)
        if lang not in languages:
            found.error(
                toml.path,
                line,
                f"'{key}.{lang}': language '{lang}' is not in tour.toml's languages",
            )
        elif not isinstance(text, str) or not text.strip():
            found.error(toml.path, line, f"'{key}.{lang}' must be a non-empty text")
        else:
            texts[lang] = text.strip()
    if required:
        for lang in languages:
            if lang not in value:
                severity: Severity = "error" if lang == languages[0] else "warning"
                found.add(
                    severity, toml.path, toml.line_of(key), f"'{key}' has no text for '{lang}'"
                )
    return texts


def _pronounce(
    toml: TomlFile, languages: tuple[str, ...], found: _Collector
) -> dict[str, dict[str, str]]:
    value = toml.data.get("pronounce", {})
    tables: dict[str, dict[str, str]] = {}
    if not isinstance(value, dict):
        found.error(toml.path, toml.line_of("pronounce"), "'pronounce' must be a table")
        return tables
    for lang, words in value.items():
        line = toml.line_of("pronounce", lang)
        if lang not in languages:
            found.warning(toml.path, line, f"[pronounce.{lang}]: '{lang}' is not a tour language")
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


def _voices(toml: TomlFile, languages: tuple[str, ...], found: _Collector) -> dict[str, Voice]:
    value = toml.data.get("voice", {})
    voices: dict[str, Voice] = {}
    if not isinstance(value, dict):
        found.error(toml.path, toml.line_of("voice"), "'voice' must be a table")
        return voices
    for lang, settings in value.items():
        line = toml.line_of("voice", lang)
        if lang not in languages or not isinstance(settings, dict):
            found.error(
                toml.path, line, f"[voice.{lang}] must be a table for one of the tour's languages"
            )
            continue
        for key in sorted(set(settings) - VOICE_KEYS):
            found.warning(
                toml.path, toml.line_of("voice", lang, key), f"unknown key 'voice.{lang}.{key}'"
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
        voices[lang] = Voice(tld=tld, espeak=espeak, speed=float(speed))
    return voices


def _read_stops(root: Path, languages: tuple[str, ...], found: _Collector) -> list[Stop]:
    folder = root / "stops"
    if not folder.is_dir():
        found.error(folder, None, "missing: put one folder per stop here, like stops/01-entrance/")
        return []
    stops: list[Stop] = []
    seen: dict[int, Path] = {}
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith("."):
            continue
        if not entry.is_dir():
            found.warning(entry, None, "not a stop folder: ignored")
            continue
        match = STOP_FOLDER.match(entry.name)
        if not match:
            found.error(
                entry,
                None,
                f"stop folder '{entry.name}' must be named NN-slug: the stop number, a dash, "
                "then lower-case words joined by dashes (like '01-entrance')",
            )
            continue
        number = int(match.group(1))
        if not 1 <= number <= MAX_STOP:
            found.error(entry, None, f"stop number {number} must be from 1 to {MAX_STOP}")
            continue
        if number in seen:
            found.error(
                entry,
                None,
                f"stop number {number} is used twice: '{seen[number].name}' and '{entry.name}'",
            )
            continue
        seen[number] = entry
        stop = _read_stop(entry, number, match.group(2), languages, found)
        if stop is not None:
            stops.append(stop)
    if not seen and not found.failed:
        found.error(folder, None, "the tour has no stops: add a folder like stops/01-entrance/")
    return sorted(stops, key=lambda s: s.number)


def _read_stop(
    folder: Path, number: int, slug: str, languages: tuple[str, ...], found: _Collector
) -> Stop | None:
    narrations: dict[str, Narration] = {}
    recordings: dict[str, Path] = {}
    images: list[Path] = []
    settings: dict[str, Any] = {}
    toml: TomlFile | None = None
    for file in sorted(folder.iterdir()):
        name, suffix = file.stem, file.suffix.lower()
        if file.name.startswith("."):
            continue
        if file.name == "stop.toml":
            try:
                toml = TomlFile.read(file)
                settings = toml.data
            except TomlSyntaxError as exc:
                found.error(file, exc.line, str(exc))
        elif suffix == ".md":
            if name not in languages:
                found.error(
                    file,
                    None,
                    f"'{name}' is not one of the tour's languages {list(languages)} "
                    "(add it to 'languages' in tour.toml, or rename the file)",
                )
                continue
            narration = _read_narration(file, name, found)
            if narration is not None:
                narrations[name] = narration
        elif suffix in RECORDING_SUFFIXES and name in languages:
            recordings[name] = file
        elif name == "image" and suffix in IMAGE_SUFFIXES:
            images.append(file)
        else:
            found.warning(file, None, "unknown file in a stop folder: ignored")

    if len(images) > 1:
        found.error(
            folder, None, "more than one image: keep one of " + ", ".join(i.name for i in images)
        )
    image = images[0] if len(images) == 1 else None
    if image is not None:
        _check_image(image, found)
    for lang, recording in recordings.items():
        if lang not in narrations:
            found.error(
                recording,
                None,
                f"a recording needs its transcript: add {lang}.md beside it",
            )
    if not languages:
        return None
    default = languages[0]
    if default not in narrations:
        if not any(p.path.parent == folder and p.is_error for p in found.problems):
            found.error(
                folder, None, f"missing {default}.md: every stop needs the default language"
            )
        return None
    for lang in languages[1:]:
        if lang not in narrations:
            found.warning(
                folder,
                None,
                f"no {lang}.md: visitors reading '{lang}' get the '{default}' text and audio",
            )

    alt: dict[str, str] = {}
    note: dict[str, str] = {}
    if toml is not None:
        for key in sorted(set(settings) - STOP_KEYS):
            found.warning(toml.path, toml.line_of(key), f"unknown key '{key}' is ignored")
        alt = _per_language(toml, "alt", languages, found, required=False, table=settings)
        note = _per_language(toml, "note", languages, found, required=False, table=settings)
    if image is not None and default not in alt:
        found.warning(
            toml.path if toml else folder / "stop.toml",
            None,
            f'the image has no alt text: add alt.{default} = "..." (screen readers read it)',
        )
    return Stop(
        number=number,
        slug=slug,
        folder=folder,
        narrations={
            lang: _with_recording(n, recordings.get(lang)) for lang, n in narrations.items()
        },
        image=image,
        alt=alt,
        note=note,
    )


def _with_recording(narration: Narration, recording: Path | None) -> Narration:
    if recording is None:
        return narration
    return Narration(
        narration.lang, narration.title, narration.markdown, narration.source, recording
    )


def _read_narration(path: Path, lang: str, found: _Collector) -> Narration | None:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        found.error(path, line, f"not UTF-8 text: save the file as UTF-8 ({exc.reason})")
        return None
    lines = text.splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        found.error(path, 1, "empty file: the first line must be '# Title', then the narration")
        return None
    heading = re.match(r"^#\s+(\S.*?)\s*#*\s*$", lines[first])
    if not heading:
        found.error(
            path,
            first + 1,
            f"the first line must be the title, like '# The arrival carriage', "
            f"not {lines[first][:40]!r}",
        )
        return None
    body = "\n".join(lines[first + 1 :]).strip()
    if not body:
        found.error(path, first + 2, "the narration is empty: write it below the title")
        return None
    return Narration(lang=lang, title=heading.group(1), markdown=body + "\n", source=path)


def _check_image(path: Path, found: _Collector) -> None:
    expected = IMAGE_SUFFIXES[path.suffix.lower()]
    try:
        with Image.open(path) as image:
            kind = image.format
            image.verify()
    except UnidentifiedImageError:
        found.error(path, None, "not an image (it is not JPEG, PNG or WebP)")
        return
    except (OSError, SyntaxError, ValueError) as exc:
        found.error(path, None, f"a damaged image: {exc}")
        return
    if kind != expected:
        found.error(
            path, None, f"the file is {kind} but its name says {expected}: rename or convert it"
        )
