"""Watching tour folders and rebuilding the preview's site after each change.

watchfiles waits on the operating system's notifications (inotify, FSEvents, ...) and hands
over a batch of changes once they settle, so an editor's save-and-rename is one rebuild.
Each build runs in a daemon thread: stopping the server never waits for a long narration.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import TypeVar

from watchfiles import awatch

from guide.build import BuildSummary
from guide.errors import AudioguideError, BuildError

log = logging.getLogger(__name__)

T = TypeVar("T")
Build = Callable[[], BuildSummary]
Outcome = BuildSummary | AudioguideError


class Rebuilder:
    def __init__(
        self,
        tour_dirs: Sequence[Path],
        build: Build,
        *,
        report: Callable[[Outcome], None],
        publish: Callable[[Outcome], Awaitable[None]],
    ) -> None:
        self.tour_dirs = list(tour_dirs)
        self.build = build
        self.report = report  # tells the terminal
        self.publish = publish  # tells the open pages, in the event loop
        self.stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._watch())

    async def close(self) -> None:
        self.stop.set()
        if self._task is not None:
            await asyncio.wait((self._task,), timeout=5)

    async def _watch(self) -> None:
        async for changes in awatch(*self.tour_dirs, stop_event=self.stop):
            log.info("changed: %s", ", ".join(sorted(path for _, path in changes)))
            outcome = await _in_daemon_thread(self._build_once)
            if self.stop.is_set():
                return
            await self.publish(outcome)
            self.report(outcome)  # once served: what the terminal says is what the pages show

    def _build_once(self) -> Outcome:
        try:
            return self.build()
        except AudioguideError as exc:
            return exc
        except Exception as exc:  # a bug must not end the watching: say it, keep the last site
            log.exception("the rebuild failed")
            return BuildError(f"the rebuild failed unexpectedly: {exc!r} (see the terminal)")


async def _in_daemon_thread(work: Callable[[], T]) -> T:
    """`work()` in a thread the interpreter does not wait for at exit."""
    loop = asyncio.get_running_loop()
    done: asyncio.Future[T] = loop.create_future()

    def run() -> None:
        try:
            result = work()
        except BaseException as exc:  # handed to the awaiting task, not lost in the thread
            loop.call_soon_threadsafe(_settle_error, done, exc)
            return
        loop.call_soon_threadsafe(_settle, done, result)

    threading.Thread(target=run, name="preview-build", daemon=True).start()
    return await done


def _settle(future: asyncio.Future[T], result: T) -> None:
    if not future.done():
        future.set_result(result)


def _settle_error(future: asyncio.Future[T], error: BaseException) -> None:
    if not future.done():
        future.set_exception(error)
