"""`audioguide placards`: the print-ready PDF of one tour, without building the site."""

from __future__ import annotations

import argparse
from pathlib import Path

from audio.cache import write_atomic
from guide.errors import AudioguideError, TourInvalid
from guide.placards import placards_and_font
from guide.source import load_tour
from qr.fonts import FontError
from qr.placards import render_placards


def placards(args: argparse.Namespace) -> int:
    tour, problems = load_tour(args.tour, args.base_url)
    if tour is None:
        raise TourInvalid(problems)
    try:
        cards, font = placards_and_font(tour, args.font)
    except FontError as exc:
        raise AudioguideError(f"{args.tour}: placards: {exc}") from exc
    output: Path = args.output or Path(f"{tour.id}-placards-{args.layout}.pdf")
    try:
        write_atomic(output, render_placards(cards, args.layout, font))
    except OSError as exc:
        raise AudioguideError(f"{output}: cannot write: {exc.strerror}") from exc
    print(f"{output}: {len(tour.stops)} placards, layout {args.layout}, font {font.name}")
    return 0
