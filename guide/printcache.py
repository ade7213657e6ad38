"""A content-addressed cache for what the build prints: placard PDFs and QR codes.

Laying out a hundred placards takes seconds and choosing each QR code's mask tens of
milliseconds, while most builds change no title or number. Each file is kept under a key of
everything it is made from (the inputs, the `qr` package's code, SOURCE_DATE_EPOCH), next to
the narration cache, written atomically and checked for completeness when read back.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
from collections.abc import Callable
from pathlib import Path

import qr
from audio.cache import default_dir, key, write_atomic
from guide import __version__

log = logging.getLogger(__name__)

# How a complete file of each kind starts and ends: a truncated one is made again.
_COMPLETE: dict[str, tuple[bytes, bytes]] = {
    ".pdf": (b"%PDF-", b"%%EOF"),
    ".png": (b"\x89PNG\r\n\x1a\n", b"IEND\xaeB`\x82"),
    ".svg": (b"<?xml", b"</svg>"),
}


@functools.cache
def _code_digest() -> str:
    """The `qr` package's source: a change to the drawing code makes new files."""
    digest = hashlib.sha256()
    for source in sorted(Path(qr.__file__).parent.glob("*.py")):
        digest.update(source.read_bytes())
    return digest.hexdigest()


@functools.cache
def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class PrintCache:
    def __init__(self, cache_dir: Path | None) -> None:
        self.root = (cache_dir or default_dir()) / "print"
        self.writable = True

    def get(self, suffix: str, what: object, make: Callable[[], bytes]) -> bytes:
        """`make()`'s output for `what` (a repr-stable description), cached."""
        name = key(__version__, _code_digest(), repr(what), os.environ.get("SOURCE_DATE_EPOCH", ""))
        path = self.root / name[:2] / f"{name}{suffix}"
        start, end = _COMPLETE[suffix]
        try:
            data = path.read_bytes()
        except OSError:
            data = b""
        if data.startswith(start) and data.rstrip().endswith(end):
            return data
        if data:
            log.warning("%s: damaged cached file, making it again", path)
        data = make()
        if not self.writable:
            return data
        try:
            write_atomic(path, data)
        except OSError as exc:  # a read-only cache costs time, never the build
            log.warning("%s: cannot cache (%s); this build makes every print file", path, exc)
            self.writable = False
        return data
