"""Rendering the print room of one built tour."""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from functools import cache
from importlib import resources

from jinja2 import Environment, PackageLoader, StrictUndefined

from guide.coverage import Row, Sound, clock, tour_coverage, voice_label
from guide.errors import Problem
from guide.model import BuiltTour
from guide.strings import language_name
from qr.placards import PlacardSet

LAYOUTS = (
    ("placards.pdf", "A6, one placard a page"),
    ("placards-a4.pdf", "A4, four placards a page with cut marks"),
)


def print_room(
    built: BuiltTour, cards: PlacardSet, problems: Sequence[Problem]
) -> dict[str, bytes]:
    """The page and its stylesheet, as site-relative paths -> content."""
    tour = built.tour
    folder = f"{tour.id}/print"
    mine = [p for p in problems if p.path.is_relative_to(tour.root)]
    sounds = {key: Sound.of(audio) for key, audio in built.audio.items()}
    coverage = tour_coverage(tour, sounds, mine)

    def link(site_path: str | None) -> str | None:
        return posixpath.relpath(site_path, folder) if site_path else None

    html = (
        _environment()
        .get_template("print.html")
        .render(
            tour=tour,
            title=tour.text(tour.title, tour.default_language),
            tour_titles=distinct_titles(cards.tour_titles),
            coverage=coverage,
            layouts=LAYOUTS,
            placards=[
                {
                    "number": stop.number,
                    "url": stop.url,
                    "short_url": stop.short_url,
                    "titles": distinct_titles(stop.titles),
                }
                for stop in cards.stops
            ],
            audio=lambda row: link(built.audio[(row.stop, row.lang)].path),
            captions=lambda row: link(row.sound.captions),
            image=lambda row: link(built.images.get(row.stop)),
            clock=clock,
            duration=duration,
            voice=voice_label,
            language_name=language_name,
        )
    )
    css = resources.files("guide.printroom").joinpath("print.css").read_bytes()
    return {f"{folder}/index.html": html.encode("utf-8"), f"{folder}/print.css": css}


def distinct_titles(titles: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """(lang, title) pairs with each title once, as the placards print them."""
    seen: dict[str, str] = {}
    for lang, title in titles:
        seen.setdefault(" ".join(title.split()), lang)
    return [(lang, title) for title, lang in seen.items() if title]


def duration(seconds: float) -> str:
    """An HTML `<time datetime>` duration: PT97.8S."""
    return "PT" + f"{seconds:.2f}".rstrip("0").rstrip(".") + "S"


def is_gap(row: Row) -> bool:
    return not row.translated or row.alt in ("fallback", "missing")


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("guide.printroom", "."),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.tests["gap"] = is_gap
    return env
