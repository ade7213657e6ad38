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


@lru_cache(maxsize=1024)
def stop_language(
    cookie: bytes, accept_language: bytes, languages: tuple[str, ...], default: str
) -> str:
    """The language a stop URL sends a visitor to (the few distinct headers repeat: cached)."""
    chosen = choose_language(
        cookie.decode("latin-1"), accept_language.decode("latin-1"), languages, default
    )
    return chosen or default


@lru_cache(maxsize=1024)
def redirect_headers(location: bytes, cache: str) -> Headers:
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
