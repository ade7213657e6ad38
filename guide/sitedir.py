"""The output folder: staged beside SITE, then swapped in whole.

A build writes into `.SITE.tmp-*` in SITE's parent and only then replaces SITE, with one
atomic exchange where the kernel offers it (Linux `renameat2(RENAME_EXCHANGE)`), so a
server reading SITE sees the old site or the new one, never a mix and never nothing.
A failed build removes its staging folder and leaves SITE as it was; what a killed build
left behind is removed by the next one (each build holds a lock on its own staging folder,
so a build running at the same time is never disturbed). The site gets the modes a web
server expects: folders 0755 and files 0644 under the usual umask.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import fcntl
import hashlib
import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from audio.cache import current_umask
from guide.errors import BuildError

log = logging.getLogger(__name__)

MARKER = ".audioguide"  # marks a folder as ours, so a build never replaces a stranger's folder
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def check_output(site: Path, sources: Sequence[Path]) -> list[str]:
    """Why SITE cannot be written (empty when it can)."""
    problems: list[str] = []
    site = site.resolve()
    if site == Path(site.anchor) or site == Path.home().resolve():
        return [f"{site}: refusing to replace the root or home folder: choose a new folder"]
    if (site / "tour.toml").exists():
        return [f"{site}: is a tour folder (it has a tour.toml): choose a new folder"]
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
        remove_leftovers(site)
        stage = Path(tempfile.mkdtemp(prefix=f".{site.name}.tmp-", dir=site.parent))
    except OSError as exc:
        raise BuildError(f"{site}: cannot create the build folder: {exc.strerror}") from exc
    lock = os.open(stage, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)  # held until this build is done with the folder
        os.chmod(stage, 0o777 & ~current_umask())  # mkdtemp's 0700 would hide the site
        (stage / MARKER).write_bytes(b"")
        yield stage
    finally:
        _remove(stage)
        os.close(lock)


def remove_leftovers(site: Path) -> None:
    """Staging folders of builds that were killed (no build holds their lock any more)."""
    for path in site.parent.glob(f".{site.name}.tmp-*"):
        try:
            fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            continue  # a build running now
        else:
            log.info("%s: removing what an interrupted build left", path)
            _remove(path)
        finally:
            os.close(fd)


def _remove(path: Path) -> None:
    """Remove a staging folder, read-only folders of an old site included."""

    def writable_again(_: object, failed: str, __: object) -> None:
        folder = os.path.dirname(failed)
        if os.path.commonpath([folder, path]) != str(path):
            return  # never touch anything outside the staging folder
        with contextlib.suppress(OSError):
            os.chmod(folder, 0o700)
            if os.path.isdir(failed) and not os.path.islink(failed):
                shutil.rmtree(failed, ignore_errors=True)
            else:
                os.unlink(failed)

    if sys.version_info >= (3, 12):
        shutil.rmtree(path, onexc=writable_again)
    else:
        shutil.rmtree(path, onerror=writable_again)
    if os.path.lexists(path):
        log.warning("%s: could not be removed entirely; the next build tries again", path)


def publish(stage: Path, site: Path) -> None:
    """Put the staged folder at SITE; what was there before ends up at `stage` (removed later).

    Raises BuildError, with SITE as it was, when the folders cannot be swapped."""
    site = site.resolve()
    try:
        if not site.exists():
            os.rename(stage, site)
        elif not _exchange(stage, site):
            old = Path(tempfile.mkdtemp(prefix=f".{site.name}.tmp-old-", dir=site.parent))
            os.rename(site, old / "site")
            try:
                os.rename(stage, site)
            except OSError:
                os.rename(old / "site", site)
                raise
            os.rename(old / "site", stage)  # cleaned with the staging folder
            old.rmdir()
    except OSError as exc:
        raise BuildError(
            f"{site}: cannot put the new site in place: {exc.strerror}; "
            "the previous site is unchanged and nothing was published"
        ) from exc


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths; False where the platform cannot, OSError when it fails."""
    libc_name = ctypes.util.find_library("c")
    if libc_name is None:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL):  # no such call, or a file system without it
        return False
    raise OSError(code, os.strerror(code), str(b))


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
