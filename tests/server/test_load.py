"""Load and faults against a real `server.run` process on loopback (bounded; marked slow)."""

from __future__ import annotations

import asyncio
import hashlib
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import pytest
from serve_site import make_site, sine_mp3

pytestmark = pytest.mark.slow


@dataclass
class Running:
    port: int
    pid: int
    site: Path

    def get(self, path: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request("GET", path, headers=headers or {})
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def open_fds(self) -> int:
        return len(os.listdir(f"/proc/{self.pid}/fd"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _until(condition: Callable[[], bool], seconds: float = 10.0) -> bool:
    """Poll `condition` until it holds or `seconds` pass (the server's own pace, not a sleep)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


_SERVE = (
    "import sys; from pathlib import Path; from server import run; "
    "from server.limits import Limits; "  # every test client comes from 127.0.0.1: no cap
    "run(Path(sys.argv[1]), port=int(sys.argv[2]), limits=Limits(max_per_client=0))"
)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Running]:
    site = make_site(tmp_path / "SITE", stops=2, audio_seconds=40.0)
    (site / "big.mp3").write_bytes(sine_mp3(40.0) * 2)
    port = _free_port()
    with (tmp_path / "server.log").open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-c", _SERVE, str(site), str(port)], stdout=log, stderr=log
        )
        running = Running(port=port, pid=process.pid, site=site)

        def up() -> bool:
            try:
                return running.get("/healthz")[0] == 200
            except OSError:
                return False

        try:
            assert _until(up, 20), "server did not start"
            yield running
            assert process.poll() is None, "server died"
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _tour_files(site: Path) -> list[str]:
    tour = json.loads((site / "alzhir" / "tour.json").read_text(encoding="utf-8"))
    return [urljoin("/alzhir/tour.json", item["url"]) for item in tour["files"]]


def _file_bytes(site: Path, url: str) -> bytes:
    path = site / url.lstrip("/")
    return (path / "index.html" if url.endswith("/") else path).read_bytes()


async def _download_all(port: int, urls: list[str]) -> list[tuple[str, int, bytes]]:
    """One visitor: a keep-alive HTTP/1.1 connection fetching every URL in turn."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    answers = []
    try:
        for url in urls:
            writer.write(f"GET {url} HTTP/1.1\r\nHost: museum\r\n\r\n".encode())
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            length = next(
                int(line.split(b":", 1)[1])
                for line in head.split(b"\r\n")
                if line.lower().startswith(b"content-length:")
            )
            answers.append((url, status, await reader.readexactly(length)))
    finally:
        writer.close()
        await writer.wait_closed()
    return answers


def test_300_clients_download_the_whole_tour(served: Running) -> None:
    urls = _tour_files(served.site)
    expected = {url: _file_bytes(served.site, url) for url in urls}
    assert sum(len(b) for b in expected.values()) > 1_500_000

    async def crowd() -> list[list[tuple[str, int, bytes]]]:
        return await asyncio.gather(*(_download_all(served.port, urls) for _ in range(300)))

    results = asyncio.run(crowd())
    failures = [
        f"{url}: {status}, {len(body)} bytes"
        for answers in results
        for url, status, body in answers
        if status != 200 or body != expected[url]
    ]
    assert failures == []
    assert sum(len(answers) for answers in results) == 300 * len(urls)


def test_disconnects_mid_download_leak_nothing(served: Running) -> None:
    for url in ["/big.mp3", *_tour_files(served.site)]:
        served.get(url)  # warm up: shared descriptors of large files are opened once
    baseline = served.open_fds()
    for _ in range(50):
        with socket.create_connection(("127.0.0.1", served.port)) as sock:
            sock.sendall(b"GET /big.mp3 HTTP/1.1\r\nHost: x\r\n\r\n")
            assert sock.recv(65536).startswith(b"HTTP/1.1 200")
    status, body = served.get("/big.mp3")
    assert status == 200 and body == (served.site / "big.mp3").read_bytes()
    assert _until(lambda: served.open_fds() <= baseline), (served.open_fds(), baseline)


def test_slowloris_clients_do_not_block_others(served: Running) -> None:
    urls = ["/alzhir/en/1/", "/big.mp3", "/healthz"]
    for url in urls:
        served.get(url)  # warm up: a large file's shared descriptor is opened once, then kept
    baseline = served.open_fds()
    slow = []
    for _ in range(200):
        sock = socket.create_connection(("127.0.0.1", served.port))
        sock.sendall(b"GET /alzhir/ HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        slow.append(sock)
    try:
        started = time.monotonic()
        for url in urls:
            assert served.get(url)[0] == 200
        assert time.monotonic() - started < 5
    finally:
        for sock in slow:
            sock.close()
    assert _until(lambda: served.open_fds() <= baseline), (served.open_fds(), baseline)


@pytest.mark.parametrize(
    "raw",
    [
        b"\x00\x01\x02garbage\r\n\r\n",
        b"GET\r\n\r\n",
        b"GET /alzhir/ HTTP/9.9\r\n\r\n",
        b"GET /%ZZ%00/../ HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET /big.mp3 HTTP/1.1\r\nHost: x\r\nRange: bytes=--1,,,9999999999999999999999-\r\n\r\n",
        b"GET /big.mp3 HTTP/1.1\r\nHost: x\r\nRange: \xff\xfe\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: x\r\n" + b"X-Long: " + b"a" * 200_000 + b"\r\n\r\n",
        b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello",
        b"GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n",
    ],
)
def test_malformed_requests_get_an_error_not_a_crash(served: Running, raw: bytes) -> None:
    with socket.create_connection(("127.0.0.1", served.port), timeout=10) as sock:
        try:
            sock.sendall(raw)
            sock.shutdown(socket.SHUT_WR)
            answer = sock.recv(65536)
        except (ConnectionResetError, BrokenPipeError):
            answer = b""
    if answer:
        status = int(answer.split(b" ", 2)[1])
        assert status < 500 or status == 505, answer[:200]
    assert served.get("/healthz")[0] == 200


def test_rebuild_during_downloads_gives_old_or_new_never_a_mix(served: Running) -> None:
    site = served.site
    versions = {
        "/big.mp3": {(site / "big.mp3").read_bytes(), sine_mp3(40.0, frequency=660.0) * 2},
        "/alzhir/en/1/": {
            (site / "alzhir/en/1/index.html").read_bytes(),
            b"<!doctype html><p>new</p>",
        },
    }
    new_big, new_page = sorted(versions["/big.mp3"])[0], b"<!doctype html><p>new</p>"
    if new_big == (site / "big.mp3").read_bytes():
        new_big = sorted(versions["/big.mp3"])[1]
    stop = threading.Event()
    problems: list[str] = []
    counts = [0]

    def download() -> None:
        while not stop.is_set():
            for url, allowed in versions.items():
                try:
                    status, body = served.get(url)
                except OSError as error:
                    problems.append(f"{url}: {error}")
                    continue
                counts[0] += 1
                if status != 200 or body not in allowed:
                    problems.append(
                        f"{url}: status {status}, {len(body)} bytes, not a whole version"
                    )

    clients = [threading.Thread(target=download) for _ in range(8)]
    for client in clients:
        client.start()
    try:
        for generation in range(6):
            staging = site.with_name(f"SITE.tmp-{generation}")
            shutil.copytree(site, staging)
            odd = generation % 2 == 0
            (staging / "big.mp3").write_bytes(
                new_big if odd else sorted(versions["/big.mp3"] - {new_big})[0]
            )
            (staging / "alzhir/en/1/index.html").write_bytes(
                new_page if odd else sorted(versions["/alzhir/en/1/"] - {new_page})[0]
            )
            old = site.with_name("SITE.old")
            os.rename(site, old)
            os.rename(staging, site)
            shutil.rmtree(old)
            seen = counts[0]
            assert _until(lambda seen=seen: counts[0] > seen + 20)  # type: ignore[misc]
            assert _until(lambda: served.get("/big.mp3")[1] == (site / "big.mp3").read_bytes())
    finally:
        stop.set()
        for client in clients:
            client.join(timeout=30)
    assert problems == []
    assert counts[0] > 100


async def _download_across_a_swap(
    port: int, started: list[int], all_started: asyncio.Event, swapped: asyncio.Event
) -> tuple[int, str, int, str]:
    """Start a download, wait for the swap mid-body, finish it; then download once more."""
    answers = []
    for attempt in range(2):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            writer.write(b"GET /big.mp3 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            head = await reader.readuntil(b"\r\n\r\n")
            digest = hashlib.sha256()
            if attempt == 0:
                digest.update(await reader.readexactly(65536))
                started.append(1)
                if len(started) == 300:
                    all_started.set()
                await swapped.wait()
            while chunk := await reader.read(1 << 20):
                digest.update(chunk)
        finally:
            writer.close()
        answers.append((int(head.split(b" ", 2)[1]), digest.hexdigest()))
    (first_status, first), (second_status, second) = answers
    return first_status, first, second_status, second


def test_reload_in_the_middle_of_300_downloads(served: Running) -> None:
    site = served.site
    old = sine_mp3(40.0) * 4
    new = sine_mp3(40.0, frequency=660.0) * 4
    staging = site.with_name("SITE.first")
    shutil.copytree(site, staging)
    (staging / "big.mp3").write_bytes(old)
    os.rename(site, site.with_name("SITE.gone"))
    os.rename(staging, site)
    assert _until(lambda: served.get("/big.mp3")[1] == old)
    digests = {hashlib.sha256(old).hexdigest(): "old", hashlib.sha256(new).hexdigest(): "new"}

    async def crowd() -> list[tuple[int, str, int, str]]:
        started: list[int] = []
        all_started, swapped = asyncio.Event(), asyncio.Event()
        tasks = [
            asyncio.create_task(_download_across_a_swap(served.port, started, all_started, swapped))
            for _ in range(300)
        ]
        await all_started.wait()  # 300 downloads are in the middle of the old file
        staging = site.with_name("SITE.next")
        await asyncio.to_thread(shutil.copytree, site, staging)
        (staging / "big.mp3").write_bytes(new)
        os.rename(site, site.with_name("SITE.old"))
        os.rename(staging, site)
        swapped.set()
        return list(await asyncio.gather(*tasks))

    results = asyncio.run(crowd())
    assert {status for first, _, second, _ in results for status in (first, second)} == {200}
    assert all(digests.get(first) == "old" for _, first, _, _ in results)  # begun on the old site
    assert all(second in digests for _, _, _, second in results)  # whole old or whole new
    assert _until(lambda: served.get("/big.mp3")[1] == new)
