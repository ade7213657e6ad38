"""`audioguide serve TOUR`: builds, serves, and rebuilds when a tour file changes."""

from __future__ import annotations

import os
import queue
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Served:
    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process
        self.lines: queue.Queue[str] = queue.Queue()
        self.pump = threading.Thread(target=self._pump, daemon=True)
        self.pump.start()

    def _pump(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line)

    def wait_for(self, text: str, timeout: float = 120) -> str:
        """Block until the server prints a line containing `text`."""
        seen = []
        while True:
            try:
                line = self.lines.get(timeout=timeout)
            except queue.Empty:
                raise AssertionError(f"no {text!r} in output: {''.join(seen)}") from None
            seen.append(line)
            if text in line:
                return line


@pytest.fixture
def served(new_tour: Path, narration_cache: Path) -> Iterator[tuple[Served, str]]:
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "guide.cli",
            "serve",
            str(new_tour),
            "--port",
            str(port),
            "--engine",
            "espeak",
            "--cache-dir",
            str(narration_cache),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    out = Served(process)
    try:
        out.wait_for("Application startup complete")
        yield out, f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)
        out.pump.join(timeout=30)
        assert process.stdout is not None
        process.stdout.close()


def test_serve_builds_then_rebuilds_on_change(served: tuple[Served, str], new_tour: Path) -> None:
    out, url = served
    first = httpx.get(f"{url}/my-tour/tour.json").json()
    assert first["stops"][0]["title"]["en"] == "Welcome"
    # the QR codes of a served tour point at the server itself
    assert first["base_url"] == url

    page = new_tour / "stops/01-welcome/en.md"
    page.write_text(page.read_text().replace("# Welcome", "# Welcome, visitor"))
    out.wait_for("Built 1 tour(s)")
    second = httpx.get(f"{url}/my-tour/tour.json").json()
    assert second["stops"][0]["title"]["en"] == "Welcome, visitor"
    assert second["version"] != first["version"]
    stop = httpx.get(f"{url}/my-tour/en/1/")
    assert "Welcome, visitor" in stop.text

    # a broken edit keeps the previous build online
    page.write_text("no title any more\n")
    out.wait_for("previous build is still served")
    assert httpx.get(f"{url}/my-tour/tour.json").json()["version"] == second["version"]
