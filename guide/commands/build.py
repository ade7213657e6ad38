"""`audioguide build`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from guide.build import BuildOptions, BuildSummary
from guide.build import build as build_site
from guide.progress import ProgressBar

DEFAULT_SITE = Path("site")


def options(args: argparse.Namespace) -> BuildOptions:
    return BuildOptions(
        engine=args.engine,
        fallback=args.fallback,
        base_url=args.base_url,
        strict=args.strict,
        cache_dir=args.cache_dir,
        font=args.font,
        progress=ProgressBar() if args.verbosity >= 0 else None,
    )


def report(summary: BuildSummary, verbosity: int) -> None:
    """The build's warnings (stderr) and its summary line (stdout), unless quiet."""
    if verbosity < 0:
        return
    for warning in summary.warnings:
        print(warning, file=sys.stderr)
    print(summary.line(), flush=True)


def build(args: argparse.Namespace) -> int:
    site: Path = args.output
    if site is None:
        site = DEFAULT_SITE
        if args.verbosity >= 0:
            print(f"No -o given: building into {site.resolve()}", file=sys.stderr)
    report(build_site(args.tours, site, options(args)), args.verbosity)
    return 0
