"""The CV's PDF drawn beside the HTML build: in a process started once the CV page is written, while the other
pages are written (on two cores a long list's PDF no longer adds its whole time to the build). The build waits
for it at the end and reports its problems as its own; a build that fails, or is stopped, stops it too.
"""

from __future__ import annotations

import os
import re
import weakref
from functools import partial

from ..processes import WorkBeside, WorkInPython
from .printer import answer_to

PRINTER = "sphinx_scholar.cv.printer:printed"
#: App -> the drawing under way; app -> True right after the CV page was handed to the writer.
BESIDE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
CV_JUST_WRITTEN: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
#: App -> the process that writes its pages one by one (a ``-j`` build's writers are others).
WRITER: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
#: Files Sphinx copies only after every page is written: a CV showing one is drawn at the end.
COPIED_LATER = re.compile(rb"""(?:src|href)="[^"]*_(?:images|downloads)/""")


def note_writing_process(app) -> None:
    WRITER[app] = os.getpid()


def written_here(app) -> bool:
    return WRITER.get(app) == os.getpid()


def needs_later_files(written: bytes) -> bool:
    return bool(COPIED_LATER.search(written))


#: A CV page this long (some 150 papers) takes longer to draw than a new Python takes to start, and a fork
#: drawing it would hold on to the pages of the build's memory that the build writes to meanwhile (WeasyPrint
#: itself holds about a gigabyte for 4,000 papers): it is drawn in a Python of its own.
LONG_CV_BYTES = 1_000_000
LOST = {"problems": [("cv.pdf was not drawn: the process drawing it ended without an answer (out of memory?)",
                      None)], "refused": {}}


class PdfDrawing(WorkInPython[dict]):
    """The CV's PDF drawn by :mod:`.printer` for ``job`` in a Python of its own; :meth:`result` waits for its
    answer. It ends with the build however the build ends: a failed or stopped build cancels it, Ctrl-C is the
    build's to report, and a build killed outright takes it along (the process asks the kernel for that)."""

    def __init__(self, job: dict):
        super().__init__(PRINTER, job, lost=LOST)


class ForkedPdfDrawing(WorkBeside[dict]):
    """The CV's PDF drawn for ``job`` in a fork of the build, which starts at once with all it has loaded."""

    def __init__(self, job: dict):
        super().__init__(partial(answer_to, job), lost=LOST)


Drawing = PdfDrawing | ForkedPdfDrawing


def start_drawing(job: dict, written: bytes) -> Drawing:
    return PdfDrawing(job) if len(written) >= LONG_CV_BYTES else ForkedPdfDrawing(job)
