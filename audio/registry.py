"""The engines a `Narrator` can use, by name, in the order `auto` prefers them."""

from __future__ import annotations

from collections.abc import Callable

from audio.engine import Engine
from audio.espeak import EspeakEngine
from audio.google import GoogleEngine

ENGINES: dict[str, Callable[[], Engine]] = {
    "gtts": GoogleEngine,  # preferred: the voice the museums chose, when online
    "espeak": EspeakEngine,  # offline fallback, every language the build needs
}
