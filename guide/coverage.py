"""What a tour has in each language: text, narration, voice, captions, image, alt text.

One computation for the print room (`SITE/<tour>/print/index.html`) and `audioguide status`.
The build knows every narration's length; `status` asks the narration cache, and a length it
cannot know without synthesizing is `None` ("unknown"), never a guess.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from audio.speech import speech_text
from guide.errors import Problem
from guide.i18n.formats import clock as player_clock
from guide.model import AudioFile, Stop, Tour

Alt = Literal["own", "fallback", "missing", "no image"]


@dataclass(frozen=True)
class Sound:
    """A narration's facts as far as they are known."""

    seconds: float | None  # None: not built and not in the narration cache
    engine: str | None = None  # "recording" | "piper" | "gtts" | "espeak"
    voice: str | None = None
    captions: str | None = None  # site-relative .vtt path

    @classmethod
    def of(cls, audio: AudioFile) -> Sound:
        return cls(audio.seconds, audio.engine, audio.voice, audio.captions)


UNKNOWN = Sound(None)


@dataclass(frozen=True)
class Row:
    """One stop in one language."""

    stop: int
    slug: str
    lang: str
    title: str  # the title a visitor reading `lang` sees
    translated: bool  # False: the stop has no text in `lang` and shows `shown_lang`'s
    shown_lang: str
    words: int  # of the narration shown
    sound: Sound
    image: bool
    alt: Alt
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class Total:
    """One language over the whole tour."""

    lang: str
    stops: int
    translated: int
    seconds: float  # what a visitor reading `lang` hears, fallbacks included
    unknown: int  # stops whose length is unknown (left out of `seconds`)


@dataclass(frozen=True)
class Coverage:
    tour: str
    languages: tuple[str, ...]
    rows: tuple[Row, ...]  # by stop number, then in the tour's language order
    totals: tuple[Total, ...]
    other_warnings: tuple[str, ...]  # problems of the tour not tied to one stop's language

    @property
    def gaps(self) -> int:
        """Rows missing a translation or alt text."""
        return sum(not row.translated or row.alt in ("fallback", "missing") for row in self.rows)

    def as_json(self) -> dict[str, Any]:
        return asdict(self) | {"gaps": self.gaps}


def tour_coverage(
    tour: Tour, sounds: Mapping[tuple[int, str], Sound], problems: Sequence[Problem]
) -> Coverage:
    """`sounds`: (stop number, language) -> its narration, for each language a stop has."""
    default = tour.default_language
    placed: set[int] = set()
    rows: list[Row] = []
    for stop in tour.stops:
        for lang in tour.languages:
            narration = stop.narration(lang, default)
            mine = [
                i
                for i, p in enumerate(problems)
                if _concerns(p.path, stop, lang) and i not in placed
            ]
            placed.update(mine)
            alt = _alt(stop, lang, default)
            rows.append(
                Row(
                    stop=stop.number,
                    slug=stop.slug,
                    lang=lang,
                    title=narration.title,
                    translated=not stop.is_fallback(lang),
                    shown_lang=narration.lang,
                    words=_words(narration.title, narration.markdown),
                    sound=sounds.get((stop.number, narration.lang), UNKNOWN),
                    image=stop.image is not None,
                    alt=alt,
                    warnings=(
                        *_findings(stop, lang, default, alt),
                        *(f"{problems[i].severity}: {problems[i].message}" for i in mine),
                    ),
                )
            )
    totals = tuple(_total(tour, lang, rows) for lang in tour.languages)
    others = tuple(
        _relative(p, tour.root.parent) for i, p in enumerate(problems) if i not in placed
    )
    return Coverage(tour.id, tour.languages, tuple(rows), totals, others)


@lru_cache(maxsize=4096)
def _words(title: str, markdown: str) -> int:
    """Words a listener hears (a fallback row shows the same text: counted once)."""
    return len(speech_text(title, markdown).split())


def _concerns(path: Path, stop: Stop, lang: str) -> bool:
    """A problem about `stop`'s own file in `lang` (its text or recording)."""
    return path.parent == stop.folder and path.stem == lang


def _relative(problem: Problem, folder: Path) -> str:
    """`problem` naming its file from the tour's folder: no path of the build machine leaks."""
    if problem.path.is_relative_to(folder):
        problem = replace(problem, path=problem.path.relative_to(folder))
    return str(problem)


def _alt(stop: Stop, lang: str, default: str) -> Alt:
    if stop.image is None:
        return "no image"
    if stop.alt.get(lang):
        return "own"
    return "fallback" if stop.alt.get(default) else "missing"


def _findings(stop: Stop, lang: str, default: str, alt: Alt) -> list[str]:
    found = []
    if stop.is_fallback(lang):
        found.append(f"missing translation: shows the {default} text and narration")
    if alt == "fallback":
        found.append(f"missing alt text: screen readers read the {default} one")
    elif alt == "missing":
        found.append("missing alt text: screen readers cannot describe the image")
    return found


def clock(seconds: float | None) -> str:
    """A length as 1:05:09 or 5:09 (as the player shows it); "?" when unknown."""
    return "?" if seconds is None else player_clock(seconds)


def voice_label(sound: Sound) -> str:
    """ "recording", the engine and its voice ("piper: kk_KZ-issai-high"), or "?"."""
    if sound.engine is None:
        return "?"
    if sound.engine == "recording":
        return "recording"
    return f"{sound.engine}: {sound.voice}" if sound.voice else sound.engine


def _total(tour: Tour, lang: str, rows: Sequence[Row]) -> Total:
    mine = [row for row in rows if row.lang == lang]
    known = [row.sound.seconds for row in mine if row.sound.seconds is not None]
    return Total(
        lang=lang,
        stops=len(mine),
        translated=sum(row.translated for row in mine),
        seconds=sum(known),
        unknown=len(mine) - len(known),
    )
