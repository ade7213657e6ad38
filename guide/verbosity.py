"""How much the CLI says: `-q` errors only, default warnings, `-v` our stages, `-vv` debug.

Only audioguide's own loggers follow `-v`; every other library (fontTools' subsetting, fpdf,
PIL, uvicorn's access log, watchfiles...) stays at warning level whatever the flags.
"""

from __future__ import annotations

import logging

OWN_LOGGERS = ("guide", "audio", "qr", "server")


def level(verbosity: int) -> int:
    """-1 (quiet), 0 (default), 1 (-v), 2+ (-vv) as a logging level for our loggers."""
    if verbosity < 0:
        return logging.ERROR
    return {0: logging.WARNING, 1: logging.INFO}.get(verbosity, logging.DEBUG)


def configure(verbosity: int) -> None:
    logging.basicConfig(
        level=logging.ERROR if verbosity < 0 else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        force=True,
    )
    for name in OWN_LOGGERS:
        logging.getLogger(name).setLevel(level(verbosity))
