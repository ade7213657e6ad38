"""`audioguide build`."""

from __future__ import annotations

import argparse
import sys

from guide.build import BuildOptions
from guide.build import build as build_site
from guide.progress import ProgressBar


def options(args: argparse.Namespace) -> BuildOptions:
    return BuildOptions(
        engine=args.engine,
        fallback=args.fallback,
        base_url=args.base_url,
        strict=args.strict,
        cache_dir=args.cache_dir,
        font=args.font,
        progress=ProgressBar(),
    )


def build(args: argparse.Namespace) -> int:
    summary = build_site(args.tours, args.output, options(args))
    for warning in summary.warnings:
        print(warning, file=sys.stderr)
    print(summary.line())
    return 0
