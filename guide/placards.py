"""A tour's placards, as the `qr` package wants them."""

from __future__ import annotations

from pathlib import Path

from guide.model import Tour
from guide.placeholder import is_placeholder
from qr.fonts import find_font
from qr.placard_set import PlacardSet, PlacardStop, placard_text


def placard_set(tour: Tour) -> PlacardSet:
    return PlacardSet(
        tour_titles=[(lang, tour.text(tour.title, lang)) for lang in tour.languages],
        languages=list(tour.languages),
        stops=[
            PlacardStop(
                number=stop.number,
                url=tour.stop_url(stop.number),
                titles=[
                    (lang, stop.narration(lang, tour.default_language).title)
                    for lang in tour.languages
                ],
            )
            for stop in tour.stops
        ],
        draft=is_placeholder(tour.base_url),  # its codes lead nowhere: never print it as final
    )


def placards_and_font(tour: Tour, font: Path | None = None) -> tuple[PlacardSet, Path]:
    """The tour's placards and a font that prints every character of them.

    Raises `qr.fonts.FontError` naming the characters no font has."""
    cards = placard_set(tour)
    return cards, find_font(placard_text(cards), font)
