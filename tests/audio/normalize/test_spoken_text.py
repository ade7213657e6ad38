"""What an engine is given: Markdown flattened, normalized for the language, then respelled."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from audio import NarrationJob, Narrator, spoken_text
from audio.engine import Speech, Voice
from audio.espeak import EspeakEngine
from audio.speech import speech_text


def test_spoken_text_reads_a_russian_year() -> None:
    assert spoken_text("В 1937 году", "ru") == "В тысяча девятьсот тридцать седьмом году"


def test_without_a_language_numbers_are_left_to_the_engine() -> None:
    assert spoken_text("В 1937 году", None) == "В 1937 году"
    assert speech_text("Title", "In 1937.") == "Title. In 1937."


def test_speech_text_normalizes_between_markdown_and_pronounce() -> None:
    text = speech_text(
        "АЛЖИР", "Лагерь открыт **в 1937 году**. В АЛЖИРе было более 8 тысяч женщин.",
        {"АЛЖИРе": "Алжи́ре", "восьми": "восьмѝ"}, "ru",
    )  # fmt: skip
    assert text == (
        "алжир. Лагерь открыт в тысяча девятьсот тридцать седьмом году. "
        "В Алжи́ре было более восьмѝ тысяч женщин."
    )


def test_pronounce_respells_words_the_normalizer_wrote() -> None:
    assert spoken_text("the Gulag", "en", {"Goolag": "Goo-lahg"}) == "the Goo-lahg"


def test_a_pronounce_entry_with_digits_applies_before_the_numbers() -> None:
    pronounce = {"Т-34": "тэ тридцать четыре"}
    assert spoken_text("Танк Т-34 в 1943 году.", "ru", pronounce) == (
        "Танк тэ тридцать четыре в тысяча девятьсот сорок третьем году."
    )


def test_a_stress_mark_in_pronounce_becomes_an_acute_accent() -> None:
    plus = spoken_text("Старый замок.", "ru", {"замок": "з+амок"})
    acute = spoken_text("Старый замок.", "ru", {"замок": "за\u0301мок"})
    assert plus == acute == "Старый за\u0301мок."


def test_espeak_reads_a_marked_word_as_the_unmarked_one() -> None:
    """espeak-ng 1.52 misreads the acute accent, so the engine drops it: same sound, no harm."""
    text = spoken_text("Мука.", "ru", {"Мука": "Мук+а"})
    assert text == "Мука\u0301."
    engine = EspeakEngine(workers=1)
    assert engine.synthesize(text, Voice("ru")) == engine.synthesize("Мука.", Voice("ru"))


class _Listening:
    """A real espeak-ng engine that also notes the texts it was asked to say (in-process)."""

    name = "espeak"
    workers = 1
    processes = False

    def __init__(self) -> None:
        self.inner = EspeakEngine(workers=1)
        self.heard: list[str] = []

    def version(self) -> str:
        return self.inner.version()

    def supports(self, lang: str) -> bool:
        return self.inner.supports(lang)

    def problem(self, voice: Voice) -> str | None:
        return self.inner.problem(voice)

    def probe(self) -> str | None:
        return None

    def synthesize(self, text: str, voice: Voice) -> bytes:
        self.heard.append(text)
        return self.inner.synthesize(text, voice)

    def speak(self, sentences: Sequence[str], voice: Voice) -> Speech:
        self.heard.extend(sentences)
        return self.inner.speak(sentences, voice)


def test_the_narrator_gives_the_engine_the_normalized_text(tmp_path: Path) -> None:
    engine = _Listening()
    narrator = Narrator("espeak", tmp_path, engines={"espeak": engine})
    job = NarrationJob("t/1/ru", "ru", "АЛЖИР", "Лагерь открыт 6 января 1938 года.", track=1)
    narrator.narrate([job])
    assert engine.heard == [  # one sentence at a time: the captions know when each starts
        "алжир.",
        "Лагерь открыт шестого января тысяча девятьсот тридцать восьмого года.",
    ]
