"""`audioguide say`: the build's own speech-text path, printed or narrated."""

from __future__ import annotations

from pathlib import Path

import pytest

from audio import mp3
from guide.cli import main


def test_text_only_prints_what_the_engine_is_given(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["say", "--text-only", "--lang", "ru", "В 1937 году. Второе **слово**"]) == 0
    said = "В тысяча девятьсот тридцать седьмом году. Второе слово.\n"  # normalized, as spoken
    assert capsys.readouterr().out == said


def test_say_narrates_to_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "x.mp3"
    assert main(["say", "--engine", "espeak", "--lang", "kk", "-o", str(out), "Сәлем."]) == 0
    assert mp3.seconds(out.read_bytes()) > 0.3
    assert capsys.readouterr().out.startswith(f"{out}: ")


@pytest.mark.slow
def test_say_with_a_piper_voice(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "joe.mp3"
    assert main(["say", "--voice", "en_US-joe-medium", "-o", str(out), "Welcome."]) == 0
    assert "piper (en_US-joe-medium)" in capsys.readouterr().out
    assert mp3.inspect(out.read_bytes()).channels == 1
    assert main(["say", "--engine", "piper", "--voice", "xx-none", "Hello."]) == 1
    assert "audioguide voices add" in capsys.readouterr().err
