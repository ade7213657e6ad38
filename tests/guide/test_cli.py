"""The command line: help with no command, the default site folder, -q and -v."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from guide.cli import main


def test_no_command_prints_help_and_succeeds(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: audioguide")
    for command in ("new", "check", "build", "serve", "placards", "status"):
        assert f"    {command} " in out


def test_build_without_output_writes_site_here_and_says_so(
    new_tour: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    here = tmp_path / "work"
    here.mkdir()
    monkeypatch.chdir(here)
    capsys.readouterr()
    assert main(["build", str(new_tour), "--engine", "espeak"]) == 0
    captured = capsys.readouterr()
    assert f"No -o given: building into {here / 'site'}" in captured.err
    assert captured.out.startswith("Built 1 tour(s)") and captured.out.rstrip().endswith("site")
    assert (here / "site" / "my-tour" / "tour.json").is_file()


def test_quiet_build_prints_nothing_but_a_broken_tour_still_says_why(
    new_tour: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (new_tour / "stops" / "02-first-room" / "ru.md").unlink()  # a warning
    capsys.readouterr()
    site = tmp_path / "site"
    assert main(["build", str(new_tour), "-o", str(site), "--engine", "espeak", "-q"]) == 0
    assert capsys.readouterr() == ("", "")
    assert (site / "my-tour" / "tour.json").is_file()
    (new_tour / "stops" / "01-welcome" / "en.md").write_text("no title\n", encoding="utf-8")
    assert main(["-q", "build", str(new_tour), "-o", str(site), "--engine", "espeak"]) == 1
    assert "en.md:1: error" in capsys.readouterr().err


@pytest.mark.slow
def test_verbose_logs_our_stages_but_not_the_libraries_chatter(
    new_tour: Path, tmp_path: Path
) -> None:
    """A fresh cache makes the placards anew: fontTools subsets fonts, logging at INFO."""
    run = subprocess.run(
        [sys.executable, "-m", "guide.cli", "build", str(new_tour), "-o", str(tmp_path / "site"),
         "--engine", "espeak", "--cache-dir", str(tmp_path / "cache"), "-v"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        check=True,
    )  # fmt: skip
    assert "INFO guide.build: Built 1 tour(s)" in run.stderr
    assert "INFO audio.narrator: narration: 4 file(s) to make with espeak" in run.stderr
    loggers = {line.split()[1] for line in run.stderr.splitlines() if line.startswith("INFO ")}
    assert {name.split(".")[0] for name in loggers} <= {"guide", "audio", "qr", "server"}
    assert "fontTools" not in run.stderr and "fpdf" not in run.stderr
