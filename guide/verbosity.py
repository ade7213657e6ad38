"""How much the CLI says: `-q` errors only, default warnings, `-v` our stages, `-vv` debug.

Only audioguide's own loggers follow `-v`; every other library (fontTools' subsetting, fpdf,
PIL, uvicorn's access log, watchfiles...) stays at warning level whatever the flags.
"""

from __future__ import annotations

import logging
import sys

OWN_LOGGERS = ("guide", "audio", "qr", "server")


def level(verbosity: int) -> int:
    """-1 (quiet), 0 (default), 1 (-v), 2+ (-vv) as a logging level for our loggers."""
    if verbosity < 0:
        return logging.ERROR
    return {0: logging.WARNING, 1: logging.INFO}.get(verbosity, logging.DEBUG)


class _Stderr(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever `sys.stderr` is at the time (a test's capture, a redirected run)."""

    @property
    def stream(self) -> object:
        return sys.stderr

    @stream.setter
    def stream(self, value: object) -> None:
        pass


def configure(verbosity: int) -> None:
    """Our one stderr handler on the root logger (others' handlers, pytest's, are kept)."""
    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, _Stderr)]:
        root.removeHandler(handler)
    handler = _Stderr()
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.ERROR if verbosity < 0 else logging.WARNING)
    for name in OWN_LOGGERS:
        logging.getLogger(name).setLevel(level(verbosity))
