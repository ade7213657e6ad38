"""The redirects the server answers itself: a printed stop URL to the visitor's language, a
folder to its slash form. Their language choice and headers are reused: the same few
`Cookie`/`Accept-Language` pairs and stop pages come back request after request."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from functools import lru_cache
from typing import Any

from server.languages import choose_language
from server.security_headers import SECURITY_HEADERS

Headers = list[tuple[bytes, bytes]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]


_CACHED_UP_TO = 512  # bytes of request data a cache key may hold: 1024 keys stay small


def stop_language(
    cookie: bytes, accept_language: bytes, languages: tuple[str, ...], default: str
) -> str:
    """The language a stop URL sends a visitor to (the few distinct headers repeat: cached)."""
    if len(cookie) + len(accept_language) <= _CACHED_UP_TO:
        return _stop_language(cookie, accept_language, languages, default)
    return _choose(cookie, accept_language, languages, default)


def redirect_headers(location: bytes, cache: str) -> Headers:
    if len(location) <= _CACHED_UP_TO:
        return _redirect_headers(location, cache)
    return _headers(location, cache)


@lru_cache(maxsize=1024)
def _stop_language(
    cookie: bytes, accept_language: bytes, languages: tuple[str, ...], default: str
) -> str:
    return _choose(cookie, accept_language, languages, default)


def _choose(cookie: bytes, accept_language: bytes, languages: tuple[str, ...], default: str) -> str:
    chosen = choose_language(
        cookie.decode("latin-1"), accept_language.decode("latin-1"), languages, default
    )
    return chosen or default


@lru_cache(maxsize=1024)
def _redirect_headers(location: bytes, cache: str) -> Headers:
    return _headers(location, cache)


def _headers(location: bytes, cache: str) -> Headers:
    return [
        (b"location", location),
        (b"content-length", b"0"),
        (b"cache-control", cache.encode()),
        (b"vary", b"Accept-Language, Cookie"),
        *SECURITY_HEADERS,
    ]


async def redirect(send: Send, status: int, location: bytes, cache: str) -> None:
    await _respond(send, status, redirect_headers(location, cache))


async def _respond(send: Send, status: int, headers: Headers) -> None:
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": b""})
