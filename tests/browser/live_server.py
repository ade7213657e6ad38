"""A built site served over real HTTP by `server.create_app` under uvicorn, in a thread."""

from __future__ import annotations

import socket
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import uvicorn

from server import create_app


@dataclass
class LiveServer:
    url: str  # "http://127.0.0.1:<port>/", no trailing path
    server: uvicorn.Server
    thread: threading.Thread

    def stop(self) -> None:
        if self.thread.is_alive():
            self.server.should_exit = True
            self.thread.join(timeout=30)


def serve(site: Path, reload_interval: float | None = 1.0) -> LiveServer:
    return serve_app(create_app(site, reload_interval=reload_interval))


class Mounted:
    """Several sites on one host, each under its own path prefix (`/a`, `/b`)."""

    def __init__(self, sites: dict[str, Path], reload_interval: float | None = 1.0) -> None:
        self.apps = {
            prefix: create_app(site, reload_interval=reload_interval)
            for prefix, site in sites.items()
        }

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        for prefix, app in self.apps.items():
            if scope["type"] == "http" and scope["path"].startswith(prefix + "/"):
                inner = dict(scope, path=scope["path"][len(prefix) :], root_path=prefix)
                await app(inner, receive, send)
                return
        await send({"type": "http.response.start", "status": 404, "headers": []})
        await send({"type": "http.response.body", "body": b""})


def serve_app(app: Any) -> LiveServer:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)  # connections queue here until uvicorn accepts: no start-up wait needed
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    return LiveServer(f"http://127.0.0.1:{port}/", server, thread)
