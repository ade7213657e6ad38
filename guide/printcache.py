"""A content-addressed cache for the placard PDFs.

Laying out a hundred placards takes seconds, and most builds change no title or number; the
PDF is kept under a key of everything it is made from (the placards, layout, font file,
the `qr` package's code and SOURCE_DATE_EPOCH), next to the narration cache.
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


@functools.cache
def _code_digest() -> str:
    """The `qr` package's source: a change to the layout code makes new PDFs."""
    digest = hashlib.sha256()
    for source in sorted(Path(qr.__file__).parent.glob("*.py")):
        digest.update(source.read_bytes())
    return digest.hexdigest()


@functools.cache
def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def cached_pdf(
    cache_dir: Path | None, what: object, font: Path, make: Callable[[], bytes]
) -> bytes:
    """`make()`'s PDF for `what` (a repr-stable description), from the cache when it is there."""
    name = key(
        __version__,
        _code_digest(),
        _file_digest(font),
        repr(what),
        os.environ.get("SOURCE_DATE_EPOCH", ""),
    )
    path = (cache_dir or default_dir()) / "print" / name[:2] / f"{name}.pdf"
    try:
        data = path.read_bytes()
    except OSError:
        data = b""
    if data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF"):
        return data
    if data:
        log.warning("%s: damaged cached PDF, making it again", path)
    data = make()
    try:
        write_atomic(path, data)
    except OSError as exc:  # a read-only cache costs time, never the build
        log.warning("%s: cannot cache the placards: %s", path, exc)
    return data
