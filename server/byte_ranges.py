"""The `Range` request header (RFC 9110 section 14), single byte ranges only.

A request for several ranges at once is answered with the whole file (200), which the RFC
allows ("a server MAY ignore the Range header field"); browsers and players ask for one range.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

UNSATISFIABLE: Final = "unsatisfiable"


_SIMPLE = re.compile(r"bytes=(\d{1,18})-(\d{0,18})")


def parse_range(header: str, size: int) -> tuple[int, int] | str | None:
    """`(first, last)` inclusive, `UNSATISFIABLE`, or None to answer with the whole file."""
    if len(header) <= 48:  # players repeat a few short ranges (bytes=0-1, bytes=0-): reuse
        return _parse_cached(header, size)
    return _parse(header, size)


@lru_cache(maxsize=4096)
def _parse_cached(header: str, size: int) -> tuple[int, int] | str | None:
    return _parse(header, size)


def _parse(header: str, size: int) -> tuple[int, int] | str | None:
    simple = _SIMPLE.fullmatch(header)
    if simple is not None:  # the usual `bytes=0-1`, `bytes=1234-`: no need for the general parse
        first = int(simple.group(1))
        if simple.group(2) and int(simple.group(2)) < first:
            return None
        if first >= size:
            return UNSATISFIABLE
        return (first, min(int(simple.group(2) or size - 1), size - 1))
    unit, sep, spec = header.partition("=")
    if not sep or unit.strip().lower() != "bytes":
        return None
    spec = spec.strip()
    if not spec or "," in spec:
        return None
    first_text, dash, last_text = spec.partition("-")
    first_text, last_text = first_text.strip(), last_text.strip()
    if (
        not dash
        or not _is_digits(first_text, allow_empty=True)
        or not _is_digits(last_text, allow_empty=True)
    ):
        return None
    if not first_text:
        if not last_text:
            return None
        suffix = int(last_text)
        if suffix == 0 or size == 0:
            return UNSATISFIABLE
        return (max(0, size - suffix), size - 1)
    first = int(first_text)
    last = int(last_text) if last_text else size - 1
    if last_text and last < first:
        return None
    if first >= size:
        return UNSATISFIABLE
    return (first, min(last, size - 1))


def _is_digits(text: str, *, allow_empty: bool) -> bool:
    if not text:
        return allow_empty
    return text.isascii() and text.isdigit() and len(text) <= 19
