"""Reading `stops/`: one folder per stop, its narrations, recordings, image and stop.toml.

Every file is read through `guide.reading.TourFolder`, so nothing outside the tour, no FIFO,
device or oversized file is ever read; each refusal is a problem naming the file.
"""

from __future__ import annotations

import os
import re
import stat
import warnings
from pathlib import Path
from typing import Any

from PIL import Image, UnidentifiedImageError

from audio import recording
from guide import images
from guide.findings import Collector
from guide.model import Narration, Stop
from guide.reading import MAX_IMAGE_PIXELS, MAX_RECORDING_SECONDS, Refused, TourFolder
from guide.suggest import did_you_mean
from guide.texts import per_language
from guide.titles import title_markup
from guide.tomlfile import TomlFile, TomlSyntaxError

STOP_FOLDER = re.compile(r"([0-9]+)-([a-z0-9]+(?:-[a-z0-9]+)*)")  # ASCII digits, full match
RECORDING_SUFFIXES = recording.SUFFIXES
IMAGE_SUFFIXES = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}
MAX_STOP = 9999
STOP_KEYS = {"alt", "note"}
JUNK = {"Thumbs.db", "desktop.ini"}  # what Windows leaves in folders


def read_stops(tour: TourFolder, languages: tuple[str, ...], found: Collector) -> list[Stop]:
    folder = tour.root / "stops"
    if not os.path.lexists(folder):
        found.error(folder, None, "missing: put one folder per stop here, like stops/01-entrance/")
        return []
    try:
        entries = tour.entries(folder)
    except Refused as exc:
        found.error(exc.path, None, str(exc))
        return []
    stops: list[Stop] = []
    seen: dict[int, Path] = {}
    for entry in entries:
        if entry.name.startswith(".") or entry.name in JUNK:
            continue
        try:
            mode = tour.mode(entry)
        except Refused as exc:
            found.error(exc.path, None, str(exc))
            continue
        if not stat.S_ISDIR(mode):
            found.warning(entry, None, "not a stop folder: ignored")
            continue
        match = STOP_FOLDER.fullmatch(entry.name)
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
        stop = _read_stop(tour, entry, number, match.group(2), languages, found)
        if stop is not None:
            stops.append(stop)
    if not seen and not found.failed:
        found.error(folder, None, "the tour has no stops: add a folder like stops/01-entrance/")
    return sorted(stops, key=lambda s: s.number)


def accepted_names(languages: tuple[str, ...]) -> list[str]:
    """Every file name a stop folder may hold."""
    names = [f"{lang}.md" for lang in languages]
    names += [f"{lang}{suffix}" for lang in languages for suffix in RECORDING_SUFFIXES]
    names += [f"{lang}.vtt" for lang in languages]
    return [*names, *(f"image{suffix}" for suffix in IMAGE_SUFFIXES), "stop.toml"]


def _unknown_file(file: Path, languages: tuple[str, ...]) -> str:
    forms = (
        f"<language>.md, <language>{'|'.join(RECORDING_SUFFIXES)}, <language>.vtt, "
        f"image{'|'.join(IMAGE_SUFFIXES)} and stop.toml"
    )
    return (
        f"unknown file '{file.name}'{did_you_mean(file.name, accepted_names(languages))}: "
        f"a stop folder holds {forms}, for the languages {', '.join(languages)}; ignored"
    )


def _read_stop(
    tour: TourFolder,
    folder: Path,
    number: int,
    slug: str,
    languages: tuple[str, ...],
    found: Collector,
) -> Stop | None:
    narrations: dict[str, Narration] = {}
    recordings: dict[str, list[Path]] = {}
    captions: list[Path] = []
    images: list[Path] = []
    settings: dict[str, Any] = {}
    toml: TomlFile | None = None
    try:
        files = tour.entries(folder)
    except Refused as exc:
        found.error(exc.path, None, str(exc))
        return None
    for file in files:
        name, suffix = file.stem, file.suffix.lower()
        if file.name.startswith(".") or file.name in JUNK:
            continue
        try:
            if file.name == "stop.toml":
                toml = TomlFile.parse(file, tour.read(file, "toml"))
                settings = toml.data
            elif suffix == ".md":
                if name not in languages:
                    found.error(
                        file,
                        None,
                        f"'{name}' is not one of the tour's languages {list(languages)}"
                        f"{did_you_mean(file.name, [f'{lang}.md' for lang in languages])} "
                        "(add it to 'languages' in tour.toml, or rename the file)",
                    )
                    continue
                narration = _read_narration(tour, file, name, found)
                if narration is not None:
                    narrations[name] = narration
            elif suffix in RECORDING_SUFFIXES and name in languages:
                recordings.setdefault(name, []).append(file)
            elif suffix == ".vtt" and name in languages:
                tour.file(file, "text")  # a recording's own captions: the build reads them
                captions.append(file)
            elif name == "image" and suffix in IMAGE_SUFFIXES:
                images.append(file)
            else:
                tour.locate(file)  # a link out of the tour is an error even when ignored
                found.warning(file, None, _unknown_file(file, languages))
        except Refused as exc:
            found.error(exc.path, None, str(exc))
        except TomlSyntaxError as exc:
            found.error(file, exc.line, str(exc))

    if len(images) > 1:
        found.error(
            folder, None, "more than one image: keep one of " + ", ".join(i.name for i in images)
        )
    image = _check_image(tour, images[0], found) if len(images) == 1 else None
    recorded: dict[str, Path] = {}
    for lang, paths in recordings.items():
        if len(paths) > 1:
            found.error(
                folder,
                None,
                f"two recordings for '{lang}': {' and '.join(p.name for p in paths)}; keep one",
            )
            continue
        if lang not in narrations:
            found.error(
                paths[0], None, f"a recording needs its transcript: add {lang}.md beside it"
            )
        real = _check_recording(tour, paths[0], found)
        if real is not None:
            recorded[lang] = real
    for vtt in captions:
        if vtt.stem not in recorded:
            found.warning(
                vtt,
                None,
                f"captions without a recording are not used: add {vtt.stem}"
                f"{RECORDING_SUFFIXES[0]} beside it, or remove the file",
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
            found.warning(
                toml.path,
                toml.line_of(key),
                f"unknown key '{key}' is ignored{did_you_mean(key, STOP_KEYS)}",
            )
        alt = per_language(toml, "alt", languages, found, required=False, table=settings)
        note = per_language(toml, "note", languages, found, required=False, table=settings)
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
        narrations={lang: _with_recording(n, recorded.get(lang)) for lang, n in narrations.items()},
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


def _read_narration(tour: TourFolder, path: Path, lang: str, found: Collector) -> Narration | None:
    data = tour.read(path, "text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        found.error(path, line, f"not UTF-8 text: save the file as UTF-8 ({exc.reason})")
        return None
    lines = text.splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        found.error(path, 1, "empty file: the first line must be '# Title', then the narration")
        return None
    heading = re.match(r"#\s+(\S.*?)\s*#*\s*\Z", lines[first])
    if not heading:
        found.error(
            path,
            first + 1,
            f"the first line must be the title, like '# The arrival carriage', "
            f"not {lines[first][:40]!r}",
        )
        return None
    if markup := title_markup(heading.group(1)):
        found.warning(path, first + 1, markup)
    body = "\n".join(lines[first + 1 :]).strip()
    if not body:
        found.error(path, first + 2, "the narration is empty: write it below the title")
        return None
    return Narration(lang=lang, title=heading.group(1), markdown=body + "\n", source=path)


def _check_image(tour: TourFolder, path: Path, found: Collector) -> Path | None:
    """`path` when it is a sound image of the kind its name says (its name gives the suffix)."""
    try:
        real = tour.file(path, "image")
    except Refused as exc:
        found.error(exc.path, None, str(exc))
        return None
    expected = IMAGE_SUFFIXES[path.suffix.lower()]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(real) as image:
                kind, (width, height) = image.format, image.size
                if width * height > MAX_IMAGE_PIXELS:
                    found.error(
                        path,
                        None,
                        f"{width} x {height} pixels is more than the limit of "
                        f"{MAX_IMAGE_PIXELS / 1e6:g} megapixels: make it smaller",
                    )
                    return None
                image.verify()
    except UnidentifiedImageError:
        found.error(path, None, "not an image (it is not JPEG, PNG or WebP)")
        return None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        found.error(path, None, f"more pixels than the limit of {MAX_IMAGE_PIXELS:,}: {exc}")
        return None
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        found.error(path, None, f"a damaged image: {exc}")
        return None
    if kind != expected:
        found.error(
            path, None, f"the file is {kind} but its name says {expected}: rename or convert it"
        )
        return None
    if (reason := images.problem(real)) is not None:  # truncated, animated: what the build needs
        found.error(path, None, reason)
        return None
    return path


def _check_recording(tour: TourFolder, path: Path, found: Collector) -> Path | None:
    """`path` when it is audio the build can use, within the limits."""
    try:
        real = tour.file(path, "recording")
        recording.plan(path)
    except Refused as exc:
        found.error(exc.path, None, str(exc))
        return None
    except recording.BadRecording as exc:
        found.error(path, None, str(exc).removeprefix(f"{path}: "))
        return None
    seconds = recording.seconds(real)
    if seconds > MAX_RECORDING_SECONDS:
        found.error(
            path,
            None,
            f"{seconds / 60:.0f} minutes long: more than the limit of "
            f"{MAX_RECORDING_SECONDS / 60:.0f} minutes for one stop",
        )
        return None
    return path
