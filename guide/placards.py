"""A tour's placards, as the `qr` package wants them."""

from __future__ import annotations

from guide.model import Tour
from qr.placards import PlacardSet, PlacardStop


def placard_set(tour: Tour, base_url: str | None = None) -> PlacardSet:
    return PlacardSet(
        tour_titles=[(lang, tour.text(tour.title, lang)) for lang in tour.languages],
        languages=list(tour.languages),
        stops=[
            PlacardStop(
                number=stop.number,
                url=tour.stop_url(stop.number, base_url),
                titles=[
                    (lang, stop.narration(lang, tour.default_language).title)
                    for lang in tour.languages
                ],
            )
            for stop in tour.stops
        ],
    )
