"""An in-memory index of a built SITE folder, loaded once and replaced when the site is rebuilt.

For every file: its size, content type, ETag and precomputed response headers; small files are
held in memory (text ones also gzip-compressed once), larger ones are streamed from disk through a
directory file descriptor of the folder as it was when loaded, so a rebuild that swaps the folder
never mixes two builds in one response.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gzip
import hashlib
import logging
import os
import resource
import stat
import weakref
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from server.cache_policy import cache_control
from server.media_types import content_type, is_compressible
from server.security_headers import SECURITY_HEADERS
from server.tour_manifest import ManifestError, TourInfo, parse

logger = logging.getLogger(__name__)

MEMORY_FILE_LIMIT = 256 * 1024  # files up to this size are answered from memory
MEMORY_TEXT_LIMIT = 2 * 1024 * 1024  # text files up to this size too (and compressed)
MIN_COMPRESS_SIZE = 256
HEAD_BYTES = 4096  # of each streamed file, held in memory (Safari first asks for bytes=0-1)

Headers = list[tuple[bytes, bytes]]


@dataclass(frozen=True)
class Entry:
    """One file of the site."""

    key: str  # path relative to SITE, "/"-separated
    real: str  # the file's own path relative to SITE (differs for symlinks inside SITE)
    size: int
    mtime_ns: int
    inode: int
    etag: bytes
    body: bytes | None  # whole file when held in memory
    gzip_body: bytes | None
    gzip_etag: bytes | None
    headers: Headers  # 200, identity
    gzip_headers: Headers | None  # 200, gzip
    base_headers: Headers  # for 206, 304, 416: everything but length and encoding
    content_type: bytes
    head: bytes = b""  # a streamed file's first HEAD_BYTES: a media player's first Range probes


@dataclass
class SiteIndex:
    root: Path
    stamp: tuple[int, int, int]  # (device, inode, mtime_ns) of the SITE folder when loaded
    entries: dict[str, Entry] = field(default_factory=dict)
    tours: dict[str, TourInfo] = field(default_factory=dict)  # lower-case tour id -> tour
    tours_by_id: dict[str, TourInfo] = field(default_factory=dict)  # exact id, with a home page
    not_found: dict[str, Entry] = field(default_factory=dict)  # "" and each language -> 404 page
    dir_fd: int = -1
    memory_bytes: int = 0

    routes: dict[str, Entry] = field(default_factory=dict)  # request path -> entry, the fast path
    stop_routes: dict[str, tuple[TourInfo, int]] = field(default_factory=dict)  # "/t/1" -> stop
    open_files: dict[str, int] = field(default_factory=dict)  # entry key -> shared descriptor
    partial_headers: dict[tuple[str, int, int], Headers] = field(default_factory=dict)  # 206s
    open_files_limit: int = 256

    def open(self, entry: Entry) -> tuple[int, bool] | None:
        """`(descriptor, caller closes it)` on exactly the file indexed; None if it changed.

        Descriptors of large files are kept open and shared (reads use `pread`, no file offset),
        up to `open_files_limit`; they are closed when this index is dropped after a rebuild.
        """
        shared = self.open_files.get(entry.key)
        if shared is not None:
            return (shared, False)
        try:
            fd = os.open(entry.real, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=self.dir_fd)
        except OSError:
            return None
        info = os.fstat(fd)
        if (
            info.st_size != entry.size
            or info.st_mtime_ns != entry.mtime_ns
            or info.st_ino != entry.inode
        ):
            os.close(fd)
            return None
        if len(self.open_files) < self.open_files_limit:
            self.open_files[entry.key] = fd
            return (fd, False)
        return (fd, True)


def _close_all(dir_fd: int, open_files: dict[str, int]) -> None:
    for fd in [dir_fd, *open_files.values()]:
        with contextlib.suppress(OSError):
            os.close(fd)
    open_files.clear()


def folder_stamp(root: Path) -> tuple[int, int, int] | None:
    try:
        info = os.stat(root)
    except OSError:
        return None
    return (info.st_dev, info.st_ino, info.st_mtime_ns)


def load_site(root: Path) -> SiteIndex:
    """Index every regular, non-hidden file inside `root` (symlinks only if they stay inside)."""
    root = Path(root)
    real_root = os.path.realpath(root)
    dir_fd = os.open(real_root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    stamp = os.fstat(dir_fd)
    index = SiteIndex(
        root=root, stamp=(stamp.st_dev, stamp.st_ino, stamp.st_mtime_ns), dir_fd=dir_fd
    )
    weakref.finalize(index, _close_all, dir_fd, index.open_files)
    soft_limit = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    index.open_files_limit = max(0, min(256, soft_limit // 4))
    for key, real in walk_site(real_root):
        entry = _load_entry(key, os.path.relpath(real, real_root), real)
        if entry is not None:
            index.entries[key] = entry
            index.routes["/" + key] = entry
            if key == "index.html" or key.endswith("/index.html"):
                index.routes["/" + key[: -len("index.html")]] = entry
            index.memory_bytes += len(entry.body or entry.head) + len(entry.gzip_body or b"")
    _load_tours(index)
    _find_not_found_pages(index)
    logger.info(
        "Indexed %s: %d files, %d tours, %.1f MB held in memory",
        root,
        len(index.entries),
        len(index.tours),
        index.memory_bytes / 1e6,
    )
    return index


def walk_site(real_root: str) -> Iterator[tuple[str, str]]:
    """`(key, real path)` of every file the site serves: not hidden, symlinks only inside."""
    for folder, dirnames, filenames in os.walk(real_root, followlinks=False):
        dirnames[:] = sorted(
            d
            for d in dirnames
            if not d.startswith(".") and not os.path.islink(os.path.join(folder, d))
        )
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            full = os.path.join(folder, name)
            real = os.path.realpath(full)
            if os.path.commonpath([real, real_root]) != real_root:
                logger.warning("%s: symlink points outside the site folder; not served", full)
                continue
            yield os.path.relpath(full, real_root).replace(os.sep, "/"), real


def _load_entry(key: str, real: str, full: str) -> Entry | None:
    try:
        info = os.stat(full)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    compressible = is_compressible(key)
    limit = MEMORY_TEXT_LIMIT if compressible else MEMORY_FILE_LIMIT
    body: bytes | None = None
    head = b""
    if info.st_size <= limit:
        try:
            with open(full, "rb") as handle:
                body = handle.read()
        except OSError as error:
            logger.warning("%s: cannot read (%s); not served", full, error)
            return None
        if len(body) != info.st_size:
            return None  # being written right now; the next reload will see it whole
        etag = b'"' + hashlib.blake2b(body, digest_size=10).hexdigest().encode() + b'"'
    else:
        etag = f'"{info.st_size:x}-{info.st_mtime_ns:x}"'.encode()
        try:
            with open(full, "rb") as handle:
                head = handle.read(HEAD_BYTES)
        except OSError as error:
            logger.warning("%s: cannot read (%s); not served", full, error)
            return None
    gzip_body = gzip_etag = gzip_headers = None
    if body is not None and compressible and len(body) >= MIN_COMPRESS_SIZE:
        packed = gzip.compress(body, compresslevel=9, mtime=0)
        if len(packed) < len(body) * 0.9:
            gzip_body = packed
            gzip_etag = etag[:-1] + b'-gz"'
    kind = content_type(key).encode()
    base: Headers = [
        (b"content-type", kind),
        (b"cache-control", cache_control(key).encode()),
        (b"accept-ranges", b"bytes"),
    ]
    if compressible:
        base.append((b"vary", b"Accept-Encoding"))
    base.extend(SECURITY_HEADERS)
    headers = [(b"content-length", str(info.st_size).encode()), (b"etag", etag), *base]
    if gzip_body is not None and gzip_etag is not None:
        gzip_headers = [
            (b"content-length", str(len(gzip_body)).encode()),
            (b"content-encoding", b"gzip"),
            (b"etag", gzip_etag),
            *base,
        ]
    return Entry(
        key=key,
        real=real,
        size=info.st_size,
        mtime_ns=info.st_mtime_ns,
        inode=info.st_ino,
        etag=etag,
        body=body,
        gzip_body=gzip_body,
        gzip_etag=gzip_etag,
        headers=headers,
        gzip_headers=gzip_headers,
        base_headers=base,
        content_type=kind,
        head=head,
    )


def _load_tours(index: SiteIndex) -> None:
    for key, entry in index.entries.items():
        parts = key.split("/")
        if len(parts) != 2 or parts[1] != "tour.json":
            continue
        tour = _read_tour(index, parts[0], entry)
        index.tours[tour.id.lower()] = tour
        for number in tour.stop_pages:  # the language-neutral stop URL redirects instead
            index.routes.pop(f"/{parts[0]}/{number}/", None)
            index.stop_routes[f"/{parts[0]}/{number}"] = (tour, number)
            index.stop_routes[f"/{parts[0]}/{number}/"] = (tour, number)
        _load_homes(index, tour)


def _load_homes(index: SiteIndex, tour: TourInfo) -> None:
    """`<tour>/` answers in the visitor's language (server/app.py): index.<lang>.html."""
    for lang in ("", *tour.languages):
        entry = index.entries.get(
            f"{tour.id}/index.{lang}.html" if lang else f"{tour.id}/index.html"
        )
        if entry is not None:
            tour.homes[lang] = _varying(entry)
    if "" in tour.homes:
        index.tours_by_id[tour.id] = tour
        index.routes.pop(f"/{tour.id}/", None)


def _varying(entry: Entry) -> Entry:
    def vary(headers: Headers) -> Headers:
        kept = [h for h in headers if h[0] != b"vary"]
        return [*kept, (b"vary", b"Accept-Encoding, Accept-Language, Cookie")]

    return dataclasses.replace(
        entry,
        headers=vary(entry.headers),
        gzip_headers=vary(entry.gzip_headers) if entry.gzip_headers is not None else None,
        base_headers=vary(entry.base_headers),
    )


def _read_tour(index: SiteIndex, folder: str, entry: Entry) -> TourInfo:
    """The tour's stop pages; raises ManifestError (naming the file) when tour.json is bad."""
    where = index.root / folder / "tour.json"
    try:
        raw = entry.body if entry.body is not None else where.read_bytes()
    except OSError as error:
        raise ManifestError(f"{where}: cannot be read: {error.strerror}") from None
    return parse(raw, folder, where)


def _find_not_found_pages(index: SiteIndex) -> None:
    for key, entry in index.entries.items():
        if "/" in key or not key.startswith("404.") or not key.endswith(".html"):
            continue
        lang = key[len("404.") : -len(".html")]
        index.not_found[lang] = entry
