"""Which files of a tour a visitor downloads for one language.

A tour's offline files fall into one pack shared by every language (the app shell, the site's
root page, the tour home, language-neutral stop pages, the phone-sized images, the web app
manifest) and one pack per language (its tour home, its stop pages, its narration and captions).
Files are classified by their path, generically, so new kinds of per-language file
(`audio/<n>-<lang>-<hash>.<ext>`: narration, captions) fall into the right pack unchanged;
a language whose stop falls back to another language's narration also gets that file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from guide.model import BuiltTour

SHARED = ""


@dataclass(frozen=True)
class Packs:
    shared: tuple[str, ...]  # site-relative paths, sorted
    languages: dict[str, tuple[str, ...]]  # language -> site-relative paths, sorted

    def all(self) -> list[str]:
        return sorted({*self.shared, *(p for paths in self.languages.values() for p in paths)})


def pack_of(relative: str, languages: Iterable[str], offline_images: frozenset[str]) -> str | None:
    """The pack of a path inside the tour folder: a language, SHARED, or None (online only).

    `offline_images` are the image versions a pack holds (one width per image); the other
    widths and formats, and the server's per-language tour homes, stay online only."""
    for lang in languages:
        if relative.startswith(f"{lang}/"):
            return lang
        if re.fullmatch(rf"audio/\d+-{re.escape(lang)}-[^/]+", relative):
            return lang
    if relative.startswith("images/"):
        return SHARED if relative in offline_images else None
    if re.fullmatch(r"index\.[^/]+\.html", relative):  # index.<lang>.html: see render.py
        return None
    return SHARED


def tour_packs(built: BuiltTour, paths: Iterable[str], shell: Iterable[str]) -> Packs:
    """Split `paths` (site-relative, inside the tour) and `shell` into the tour's packs."""
    tour = built.tour
    prefix = f"{tour.id}/"
    offline = frozenset(p[len(prefix) :] for p in built.images.values())
    shared: set[str] = set(shell)
    languages: dict[str, set[str]] = {lang: set() for lang in tour.languages}
    for path in paths:
        pack = pack_of(path[len(prefix) :], tour.languages, offline)
        if pack == SHARED:
            shared.add(path)
        elif pack is not None:
            languages[pack].add(path)
    for (_, lang), audio in built.audio.items():  # a fallback plays another language's file
        languages[lang].update(p for p in (audio.path, audio.captions) if p)
    for lang in languages:
        languages[lang] -= shared
    return Packs(
        shared=tuple(sorted(shared)),
        languages={lang: tuple(sorted(found)) for lang, found in languages.items()},
    )
