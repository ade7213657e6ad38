"""`audioguide check`: every problem of every tour, nothing written."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from guide.errors import printable
from guide.tourset import read_tours


def check(tours: Sequence[Path], *, base_url: str | None = None, strict: bool = False) -> int:
    reading = read_tours(tours, base_url=base_url)
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
