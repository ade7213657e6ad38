"""Every error a user can cause, and the problems a tour check reports."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One finding of a check: `path:line: severity: message`."""

    path: Path
    line: int | None
    severity: Severity
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        return f"{printable(where)}: {self.severity}: {printable(self.message)}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def printable(text: str) -> str:
    """`text` on one line: control characters and undecodable bytes of file names escaped."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


class AudioguideError(Exception):
    """A user-caused error: the CLI prints the message and exits 1, without a traceback."""


class TourInvalid(AudioguideError):
    """A check found errors (or warnings, in strict mode)."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        errors = sum(p.is_error for p in self.problems)
        warnings = len(self.problems) - errors
        super().__init__(f"{errors} error(s), {warnings} warning(s): nothing was written")

    def __str__(self) -> str:
        return "\n".join([*map(str, self.problems), self.args[0]])


class BuildError(AudioguideError):
    """The build could not finish; the previous site is left as it was."""
