"""`audioguide check` (and so the build) warns about narration no rule can read, with path:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from guide.cli import main
from guide.source import load_tour

MUSEUM = ["--base-url", "https://audioguide.museum"]  # not a placeholder: no warning


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def test_check_names_the_file_and_line(new_tour: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stop = new_tour / "stops/01-welcome"
    _write(
        stop / "ru.md",
        "# Добро пожаловать\n\nВ 1937 году.\n\nЗдесь стоял танк Т34, музей ALZHIR.\n",
    )
    code = main(["check", *MUSEUM, str(new_tour)])
    output = capsys.readouterr()
    assert code == 0  # warnings only
    lines = output.err.splitlines()
    where = f"{stop / 'ru.md'}:5: warning:"
    assert [
        line.split(" warning: ")[1].split("'")[1] for line in lines if line.startswith(where)
    ] == [
        "Т34",
        "ALZHIR",
    ]
    assert not any(":3: warning" in line for line in lines)  # "В 1937 году" reads fine
    assert "0 error(s), 2 warning(s)" in output.err + output.out


def test_strict_check_fails_and_pronounce_settles_it(
    new_tour: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stop = new_tour / "stops/01-welcome"
    _write(stop / "ru.md", "# Добро пожаловать\n\nМузей ALZHIR.\n")
    assert main(["check", "--strict", *MUSEUM, str(new_tour)]) == 1
    toml = new_tour / "tour.toml"
    _write(toml, toml.read_text(encoding="utf-8") + '\n[pronounce.ru]\nALZHIR = "Алжир"\n')
    capsys.readouterr()
    assert main(["check", "--strict", *MUSEUM, str(new_tour)]) == 0, capsys.readouterr().err


def test_a_recorded_stop_is_not_checked(new_tour: Path) -> None:
    stop = new_tour / "stops/01-welcome"
    _write(stop / "en.md", "# Welcome\n\nRoom A4.\n")
    tour, problems = load_tour(new_tour)
    assert tour is not None
    assert [p.line for p in problems if p.path == stop / "en.md"] == [3]
    (stop / "en.mp3").write_bytes(b"")  # loading only notes the recording; the build checks it
    tour, problems = load_tour(new_tour)
    assert [p for p in problems if p.path == stop / "en.md"] == []
