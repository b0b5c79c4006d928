"""What a command says while a build works: each step of the build (:mod:`..steps`) that has taken a few
seconds, in one line, so that a long build never looks hung and a short one says nothing (``make html`` and
``make serve``)."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

from ..steps import listening

#: A step of the build (steps.py) that has taken this many seconds is said: a long build never looks hung, and a
#: short one says nothing.
SAY_AFTER = 3.0


class Progress:
    """Says each step the build is in once it has taken :data:`SAY_AFTER` seconds (each step once a build), from a
    thread of its own while the build works, on ``stream``."""

    def __init__(self, stream: TextIO, clock: Callable[[], float] = time.monotonic):
        self.stream, self.clock = stream, clock
        self.current = ("", 0.0)  # the step and since when, set at once (the watcher reads it meanwhile)
        self.said: set[str] = set()
        self.ended = threading.Event()
        self.watcher = threading.Thread(target=self.watch, daemon=True)

    def now(self, what: str) -> None:
        self.current = (what, self.clock())

    def check(self) -> None:
        step, since = self.current
        if step and step not in self.said and self.clock() - since >= SAY_AFTER:
            self.said.add(step)
            print(f"{step[0].upper()}{step[1:]}…", file=self.stream, flush=True)

    def watch(self) -> None:
        while not self.ended.wait(0.25):
            self.check()


@contextmanager
def progress_said(stream: TextIO | None = None) -> Iterator[Progress]:
    """While the block builds, each of its steps that takes long is said on ``stream`` (standard error)."""
    progress = Progress(stream or sys.stderr)
    progress.watcher.start()
    try:
        with listening(progress.now):
            yield progress
    finally:
        progress.ended.set()
        progress.watcher.join()
