"""`audioguide status TOUR`: the print room's coverage table, in the terminal or as JSON.

Narration lengths come from the narration cache (what the last build with the same text,
voice and engine made); a narration not in the cache shows "?" (JSON: null) until a build.
"""

from __future__ import annotations

import argparse
import json

from audio import Narrator
from guide.build import narration_job
from guide.coverage import UNKNOWN, Coverage, Row, Sound, clock, tour_coverage, voice_label
from guide.errors import TourInvalid
from guide.source import load_tour

COLUMNS = ("stop", "lang", "title", "words", "length", "voice", "captions", "image", "alt")
TITLE_WIDTH = 30


def status(args: argparse.Namespace) -> int:
    tour, problems = load_tour(args.tour, args.base_url)
    if tour is None:
        raise TourInvalid(problems)
    narrator = Narrator(cache_dir=args.cache_dir)  # "auto": whichever engine made it
    sounds: dict[tuple[int, str], Sound] = {}
    for stop in tour.stops:
        for lang in stop.narrations:
            found = narrator.cached_length(narration_job(tour, stop, lang))
            sounds[(stop.number, lang)] = Sound(*found) if found else UNKNOWN
    coverage = tour_coverage(tour, sounds, problems)
    if args.json:
        print(json.dumps(coverage.as_json(), ensure_ascii=False, indent=1))
    else:
        print(table(coverage))
    return 0


def table(coverage: Coverage) -> str:
    rows = [list(COLUMNS), *(_cells(row, coverage.languages[0]) for row in coverage.rows)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in rows
    ]
    for row in coverage.rows:
        for warning in row.warnings:
            lines.append(f"! stop {row.stop} {row.lang}: {warning}")
    lines.append("")
    for total in coverage.totals:
        unknown = f" (+{total.unknown} stops of unknown length)" if total.unknown else ""
        lines.append(
            f"{total.lang}: {total.translated}/{total.stops} stops translated, "
            f"{total.seconds / 60:.1f} min{unknown}"
        )
    lines += [f"! {warning}" for warning in coverage.other_warnings]
    lines.append(f"{coverage.gaps} missing translation(s) or alt text(s)")
    return "\n".join(line.rstrip() for line in lines)


def _cells(row: Row, default: str) -> list[str]:
    title = row.title if len(row.title) <= TITLE_WIDTH else row.title[: TITLE_WIDTH - 1] + "…"
    if not row.translated:
        title = f"MISSING ({row.shown_lang}: {title})"
    sound = row.sound
    return [
        str(row.stop),
        row.lang,
        title,
        str(row.words),
        clock(sound.seconds),
        voice_label(sound),
        "yes" if sound.captions else "no",
        "yes" if row.image else "no",
        {"own": "yes", "fallback": f"MISSING (uses {default})", "missing": "MISSING"}.get(
            row.alt, "-"
        ),
    ]
