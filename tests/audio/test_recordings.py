from __future__ import annotations

import array
import math
import wave
from collections.abc import Callable
from pathlib import Path

import pytest

from audio import NarrationError, NarrationJob, Narrator, mp3
from audio.espeak import EspeakEngine


def tone_wav(path: Path, seconds: float, channels: int = 1, rate: int = 22050) -> Path:
    samples = array.array(
        "h",
        (int(8000 * math.sin(2 * math.pi * 440 * i / rate)) for i in range(int(seconds * rate))),
    )
    if channels == 2:
        samples = array.array("h", (s for s in samples for _ in (0, 1)))
    with wave.open(str(path), "wb") as writer:
        writer.setnchannels(channels)
        writer.setsampwidth(2)
        writer.setframerate(rate)
        writer.writeframes(samples.tobytes())
    return path


def narrator(cache: Path) -> Narrator:
    return Narrator(engines={"espeak": EspeakEngine(workers=1)}, cache_dir=cache)


def job(lang: str, recording: Path | None = None) -> NarrationJob:
    return NarrationJob(f"t/3/{lang}", lang, "Barrack", "Women slept here.", recording=recording)


def test_a_recording_overrides_tts_for_its_language_only(
    tmp_path: Path, decode_rms: Callable[[Path], tuple[float, float]]
) -> None:
    recording = tone_wav(tmp_path / "en.wav", 2.0)
    n = narrator(tmp_path / "cache")
    made = n.narrate([job("en", recording), job("ru")])
    assert [m.engine for m in made] == ["recording", "espeak"]
    assert n.engine_calls == 1
    stream = mp3.inspect(made[0].path.read_bytes())
    assert stream.channels == 1 and stream.max_kbps <= 48
    assert made[0].seconds == pytest.approx(2.0, abs=0.1)
    seconds, rms = decode_rms(made[0].path)
    assert seconds == pytest.approx(2.0, abs=0.1) and rms > 1000


def test_a_light_mp3_recording_is_served_as_is(tmp_path: Path, espeak_mp3: bytes) -> None:
    recording = tmp_path / "en.mp3"
    recording.write_bytes(espeak_mp3)
    [made] = narrator(tmp_path / "cache").narrate([job("en", recording)])
    assert mp3.strip_tags(made.path.read_bytes()) == espeak_mp3  # same frames, new tags


def test_a_stereo_wav_is_converted_with_ffmpeg(tmp_path: Path) -> None:
    recording = tone_wav(tmp_path / "en.wav", 1.5, channels=2, rate=44100)
    [made] = narrator(tmp_path / "cache").narrate([job("en", recording)])
    stream = mp3.inspect(made.path.read_bytes())
    assert stream.channels == 1 and stream.max_kbps <= 48
    assert made.seconds == pytest.approx(1.5, abs=0.1)


def test_bad_recordings_are_reported_before_anything_is_made(tmp_path: Path) -> None:
    empty = tmp_path / "kk.mp3"
    empty.touch()
    garbage = tmp_path / "ru.ogg"
    garbage.write_bytes(b"not audio at all" * 10)
    flac = tmp_path / "en.flac"
    flac.write_bytes(b"fLaC")
    n = narrator(tmp_path / "cache")
    jobs = [job("kk", empty), job("ru", garbage), job("en", flac), job("de", tmp_path / "no.wav")]
    problems = n.check(jobs)
    assert problems[0] == f"t/3/kk: {empty}: the file is empty"
    assert problems[1] == f"t/3/ru: {garbage}: not a readable OGG audio file"
    assert problems[2].startswith(f"t/3/en: {flac}: recordings must be one of .mp3")
    assert problems[3].startswith(f"t/3/de: {tmp_path / 'no.wav'}: cannot be read")
    with pytest.raises(NarrationError, match="t/3/kk"):
        n.narrate(jobs)
    assert not (tmp_path / "cache").exists()
