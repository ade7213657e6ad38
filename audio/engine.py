"""The interface every speech engine implements, and the voice it is asked to speak with."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Voice:
    """How a text is spoken: language plus the per-engine knobs from `[voice.<lang>]`."""

    lang: str
    tld: str | None = None  # gTTS accent
    espeak: str | None = None  # espeak-ng voice name
    speed: float = 1.0
    piper: str | None = None  # path of a Piper voice model (.onnx), resolved by `audio.voices`
    piper_digest: str | None = None  # sha256 of that model: a new model re-narrates
    speaker: int | None = None  # speaker id of a multi-speaker Piper voice


@dataclass(frozen=True)
class Speech:
    """A narration made sentence by sentence: the MP3 and when each sentence starts in it."""

    mp3: bytes
    starts: tuple[float, ...]  # seconds, one per sentence, ascending; the first is 0.0


class EngineFailed(Exception):
    """The engine could not synthesize this text now (network, quota, bad reply)."""


class Engine(Protocol):
    """A speech engine. `synthesize` returns a complete MP3 (mono, <= 48 kbps)."""

    name: str
    workers: int  # how many `synthesize` calls may run at once
    processes: bool  # True when calls must run in worker processes (library not thread-safe)

    def version(self) -> str:
        """Everything that changes the output for the same text (goes into the cache key)."""
        ...

    def supports(self, lang: str) -> bool: ...

    def problem(self, voice: Voice) -> str | None:
        """Why this voice cannot be spoken (checked before any synthesis), or None."""
        ...

    def probe(self) -> str | None:
        """Why the engine is unusable right now (one cheap attempt), or None when it answers."""
        ...

    def synthesize(self, text: str, voice: Voice) -> bytes: ...

    def speak(self, sentences: Sequence[str], voice: Voice) -> Speech:
        """The sentences spoken in order, as one MP3, with each sentence's start time."""
        ...
