"""The CV's PDF drawn beside the HTML build: in a process forked once the CV page is written, while the other
pages are written (on two cores a long list's PDF no longer adds its whole time to the build). The build waits
for it at the end and reports its problems as its own; a build that fails, or is stopped, stops it too.
"""

from __future__ import annotations

import os
import re
import weakref
from collections.abc import Callable
from functools import partial
from pathlib import Path

from ..processes import WorkBeside

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


def problems_found(draw: Callable[[], list]) -> list:
    """What ``draw`` found, or the exception it raised: one line, as the build would say it, never a traceback."""
    try:
        return draw()
    except Exception as error:
        return [(f"cv.pdf could not be drawn: {type(error).__name__}: {error}", None)]


class DrawingBeside(WorkBeside[list]):
    """``draw`` (which returns the problems it found) in a process of its own."""

    def __init__(self, draw: Callable[[], list]):
        super().__init__(partial(problems_found, draw),
                         lost=[("cv.pdf was not drawn: the process drawing it ended without an answer "
                                "(out of memory?)", None)])
