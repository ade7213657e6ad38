"""The content-addressed narration cache.

Two levels, both keyed by sha256 hex:
- `raw/<kk>/<key>.mp3`: what an engine (or a recording's conversion) produced, untagged; the key
  covers engine, engine version, voice and the exact speech text. Re-validated on every read.
  Beside it, `<key>.json` holds each sentence's start time (written first: no times, no hit).
- `out/<kk>/<key>.mp3` + `.json`: the tagged file the site ships and its measured facts; the
  key covers the raw key plus the tags. Its sha256 and size are checked on every read.
A changed tour title re-tags from `raw/` without any engine call. Writes are atomic.
A cache folder that cannot be written (read-only, full) costs time, never the build: the
cache warns once and keeps this run's files in a temporary folder instead.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import shutil
import tempfile
import weakref
from dataclasses import asdict, dataclass
from pathlib import Path

import platformdirs

from audio import mp3
from audio.job import NarrationError

logger = logging.getLogger(__name__)

ENV_VAR = "AUDIOGUIDE_CACHE_DIR"


def default_dir() -> Path:
    """$AUDIOGUIDE_CACHE_DIR, else the per-user cache dir (e.g. ~/.cache/audioguide/narration)."""
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override)
    return platformdirs.user_cache_path("audioguide") / "narration"


def key(*parts: object) -> str:
    """A stable sha256 hex over JSON-serialisable parts."""
    text = json.dumps(parts, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class Entry:
    path: Path
    digest: str
    bytes: int
    seconds: float
    engine: str
    starts: tuple[float, ...] = ()  # each sentence's start, seconds (empty: not known)


class Cache:
    def __init__(self, root: Path) -> None:
        self.root = root
        self._temporary: Path | None = None

    def _fall_back(self, why: str) -> None:
        """Keep this run's files in a temporary folder (removed with this object)."""
        logger.warning("narration cache: %s; this build runs without the cache", why)
        self._temporary = Path(tempfile.mkdtemp(prefix="audioguide-cache-"))
        weakref.finalize(self, shutil.rmtree, self._temporary, True)
        self.root = self._temporary

    def _write(self, level: str, name: str, suffix: str, data: bytes) -> Path:
        path = self._path(level, name, suffix)
        try:
            write_atomic(path, data)
        except OSError as error:
            if self._temporary is not None:
                raise NarrationError(f"cannot write {path}: {error.strerror}") from error
            self._fall_back(f"cannot write {path} ({error.strerror})")
            return self._write(level, name, suffix, data)
        return path

    def raw(self, raw_key: str) -> bytes | None:
        """The cached engine output, or None when missing or no longer a valid MP3."""
        path = self._path("raw", raw_key, ".mp3")
        try:
            data = path.read_bytes()
            mp3.frames(data)
        except FileNotFoundError:
            return None
        except (OSError, mp3.InvalidMP3) as error:
            logger.warning("narration cache: %s is damaged (%s); making it again", path, error)
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)
            return None
        return data

    def put_raw(self, raw_key: str, data: bytes, starts: tuple[float, ...] = ()) -> None:
        meta = self._write("raw", raw_key, ".json", json.dumps(list(starts)).encode())
        if self._write("raw", raw_key, ".mp3", data).parent != meta.parent:
            self.put_raw(raw_key, data, starts)  # the cache fell back between the two writes

    def raw_starts(self, raw_key: str) -> tuple[float, ...] | None:
        """The sentence start times stored with a raw entry, or None when missing or damaged."""
        try:
            starts = json.loads(self._path("raw", raw_key, ".json").read_text(encoding="utf-8"))
            return tuple(float(value) for value in starts)
        except (OSError, ValueError, TypeError):
            return None

    def final(self, out_key: str) -> Entry | None:
        """The cached tagged file, or None when missing or its bytes are not what was written."""
        meta_path = self._path("out", out_key, ".json")
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            entry = Entry(
                path=Path(meta_path.with_suffix(".mp3")),
                digest=str(meta["digest"]),
                bytes=int(meta["bytes"]),
                seconds=float(meta["seconds"]),
                engine=str(meta["engine"]),
                starts=tuple(float(value) for value in meta.get("starts", [])),
            )
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError) as error:
            logger.warning("narration cache: %s is damaged (%s); making it again", meta_path, error)
            return None
        try:
            data = entry.path.read_bytes()
        except OSError:
            data = b""
        if len(data) != entry.bytes or hashlib.sha256(data).hexdigest() != entry.digest:
            logger.warning("narration cache: %s is damaged; making it again", entry.path)
            return None
        return entry

    def put_final(
        self, out_key: str, data: bytes, seconds: float, engine: str, starts: tuple[float, ...] = ()
    ) -> Entry:
        digest = hashlib.sha256(data).hexdigest()
        path = self._write("out", out_key, ".mp3", data)
        entry = Entry(path, digest, len(data), seconds, engine, starts)
        meta = {k: v for k, v in asdict(entry).items() if k != "path"}
        meta_path = self._write("out", out_key, ".json", json.dumps(meta, sort_keys=True).encode())
        if meta_path.parent != path.parent:  # the cache fell back between the two writes
            return self.put_final(out_key, data, seconds, engine, starts)
        return entry

    def _path(self, level: str, name: str, suffix: str) -> Path:
        return self.root / level / name[:2] / f"{name}{suffix}"


def write_atomic(path: Path, data: bytes, *, public: bool = False) -> None:
    """Write to a temp file beside `path`, then rename: readers see all of it or nothing.

    `public`: the mode a new file gets (0644 under the usual umask), not the temp file's 0600."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if public:
                os.fchmod(handle.fileno(), 0o666 & ~current_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def current_umask() -> int:
    """The process umask, read without changing it where Linux tells it (else set and reset)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
