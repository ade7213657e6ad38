"""One reading of the tours, shared by `check`, `build` and `placards`.

Everything that can be found wrong without synthesizing a voice is found here, in the same
code for every command: each tour folder (`guide.source`), tour ids used twice, and
placards no font can print. So `check` fails exactly when `build`
would fail before narrating (the output folder and the engines aside, which only `build` knows).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from guide.errors import Problem, TourInvalid
from guide.model import Tour
from guide.placards import placards_and_font
from guide.source import load_tour
from qr.fonts import FontError
from qr.placard_set import PlacardSet


@dataclass(frozen=True)
class Reading:
    tours: list[Tour]
    problems: list[Problem]
    placards: dict[str, tuple[PlacardSet, Path]]  # tour id -> placards and their font

    def failed(self, strict: bool) -> bool:
        return any(p.is_error for p in self.problems) or (strict and bool(self.problems))

    def raise_if_failed(self, strict: bool) -> None:
        if self.failed(strict):
            raise TourInvalid(self.problems)


def read_tours(
    tour_dirs: Sequence[Path], *, base_url: str | None = None, font: Path | None = None
) -> Reading:
    problems: list[Problem] = []
    tours: list[Tour] = []
    for folder in tour_dirs:
        tour, found = load_tour(folder, base_url)
        problems += found
        if tour is not None:
            tours.append(tour)
    seen: dict[str, Path] = {}
    for tour in tours:
        if tour.id in seen:
            problems.append(
                Problem(
                    tour.root / "tour.toml",
                    None,
                    "error",
                    f"tour id '{tour.id}' is also used by {seen[tour.id]}: ids must be unique",
                )
            )
        seen[tour.id] = tour.root
    placards: dict[str, tuple[PlacardSet, Path]] = {}
    for tour in tours:
        try:
            placards[tour.id] = placards_and_font(tour, font)
        except FontError as exc:
            problems.append(Problem(tour.root / "tour.toml", None, "error", f"placards: {exc}"))
    return Reading(tours, problems, placards)
