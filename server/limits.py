"""What one connection may cost the server: times, sizes and counts, with safe defaults.

A museum's Wi-Fi is open to everyone in the building, so each default is chosen so that a few
hundred slow, idle or oversized connections cannot starve the visitors (docs/deployment.md,
"Limits"). Every field is a `serve` option; `server.connection_guard` enforces them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """Per worker process: with `--workers N` the connection counts apply to each worker."""

    header_timeout: float = 10.0  # s from a request's first byte (or the connection) to its headers
    keepalive_timeout: float = 5.0  # s a connection may stay idle between requests
    send_timeout: float = 30.0  # s a client may leave a response unread (its buffer full)
    max_header_bytes: int = 16 * 1024  # all header lines of a request together -> 431
    max_headers: int = 100  # header lines in one request -> 431
    max_request_line: int = 8 * 1024  # the request target -> 414
    max_connections: int = 1000  # open connections; beyond: 503 with Retry-After
    max_per_client: int = 64  # open connections from one client address (0: no cap)
    retry_after: int = 5  # s, the Retry-After of a 503

    def __post_init__(self) -> None:
        for name in ("header_timeout", "keepalive_timeout", "send_timeout"):
            if not getattr(self, name) > 0:
                raise ValueError(f"{name.replace('_', '-')} must be a positive number of seconds")
        for name in ("max_header_bytes", "max_headers", "max_request_line", "max_connections"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name.replace('_', '-')} must be at least 1")
        if self.max_per_client < 0 or self.retry_after < 0:
            raise ValueError("max-per-client and retry-after must not be negative")
