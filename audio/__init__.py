"""Narration: speech text, engines (gTTS, espeak-ng, recordings) and a content-addressed cache.

`audio` never imports `guide`: the build hands it `NarrationJob`s and gets `Narrated` files.
"""

from audio.engine import Engine, EngineFailed, Voice
from audio.job import Narrated, NarrationError, NarrationJob
from audio.narrator import Narrator
from audio.registry import ENGINES
from audio.speech import speech_text, spoken_text

__all__ = [
    "ENGINES",
    "Engine",
    "EngineFailed",
    "Narrated",
    "NarrationError",
    "NarrationJob",
    "Narrator",
    "Voice",
    "speech_text",
    "spoken_text",
]
