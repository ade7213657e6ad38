"""The ASGI app over a built SITE folder.

The hot path is one plain ASGI callable (`SiteHandler`): a dict lookup in the site index, then
precomputed headers and a body from memory, or a file streamed from disk. Per-request routing
and file-system work are what made Starlette's `StaticFiles` 30x slower than nginx here.
"""

from __future__ import annotations

import asyncio
import html
import json
import logging
import os
import time
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

from starlette.applications import Starlette

from server.byte_ranges import UNSATISFIABLE, parse_range
from server.cache_policy import NO_STORE
from server.languages import choose_language
from server.page_root import rebase
from server.redirects import redirect, redirect_headers, stop_language
from server.request_path import site_key
from server.security_headers import SECURITY_HEADERS
from server.site_index import Entry, Headers, SiteIndex, folder_stamp, load_site
from server.tour_manifest import TourInfo

logger = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

CHUNK_SIZE = 256 * 1024
PARTIAL_HEADERS_KEPT = 4096  # 206 header lists kept per site index (players repeat ranges)
_NOT_MODIFIED_KEYS = frozenset({b"cache-control", b"vary", b"content-security-policy"})


class SiteHandler:
    """Answers GET and HEAD for the files of one SITE folder; reloads it when it is swapped."""

    def __init__(self, site_dir: Path, *, reload_interval: float | None = 1.0) -> None:
        self.site_dir = Path(site_dir)
        if not self.site_dir.is_dir():
            raise FileNotFoundError(f"{self.site_dir}: not a folder; build the site first")
        self.index = load_site(self.site_dir)
        self.reload_interval = reload_interval
        self._next_check = time.monotonic() + (reload_interval or 0.0)
        self._reload_lock = asyncio.Lock()
        self._failed_stamp: tuple[int, int, int] | None = None
        self._accepts_gzip: dict[bytes, bool] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        if self.reload_interval is not None and time.monotonic() >= self._next_check:
            await self.reload_if_changed()
        method = scope["method"]
        if method != "GET" and method != "HEAD":
            await _plain(send, 405, b"Method not allowed\n", [(b"allow", b"GET, HEAD")])
            return
        path: str = scope["path"]
        if path == "/healthz":
            await self._health(send, method)
            return
        index = self.index
        entry = index.routes.get(path)
        if entry is not None:
            await self._serve(scope, receive, send, index, entry, 200)
            return
        stop = index.stop_routes.get(path)
        if stop is not None:  # the QR code's URL, as printed
            await self._send_stop_redirect(scope, send, *stop)
            return
        located = site_key(path)
        if located is None:
            await self._not_found(scope, send, index)
            return
        key, trailing = located
        if trailing and key in index.tours_by_id:
            await self._tour_home(scope, receive, send, index, key)
            return
        entry = index.entries.get(
            key + "/index.html" if trailing and key else "index.html" if trailing else key
        )
        if entry is None:
            if await self._redirect_stop(scope, send, index, key):
                return
            if not trailing and key + "/index.html" in index.entries:
                await self._redirect_folder(scope, send)
                return
            await self._not_found(scope, send, index)
            return
        if trailing and key.count("/") == 1 and await self._redirect_stop(scope, send, index, key):
            return
        await self._serve(scope, receive, send, index, entry, 200)

    async def reload_if_changed(self) -> bool:
        """Load the site again if its folder was replaced; True when it was."""
        self._next_check = time.monotonic() + (self.reload_interval or 0.0)
        stamp = folder_stamp(self.site_dir)
        if (
            stamp is None
            or stamp == self.index.stamp
            or stamp == self._failed_stamp
            or self._reload_lock.locked()
        ):
            return False
        async with self._reload_lock:
            try:
                index = await asyncio.to_thread(load_site, self.site_dir)
            except Exception as error:  # any fault of the new build: keep serving the old one
                self._failed_stamp = stamp  # tried once; try again when the folder changes
                logger.warning(
                    "%s: the new build cannot be served (%s: %s); still serving the previous one",
                    self.site_dir,
                    type(error).__name__,
                    error,
                )
                return False
            self.index = index  # one assignment: each request sees the old index or the new one
        return True

    # -- responses ---------------------------------------------------------------------------

    async def _serve(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        index: SiteIndex,
        entry: Entry,
        status: int,
    ) -> None:
        headers = _request_headers(scope)
        head = scope["method"] == "HEAD"
        use_gzip = entry.gzip_body is not None and self._accepts(headers.get(b"accept-encoding"))
        wanted: tuple[int, int] | str | None = None
        if status == 200:
            match = headers.get(b"if-none-match")
            if match is not None and _etag_matches(match, entry):
                await _send_not_modified(send, entry, use_gzip)
                return
            range_header = headers.get(b"range")
            if range_header is not None:
                if_range = headers.get(b"if-range")
                if if_range is None or if_range.strip() == entry.etag:
                    wanted = parse_range(range_header.decode("latin-1"), entry.size)
        if wanted is None:
            if use_gzip:
                assert entry.gzip_headers is not None and entry.gzip_body is not None
                await _respond(send, status, entry.gzip_headers, b"" if head else entry.gzip_body)
            elif entry.body is not None:
                await _respond(send, status, entry.headers, b"" if head else entry.body)
            else:
                await self._stream(
                    scope, receive, send, index, entry, status, entry.headers, 0, entry.size
                )
            return
        if wanted == UNSATISFIABLE:
            await _respond(
                send,
                416,
                [
                    (b"content-range", f"bytes */{entry.size}".encode()),
                    (b"content-length", b"0"),
                    *entry.base_headers,
                ],
                b"",
            )
            return
        assert isinstance(wanted, tuple)
        first, last = wanted
        length = last - first + 1
        partial = index.partial_headers.get((entry.key, first, last))
        if partial is None:
            partial = [
                (b"content-length", str(length).encode()),
                (b"content-range", f"bytes {first}-{last}/{entry.size}".encode()),
                (b"etag", entry.etag),
                *entry.base_headers,
            ]
            if len(index.partial_headers) < PARTIAL_HEADERS_KEPT:
                index.partial_headers[(entry.key, first, last)] = partial
        if entry.body is not None:
            await _respond(send, 206, partial, b"" if head else entry.body[first : last + 1])
            return
        if last < len(entry.head):
            await _respond(send, 206, partial, b"" if head else entry.head[first : last + 1])
            return
        await self._stream(scope, receive, send, index, entry, 206, partial, first, length)

    async def _stream(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        index: SiteIndex,
        entry: Entry,
        status: int,
        headers: Headers,
        offset: int,
        length: int,
    ) -> None:
        opened = index.open(entry)
        if opened is None:
            # The file changed under this index: the site is being rebuilt. Answer from the new one.
            if await self.reload_if_changed() and self.index is not index:
                fresh = self.index.entries.get(entry.key)
                if fresh is not None:
                    await self._serve(scope, receive, send, self.index, fresh, 200)
                    return
            await self._not_found(scope, send, self.index)
            return
        fd, close_after = opened
        try:
            if scope["method"] == "HEAD":
                await _respond(send, status, headers, b"")
                return
            if length <= CHUNK_SIZE:
                await _respond(send, status, headers, os.pread(fd, length, offset))
                return
            if hasattr(os, "posix_fadvise"):
                os.posix_fadvise(fd, offset, length, os.POSIX_FADV_SEQUENTIAL)
            disconnected = asyncio.Event()
            watcher = asyncio.ensure_future(_watch_disconnect(receive, disconnected))
            try:
                await send({"type": "http.response.start", "status": status, "headers": headers})
                end = offset + length
                while offset < end and not disconnected.is_set():
                    chunk = os.pread(fd, min(CHUNK_SIZE, end - offset), offset)
                    if not chunk:
                        raise OSError(f"{entry.key}: file shorter than indexed")
                    offset += len(chunk)
                    await send(
                        {"type": "http.response.body", "body": chunk, "more_body": offset < end}
                    )
            finally:
                watcher.cancel()
        finally:
            if close_after:
                os.close(fd)

    def _accepts(self, accept_encoding: bytes | None) -> bool:
        if not accept_encoding:
            return False
        known = self._accepts_gzip.get(accept_encoding)
        if known is None:
            known = _accepts_gzip(accept_encoding)
            if len(self._accepts_gzip) < 256:
                self._accepts_gzip[accept_encoding] = known
        return known

    async def _redirect_stop(self, scope: Scope, send: Send, index: SiteIndex, key: str) -> bool:
        tour_id, sep, number = key.partition("/")
        if not sep or not number.isascii() or not number.isdigit() or len(number) > 6:
            return False
        tour = index.tours.get(tour_id.lower())
        if tour is None or int(number) not in tour.stop_pages:
            return False
        await self._send_stop_redirect(scope, send, tour, int(number))
        return True

    async def _send_stop_redirect(
        self, scope: Scope, send: Send, tour: TourInfo, number: int
    ) -> None:
        lang = _visitor_language(scope, tour)
        location = _location(scope, "/" + tour.stop_pages[number][lang])
        await _respond(send, 302, redirect_headers(location, NO_STORE), b"")

    async def _tour_home(
        self, scope: Scope, receive: Receive, send: Send, index: SiteIndex, tour_id: str
    ) -> None:
        """The tour home in the visitor's language, at `<tour>/` itself: no second page load."""
        tour = index.tours_by_id[tour_id]
        entry = tour.homes.get(_visitor_language(scope, tour)) or tour.homes[""]
        await self._serve(scope, receive, send, index, entry, 200)

    async def _redirect_folder(self, scope: Scope, send: Send) -> None:
        await redirect(send, 308, _location(scope, scope["path"] + "/"), "public, max-age=3600")

    async def _not_found(self, scope: Scope, send: Send, index: SiteIndex) -> None:
        headers = _request_headers(scope)
        languages = [lang for lang in index.not_found if lang]
        lang = choose_language(
            headers.get(b"cookie", b"").decode("latin-1"),
            headers.get(b"accept-language", b"").decode("latin-1"),
            languages,
            None,
        )
        page = index.not_found.get(lang or "") or index.not_found.get("")
        if page is None or page.body is None:
            await _plain(send, 404, b"Not found\n", [])
            return
        extra = [(b"content-language", lang.encode())] if lang else []
        # Sent from any depth: its root-absolute links are moved to this server's root.
        root = html.escape(scope.get("root_path", "").rstrip("/") + "/", quote=True)
        body = rebase(page.body, root)
        await _respond(
            send,
            404,
            [
                (b"content-type", page.content_type),
                (b"content-length", str(len(body)).encode()),
                (b"cache-control", b"no-store"),
                (b"vary", b"Accept-Language, Cookie"),
                *extra,
                *SECURITY_HEADERS,
            ],
            b"" if scope["method"] == "HEAD" else body,
        )

    async def _health(self, send: Send, method: str) -> None:
        body = json.dumps(
            {
                "status": "ok",
                "files": len(self.index.entries),
                "tours": sorted(t.id for t in self.index.tours.values()),
                "memory_bytes": self.index.memory_bytes,
            }
        ).encode()
        await _respond(
            send,
            200,
            [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"cache-control", b"no-store"),
                *SECURITY_HEADERS,
            ],
            b"" if method == "HEAD" else body,
        )


class SiteApplication(Starlette):
    """A Starlette app (lifespan, `app.state`) whose HTTP requests go straight to `SiteHandler`."""

    def __init__(self, handler: SiteHandler) -> None:
        super().__init__()
        self.handler = handler

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            await self.handler(scope, receive, send)
            return
        await super().__call__(scope, receive, send)


def create_app(site_dir: Path, *, reload_interval: float | None = 1.0) -> Starlette:
    """The app serving `site_dir`, checking at most every `reload_interval` s for a rebuild."""
    return SiteApplication(SiteHandler(site_dir, reload_interval=reload_interval))


# -- helpers ---------------------------------------------------------------------------------------


def _request_headers(scope: Scope) -> dict[bytes, bytes]:
    cached: dict[bytes, bytes] | None = scope.get("ag.headers")
    if cached is None:
        cached = {}
        for name, value in scope["headers"]:  # ASGI servers give names in lower case
            cached[name] = cached[name] + b", " + value if name in cached else value
        scope["ag.headers"] = cached
    return cached


def _visitor_language(scope: Scope, tour: TourInfo) -> str:
    headers = _request_headers(scope)
    return stop_language(
        headers.get(b"cookie", b""),
        headers.get(b"accept-language", b""),
        tour.languages,
        tour.default_language,
    )


def _etag_matches(header: bytes, entry: Entry) -> bool:
    if header.strip() == b"*":
        return True
    for candidate in header.split(b","):
        tag = candidate.strip()
        if tag.startswith(b"W/"):
            tag = tag[2:]
        if tag == entry.etag or (entry.gzip_etag is not None and tag == entry.gzip_etag):
            return True
    return False


def _accepts_gzip(header: bytes) -> bool:
    for item in header.decode("latin-1").lower().split(","):
        coding, _, params = item.strip().partition(";")
        if coding.strip() not in ("gzip", "x-gzip", "*"):
            continue
        quality = params.replace(" ", "")
        if quality.startswith("q="):
            try:
                return float(quality[2:]) > 0
            except ValueError:
                return False
        return True
    return False


def _location(scope: Scope, path: str) -> bytes:
    query = bytes(scope.get("query_string", b""))
    location = (str(scope.get("root_path", "")) + path).encode("utf-8")
    return location + b"?" + query if query else location


async def _send_not_modified(send: Send, entry: Entry, use_gzip: bool) -> None:
    headers = [(b"etag", entry.gzip_etag if use_gzip and entry.gzip_etag else entry.etag)]
    headers.extend(
        h for h in entry.base_headers if h[0] in _NOT_MODIFIED_KEYS or h in SECURITY_HEADERS
    )
    await _respond(send, 304, headers, b"")


async def _plain(send: Send, status: int, body: bytes, extra: Headers) -> None:
    await _respond(
        send,
        status,
        [
            (b"content-type", b"text/plain; charset=utf-8"),
            (b"content-length", str(len(body)).encode()),
            (b"cache-control", b"no-store"),
            *extra,
            *SECURITY_HEADERS,
        ],
        body,
    )


async def _respond(send: Send, status: int, headers: Headers, body: bytes) -> None:
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _watch_disconnect(receive: Receive, disconnected: asyncio.Event) -> None:
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            disconnected.set()
            return
