"""`audioguide placards`: the print-ready PDF of one tour, without building the site."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from audio.cache import write_atomic
from guide.errors import AudioguideError
from guide.tourset import read_tours
from qr.placards import render_placards


def placards(args: argparse.Namespace) -> int:
    reading = read_tours([args.tour], base_url=args.base_url, font=args.font)
    reading.raise_if_failed(strict=False)
    (tour,) = reading.tours
    cards, font = reading.placards[tour.id]
    if cards.draft and not args.draft:
        raise AudioguideError(
            f"{args.tour / 'tour.toml'}: base_url {tour.base_url!r} is a placeholder: these "
            "placards would lead nowhere. Set the real address (base_url, or --base-url), "
            "or print a test copy marked DRAFT with --draft"
        )
    output: Path = args.output or Path(f"{tour.id}-placards-{args.layout}.pdf")
    try:
        write_atomic(output, render_placards(cards, args.layout, font), public=True)
    except OSError as exc:
        raise AudioguideError(f"{output}: cannot write: {exc.strerror}") from exc
    draft = " (DRAFT: placeholder address)" if cards.draft else ""
    print(f"{output}: {len(tour.stops)} placards{draft}, layout {args.layout}, font {font.name}")
    for problem in reading.problems:
        print(problem, file=sys.stderr)
    return 0
