"""`audioguide serve`: serve a built site, or build tours and rebuild them as they change.

Like `mkdocs serve`, tour folders are built into a temporary folder, never into a site
the user owns; the server notices each swapped-in rebuild by itself.
"""

from __future__ import annotations

import argparse
import logging
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

from guide.build import build as build_site
from guide.commands.build import options as build_options
from guide.errors import AudioguideError
from guide.sitedir import MARKER

if TYPE_CHECKING:
    from server.limits import Limits

log = logging.getLogger(__name__)
POLL_SECONDS = 1.0


def serve(args: argparse.Namespace) -> int:
    from server import run
    from server.startup_checks import StartupError
    from server.tour_manifest import ManifestError, check_site

    paths: list[Path] = list(args.paths) or sample_tours()
    for path in paths:
        if not path.exists():
            raise AudioguideError(
                f"{path}: no such folder; give a built SITE folder or tour folders"
            )
    limits = _limits(args)
    if len(paths) == 1 and _is_site(paths[0]):
        site = paths[0]
        try:
            check_site(site)
        except ManifestError as exc:
            raise AudioguideError(f"{exc}: rebuild the site") from exc
    else:
        url = args.base_url or f"http://{_public_host(args.host)}:{args.port}"
        args.base_url = url
        site = Path(tempfile.mkdtemp(prefix="audioguide-serve-")) / "site"
        summary = build_site(paths, site, build_options(args))
        print(summary.line())
        watcher = threading.Thread(target=_rebuild_on_change, args=(paths, site, args), daemon=True)
        watcher.start()
    scheme = "https" if args.tls_cert else "http"

    def announce(port: int) -> None:
        print(f"Serving {site}\nOpen {scheme}://{_public_host(args.host)}:{port}/ (Ctrl+C stops)")
        sys.stdout.flush()

    try:
        run(
            site,
            host=args.host,
            port=args.port,
            tls_cert=args.tls_cert,
            tls_key=args.tls_key,
            workers=args.workers,
            limits=limits,
            on_listening=announce,
        )
    except StartupError as error:
        raise AudioguideError(str(error)) from None
    return 0


def _limits(args: argparse.Namespace) -> Limits:
    """The `serve` limit options given, over the defaults of `server.limits.Limits`."""
    from server.limits import Limits

    given = {
        name: getattr(args, name)
        for name in Limits.__dataclass_fields__
        if getattr(args, name, None) is not None
    }
    try:
        return Limits(**given)
    except ValueError as error:
        raise AudioguideError(f"serve: {error}") from None


def sample_tours() -> list[Path]:
    root = Path(str(files("guide") / "samples"))
    return sorted(p for p in root.iterdir() if (p / "tour.toml").is_file())


def _is_site(path: Path) -> bool:
    if (path / "tour.toml").exists():
        return False
    if (path / MARKER).exists() or (path / "index.html").exists():
        return True
    raise AudioguideError(f"{path}: neither a tour folder (no tour.toml) nor a built site")


def _public_host(host: str) -> str:
    if host in ("0.0.0.0", "::", ""):
        return socket.gethostname()
    return f"[{host}]" if ":" in host else host


def snapshot(paths: Sequence[Path]) -> dict[Path, tuple[int, int]]:
    """Every file of the tours with its modification time and size."""
    state: dict[Path, tuple[int, int]] = {}
    for root in paths:
        for file in root.rglob("*"):
            try:
                stat = file.stat()
            except OSError:
                continue
            state[file] = (stat.st_mtime_ns, stat.st_size)
    return state


def _rebuild_on_change(paths: Sequence[Path], site: Path, args: argparse.Namespace) -> None:
    seen = snapshot(paths)
    while True:  # a daemon thread: it ends with the server
        time.sleep(POLL_SECONDS)
        now = snapshot(paths)
        if now == seen:
            continue
        seen = now
        print("Tour files changed: rebuilding...", file=sys.stderr)
        try:
            summary = build_site(paths, site, build_options(args))
        except AudioguideError as exc:
            print(f"audioguide: {exc}\n(the previous build is still served)", file=sys.stderr)
            continue
        print(summary.line(), file=sys.stderr)
