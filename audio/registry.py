"""The engines a `Narrator` can use, by name, in the order `auto` prefers them."""

from __future__ import annotations

from collections.abc import Callable

from audio.engine import Engine
from audio.espeak import EspeakEngine
from audio.google import GoogleEngine
from audio.piper import PiperEngine

ENGINES: dict[str, Callable[[], Engine]] = {
    "piper": PiperEngine,  # a neural voice the tour chose, offline, when it is installed
    "gtts": GoogleEngine,  # preferred: the voice the museums chose, when online
    "espeak": EspeakEngine,  # offline fallback, every language the build needs
}
