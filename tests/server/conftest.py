"""Fixtures: a synthetic built site (real MP3s, real pages) and an in-process client on it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from serve_site import make_site
from starlette.testclient import TestClient

from server import create_app

STREAMED_SECONDS = 40.0  # 64 kbit/s x 40 s = 320 KB: above the in-memory limit, so streamed


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_site(tmp_path_factory.mktemp("site") / "SITE", audio_seconds=STREAMED_SECONDS)


@pytest.fixture
def client(site: Path) -> Iterator[TestClient]:
    with TestClient(create_app(site, reload_interval=None)) as test_client:
        yield test_client


@pytest.fixture
def fresh_site(tmp_path: Path) -> Path:
    return make_site(tmp_path / "SITE", stops=2, audio_seconds=STREAMED_SECONDS)


@dataclass
class Served:
    """A `server.run` process on loopback (port 0: the port it reports)."""

    port: int
    pid: int
    site: Path

    def rss_kb(self) -> int:
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        raise AssertionError("no VmRSS")

    def open_fds(self) -> int:
        return len(os.listdir(f"/proc/{self.pid}/fd"))


_RUN = (
    "import json, sys; from pathlib import Path; from server import run; "
    "from server.limits import Limits; "
    "run(Path(sys.argv[1]), port=0, limits=Limits(**json.loads(sys.argv[2])), "
    "on_listening=lambda port: print('PORT', port, flush=True))"
)


@pytest.fixture(scope="module")
def start_server() -> Iterator[Callable[..., Served]]:
    """Start `server.run` on a site with the given `Limits` fields; stopped after the module."""
    processes: list[subprocess.Popen[str]] = []

    def start(site: Path, **limits: float) -> Served:
        process = subprocess.Popen(
            [sys.executable, "-c", _RUN, str(site), json.dumps(limits)],
            stdout=subprocess.PIPE,
            text=True,
        )
        processes.append(process)
        assert process.stdout is not None
        line = process.stdout.readline()  # printed once it listens; EOF if it failed
        assert line.startswith("PORT "), f"server did not start: {line!r}"
        return Served(port=int(line.split()[1]), pid=process.pid, site=site)

    yield start
    for process in processes:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        assert process.stdout is not None
        process.stdout.close()
