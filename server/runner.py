"""Running the app under uvicorn (httptools + uvloop), one or several worker processes."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import uvicorn
from starlette.applications import Starlette

from server.app import create_app

logger = logging.getLogger(__name__)

_SITE_ENV = "AUDIOGUIDE_SERVE_SITE"
_RELOAD_ENV = "AUDIOGUIDE_SERVE_RELOAD"


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
) -> None:
    """Serve `site_dir` until interrupted. `reload_site` picks up a rebuilt (swapped) folder."""
    site_dir = Path(site_dir).resolve()
    if not site_dir.is_dir():
        raise FileNotFoundError(f"{site_dir}: not a folder; build the site first")
    if (tls_cert is None) != (tls_key is None):
        raise ValueError("https needs both a certificate (--tls-cert) and its key (--tls-key)")
    for path in (tls_cert, tls_key):
        if path is not None and not Path(path).is_file():
            raise FileNotFoundError(f"{path}: no such file")
    os.environ[_SITE_ENV] = str(site_dir)
    os.environ[_RELOAD_ENV] = "1" if reload_site else "0"
    uvicorn.run(
        "server.runner:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=max(1, workers),
        http="httptools",
        loop="uvloop",
        lifespan="on",
        access_log=access_log,
        server_header=False,
        ssl_certfile=str(tls_cert) if tls_cert else None,
        ssl_keyfile=str(tls_key) if tls_key else None,
        log_level="info",
    )
