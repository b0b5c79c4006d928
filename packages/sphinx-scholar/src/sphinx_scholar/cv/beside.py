"""The CV's PDF drawn beside the HTML build: in a process started once the CV page is written, while the other
pages are written (on two cores a long list's PDF no longer adds its whole time to the build). The build waits
for it at the end and reports its problems as its own; a build that fails, or is stopped, stops it too.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import weakref
from contextlib import suppress
from functools import partial
from pathlib import Path

from ..processes import WorkBeside
from .printer import answer_to

PRINTER = "sphinx_scholar.cv.printer"
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


class PdfDrawing:
    """The CV's PDF drawn by :mod:`.printer` for ``job`` in a Python of its own; :meth:`result` waits for its
    answer. It ends with the build however the build ends: a failed or stopped build cancels it, Ctrl-C is the
    build's to report, and a build killed outright takes it along (the printer asks the kernel for that)."""

    def __init__(self, job: dict):
        # The engine the build runs, wherever it was found (conf.py may have put it on the path), and none of
        # the site's own modules (-P: Python puts the current folder first for -m).
        engine = str(Path(__file__).resolve().parents[2])
        environment = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [
            engine, os.environ.get("PYTHONPATH", "")]))}
        self.process = subprocess.Popen([sys.executable, "-P", "-m", PRINTER], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True, encoding="utf-8", env=environment)
        with suppress(BrokenPipeError):  # ended already: its answer is lost, and said so
            try:
                self.process.stdin.write(json.dumps(job, default=str))
            finally:
                self.process.stdin.close()

    def result(self) -> dict:
        with self.process.stdout:
            answer = self.process.stdout.read()
        self.process.wait()
        try:
            return json.loads(answer)
        except ValueError:
            return LOST

    def cancel(self) -> None:
        self.process.terminate()
        self.process.wait()
        self.process.stdout.close()


class ForkedPdfDrawing(WorkBeside[dict]):
    """The CV's PDF drawn for ``job`` in a fork of the build, which starts at once with all it has loaded."""

    def __init__(self, job: dict):
        super().__init__(partial(answer_to, job), lost=LOST)


Drawing = PdfDrawing | ForkedPdfDrawing


def start_drawing(job: dict, written: bytes) -> Drawing:
    return PdfDrawing(job) if len(written) >= LONG_CV_BYTES else ForkedPdfDrawing(job)
