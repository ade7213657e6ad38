"""The `audioguide` command: options and dispatch only.

Each command's implementation is imported inside its handler, so `--help` stays instant.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from guide import __version__
from guide.errors import AudioguideError

ENGINES = ("auto", "piper", "gtts", "espeak")


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="audioguide",
        description="Offline-first museum audio guide: plain-file tours in, a web app with "
        "narration, QR codes and placards out.",
    )
    main.add_argument("--version", action="version", version=f"audioguide {__version__}")
    _verbosity_options(main, default=0)
    commands = main.add_subparsers(dest="command", metavar="COMMAND")

    new = commands.add_parser("new", help="start a new tour from a commented two-stop example")
    new.add_argument("dir", type=Path, metavar="DIR", help="folder to create (must not exist)")

    check = commands.add_parser("check", help="check tours without writing anything")
    check.add_argument("tours", type=Path, nargs="+", metavar="TOUR", help="tour folder(s)")
    check.add_argument("--base-url", metavar="URL", help="override base_url of tour.toml")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")

    build = commands.add_parser("build", help="build tours into a static site folder")
    build.add_argument("tours", type=Path, nargs="+", metavar="TOUR", help="tour folder(s)")
    build.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="SITE",
        help="site folder to write (default: ./site); replaced whole, and only once the build "
        "has succeeded",
    )
    _build_options(build)

    serve = commands.add_parser(
        "serve",
        help="serve a built site, or preview tour folders: rebuild on change, reload open pages",
    )
    serve.add_argument(
        "paths",
        type=Path,
        nargs="*",
        metavar="PATH",
        help="a built SITE folder, or tour folders (default: the bundled sample tours)",
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (0: any free)")
    serve.add_argument("--tls-cert", type=Path, metavar="FILE", help="certificate (PEM)")
    serve.add_argument("--tls-key", type=Path, metavar="FILE", help="private key (PEM)")
    serve.add_argument("--workers", type=int, default=1, help="server processes (built sites)")
    _limit_options(serve)
    _build_options(serve)

    publish = commands.add_parser(
        "publish",
        help="upload a built site to S3-compatible storage (AWS S3, R2, B2, MinIO) for a CDN",
        description="Upload only what changed, with the Content-Type and Cache-Control that "
        "serve sends; hashed files first, then pages and tour.json, then sw.js; deletions last. "
        "Credentials come from the AWS environment or config (AWS_ACCESS_KEY_ID, AWS_PROFILE).",
    )
    publish.add_argument("site", type=Path, metavar="SITE", help="the built site folder")
    publish.add_argument("target", metavar="s3://BUCKET/PREFIX", help="where to publish it")
    publish.add_argument("--endpoint-url", metavar="URL", help="the store's S3 API (not AWS)")
    publish.add_argument("--dry-run", action="store_true", help="list the changes, make none")
    publish.add_argument(
        "--grace",
        default="24h",
        metavar="DURATION",
        help="delete objects no longer in the site once gone this long (0, 90m, 24h, 7d); "
        "default 24h",
    )

    placards = commands.add_parser("placards", help="make the print-ready placards PDF of a tour")
    placards.add_argument("tour", type=Path, metavar="TOUR", help="tour folder")
    placards.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE.pdf",
        help="default: <tour id>-placards-<layout>.pdf",
    )
    placards.add_argument(
        "--layout",
        choices=("a6", "a4"),
        default="a6",
        help="a6: one placard a page; a4: four a page with cut marks",
    )
    placards.add_argument("--base-url", metavar="URL", help="override base_url of tour.toml")
    placards.add_argument("--font", type=Path, metavar="PATH", help="a TTF/OTF font to use")
    placards.add_argument(
        "--draft",
        action="store_true",
        help="print even with a placeholder base_url; every placard is marked DRAFT",
    )

    voices = commands.add_parser("voices", help="list, add or remove Piper voices")
    actions = voices.add_subparsers(dest="action", metavar="ACTION")
    add = actions.add_parser("add", help="install a voice: its .onnx (the .onnx.json beside it)")
    add.add_argument("source", metavar="PATH|URL", help="a .onnx file or an http(s) URL of one")
    remove = actions.add_parser("remove", help="remove an installed voice")
    remove.add_argument("name", metavar="NAME", help="voice name, as listed")

    say = commands.add_parser("say", help="hear (or read) exactly what an engine will say")
    say.add_argument("text", metavar="TEXT", help="Markdown text to speak")
    say.add_argument("--lang", default="en", help="language code (default: en)")
    say.add_argument("--engine", choices=ENGINES, default="auto", help="narration engine")
    say.add_argument("--voice", metavar="NAME|PATH", help="Piper voice (name or .onnx path)")
    say.add_argument("--text-only", action="store_true", help="print the speech text only")
    say.add_argument("-o", "--output", type=Path, metavar="FILE.mp3", help="default: say.mp3")

    status = commands.add_parser(
        "status",
        help="show what each stop has in each language: text, narration, image, alt text",
    )
    status.add_argument("tour", type=Path, metavar="TOUR", help="tour folder")
    status.add_argument("--json", action="store_true", help="print JSON for scripts")
    status.add_argument("--base-url", metavar="URL", help="override base_url of tour.toml")
    _cache_dir_option(status)
    for command in commands.choices.values():
        _verbosity_options(command, default=argparse.SUPPRESS)
    return main


def _limit_options(command: argparse.ArgumentParser) -> None:
    """Limits against slow and hostile clients; defaults in server/limits.py, docs/deployment.md."""
    limits = command.add_argument_group("limits (each worker process; defaults are safe)")
    for flag, kind, unit, default, text in (
        ("--header-timeout", float, "S", "10", "seconds to receive a request's headers (408)"),
        ("--keepalive-timeout", float, "S", "5", "seconds an idle connection stays open"),
        ("--send-timeout", float, "S", "30", "seconds a client may leave a response unread"),
        ("--max-header-bytes", int, "N", "16384", "bytes of request headers (431 beyond)"),
        ("--max-headers", int, "N", "100", "request header lines (431 beyond)"),
        ("--max-request-line", int, "N", "8192", "bytes of the request target (414 beyond)"),
        ("--max-connections", int, "N", "1000", "open connections (503 + Retry-After beyond)"),
        ("--max-per-client", int, "N", "64", "connections per client address (0: no cap)"),
    ):
        limits.add_argument(flag, type=kind, metavar=unit, help=f"{text}; default {default}")


def _verbosity_options(command: argparse.ArgumentParser, default: object) -> None:
    loudness = command.add_mutually_exclusive_group()
    loudness.add_argument(
        "-v",
        "--verbose",
        dest="verbosity",
        action="count",
        default=default,
        help="say more: -v logs every stage, -vv debugging detail",
    )
    loudness.add_argument(
        "-q",
        "--quiet",
        dest="verbosity",
        action="store_const",
        const=-1,
        default=default,
        help="errors only: no progress, warnings or summary",
    )


def _cache_dir_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--cache-dir",
        type=Path,
        metavar="DIR",
        help="narration cache folder (env AUDIOGUIDE_CACHE_DIR)",
    )


def _build_options(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--engine",
        choices=ENGINES,
        default="auto",
        help="narration engine; auto: recording, else the tour's Piper voice when installed, "
        "else gTTS when it answers, else espeak-ng",
    )
    command.add_argument(
        "--fallback",
        action="store_true",
        help="with --engine gtts: use espeak-ng where gTTS lacks a language or does not answer",
    )
    command.add_argument("--base-url", metavar="URL", help="override base_url of tour.toml")
    command.add_argument("--strict", action="store_true", help="treat warnings as errors")
    _cache_dir_option(command)
    command.add_argument("--font", type=Path, metavar="PATH", help="font for the placards")


def main(argv: Sequence[str] | None = None) -> int:
    command_line = parser()
    args = command_line.parse_args(argv)
    if args.command is None:
        command_line.print_help()
        return 0
    from guide.verbosity import configure

    configure(args.verbosity)
    try:
        if args.command == "new":
            from guide.commands.new import new

            return new(args.dir)
        if args.command == "check":
            from guide.commands.check import check

            return check(args.tours, base_url=args.base_url, strict=args.strict)
        if args.command == "build":
            from guide.commands.build import build

            return build(args)
        if args.command == "serve":
            from guide.commands.serve import serve

            return serve(args)
        if args.command == "publish":
            from guide.commands.publish import publish

            return publish(args)
        if args.command == "placards":
            from guide.commands.placards import placards

            return placards(args)
        if args.command == "voices":
            from guide.commands.voices import run

            return run(args)
        if args.command == "say":
            from guide.commands.say import say

            return say(args)
        if args.command == "status":
            from guide.commands.status import status

            return status(args)
    except AudioguideError as exc:
        print(f"audioguide: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("audioguide: interrupted", file=sys.stderr)
        return 130
    raise AssertionError(args.command)  # pragma: no cover - argparse rejects the rest


if __name__ == "__main__":
    sys.exit(main())
