"""The processes the engine starts beside the build, and their lifetime: each ends with the process it works
for. Work that needs the build's objects is done in a fork of it (:class:`WorkBeside`); work that needs only
plain values, in a Python of its own (:class:`WorkInPython`), which holds only what it imports.
"""

from __future__ import annotations

import ctypes
import gc
import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, Generic, TypeVar

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def stop_with_parent() -> None:
    """Ask the kernel for SIGTERM when the parent ends (make for ``make serve``, the build for the CV's drawing,
    however it ends, SIGKILL included); it carries over into a program exec'd next. Elsewhere than Linux, a
    process outlives its parent as before."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
        if os.getppid() == 1:  # the parent ended before the request was made
            sys.exit(1)


def give_back_freed_memory() -> None:
    """Hand back to the system the memory C code freed, which glibc's allocator otherwise keeps for reuse: a
    long CV page read by lxml left 140 MB behind in the build (elsewhere than glibc, nothing happens)."""
    if sys.platform.startswith("linux"):
        with suppress(OSError, AttributeError):
            ctypes.CDLL(None).malloc_trim(0)


#: Descriptors only this process may hold: the build's lock. A process it forks (the CV's drawing, a ``-j``
#: writer) closes them as it starts, so a build killed outright frees its lock at once, not when the last of its
#: forks has heard that it ended (the next build then waited for a drawing on its way out).
HELD_HERE_ONLY: set[int] = set()


def close_what_only_the_parent_holds() -> None:
    for descriptor in HELD_HERE_ONLY:
        with suppress(OSError):
            os.close(descriptor)
    HELD_HERE_ONLY.clear()


os.register_at_fork(after_in_child=close_what_only_the_parent_holds)


@contextmanager
def held_here_only(handle: IO) -> Iterator[None]:
    """While the block runs, a process forked from this one does not share ``handle`` (a lock is released
    only once every copy of its descriptor is closed)."""
    HELD_HERE_ONLY.add(handle.fileno())
    try:
        yield
    finally:
        HELD_HERE_ONLY.discard(handle.fileno())


def working_for_the_build() -> None:
    """A process that works for the build ends with it, without a word of its own. Ctrl-C reaches the whole
    process group: the build says it was interrupted, and stops this process; a second word from here would be
    a traceback. So would a SIGTERM handler of the build's, inherited by a fork, and a SIGTERM ignored since the
    build started would keep the build waiting: the build's stop, and the kernel's word that the build is gone,
    end this process at once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    stop_with_parent()


Answer = TypeVar("Answer")


class WorkBeside(Generic[Answer]):
    """``work`` run in a forked process while the build goes on (two cores: two things at once), its answer
    sent back on a pipe; ``lost`` is the answer when the process ended without one (out of memory, killed).

    It ends with the build however the build ends: a failed or stopped build cancels it, Ctrl-C is the build's
    to report, and a build killed outright takes it along (:func:`stop_with_parent`)."""

    def __init__(self, work: Callable[[], Answer], lost: Answer):
        import multiprocessing

        context = multiprocessing.get_context("fork")
        self.lost = lost
        self.answer, sender = context.Pipe(duplex=False)
        self.process = context.Process(target=self.run, args=(work, sender), daemon=True)
        self.process.start()
        sender.close()

    @staticmethod
    def run(work: Callable[[], Answer], sender) -> None:
        working_for_the_build()
        # What the build holds is never collected here: a collection would write into every object it walks,
        # copying the build's memory page by page (freezing only joins the collector's lists).
        gc.freeze()
        try:
            sender.send(work())
        except Exception:  # ``lost`` tells the build, which then does the work itself and reports what fails
            pass
        finally:
            sender.close()

    def result(self) -> Answer:
        try:
            answer = self.answer.recv()
        except (EOFError, OSError):  # ended before it sent its answer, or in the middle of it (a large one)
            answer = self.lost
        self.process.join()
        return answer

    def cancel(self) -> None:
        self.process.terminate()
        self.process.join()


#: The folder the engine the build runs was found in (conf.py may have put it on the path), and the module a
#: :class:`WorkInPython` runs, which nothing else imports.
ENGINE = str(Path(__file__).resolve().parents[1])
WORKER = "sphinx_scholar.worker"


class WorkInPython(Generic[Answer]):
    """``function`` (``"module:name"``) run on ``job`` (plain values) in a Python of its own, its answer (plain
    values) read back; ``lost`` is the answer when it ended without one. It starts in a tenth of a second and
    holds only what it imports: a fork of the build keeps every page of the build's memory that the build
    writes to meanwhile (80 MB for each process formatting 4,000 papers' references, against 30).

    It runs the engine the build runs and none of the site's own modules (-P: Python puts the current folder
    first for -m). It ends with the build as :class:`WorkBeside` does (:mod:`.worker` is its side)."""

    def __init__(self, function: str, job: object, lost: Answer):
        environment = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [
            ENGINE, os.environ.get("PYTHONPATH", "")]))}
        self.lost = lost
        self.process = subprocess.Popen([sys.executable, "-P", "-m", WORKER, function], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True, encoding="utf-8", env=environment)
        # Sent while the build goes on: a job larger than a pipe holds would keep the build waiting until the new
        # Python has started and read it. A process forked meanwhile does not hold the pipe open.
        HELD_HERE_ONLY.add(self.process.stdin.fileno())
        self.sending = threading.Thread(target=self.send, args=(json.dumps(job, default=str),), daemon=True)
        self.sending.start()

    def send(self, text: str) -> None:
        stdin = self.process.stdin
        with suppress(OSError):  # ended already (stopped, or out of memory): its answer is lost, and said so
            try:
                stdin.write(text)
            finally:
                HELD_HERE_ONLY.discard(stdin.fileno())
                stdin.close()

    def result(self) -> Answer:
        with self.process.stdout:
            answer = self.process.stdout.read()
        self.process.wait()
        self.sending.join()
        try:
            return json.loads(answer)
        except ValueError:
            return self.lost

    def cancel(self) -> None:
        # Not SIGTERM: a build started with it ignored starts the new Python with it ignored, until it sets its
        # own; killed, it has nothing to tidy.
        self.process.kill()
        self.process.wait()
        self.process.stdout.close()
        self.sending.join()
