"""`audioguide placards`: the print-ready PDF of one tour, without building the site."""

from __future__ import annotations

import argparse
from pathlib import Path

from guide.errors import AudioguideError, TourInvalid
from guide.placards import placard_set
from guide.source import load_tour
from qr.fonts import FontError, find_font
from qr.placards import placard_text, render_placards


def placards(args: argparse.Namespace) -> int:
    tour, problems = load_tour(args.tour, args.base_url)
    if tour is None:
        raise TourInvalid(problems)
    cards = placard_set(tour)
    try:
        font = find_font(placard_text(cards), args.font)
    except FontError as exc:
        raise AudioguideError(f"{args.tour}: placards: {exc}") from exc
    output: Path = args.output or Path(f"{tour.id}-placards-{args.layout}.pdf")
    data = render_placards(cards, args.layout, font)
    tmp = output.with_name(f".{output.name}.tmp")
    try:
        tmp.write_bytes(data)
        tmp.replace(output)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise AudioguideError(f"{output}: cannot write: {exc.strerror}") from exc
    print(f"{output}: {len(tour.stops)} placards, layout {args.layout}, font {font.name}")
    return 0
