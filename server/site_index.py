"""An in-memory index of a built SITE folder, loaded once and replaced when the site is rebuilt.

For every file: its size, content type, ETag and precomputed response headers; small files are
held in memory (text ones also gzip-compressed once), larger ones are streamed from disk through a
directory file descriptor of the folder as it was when loaded, so a rebuild that swaps the folder
never mixes two builds in one response.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import logging
import os
import re
import resource
import stat
import weakref
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from server.cache_policy import cache_control
from server.media_types import content_type, is_compressible
from server.security_headers import SECURITY_HEADERS

logger = logging.getLogger(__name__)

MEMORY_FILE_LIMIT = 256 * 1024  # files up to this size are answered from memory
MEMORY_TEXT_LIMIT = 2 * 1024 * 1024  # text files up to this size too (and compressed)
MIN_COMPRESS_SIZE = 256
HEAD_BYTES = 4096  # of each streamed file, held in memory (Safari first asks for bytes=0-1)

Headers = list[tuple[bytes, bytes]]

_PLAIN_PAGE = re.compile(r"[A-Za-z0-9_\-]+(?:/[A-Za-z0-9_\-]+)*/")


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


@dataclass(frozen=True)
class TourInfo:
    id: str
    languages: tuple[str, ...]
    default_language: str
    stop_pages: dict[int, dict[str, str]]  # stop number -> lang -> page path relative to SITE


@dataclass
class SiteIndex:
    root: Path
    stamp: tuple[int, int, int]  # (device, inode, mtime_ns) of the SITE folder when loaded
    entries: dict[str, Entry] = field(default_factory=dict)
    tours: dict[str, TourInfo] = field(default_factory=dict)  # lower-case tour id -> tour
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
        if tour is not None:
            index.tours[tour.id.lower()] = tour
            for number in tour.stop_pages:  # the language-neutral stop URL redirects instead
                index.routes.pop(f"/{parts[0]}/{number}/", None)
                index.stop_routes[f"/{parts[0]}/{number}"] = (tour, number)
                index.stop_routes[f"/{parts[0]}/{number}/"] = (tour, number)


def _read_tour(index: SiteIndex, folder: str, entry: Entry) -> TourInfo | None:
    where = index.root / folder / "tour.json"
    try:
        raw = (
            entry.body
            if entry.body is not None
            else (index.root / folder / "tour.json").read_bytes()
        )
        data = json.loads(raw)
        languages = tuple(str(lang) for lang in data["languages"])
        default = str(data.get("default_language") or languages[0])
        stops: dict[int, dict[str, str]] = {}
        for stop in data.get("stops", []):
            number = int(stop["number"])
            pages = stop.get("pages") or {}
            stops[number] = {lang: f"{folder}/{_page(pages, lang, number)}" for lang in languages}
    except (OSError, ValueError, KeyError, TypeError, IndexError) as error:
        logger.warning(
            "%s: not a valid tour.json (%s); its stop URLs will not redirect", where, error
        )
        return None
    if not languages:
        logger.warning("%s: no languages; its stop URLs will not redirect", where)
        return None
    return TourInfo(id=folder, languages=languages, default_language=default, stop_pages=stops)


def _page(pages: dict[str, str], lang: str, number: int) -> str:
    """The stop page of `lang` relative to the tour folder, if tour.json gives a plain one."""
    page = pages.get(lang)
    if isinstance(page, str) and _PLAIN_PAGE.fullmatch(page) and ".." not in page:
        return page
    return f"{lang}/{number}/"


def _find_not_found_pages(index: SiteIndex) -> None:
    for key, entry in index.entries.items():
        if "/" in key or not key.startswith("404.") or not key.endswith(".html"):
            continue
        lang = key[len("404.") : -len(".html")]
        index.not_found[lang] = entry
