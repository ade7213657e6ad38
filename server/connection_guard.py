"""uvicorn's httptools protocol with the per-connection limits uvicorn lacks (`server.limits`).

uvicorn has a keep-alive timeout, but no time limit on receiving a request's headers, no bound on
their size or count, no cap per client address, no limit on how long a client may leave a
response unread, and its concurrency limit answers 503 (without `Retry-After`) only to some
requests. This subclass enforces them before the app sees a request:

- a connection beyond `max_connections` (or `max_per_client` from one address) is answered
  `503 Service Unavailable` with `Retry-After` as soon as its request head has arrived, then closed;
- a request whose headers take longer than `header_timeout` (counted from the connection, or
  from the request's first byte on a kept-alive one) is answered 408 and closed;
- a request target above `max_request_line` gets 414; headers above `max_header_bytes` or
  `max_headers` lines get 431, checked on the raw bytes too, so an endless header is cut;
- a request with a body gets 413 (GET, HEAD) or 405 (any other method): the server only reads;
- a response the client leaves unread for `send_timeout` (the transport's buffer stays full) is
  cut; with the app's bounded chunks this bounds the memory a slow reader holds.

Refusals are sent with `Connection: close`, then the connection lingers briefly, discarding what
the client still sends, so that closing does not reset the connection before it reads the answer.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import struct
import time
import weakref
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

import httptools
from uvicorn.config import Config
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.server import ServerState

from server.limits import Limits
from server.security_headers import SECURITY_HEADERS

logger = logging.getLogger(__name__)

LINGER_SECONDS = 2.0  # after a refusal: time the client has to read it and close
LINGER_BYTES = 1024 * 1024  # after a refusal: what is discarded before closing anyway
WARN_EVERY_SECONDS = 60.0
_HEAD_END = b"\r\n\r\n"
_HEAD_SLACK = 2048  # method, version, line ends: beyond the target and the header lines
_HTTP, _REFUSED, _LINGERING = "http", "refused", "lingering"


@dataclass
class _Counts:
    """Connections of one server (one worker process) that the limits count."""

    per_client: dict[str, int] = field(default_factory=dict)
    refused: int = 0  # refused connections still waiting for their request head
    warned_at: float = -WARN_EVERY_SECONDS


_COUNTS: weakref.WeakKeyDictionary[ServerState, _Counts] = weakref.WeakKeyDictionary()


class _Refusal(Exception):
    """Raised in a parser callback to stop parsing; `ConnectionGuard.data_received` answers."""


def refusal_response(status: int, text: str, extra: list[tuple[bytes, bytes]]) -> bytes:
    """A complete `Connection: close` response with a plain-text body."""
    body = (text + "\n").encode()
    head = [f"HTTP/1.1 {status} {HTTPStatus(status).phrase}".encode()]
    headers = [
        (b"content-type", b"text/plain; charset=utf-8"),
        (b"content-length", str(len(body)).encode()),
        (b"cache-control", b"no-store"),
        (b"connection", b"close"),
        *extra,
        *SECURITY_HEADERS,
    ]
    head.extend(name + b": " + value for name, value in headers)
    return b"\r\n".join(head) + b"\r\n\r\n" + body


class ConnectionGuard(HttpToolsProtocol):
    """One HTTP/1.1 connection, held to `limits`. uvicorn builds one per accepted connection."""

    def __init__(
        self,
        config: Config,
        server_state: ServerState,
        app_state: dict[str, Any],
        _loop: asyncio.AbstractEventLoop | None = None,
        *,
        limits: Limits | None = None,
    ) -> None:
        super().__init__(config, server_state, app_state, _loop)
        self.limits = limits or Limits()
        self.timeout_keep_alive = self.limits.keepalive_timeout  # type: ignore[assignment]
        self._counts = _COUNTS.setdefault(server_state, _Counts())
        self._mode = _HTTP
        self._address: str | None = None  # set once counted in `per_client`
        self._head_timer: asyncio.TimerHandle | None = None
        self._send_timer: asyncio.TimerHandle | None = None
        self._linger_timer: asyncio.TimerHandle | None = None
        self._reading_head = True
        self._head_started = False
        self._head_raw = 0  # bytes received while a request head was incomplete
        self._head_tail = b""  # last bytes of a refused connection's data (finds the head's end)
        self._discarded = 0
        self._target_bytes = 0
        self._header_lines = 0
        self._header_bytes = 0
        self._refusal: tuple[int, str, list[tuple[bytes, bytes]]] | None = None
        limits = self.limits
        self._head_budget = limits.max_request_line + limits.max_header_bytes + _HEAD_SLACK

    # -- connection ------------------------------------------------------------------------------

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        peer = transport.get_extra_info("peername")
        address = str(peer[0]) if isinstance(peer, tuple) and peer else ""
        limits = self.limits
        if len(self.connections) >= limits.max_connections:
            self._refuse_connection(transport, f"{limits.max_connections} connections are open")
            return
        from_client = self._counts.per_client.get(address, 0)
        if limits.max_per_client and from_client >= limits.max_per_client:
            self._refuse_connection(
                transport, f"{address} has {limits.max_per_client} connections open"
            )
            return
        self._counts.per_client[address] = from_client + 1
        self._address = address
        super().connection_made(transport)
        self._arm_head_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        for timer in (self._head_timer, self._send_timer, self._linger_timer):
            if timer is not None:
                timer.cancel()
        self._head_timer = self._send_timer = self._linger_timer = None
        if self._mode == _REFUSED:
            self._counts.refused -= 1
            self._mode = _LINGERING
        if self._address is not None:
            left = self._counts.per_client.get(self._address, 1) - 1
            if left > 0:
                self._counts.per_client[self._address] = left
            else:
                self._counts.per_client.pop(self._address, None)
            self._address = None
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._mode != _HTTP:
            self._discard(data)
            return
        self._unset_keepalive_if_required()
        if self._reading_head:
            self._head_raw += len(data)
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserUpgrade:
            pass  # no upgrades here: the request was answered as a plain one
        except httptools.HttpParserError:
            if self._refusal is None:
                self.logger.info("Invalid HTTP request from %s", self._address)
                self._answer(400, "Invalid HTTP request", [])
            else:
                self._answer(*self._refusal)
            return
        if self._mode != _HTTP or not self._reading_head:
            return  # the usual case: whole heads arrive in one packet, no timer is needed
        if self._head_raw > self._head_budget:
            self._answer(431, "Request headers too large", [])
        elif self._head_timer is None and self._head_started and self._idle():
            self._arm_head_timer()  # a head that came in part: from its first byte on

    # -- parser callbacks ------------------------------------------------------------------------

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._reading_head = self._head_started = True
        self._target_bytes = self._header_lines = self._header_bytes = 0

    def on_url(self, url: bytes) -> None:
        self._target_bytes += len(url)
        if self._target_bytes > self.limits.max_request_line:
            self._stop(414, "Request target too long", [])
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        self._header_lines += 1
        self._header_bytes += len(name) + len(value) + 4
        if self._header_lines > self.limits.max_headers:
            self._stop(431, f"More than {self.limits.max_headers} header lines", [])
        if self._header_bytes > self.limits.max_header_bytes:
            self._stop(431, "Request headers too large", [])
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        self._reading_head = self._head_started = False
        self._head_raw = 0
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None
        for name, value in self.headers:
            if name == b"transfer-encoding" or (
                name == b"content-length" and value.strip() != b"0"
            ):
                if self.parser.get_method() in (b"GET", b"HEAD"):
                    self._stop(413, "This server takes no request bodies", [])
                self._stop(405, "Method not allowed", [(b"allow", b"GET, HEAD")])
        super().on_headers_complete()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if self._reading_head and self._head_started and self._head_timer is None:
            self._arm_head_timer()  # a pipelined request waited for this response

    def _idle(self) -> bool:
        return self.cycle is None or self.cycle.response_complete

    # -- flow control: a client that stops reading -----------------------------------------------

    def pause_writing(self) -> None:
        if self.flow is None:
            return
        super().pause_writing()
        if self._send_timer is None:
            self._send_timer = self.loop.call_later(self.limits.send_timeout, self._send_stalled)

    def resume_writing(self) -> None:
        if self.flow is None:
            return
        super().resume_writing()
        if self._send_timer is not None:
            self._send_timer.cancel()
            self._send_timer = None

    def _send_stalled(self) -> None:
        self._send_timer = None
        logger.info(
            "%s read nothing for %.0f s; connection cut", self._address, self.limits.send_timeout
        )
        sock = self.transport.get_extra_info("socket")
        if sock is not None:  # reset, dropping what the kernel still holds for this client
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.transport.abort()

    # -- refusals --------------------------------------------------------------------------------

    def _stop(self, status: int, text: str, extra: list[tuple[bytes, bytes]]) -> None:
        self._refusal = (status, text, extra)
        raise _Refusal(text)

    def _arm_head_timer(self) -> None:
        self._head_timer = self.loop.call_later(self.limits.header_timeout, self._head_timed_out)

    def _head_timed_out(self) -> None:
        self._head_timer = None
        if self.transport.is_closing():
            return
        if self._mode == _REFUSED or not self._head_started:
            self.transport.close()  # nothing was asked: nothing to answer
            return
        self.transport.write(refusal_response(408, "Request headers took too long", []))
        self.transport.close()

    def _answer(self, status: int, text: str, extra: list[tuple[bytes, bytes]]) -> None:
        """Send a refusal, then linger: discard what follows until the client closes."""
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None
        self._unset_keepalive_if_required()
        if self._mode == _REFUSED:
            self._counts.refused -= 1
        self._mode = _LINGERING
        logger.info("%s: %d %s", self._address or "client", status, text)
        self.transport.write(refusal_response(status, text, extra))
        if self.transport.can_write_eof():
            self.transport.write_eof()
        self._linger_timer = self.loop.call_later(LINGER_SECONDS, self.transport.close)

    def _refuse_connection(self, transport: asyncio.Transport, why: str) -> None:
        self.transport = transport
        self._mode = _REFUSED
        now = time.monotonic()
        if now - self._counts.warned_at >= WARN_EVERY_SECONDS:
            self._counts.warned_at = now
            logger.warning("Refusing connections with 503: %s (see serve --help, limits)", why)
        retry = [(b"retry-after", str(self.limits.retry_after).encode())]
        if self._counts.refused >= max(64, self.limits.max_connections // 4):
            # Too many refused connections waiting for their request: answer now and close.
            self._mode = _LINGERING
            transport.write(refusal_response(503, "Server busy, try again shortly", retry))
            transport.close()
            return
        self._counts.refused += 1
        self._refusal = (503, "Server busy, try again shortly", retry)
        self._head_timer = self.loop.call_later(
            min(self.limits.header_timeout, LINGER_SECONDS * 2), self._head_timed_out
        )

    def _discard(self, data: bytes) -> None:
        self._discarded += len(data)
        if self._mode == _REFUSED and self._refusal is not None:
            seen = self._head_tail + data
            if _HEAD_END in seen or self._discarded > self.limits.max_header_bytes:
                self._answer(*self._refusal)
                return
            self._head_tail = seen[-3:]
        elif self._discarded > LINGER_BYTES:
            self.transport.close()
