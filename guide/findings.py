"""Collecting the problems a reading of a tour finds, so that one run reports all of them."""

from __future__ import annotations

from pathlib import Path

from guide.errors import Problem, Severity


class Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, severity: Severity, path: Path, line: int | None, message: str) -> None:
        self.problems.append(Problem(path, line, severity, message))

    def error(self, path: Path, line: int | None, message: str) -> None:
        self.add("error", path, line, message)

    def warning(self, path: Path, line: int | None, message: str) -> None:
        self.add("warning", path, line, message)

    @property
    def failed(self) -> bool:
        return any(p.is_error for p in self.problems)
