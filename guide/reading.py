"""Reading files of a tour folder that nobody vouches for.

A tour may come from a USB stick or a zip made elsewhere: it may hold links to files outside it,
FIFOs, devices, folders where files belong, or files far too big. Every file the build reads
goes through `TourFolder`: only regular files inside the tour after resolving links (a link
that stays inside is fine), checked with `stat` before they are opened (a FIFO is never opened,
so nothing blocks), opened non-blocking and without following a last-moment link, read in
chunks up to a limit per kind. Each refusal is a `Refused` naming the path and the limit.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import Literal

Kind = Literal["text", "toml", "image", "recording"]

# Bytes per kind: a stop's narration is a few KB; these are generous and still keep memory safe.
LIMITS: dict[Kind, int] = {
    "text": 100_000,  # ~2 hours of speech; markdown-it is slow on pathological 100 kB texts
    "toml": 256_000,
    "image": 25_000_000,
    "recording": 300_000_000,
}
MAX_IMAGE_PIXELS = 40_000_000
MAX_RECORDING_SECONDS = 2 * 3600
_CHUNK = 1 << 16


class Refused(Exception):
    """A file the build will not read; the message says why and names the path."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(message)
        self.path = path


def megabytes(size: int) -> str:
    return f"{size / 1e6:.3g} MB" if size >= 1_000_000 else f"{size / 1e3:.3g} kB"


def describe(mode: int) -> str:
    """What a file is, in words."""
    if stat.S_ISREG(mode):
        return "a file"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


class TourFolder:
    """The files of one tour folder, as far as they may be read."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.real = Path(os.path.realpath(root))

    def locate(self, path: Path) -> Path:
        """The real path of `path`; Refused for a link that leaves the tour or leads nowhere."""
        real = Path(os.path.realpath(path))
        if real != self.real and not real.is_relative_to(self.real):
            raise Refused(
                path,
                f"is a link to {real}, outside the tour folder {self.real}: only files inside "
                "the tour are read and published (copy the file into the tour instead)",
            )
        _stat(path, real)
        return real

    def mode(self, path: Path) -> int:
        """`st_mode` of the file `path` stands for (links followed, inside the tour only)."""
        return _stat(path, self.locate(path)).st_mode

    def folder(self, path: Path) -> Path:
        """The real path of a folder of the tour; raises Refused when it is not one."""
        real = self.locate(path)
        mode = _stat(path, real).st_mode
        if not stat.S_ISDIR(mode):
            raise Refused(path, f"must be a folder, but it is {describe(mode)}")
        return real

    def entries(self, path: Path) -> list[Path]:
        """The entries of a tour folder (`path / name`, links not yet followed), sorted."""
        real = self.folder(path)
        try:
            names = sorted(os.listdir(real))
        except OSError as exc:
            raise Refused(path, f"cannot be listed: {exc.strerror}") from None
        return [path / name for name in names]

    def file(self, path: Path, kind: Kind) -> Path:
        """The real path of a regular file within the size limit of its kind."""
        real = self.locate(path)
        check_regular(path, _stat(path, real), kind)
        return real

    def read(self, path: Path, kind: Kind) -> bytes:
        return read_limited(self.file(path, kind), kind, shown=path)


def _stat(path: Path, real: Path) -> os.stat_result:
    try:
        return os.stat(real)
    except FileNotFoundError:
        if os.path.islink(path):
            raise Refused(path, f"is a link to {real}, which does not exist") from None
        raise Refused(path, "disappeared while the tour was read") from None
    except OSError as exc:
        raise Refused(path, f"cannot be read: {exc.strerror}") from None


def check_regular(path: Path, info: os.stat_result, kind: Kind) -> None:
    if not stat.S_ISREG(info.st_mode):
        raise Refused(path, f"must be a file, but it is {describe(info.st_mode)}")
    limit = LIMITS[kind]
    if info.st_size > limit:
        raise Refused(
            path,
            f"is {megabytes(info.st_size)}: more than the limit of {megabytes(limit)} "
            f"for a {kind} file",
        )


def read_limited(path: Path, kind: Kind, *, shown: Path | None = None) -> bytes:
    """A regular file's bytes, never more than its kind's limit, never blocking on a FIFO."""
    shown = shown or path
    try:
        info = os.stat(path)
        check_regular(shown, info, kind)  # before open: opening a FIFO could wait forever
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise Refused(shown, "became a link while the build read it") from None
        raise Refused(shown, f"cannot be read: {exc.strerror}") from None
    limit = LIMITS[kind]
    try:
        opened = os.fstat(fd)
        if (opened.st_dev, opened.st_ino) != (info.st_dev, info.st_ino):
            raise Refused(shown, "changed while the build read it")
        check_regular(shown, opened, kind)
        chunks: list[bytes] = []
        total = 0
        while chunk := os.read(fd, _CHUNK):
            total += len(chunk)
            if total > limit:
                raise Refused(shown, f"grew past the limit of {megabytes(limit)} while read")
            chunks.append(chunk)
    except OSError as exc:
        raise Refused(shown, f"cannot be read: {exc.strerror}") from None
    finally:
        os.close(fd)
    return b"".join(chunks)
