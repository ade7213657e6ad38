"""`tour.json`: the machine-readable manifest of one built tour.

It is derived from the list of files the build wrote (the single source), so what an
offline download fetches is exactly what is in the site.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
from collections.abc import Mapping
from typing import Any

from guide.model import BuiltTour
from guide.packs import tour_packs
from guide.sitedir import Content, digest_of, size_of

PRIVATE_PREFIXES = ("print/",)  # under a tour: made for staff, not part of the visitor download


def tour_files(tour_id: str, files: Mapping[str, Content], shell: tuple[str, ...]) -> list[str]:
    """Site-relative paths an offline copy of the tour needs, sorted."""
    prefix = f"{tour_id}/"
    own = [
        path
        for path in files
        if path.startswith(prefix)
        and not path[len(prefix) :].startswith(PRIVATE_PREFIXES)
        and path != f"{prefix}tour.json"
    ]
    return sorted({*own, *shell})


def page_url(path: str) -> str:
    """`alzhir/en/1/index.html` is fetched and linked as `alzhir/en/1/`."""
    return path[: -len("index.html")] if path.endswith("/index.html") else path


def relative(path: str, tour_id: str) -> str:
    """A site-relative path as a URL relative to `<tour>/tour.json`."""
    url = posixpath.relpath(path, tour_id)
    if path.endswith("/") and not url.endswith("/"):
        url += "/"
    return url


def tour_manifest(
    built: BuiltTour, files: Mapping[str, Content], shell: tuple[str, ...]
) -> dict[str, Any]:
    tour = built.tour
    packs = tour_packs(built, tour_files(tour.id, files, ()), shell)
    paths = packs.all()
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.encode() + b"\0" + digest_of(files[path]))
    stops = []
    for stop in tour.stops:
        stops.append(
            {
                "number": stop.number,
                "slug": stop.slug,
                "title": {
                    lang: stop.narration(lang, tour.default_language).title
                    for lang in tour.languages
                },
                "url": f"{stop.number}/",
                "pages": {lang: f"{lang}/{stop.number}/" for lang in tour.languages},
                "audio": {
                    lang: {
                        "url": relative(audio.path, tour.id),
                        "bytes": audio.bytes,
                        "seconds": round(audio.seconds, 2),
                        "engine": audio.engine,
                        "voice": audio.voice,
                        "captions": relative(audio.captions, tour.id) if audio.captions else None,
                    }
                    for lang in tour.languages
                    for audio in [built.audio[(stop.number, lang)]]
                },
                "fallback": [lang for lang in tour.languages if stop.is_fallback(lang)],
                **(
                    {"image": relative(built.images[stop.number], tour.id)}
                    if stop.number in built.images
                    else {}
                ),
            }
        )
    entries = [
        {
            "url": relative(page_url(path), tour.id),
            "bytes": size_of(files[path]),
            "hash": digest_of(files[path]).hex()[:16],
        }
        for path in paths
    ]

    def pack(members: tuple[str, ...]) -> dict[str, Any]:
        return {
            "files": [relative(page_url(path), tour.id) for path in members],
            "bytes": sum(size_of(files[path]) for path in members),
        }

    return {
        "id": tour.id,
        "version": digest.hexdigest()[:16],
        "languages": list(tour.languages),
        "default_language": tour.default_language,
        "title": {lang: tour.text(tour.title, lang) for lang in tour.languages},
        "description": (
            {lang: tour.text(tour.description, lang) for lang in tour.languages}
            if tour.description
            else {}
        ),
        "base_url": tour.base_url,
        "stops": stops,
        "files": entries,
        "bytes": sum(entry["bytes"] for entry in entries),
        "packs": {
            "shared": pack(packs.shared),
            "languages": {lang: pack(members) for lang, members in packs.languages.items()},
        },
    }


def encode(manifest: Mapping[str, Any]) -> bytes:
    return (json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=False) + "\n").encode()
