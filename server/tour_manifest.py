"""Checking each `<tour>/tour.json` of a site before the server relies on it.

The server redirects stop URLs with what tour.json says, so a malformed one must never be
half-used: at start it is an error naming the file; on a reload the previous site stays served.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from server.site_index import Entry

MAX_BYTES = 16_000_000
MAX_STOP = 999_999
_LANGUAGE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")
_TOUR_ID = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_\-]*")
_PLAIN_PAGE = re.compile(r"[A-Za-z0-9_\-]+(?:/[A-Za-z0-9_\-]+)*/")


class ManifestError(ValueError):
    """A tour.json the server cannot use; the message names the file and the fault."""


@dataclass(frozen=True)
class TourInfo:
    id: str
    languages: tuple[str, ...]
    default_language: str
    stop_pages: dict[int, dict[str, str]]  # stop number -> lang -> page path relative to SITE
    # "" (the default, index.html) and each language with its own index.<lang>.html -> the page,
    # its headers saying it varies by cookie and Accept-Language (filled by server.site_index)
    homes: dict[str, Entry] = field(default_factory=dict)


def parse(raw: bytes, folder: str, where: Path) -> TourInfo:
    """The tour a tour.json in the site's `folder` describes; raises ManifestError."""
    try:
        return _parse(json.loads(raw), folder)
    except (ValueError, RecursionError) as error:  # json.JSONDecodeError is a ValueError
        raise ManifestError(f"{where}: not a valid tour.json: {error}") from None


def check_site(site: Path) -> list[TourInfo]:
    """Every tour.json of a built site, checked; raises ManifestError on the first bad one."""
    tours: list[TourInfo] = []
    for path in sorted(site.glob("*/tour.json")):
        if path.parent.name.startswith("."):
            continue
        try:
            if path.stat().st_size > MAX_BYTES:
                raise ManifestError(f"{path}: larger than {MAX_BYTES // 1_000_000} MB")
            raw = path.read_bytes()
        except OSError as error:
            raise ManifestError(f"{path}: cannot be read: {error.strerror}") from None
        tours.append(parse(raw, path.parent.name, path))
    return tours


def _parse(data: Any, folder: str) -> TourInfo:
    if not isinstance(data, dict):
        raise ValueError("the top level must be an object")
    tour_id = data.get("id")
    if not isinstance(tour_id, str) or not _TOUR_ID.fullmatch(tour_id) or tour_id != folder:
        raise ValueError(f"'id' must be the tour's folder name {folder!r}, not {tour_id!r}")
    languages = data.get("languages")
    if (
        not isinstance(languages, list)
        or not languages
        or not all(isinstance(x, str) and _LANGUAGE.fullmatch(x) for x in languages)
    ):
        raise ValueError("'languages' must be a non-empty list of language codes")
    default = data.get("default_language", languages[0])
    if not isinstance(default, str) or default not in languages:
        raise ValueError(f"'default_language' {default!r} is not one of 'languages'")
    stops = data.get("stops", [])
    if not isinstance(stops, list):
        raise ValueError("'stops' must be a list")
    pages: dict[int, dict[str, str]] = {}
    for index, stop in enumerate(stops):
        number = stop.get("number") if isinstance(stop, dict) else None
        if type(number) is not int or not 1 <= number <= MAX_STOP:
            raise ValueError(f"stops[{index}].number must be a whole number from 1 to {MAX_STOP}")
        if number in pages:
            raise ValueError(f"stops[{index}]: stop number {number} is listed twice")
        given = stop.get("pages") or {}
        if not isinstance(given, dict) or not all(isinstance(v, str) for v in given.values()):
            raise ValueError(f"stops[{index}].pages must map languages to page paths")
        pages[number] = {lang: f"{folder}/{_page(given, lang, number)}" for lang in languages}
    return TourInfo(
        id=folder, languages=tuple(languages), default_language=default, stop_pages=pages
    )


def _page(pages: dict[str, str], lang: str, number: int) -> str:
    """The stop page of `lang` relative to the tour folder, if tour.json gives a plain one."""
    page = pages.get(lang)
    if isinstance(page, str) and _PLAIN_PAGE.fullmatch(page) and ".." not in page:
        return page
    return f"{lang}/{number}/"
