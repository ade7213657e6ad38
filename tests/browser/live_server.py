"""A built site served over real HTTP by `server.create_app` under uvicorn, in a thread."""

from __future__ import annotations

import socket
import threading
from dataclasses import dataclass
from pathlib import Path

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
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)  # connections queue here until uvicorn accepts: no start-up wait needed
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        create_app(site, reload_interval=reload_interval), log_level="warning", lifespan="off"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    return LiveServer(f"http://127.0.0.1:{port}/", server, thread)
