"""Shared helpers for the narration tests: real espeak-ng audio, real decoding."""

from __future__ import annotations

import array
import math
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from audio.engine import Voice
from audio.espeak import EspeakEngine


@pytest.fixture(scope="session")
def espeak_mp3() -> bytes:
    """A short real MP3 made by espeak-ng + lameenc (stands in for a gTTS reply)."""
    return EspeakEngine(workers=1).synthesize("Hello there.", Voice("en"))


@pytest.fixture(scope="session")
def decode_rms() -> Callable[[Path], tuple[float, float]]:
    """Decode an MP3 with ffmpeg (a real decoder) into (seconds, RMS of 16-bit samples)."""
    return _decode_rms


def _decode_rms(path: Path) -> tuple[float, float]:
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        pytest.fail("ffmpeg is needed to decode MP3 in tests (apt-get install ffmpeg)")
    out = subprocess.run(
        [ffmpeg, "-v", "error", "-i", str(path), "-f", "s16le", "-ac", "1", "-ar", "16000", "-"],
        capture_output=True,
        check=True,
    ).stdout
    samples = array.array("h", out)
    rms = math.sqrt(sum(s * s for s in samples) / max(1, len(samples)))
    return len(samples) / 16000, rms
