"""What the build asks for (`NarrationJob`) and what it gets back (`Narrated`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path


class NarrationError(Exception):
    """A narration could not be made; the message names the job key or file and the cause."""


@dataclass(frozen=True)
class NarrationJob:
    """One stop in one language, as the build hands it to the `Narrator`."""

    key: str  # human label for messages, e.g. "alzhir/7/en"
    lang: str  # BCP-47 code from the tour
    title: str  # spoken first, then the body
    markdown: str  # narration body in Markdown
    pronounce: Mapping[str, str] = field(default_factory=dict)  # word -> spoken form (speech only)
    recording: Path | None = None  # human recording, used instead of TTS
    tld: str | None = None  # gTTS accent
    espeak_voice: str | None = None  # espeak-ng voice when it differs from lang
    speed: float = 1.0
    piper: str | None = None  # Piper voice: an installed name or a .onnx path
    speaker: int | None = None  # speaker of a multi-speaker Piper voice
    note: str = ""  # content note, spoken after the title and before the body
    captions: Path | None = None  # a recording's own WebVTT file
    album: str = ""  # ID3 album: the tour title in this language
    track: int = 0  # ID3 track: the stop number


@dataclass(frozen=True)
class Narrated:
    """A finished, tagged narration file inside the cache."""

    job: NarrationJob
    path: Path
    suffix: str
    digest: str  # sha256 hex of the file's bytes
    bytes: int
    seconds: float
    engine: str  # "recording" | "piper" | "gtts" | "espeak"
    voice: str | None = None  # the voice's name (a Piper model, an espeak-ng voice), if any
    captions: str | None = None  # WebVTT text, when the sentences' times are known
