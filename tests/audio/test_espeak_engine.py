from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from audio import NarrationJob, Narrator, mp3
from audio.engine import Voice
from audio.espeak import EspeakEngine

TEXTS = {
    "kk": "Бұл вагонмен әйелдер лагерге әкелінді. Олардың көбі күйеулерінің атын ғана білетін.",
    "ru": "В этом вагоне женщин привезли в лагерь. Многие из них знали только имя мужа.",
    "en": "This carriage brought the women to the camp. Many knew only their husband's name.",
}


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_espeak_speaks_each_language(
    lang: str, tmp_path: Path, decode_rms: Callable[[Path], tuple[float, float]]
) -> None:
    narrator = Narrator("espeak", tmp_path, engines={"espeak": EspeakEngine(workers=1)})
    job = NarrationJob(f"t/1/{lang}", lang, "1", TEXTS[lang], album="Tour", track=1)
    [made] = narrator.narrate([job])
    data = made.path.read_bytes()
    stream = mp3.inspect(data)
    assert (stream.channels, stream.max_kbps) == (1, 32)
    chars = len(TEXTS[lang]) + 3
    assert 6 <= chars / made.seconds <= 25
    decoded_seconds, rms = decode_rms(made.path)
    assert abs(decoded_seconds - made.seconds) < 0.2
    assert rms > 500  # speech, not silence (16-bit full scale is 32767)
    assert made.engine == "espeak" and made.bytes == len(data)


@pytest.mark.slow
def test_same_text_same_bytes_whatever_was_said_before() -> None:
    engine = EspeakEngine(workers=1)
    first = engine.synthesize(TEXTS["en"], Voice("en"))
    engine.synthesize(TEXTS["ru"], Voice("ru"))
    assert engine.synthesize(TEXTS["en"], Voice("en")) == first


def test_unknown_voice_is_reported_before_synthesis(tmp_path: Path) -> None:
    narrator = Narrator("espeak", tmp_path)
    jobs = [NarrationJob("t/1/xx", "xx", "T", "Text."), NarrationJob("t/2/en", "en", "T", "Text.",
            espeak_voice="no-such-voice")]  # fmt: skip
    problems = narrator.check(jobs)
    assert problems == [
        "t/1/xx: espeak-ng has no voice for language 'xx' (--engine espeak allows no fallback)",
        "t/2/en: espeak-ng has no voice 'no-such-voice' (--engine espeak allows no fallback)",
    ]
    assert not tmp_path.joinpath("raw").exists()
