"""The tour model, declared once.

Everything the build knows about a tour source lives in these frozen dataclasses.
`guide.source` reads a tour folder into them; every later stage only reads them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Voice:
    """How one tour language is spoken (`[voice.<lang>]` in tour.toml)."""

    tld: str | None = None  # gTTS accent, e.g. "co.uk"
    espeak: str | None = None  # espeak-ng voice name when it differs from the language code
    speed: float = 1.0
    piper: str | None = None  # Piper voice: an installed name or a .onnx path (from the tour)
    speaker: int | None = None  # speaker id of a multi-speaker Piper voice


@dataclass(frozen=True)
class Narration:
    """One stop in one language: `stops/NN-slug/<lang>.md` and its optional recording."""

    lang: str
    title: str
    markdown: str  # the body, without the '# Title' line
    source: Path
    recording: Path | None = None  # stops/NN-slug/<lang>.mp3|.m4a|.ogg|.wav


@dataclass(frozen=True)
class Stop:
    number: int
    slug: str
    folder: Path
    narrations: Mapping[str, Narration]  # only the languages the stop really has
    image: Path | None = None
    alt: Mapping[str, str] = field(default_factory=dict)
    note: Mapping[str, str] = field(default_factory=dict)  # optional content note per language

    def narration(self, lang: str, default: str) -> Narration:
        """The narration shown for `lang`: its own, else the default language's."""
        return self.narrations.get(lang) or self.narrations[default]

    def is_fallback(self, lang: str) -> bool:
        return lang not in self.narrations

    def alt_text(self, lang: str, default: str) -> str:
        return self.alt.get(lang) or self.alt.get(default, "")


@dataclass(frozen=True)
class Tour:
    id: str
    root: Path
    languages: tuple[str, ...]  # the first is the default
    base_url: str
    title: Mapping[str, str]
    description: Mapping[str, str]
    pronounce: Mapping[str, Mapping[str, str]]
    voices: Mapping[str, Voice]
    stops: tuple[Stop, ...]  # sorted by number
    speak_notes: bool = True  # a stop's content note is spoken before its narration

    @property
    def default_language(self) -> str:
        return self.languages[0]

    def text(self, table: Mapping[str, str], lang: str) -> str:
        """A per-language value of the tour, falling back to the default language."""
        return table.get(lang) or table.get(self.default_language) or ""

    def stop_url(self, number: int, base_url: str | None = None) -> str:
        """The language-neutral stop URL that QR codes print."""
        return f"{(base_url or self.base_url).rstrip('/')}/{self.id}/{number}"


@dataclass(frozen=True)
class AudioFile:
    """One narration file as it stands in the built site."""

    path: str  # site-relative, e.g. "alzhir/audio/7-en-3f2a9c1d0b.mp3"
    bytes: int
    seconds: float
    engine: str  # "recording" | "piper" | "gtts" | "espeak"
    voice: str | None = None  # the voice's name (a Piper model, an espeak-ng voice), if any
    captions: str | None = None  # site-relative WebVTT path: "alzhir/audio/7-en-3f2a9c1d0b.vtt"

    @property
    def synthetic(self) -> bool:
        return self.engine != "recording"


@dataclass(frozen=True)
class ImageVariant:
    """One published version of a stop image: a width in one format."""

    path: str  # site-relative, e.g. "alzhir/images/7-960-3f2a9c1d0b.webp"
    width: int
    height: int
    mime: str  # "image/avif" | "image/webp" | "image/jpeg"
    bytes: int


@dataclass(frozen=True)
class Picture:
    """Every version the build made of one stop image (see guide/images.py)."""

    variants: tuple[ImageVariant, ...]  # sorted by format, then width
    offline: str  # site-relative path of the one version an offline pack holds (phone width)

    def of_type(self, mime: str) -> tuple[ImageVariant, ...]:
        return tuple(v for v in self.variants if v.mime == mime)

    @property
    def fallback(self) -> ImageVariant:
        """The JPEG for browsers without WebP, at the phone width."""
        jpegs = self.of_type("image/jpeg")
        return next((v for v in jpegs if v.path == self.offline), jpegs[len(jpegs) // 2])


@dataclass(frozen=True)
class BuiltTour:
    """A tour plus what the build made for it, handed to the page renderer."""

    tour: Tour
    audio: Mapping[tuple[int, str], AudioFile]  # (stop number, language) -> file
    images: Mapping[int, str]  # stop number -> site-relative image path
    placards: str | None = None  # site-relative path of print/placards.pdf
    pictures: Mapping[int, Picture] = field(default_factory=dict)  # stop number -> versions
