"""`audioguide check`: every problem of every tour, nothing written."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from guide.errors import Problem, printable
from guide.model import Tour
from guide.tourset import read_tours


def missing_voices(tour: Tour) -> list[Problem]:
    """A Piper voice tour.toml names that this machine lacks (the build would skip it)."""
    from audio.voices import resolve

    found = []
    for lang, voice in tour.voices.items():
        if voice.piper and resolve(voice.piper, tour.root) is None:
            message = (
                f"[voice.{lang}] piper = {voice.piper!r} is not installed: the build uses the "
                f"next engine; install it with: audioguide voices add <{voice.piper}.onnx or URL>"
            )
            found.append(Problem(tour.root / "tour.toml", None, "warning", message))
    return found


def check(tours: Sequence[Path], *, base_url: str | None = None, strict: bool = False) -> int:
    reading = read_tours(tours, base_url=base_url)
    for tour in reading.tours:
        reading.problems.extend(missing_voices(tour))
    for problem in reading.problems:
        print(problem, file=sys.stderr)
    errors = sum(p.is_error for p in reading.problems)
    warnings = len(reading.problems) - errors
    for tour in reading.tours:
        if not any(p.is_error and p.path.is_relative_to(tour.root) for p in reading.problems):
            print(
                f"{printable(str(tour.root))}: ok: '{tour.id}', {len(tour.stops)} stops, "
                f"languages {', '.join(tour.languages)}"
            )
    failed = reading.failed(strict)
    print(f"{errors} error(s), {warnings} warning(s)", file=sys.stderr if failed else sys.stdout)
    return 1 if failed else 0
