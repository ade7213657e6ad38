"""Turning a request path into a key of the site index, refusing anything that could escape it.

The index only holds files found inside SITE, so a path can only ever name one of them; these
checks make the refusal explicit and early (dot segments, hidden names, backslashes, NUL).
"""

from __future__ import annotations

_FORBIDDEN_CHARACTERS = frozenset("\\\x00") | frozenset(chr(c) for c in range(0x20)) | {"\x7f"}


def site_key(path: str) -> tuple[str, bool] | None:
    """`(relative path without trailing slash, had trailing slash)`; None if the path is refused.

    `"/"` gives `("", True)`; `"/a/b/"` gives `("a/b", True)`; `"/a/../b"` gives None.
    """
    if not path.startswith("/") or len(path) > 2048:
        return None
    inner = path[1:]
    trailing = inner.endswith("/") or not inner
    if trailing:
        inner = inner[:-1]
    if not inner:
        return ("", True)
    if not _FORBIDDEN_CHARACTERS.isdisjoint(inner):
        return None
    for segment in inner.split("/"):
        if not segment or segment.startswith("."):
            return None
    return (inner, trailing)
