"""The preview's one piece of shared state: which build is served and whether the last failed."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass


@dataclass(frozen=True)
class BuildState:
    generation: int  # counts successful builds; a page older than this reloads
    error: str | None = None  # why the latest rebuild failed (the previous build is still served)

    def event(self) -> bytes:
        """This state as one server-sent event."""
        data = json.dumps({"build": self.generation, "error": self.error})
        return f"event: build\nid: {self.generation}\ndata: {data}\n\n".encode()


class BuildStates:
    """The current `BuildState`, and a way to wait for the next (one event loop only)."""

    def __init__(self) -> None:
        self.current = BuildState(generation=1)
        self._changed = asyncio.Event()

    def publish(self, state: BuildState) -> None:
        self.current = state
        self._changed.set()
        self._changed = asyncio.Event()

    def next_change(self) -> asyncio.Event:
        """An event set by the next `publish` (take it before reading `current`)."""
        return self._changed
