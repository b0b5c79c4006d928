"""The CV's PDF drawn beside the HTML build: in a process forked once the CV page is written, while the other
pages are written (on two cores a long list's PDF no longer adds its whole time to the build). The build waits
for it at the end and reports its problems as its own; a build that fails, or is stopped, stops it too.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import signal
import weakref
from collections.abc import Callable
from pathlib import Path

from ..processes import stop_with_parent

#: App -> the drawing under way; app -> True right after the CV page was handed to the writer.
BESIDE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
CV_JUST_WRITTEN: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
#: App -> the process that writes its pages one by one (a ``-j`` build's writers are others).
WRITER: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
#: Files Sphinx copies only after every page is written: a CV showing one is drawn at the end.
COPIED_LATER = re.compile(r"""(?:src|href)="[^"]*_(?:images|downloads)/""")


def note_writing_process(app) -> None:
    WRITER[app] = os.getpid()


def written_here(app) -> bool:
    return WRITER.get(app) == os.getpid()


def needs_later_files(page: Path) -> bool:
    return bool(COPIED_LATER.search(page.read_text(encoding="utf-8")))


class DrawingBeside:
    """``draw`` (which returns the problems it found) run in a forked process, its answer sent back on a pipe."""

    def __init__(self, draw: Callable[[], list]):
        context = multiprocessing.get_context("fork")
        self.answer, sender = context.Pipe(duplex=False)
        self.process = context.Process(target=self.run, args=(draw, sender), daemon=True)
        self.process.start()
        sender.close()

    @staticmethod
    def run(draw: Callable[[], list], sender) -> None:
        # Ctrl-C reaches the whole process group: the build says it was interrupted, and stops this process
        # (it is a daemon); a second word from here would be a traceback. So would the build's own SIGTERM
        # handler, inherited by the fork: the build's stop, and the kernel's word that the build is gone (a
        # build killed outright takes this process along, so it never draws on holding the build's lock), end
        # this process without a word.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        stop_with_parent()
        try:
            problems = draw()
        except Exception as error:  # one line, as the build would say it, never a traceback
            problems = [(f"cv.pdf could not be drawn: {type(error).__name__}: {error}", None)]
        sender.send(problems)
        sender.close()

    def result(self) -> list:
        try:
            problems = self.answer.recv()
        except EOFError:
            problems = [("cv.pdf was not drawn: the process drawing it ended without an answer (out of memory?)",
                         None)]
        self.process.join()
        return problems

    def cancel(self) -> None:
        self.process.terminate()
        self.process.join()
