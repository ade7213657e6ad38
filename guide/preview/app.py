"""The preview's ASGI wrapper around the site app: an event stream and a reload script.

Every HTML page the site app answers with gets `<script src=".../__preview__/reload.js">` (an
external file: the strict CSP stays strict, and only that response's CSP is widened, if it has
to be, to this script and its event stream). The script reloads the page after each
successful rebuild and shows a failed rebuild's error over the page.
"""

from __future__ import annotations

import asyncio
import html
from collections.abc import Awaitable, Callable, MutableMapping
from importlib import resources
from typing import Any

from guide.preview.csp import allow_self
from guide.preview.state import BuildStates

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
Hook = Callable[[], Awaitable[None]]

PREFIX = "/__preview__/"
# What the site app must not do to a page the wrapper rewrites: compress it, or answer 304
# with a copy the browser kept from an older build.
_DROPPED_REQUEST_HEADERS = frozenset({b"accept-encoding", b"if-none-match", b"if-modified-since"})
_DROPPED_PAGE_HEADERS = frozenset({b"content-length", b"etag", b"cache-control", b"last-modified"})
_ASSETS = {
    "reload.js": b"text/javascript; charset=utf-8",
    "reload.css": b"text/css; charset=utf-8",
}
_NO_STORE = (b"cache-control", b"no-store")


class PreviewApp:
    def __init__(
        self,
        site_app: ASGIApp,
        states: BuildStates,
        *,
        on_startup: Hook | None = None,
        on_shutdown: Hook | None = None,
    ) -> None:
        self.site_app = site_app
        self.states = states
        self.on_startup = on_startup
        self.on_shutdown = on_shutdown
        self.closing = asyncio.Event()  # set when the server stops: event streams end

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self.site_app(scope, self._lifespan(receive), send)
            return
        if scope["type"] != "http":
            await self.site_app(scope, receive, send)
            return
        path: str = scope["path"]
        if path == PREFIX + "events":
            await self._events(receive, send)
        elif path.startswith(PREFIX) and path[len(PREFIX) :] in _ASSETS:
            await self._asset(path[len(PREFIX) :], send)
        else:
            await self._page(scope, receive, send)

    def _lifespan(self, receive: Receive) -> Receive:
        async def hooked() -> Message:
            message = await receive()
            if message["type"] == "lifespan.startup" and self.on_startup is not None:
                await self.on_startup()
            elif message["type"] == "lifespan.shutdown" and self.on_shutdown is not None:
                await self.on_shutdown()
            return message

        return hooked

    async def _events(self, receive: Receive, send: Send) -> None:
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-type", b"text/event-stream; charset=utf-8"), _NO_STORE],
            }
        )
        await _body(send, b"retry: 500\n\n", more=True)
        disconnected = asyncio.ensure_future(_disconnect(receive))
        closing = asyncio.ensure_future(self.closing.wait())
        try:
            while not disconnected.done() and not closing.done():
                change = self.states.next_change()  # first: no publish slips in unseen
                await _body(send, self.states.current.event(), more=True)
                changed = asyncio.ensure_future(change.wait())
                await asyncio.wait(
                    (changed, disconnected, closing), return_when=asyncio.FIRST_COMPLETED
                )
                changed.cancel()
            if not disconnected.done():
                await _body(send, b"", more=False)
        finally:
            disconnected.cancel()
            closing.cancel()

    async def _asset(self, name: str, send: Send) -> None:
        body = resources.files("guide.preview").joinpath(name).read_bytes()
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [
                    (b"content-type", _ASSETS[name]),
                    (b"content-length", str(len(body)).encode()),
                    _NO_STORE,
                    (b"x-content-type-options", b"nosniff"),
                ],
            }
        )
        await _body(send, body, more=False)

    async def _page(self, scope: Scope, receive: Receive, send: Send) -> None:
        scope = dict(scope)
        scope["headers"] = [
            (name, value)
            for name, value in scope["headers"]
            if name.lower() not in _DROPPED_REQUEST_HEADERS
        ]
        script = self._script_tag(scope)
        start: Message | None = None
        chunks: list[bytes] = []

        async def rewrite(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                if scope["method"] == "GET" and _is_html(message["headers"]):
                    start = message  # held until the whole page is in
                    return
            elif message["type"] == "http.response.body" and start is not None:
                chunks.append(message.get("body", b""))
                if message.get("more_body", False):
                    return
                page = _inject(b"".join(chunks), script)
                await send({**start, "headers": _page_headers(start["headers"], len(page))})
                await _body(send, page, more=False)
                return
            await send(message)

        await self.site_app(scope, receive, rewrite)

    def _script_tag(self, scope: Scope) -> bytes:
        src = html.escape(str(scope.get("root_path", "")).rstrip("/") + PREFIX + "reload.js")
        generation = self.states.current.generation  # read before the page: never newer than it
        return f'<script src="{src}" data-build="{generation}" defer></script>'.encode()


def _is_html(headers: list[tuple[bytes, bytes]]) -> bool:
    return any(
        name.lower() == b"content-type" and value.lower().startswith(b"text/html")
        for name, value in headers
    )


def _inject(page: bytes, script: bytes) -> bytes:
    at = page.lower().find(b"</head>")
    return page + script if at < 0 else page[:at] + script + page[at:]


def _page_headers(headers: list[tuple[bytes, bytes]], length: int) -> list[tuple[bytes, bytes]]:
    kept: list[tuple[bytes, bytes]] = []
    for name, value in headers:
        lowered = name.lower()
        if lowered in _DROPPED_PAGE_HEADERS:
            continue
        if lowered == b"content-security-policy":
            value = allow_self(value.decode("latin-1")).encode("latin-1")
        kept.append((name, value))
    return [*kept, (b"content-length", str(length).encode()), _NO_STORE]


async def _body(send: Send, body: bytes, *, more: bool) -> None:
    await send({"type": "http.response.body", "body": body, "more_body": more})


async def _disconnect(receive: Receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass
