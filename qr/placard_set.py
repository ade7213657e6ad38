"""What placards print, without drawing them: the stops, their URLs and titles, every character.

Kept apart from the PDF drawing (`qr.placards`) so a check can find a font for the text
without loading the PDF library.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from qr.strings import instructions

ELLIPSIS = "..."
DRAFT = "DRAFT"


@dataclass(frozen=True)
class PlacardStop:
    number: int
    url: str  # what the code encodes: <base_url>/<tour id>/<number>
    titles: Sequence[tuple[str, str]]  # (lang, title) in the tour's language order

    @property
    def short_url(self) -> str:
        """The URL without its scheme, as printed under the code."""
        return self.url.split("://", 1)[-1]


@dataclass(frozen=True)
class PlacardSet:
    tour_titles: Sequence[tuple[str, str]]  # (lang, tour title)
    languages: Sequence[str]  # tour languages, the first is the default
    stops: Sequence[PlacardStop]
    draft: bool = False  # marked DRAFT across every placard: not for the museum's walls


def distinct(texts: Sequence[str]) -> list[str]:
    """Non-empty texts, each once, in order (a title repeated by fallback prints once)."""
    seen: list[str] = []
    for text in texts:
        text = " ".join(text.split())
        if text and text not in seen:
            seen.append(text)
    return seen


def tour_title_line(placards: PlacardSet) -> str:
    return " · ".join(distinct([title for _, title in placards.tour_titles]))


def stop_titles(stop: PlacardStop) -> list[str]:
    return distinct([title for _, title in stop.titles])


def placard_text(placards: PlacardSet) -> str:
    """Every character the placards print: titles, instructions, numbers, URLs."""
    parts = [tour_title_line(placards), *instructions(placards.languages), ELLIPSIS, DRAFT]
    for stop in placards.stops:
        parts += [str(stop.number), stop.short_url, *stop_titles(stop)]
    return "\n".join(parts)
