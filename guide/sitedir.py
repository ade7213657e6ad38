"""The output folder: staged beside SITE, then swapped in whole.

A build writes into `.SITE.tmp-*` in SITE's parent and only then replaces SITE, with one
atomic exchange where the kernel offers it (Linux `renameat2(RENAME_EXCHANGE)`), so a
server reading SITE sees the old site or the new one, never a mix and never nothing.
A failed or interrupted build removes its staging folder and leaves SITE as it was.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from guide.errors import BuildError

MARKER = ".audioguide"  # marks a folder as ours, so a build never replaces a stranger's folder
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def check_output(site: Path, sources: Sequence[Path]) -> list[str]:
    """Why SITE cannot be written (empty when it can)."""
    problems: list[str] = []
    site = site.resolve()
    for source in sources:
        source = source.resolve()
        if site == source or site.is_relative_to(source):
            problems.append(
                f"{site}: the output folder is inside the tour folder {source}: "
                "choose a folder outside it (the next build would read its own output)"
            )
        elif source.is_relative_to(site):
            problems.append(
                f"{site}: the output folder contains the tour folder {source}: "
                "building would replace the tour"
            )
    if site.exists():
        if not site.is_dir():
            problems.append(f"{site}: exists and is not a folder")
        elif any(site.iterdir()) and not (site / MARKER).exists():
            problems.append(
                f"{site}: the folder is not empty and was not made by audioguide "
                f"(no {MARKER} file): choose a new or empty folder"
            )
    parent = next(p for p in site.parents if p.exists())  # created only once all is checked
    if not parent.is_dir() or not os.access(parent, os.W_OK | os.X_OK):
        problems.append(f"{site}: cannot write in {parent}")
    return problems


@contextlib.contextmanager
def staging(site: Path) -> Iterator[Path]:
    """A fresh folder beside SITE; removed unless `publish` moved it into place."""
    site = site.resolve()
    try:
        site.parent.mkdir(parents=True, exist_ok=True)
        stage = Path(tempfile.mkdtemp(prefix=f".{site.name}.tmp-", dir=site.parent))
    except OSError as exc:
        raise BuildError(f"{site}: cannot create the build folder: {exc.strerror}") from exc
    try:
        (stage / MARKER).write_bytes(b"")
        yield stage
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def publish(stage: Path, site: Path) -> None:
    """Put the staged folder at SITE; what was there before ends up at `stage` (removed later)."""
    site = site.resolve()
    if site.exists() and _exchange(stage, site):
        return
    if site.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{site.name}.old-", dir=site.parent))
        os.replace(site, old / "site")
        os.replace(stage, site)
        os.replace(old / "site", stage)  # cleaned with the staging folder
        old.rmdir()
    else:
        os.replace(stage, site)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths; False where the platform cannot."""
    libc_name = ctypes.util.find_library("c")
    if libc_name is None:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return bool(result == 0)


@dataclass(frozen=True)
class Copy:
    """A file the build copies in from disk instead of holding it (narration audio):
    a big tour's audio never has to fit in memory."""

    source: Path
    size: int
    digest: str  # sha256 hex of the content


Content = bytes | Copy


def size_of(content: Content) -> int:
    return content.size if isinstance(content, Copy) else len(content)


def digest_of(content: Content) -> bytes:
    if isinstance(content, Copy):
        return bytes.fromhex(content.digest)
    return hashlib.sha256(content).digest()


def write_file(root: Path, relative: str, content: Content) -> None:
    """Write one file; its folder must exist."""
    path = root / relative
    if isinstance(content, Copy):
        shutil.copyfile(content.source, path)
    else:
        path.write_bytes(content)
