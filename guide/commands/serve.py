"""`audioguide serve`: serve a built site, or build tours and preview them as they change.

Like `mkdocs serve`, tour folders are built into a temporary folder, never into a site the
user owns, and that folder is removed when the server stops (Ctrl-C included). Each change to
a tour rebuilds it and reloads the open pages (see `guide.preview`).
"""

from __future__ import annotations

import argparse
import functools
import shutil
import signal
import socket
import sys
import tempfile
from importlib.resources import files
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

from guide.build import BuildSummary
from guide.build import build as build_site
from guide.commands.build import options as build_options
from guide.commands.build import report
from guide.errors import AudioguideError
from guide.sitedir import MARKER

if TYPE_CHECKING:
    from server.limits import Limits


def serve(args: argparse.Namespace) -> int:
    from server.startup_checks import StartupError

    paths: list[Path] = list(args.paths) or sample_tours()
    for path in paths:
        if not path.exists():
            raise AudioguideError(
                f"{path}: no such folder; give a built SITE folder or tour folders"
            )
    try:
        if len(paths) == 1 and _is_site(paths[0]):
            return _serve_site(paths[0], args)
        return _serve_tours(paths, args)
    except StartupError as error:
        raise AudioguideError(str(error)) from None


def _serve_site(site: Path, args: argparse.Namespace) -> int:
    """A built site, as a museum runs it: the guarded server, `--workers` processes."""
    from server import run
    from server.tour_manifest import ManifestError, check_site

    try:
        check_site(site)
    except ManifestError as exc:
        raise AudioguideError(f"{exc}: rebuild the site") from exc

    def announce(port: int) -> None:
        args.port = port
        _say_where(site, args)

    run(
        site,
        host=args.host,
        port=args.port,
        tls_cert=args.tls_cert,
        tls_key=args.tls_key,
        workers=args.workers,
        limits=_limits(args),
        on_listening=announce,
    )
    return 0


def _serve_tours(paths: list[Path], args: argparse.Namespace) -> int:
    """Tour folders, as an editor previews them: built into a temporary folder, rebuilt live."""
    from server.startup_checks import bind, check_tls

    check_tls(args.tls_cert, args.tls_key)
    listener = bind(args.host, args.port)
    args.port = listener.getsockname()[1]
    args.base_url = args.base_url or f"http://{_public_host(args.host)}:{args.port}"
    folder = Path(tempfile.mkdtemp(prefix="audioguide-serve-"))
    previous = signal.signal(signal.SIGTERM, _interrupt)  # so `finally` runs on SIGTERM too
    try:
        _preview(paths, folder / "site", listener, args)
    finally:
        listener.close()
        shutil.rmtree(folder, ignore_errors=True)
        signal.signal(signal.SIGTERM, previous)
    return 0


def _preview(
    paths: list[Path], site: Path, listener: socket.socket, args: argparse.Namespace
) -> None:
    from guide.preview.runner import Listen, preview

    build = functools.partial(build_site, paths, site, build_options(args))
    report(build(), args.verbosity)
    _say_where(site, args)
    preview(
        paths,
        site,
        build,
        functools.partial(_report_rebuild, verbosity=args.verbosity),
        Listen(
            socket=listener,
            tls_cert=args.tls_cert,
            tls_key=args.tls_key,
            log_level="warning" if args.verbosity < 0 else "info",
        ),
    )


def _report_rebuild(outcome: BuildSummary | AudioguideError, verbosity: int) -> None:
    if isinstance(outcome, AudioguideError):
        print(f"audioguide: {outcome}\n(the previous build is still served)", file=sys.stderr)
        sys.stderr.flush()
        return
    report(outcome, verbosity)


def _say_where(site: Path, args: argparse.Namespace) -> None:
    scheme = "https" if args.tls_cert else "http"
    print(f"Serving {site}\nOpen {scheme}://{_public_host(args.host)}:{args.port}/ (Ctrl+C stops)")
    sys.stdout.flush()


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


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
