"""The limits of `server.limits` against a real `server.run` process, driven by raw sockets.

Short limits are configured so that the attack finishes in seconds; nothing waits on a sleep:
a slow client's one-byte-a-second pace is a read of the server's answer that times out.
"""

from __future__ import annotations

import asyncio
import resource
import socket
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from serve_site import make_site, sine_mp3

if TYPE_CHECKING:
    from conftest import Served

pytestmark = pytest.mark.slow

HEADER_TIMEOUT = 2.0
KEEPALIVE_TIMEOUT = 2.0
SEND_TIMEOUT = 1.0
MARGIN = 5.0  # a loaded shared machine may be late by this much; still far below "never"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, start_server: Callable[..., Served]) -> Served:
    site = make_site(tmp_path_factory.mktemp("limits") / "SITE", stops=50, audio_seconds=40.0)
    (site / "big.mp3").write_bytes(sine_mp3(40.0) * 32)  # 10 MB
    return start_server(
        site,
        header_timeout=HEADER_TIMEOUT,
        keepalive_timeout=KEEPALIVE_TIMEOUT,
        send_timeout=SEND_TIMEOUT,
        max_connections=2000,
        max_per_client=0,  # every test client is 127.0.0.1
    )


def _raw(port: int, request: bytes, source: str = "127.0.0.1") -> bytes:
    """Send `request` whole, read the answer until the server closes."""
    with socket.create_connection(("127.0.0.1", port), timeout=10, source_address=(source, 0)) as s:
        s.sendall(request)
        answer = b""
        while chunk := s.recv(65536):
            answer += chunk
    return answer


def _status(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1])


async def _get(port: int, path: str, headers: str = "") -> tuple[int, bytes]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(
            f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n{headers}\r\n".encode()
        )
        answer = await reader.read()
    finally:
        writer.close()
    head, _, body = answer.partition(b"\r\n\r\n")
    return _status(head), body


class _Opened:
    """Counts attacking connections; `all_open` is set once `expected` are open."""

    def __init__(self, expected: int) -> None:
        self.expected, self.count, self.all_open = expected, 0, asyncio.Event()

    def append(self, _: int) -> None:
        self.count += 1
        if self.count >= self.expected:
            self.all_open.set()


async def _slow_headers(port: int, opened: _Opened) -> float:
    """Send a request head one byte a second; the seconds until the server closes."""
    started = time.monotonic()  # before connecting: the server's clock starts at its accept
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    opened.append(1)
    head = b"GET /alzhir/ HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 100
    try:
        for byte in head:
            writer.write(bytes([byte]))
            try:
                answer = await asyncio.wait_for(reader.read(1024), 1.0)
            except TimeoutError:
                continue  # the server is still waiting: the next byte, a second later
            assert answer == b"" or _status(answer) == 408, answer[:100]
            return time.monotonic() - started
    except ConnectionError:
        return time.monotonic() - started
    finally:
        writer.close()
    raise AssertionError("the whole slow head was taken without a timeout")


async def _idle_keepalive(port: int, opened: _Opened) -> float:
    """One request on a kept-alive connection, then silence; seconds until the server closes."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    opened.append(1)
    try:
        writer.write(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        head = await reader.readuntil(b"\r\n\r\n")
        assert _status(head) == 200
        length = int(head.lower().split(b"content-length:")[1].split(b"\r\n")[0])
        await reader.readexactly(length)
        answered = time.monotonic()
        assert await reader.read() == b""
        return time.monotonic() - answered
    finally:
        writer.close()


def test_slow_and_idle_connections_do_not_starve_a_visitor(served: Served) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < 2000:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(4000, hard), hard))
    audio_file = next((served.site / "alzhir" / "audio").glob("1-kk-*.mp3"))
    audio = audio_file.read_bytes()
    pages = {n: (served.site / f"alzhir/en/{n}/index.html").read_bytes() for n in range(1, 51)}

    async def attack() -> tuple[list[float], list[float]]:
        opened = _Opened(700)
        slow = [asyncio.create_task(_slow_headers(served.port, opened)) for _ in range(500)]
        idle = [asyncio.create_task(_idle_keepalive(served.port, opened)) for _ in range(200)]
        await opened.all_open.wait()  # every attacking connection is open before the visitor
        for number, page in pages.items():
            assert await _get(served.port, f"/alzhir/en/{number}/") == (200, page)
        status, body = await _get(
            served.port, f"/alzhir/audio/{audio_file.name}", "Range: bytes=100-999\r\n"
        )
        assert (status, body) == (206, audio[100:1000])
        return list(await asyncio.gather(*slow)), list(await asyncio.gather(*idle))

    slow_closed, idle_closed = asyncio.run(attack())
    assert len(slow_closed) == 500 and len(idle_closed) == 200
    assert max(slow_closed) <= HEADER_TIMEOUT + MARGIN, max(slow_closed)
    assert max(idle_closed) <= KEEPALIVE_TIMEOUT + MARGIN, max(idle_closed)
    assert min(slow_closed) >= HEADER_TIMEOUT * 0.9  # closed by the timeout, not by accident


@pytest.mark.parametrize(
    ("request_bytes", "status"),
    [
        (b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 65536 + b"\r\n\r\n", 431),
        (b"GET / HTTP/1.1\r\nHost: x\r\n" + b"X-Many: 1\r\n" * 1000 + b"\r\n", 431),
        (b"GET /" + b"a" * 10_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414),
        (b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello", 413),
        (
            b"GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",  # noqa: E501
            413,
        ),
        (b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello", 405),
        (
            b"PUT /index.html HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n"
            + b"x" * 100000,
            405,
        ),
    ],
    ids=["64KB-header", "1000-headers", "long-target", "GET-body", "chunked-body", "POST", "PUT"],
)
def test_oversized_heads_and_bodies_are_refused(
    served: Served, request_bytes: bytes, status: int
) -> None:
    answer = _raw(served.port, request_bytes)
    assert _status(answer) == status, answer[:200]
    assert b"\r\nconnection: close\r\n" in answer.lower()
    assert (
        _status(_raw(served.port, b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
        == 200
    )


def _server_side_open(server_port: int, client_ports: set[int]) -> int:
    """How many of these clients' connections the server still holds (from /proc/net/tcp)."""
    count = 0
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, remote, state = line.split()[1:4]
        if (
            int(local.split(":")[1], 16) == server_port
            and int(remote.split(":")[1], 16) in client_ports
            and state not in ("06", "07")  # TIME_WAIT, CLOSE: the server is done with it
        ):
            count += 1
    return count


def test_a_client_that_stops_reading_is_cut_and_holds_little_memory(served: Served) -> None:
    baseline_rss = served.rss_kb()
    size = (served.site / "big.mp3").stat().st_size
    stalled = []
    for _ in range(10):
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.connect(("127.0.0.1", served.port))
        sock.sendall(b"GET /big.mp3 HTTP/1.1\r\nHost: x\r\n\r\n")
        stalled.append(sock)
    try:
        ports = {sock.getsockname()[1] for sock in stalled}
        peak = baseline_rss
        deadline = time.monotonic() + SEND_TIMEOUT + MARGIN + 5
        while _server_side_open(served.port, ports) and time.monotonic() < deadline:
            peak = max(peak, served.rss_kb())
            time.sleep(0.05)  # sampling the server's memory while it holds the connections
        assert not _server_side_open(served.port, ports), "stalled readers were not cut"
        # Ten whole 10 MB files would be 100 MB; a bounded buffer per connection is far less.
        assert (peak - baseline_rss) * 1024 < size, (peak - baseline_rss, size)
        for sock in stalled:
            sock.settimeout(5)
            received = 0
            try:
                while chunk := sock.recv(1 << 20):
                    received += len(chunk)
            except ConnectionError:
                pass
            assert received < size
    finally:
        for sock in stalled:
            sock.close()


def test_connection_caps_answer_503_with_retry_after(
    tmp_path_factory: pytest.TempPathFactory, start_server: Callable[..., Served]
) -> None:
    site = make_site(tmp_path_factory.mktemp("caps") / "SITE", stops=1, audio_seconds=1.0)
    capped = start_server(site, max_connections=4, max_per_client=2)
    request = b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
    once = b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    held: list[socket.socket] = []

    def hold(source: str) -> None:
        sock = socket.create_connection(("127.0.0.1", capped.port), source_address=(source, 0))
        sock.sendall(request)
        assert sock.recv(65536).startswith(b"HTTP/1.1 200")  # answered, so counted by the server
        held.append(sock)

    try:
        hold("127.0.0.1")
        hold("127.0.0.1")
        per_client = _raw(capped.port, once, "127.0.0.1")  # a third from the same address
        assert _status(per_client) == 503 and b"\r\nretry-after: 5\r\n" in per_client.lower()
        hold("127.0.0.2")  # another address still gets in
        hold("127.0.0.2")
        full = _raw(capped.port, once, "127.0.0.3")
        assert _status(full) == 503 and b"\r\nretry-after: 5\r\n" in full.lower()
        held.pop().close()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:  # the server notices the close on its own schedule
            if _status(_raw(capped.port, once, "127.0.0.3")) == 200:
                break
        else:
            raise AssertionError("a freed connection slot was not reused")
    finally:
        for sock in held:
            sock.close()
