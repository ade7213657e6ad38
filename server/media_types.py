"""Content types of the files a built site holds, and which of them are worth compressing."""

from __future__ import annotations

from pathlib import PurePosixPath

_TYPES: dict[str, str] = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".webmanifest": "application/manifest+json",
    ".txt": "text/plain; charset=utf-8",
    ".xml": "application/xml",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
    ".gif": "image/gif",
    ".ico": "image/x-icon",
    ".mp3": "audio/mpeg",
    ".m4a": "audio/mp4",
    ".ogg": "audio/ogg",
    ".opus": "audio/ogg",
    ".wav": "audio/wav",
    ".pdf": "application/pdf",
    ".woff2": "font/woff2",
}

# Text formats only: audio, raster images and PDFs are already compressed.
_COMPRESSIBLE = frozenset(
    {".html", ".css", ".js", ".mjs", ".json", ".map", ".webmanifest", ".txt", ".xml", ".svg"}
)


def content_type(name: str) -> str:
    return _TYPES.get(PurePosixPath(name).suffix.lower(), "application/octet-stream")


def is_compressible(name: str) -> bool:
    return PurePosixPath(name).suffix.lower() in _COMPRESSIBLE
