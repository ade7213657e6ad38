"""Running the app under uvicorn (httptools + uvloop), one or several worker processes.

The listening socket is bound by `server.startup_checks` (clear errors, the real port for
`--port 0`) and handed to uvicorn; each connection is a `server.connection_guard.ConnectionGuard`
held to `server.limits.Limits`.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import os
import resource
from collections.abc import Callable
from pathlib import Path
from typing import cast

import uvicorn
from starlette.applications import Starlette
from uvicorn.supervisors import Multiprocess

from server.app import create_app
from server.connection_guard import ConnectionGuard
from server.limits import Limits
from server.startup_checks import bind, check_site, check_tls

logger = logging.getLogger(__name__)

_SITE_ENV = "AUDIOGUIDE_SERVE_SITE"
_RELOAD_ENV = "AUDIOGUIDE_SERVE_RELOAD"
_SPARE_FILES = 512  # descriptors beside connections: shared audio files, the site folder, logs


def app_from_environment() -> Starlette:
    """The app factory each uvicorn worker process calls (workers need an import string)."""
    site = os.environ[_SITE_ENV]
    return create_app(
        Path(site), reload_interval=1.0 if os.environ.get(_RELOAD_ENV) == "1" else None
    )


def run(
    site_dir: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    tls_cert: Path | None = None,
    tls_key: Path | None = None,
    workers: int = 1,
    reload_site: bool = True,
    access_log: bool = False,
    limits: Limits | None = None,
    on_listening: Callable[[int], None] | None = None,
) -> None:
    """Serve `site_dir` until interrupted. `reload_site` picks up a rebuilt (swapped) folder.

    Raises `server.startup_checks.StartupError` when it cannot start; `on_listening` is called
    with the port once it listens (the real one when `port` is 0).
    """
    site_dir = Path(site_dir).resolve()
    check_site(site_dir)
    check_tls(tls_cert, tls_key)
    limits = limits or Limits()
    _raise_open_files_limit(limits.max_connections + _SPARE_FILES)
    sock = bind(host, port)
    os.environ[_SITE_ENV] = str(site_dir)
    os.environ[_RELOAD_ENV] = "1" if reload_site else "0"
    protocol = functools.partial(ConnectionGuard, limits=limits)
    config = uvicorn.Config(
        "server.runner:app_from_environment",
        factory=True,
        host=host,
        port=sock.getsockname()[1],
        workers=max(1, workers),
        http=cast(type[asyncio.Protocol], protocol),
        ws="none",
        loop="uvloop",
        lifespan="on",
        access_log=access_log,
        server_header=False,
        ssl_certfile=str(tls_cert) if tls_cert else None,
        ssl_keyfile=str(tls_key) if tls_key else None,
        log_level="info",
    )
    if on_listening is not None:
        on_listening(sock.getsockname()[1])
    try:
        if config.workers > 1:
            Multiprocess(config, sockets=[sock]).run()
        else:
            uvicorn.Server(config).run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()


def _raise_open_files_limit(wanted: int) -> None:
    """Each connection is a descriptor: raise the soft limit (often 1024) towards `wanted`."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft >= wanted:
        return
    new = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if new > soft:
        resource.setrlimit(resource.RLIMIT_NOFILE, (new, hard))
    if new < wanted:
        logger.warning(
            "open-files limit %d is below the %d that --max-connections needs; raise it "
            "(systemd LimitNOFILE=, ulimit -n) or lower --max-connections",
            new,
            wanted,
        )
