"""`audioguide serve TOUR`: builds, serves, and rebuilds when a tour file changes."""

from __future__ import annotations

import os
import queue
import signal
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


def test_rebuild_prints_warnings_and_summary_like_build(
    served: tuple[Served, str], new_tour: Path
) -> None:
    out, _ = served
    (new_tour / "stops/02-first-room/ru.md").unlink()
    warning = out.wait_for("warning:")
    assert "02-first-room" in warning and "ru.md" in warning
    assert out.wait_for("Built 1 tour(s)").startswith("Built 1 tour(s), 2 stops, 2 languages")


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM])
def test_the_temporary_site_is_removed_when_the_server_stops(
    new_tour: Path, narration_cache: Path, tmp_path: Path, stop_signal: signal.Signals
) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    process = subprocess.Popen(
        [sys.executable, "-m", "guide.cli", "serve", str(new_tour), "--port", "0",
         "--engine", "espeak", "--cache-dir", str(narration_cache)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1", "TMPDIR": str(temp)},
    )  # fmt: skip
    out = Served(process)
    try:
        assert out.wait_for("Built 1 tour(s)")
        site = Path(out.wait_for("Serving ").split(" ", 1)[1].strip())
        url = out.wait_for("Open http://").split()[1]
        out.wait_for("Application startup complete")
        assert site.parent.parent == temp and (site / "my-tour" / "tour.json").is_file()
        with httpx.stream("GET", url + "__preview__/events") as events:
            assert events.headers["content-type"].startswith("text/event-stream")
            process.send_signal(stop_signal)  # with an event stream open: it must not hang
            assert process.wait(timeout=30) == 130
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)
        out.pump.join(timeout=30)
        assert process.stdout is not None
        process.stdout.close()
    assert list(temp.iterdir()) == []
