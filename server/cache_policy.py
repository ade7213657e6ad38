"""Cache-Control for each file of a built site.

Files whose name carries a content hash (`app.3f9c2a71d0.js`, `1-kk-3f9c2a71d0e4.mp3`: a run of
10 or more hex digits) never change under that name, so browsers may keep them a year. Everything
else is revalidated on each use (`no-cache` with an ETag: a cheap 304 when nothing changed), which
is what HTML pages, `sw.js`, `*.webmanifest` and `tour.json` need for a new build to reach visitors.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
NO_STORE = "no-store"

_HASHED = re.compile(r"(?:^|[.\-_])[0-9a-fA-F]{10,}(?:[.\-_]|$)")


def has_content_hash(name: str) -> bool:
    stem = PurePosixPath(name).name
    return _HASHED.search(stem) is not None


def cache_control(relative_path: str) -> str:
    name = PurePosixPath(relative_path).name
    if name.endswith((".html", ".webmanifest")) or name in {"sw.js", "tour.json"}:
        return REVALIDATE
    return IMMUTABLE if has_content_hash(name) else REVALIDATE
