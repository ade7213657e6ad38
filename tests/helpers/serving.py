"""`audioguide serve TOUR` run as a user runs it: a subprocess on a free port, read line by line."""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
from pathlib import Path


class ServeProcess:
    def __init__(self, tour: Path, cache: Path, env: dict[str, str] | None = None) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "guide.cli", "serve", str(tour), "--port", "0",
             "--engine", "espeak", "--cache-dir", str(cache)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
        )  # fmt: skip
        self.lines: queue.Queue[str] = queue.Queue()
        self.pump = threading.Thread(target=self._pump, daemon=True)
        self.pump.start()
        self.site = Path()
        self.url = ""

    def _pump(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line)

    def started(self) -> ServeProcess:
        """Wait until it serves; learn its site folder and its URL (without a trailing /)."""
        self.site = Path(self.wait_for("Serving ").split(" ", 1)[1].strip())
        self.url = self.wait_for("Open http://").split()[1].rstrip("/")
        self.wait_for("Application startup complete")
        return self

    def wait_for(self, text: str, timeout: float = 120) -> str:
        """Block until the server prints a line containing `text`; return that line."""
        seen: list[str] = []
        while True:
            try:
                line = self.lines.get(timeout=timeout)
            except queue.Empty:
                raise AssertionError(f"no {text!r} in output: {''.join(seen)}") from None
            seen.append(line)
            if text in line:
                return line

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=30)
        self.pump.join(timeout=30)
        assert self.process.stdout is not None
        self.process.stdout.close()
