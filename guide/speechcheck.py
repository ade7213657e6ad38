"""Warnings about narration text that no rule can read, with the stop file's path:line."""

from __future__ import annotations

from guide.errors import Problem
from guide.model import Tour


def speech_problems(tour: Tour) -> list[Problem]:
    """A warning for every narrated line a voice would misread (see audio.normalize.lint)."""
    from audio.normalize.lint import findings  # loads num2words only when a tour is checked

    problems: list[Problem] = []
    for stop in tour.stops:
        for lang, narration in sorted(stop.narrations.items()):
            if narration.recording is not None:
                continue  # a person reads it: nothing to warn about
            try:
                source = narration.source.read_text(encoding="utf-8-sig")
            except OSError:
                continue  # reading it already succeeded once; a vanished file is not ours
            for found in findings(source, lang, tour.pronounce.get(lang, {})):
                problems.append(Problem(narration.source, found.line, "warning", found.message))
    return problems
