"""Serving a preview: the site app, wrapped, under one uvicorn process until Ctrl-C."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

import uvicorn

from guide.errors import AudioguideError
from guide.preview.app import ASGIApp, Message, PreviewApp
from guide.preview.state import BuildState, BuildStates
from guide.preview.watch import Build, Outcome, Rebuilder
from server import create_app


@dataclass(frozen=True)
class Listen:
    socket: socket.socket  # bound before the first build: a busy port fails at once
    tls_cert: Path | None = None
    tls_key: Path | None = None
    log_level: str = "info"


def preview(
    tour_dirs: Sequence[Path],
    site: Path,
    build: Build,
    report: Callable[[Outcome], None],
    listen: Listen,
) -> None:
    """Serve `site` (already built) and rebuild it with `build` whenever a tour file changes."""
    if (listen.tls_cert is None) != (listen.tls_key is None):
        raise AudioguideError("https needs both --tls-cert and --tls-key")
    states = BuildStates()
    site_app = create_app(site, reload_interval=0.0)  # a stat per request: never a stale page

    async def publish(outcome: Outcome) -> None:
        generation = states.current.generation
        if isinstance(outcome, AudioguideError):
            states.publish(BuildState(generation, str(outcome)))
            return
        await _request_health(site_app)  # the site app takes up the new folder before any page
        states.publish(BuildState(generation + 1))

    rebuilder = Rebuilder(tour_dirs, build, report=report, publish=publish)
    loop: list[asyncio.AbstractEventLoop] = []

    async def startup() -> None:
        loop.append(asyncio.get_running_loop())
        rebuilder.start()

    app = PreviewApp(site_app, states, on_startup=startup, on_shutdown=rebuilder.close)

    def stopping() -> None:  # from the signal handler: end the event streams and the watcher
        for running in loop:
            running.call_soon_threadsafe(app.closing.set)
            running.call_soon_threadsafe(rebuilder.stop.set)

    config = uvicorn.Config(
        app,
        lifespan="on",
        access_log=False,
        server_header=False,
        log_level=listen.log_level,
        ssl_certfile=str(listen.tls_cert) if listen.tls_cert else None,
        ssl_keyfile=str(listen.tls_key) if listen.tls_key else None,
        timeout_graceful_shutdown=3,
    )
    _Server(config, stopping).run(sockets=[listen.socket])


class _Server(uvicorn.Server):
    def __init__(self, config: uvicorn.Config, stopping: Callable[[], None]) -> None:
        super().__init__(config)
        self.stopping = stopping

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        super().handle_exit(sig, frame)
        self.stopping()


async def _request_health(app: ASGIApp) -> None:
    """One in-process request: the site app checks its folder on every request."""
    scope = {
        "type": "http",
        "method": "HEAD",
        "path": "/healthz",
        "raw_path": b"/healthz",
        "query_string": b"",
        "headers": [],
        "root_path": "",
        "scheme": "http",
        "http_version": "1.1",
    }

    async def receive() -> Message:
        return {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        return None

    await app(scope, receive, send)
