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
from pathlib import Path

PRINTER = "sphinx_scholar.cv.printer"
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


class PdfDrawing:
    """The CV's PDF drawn by :mod:`.printer` for the ``job`` it is given, in a Python of its own started now;
    :meth:`result` waits for its answer. It ends with the build however the build ends: a failed or stopped
    build cancels it, Ctrl-C is the build's to report, and a build killed outright takes it along (the printer
    asks the kernel for that)."""

    LOST = {"problems": [("cv.pdf was not drawn: the process drawing it ended without an answer (out of memory?)",
                          None)], "refused": {}}

    def __init__(self, job: dict):
        self.process = subprocess.Popen([sys.executable, "-m", PRINTER], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True, encoding="utf-8")
        with suppress(BrokenPipeError):  # ended already: its answer is lost, and said so
            try:
                self.process.stdin.write(json.dumps(job, default=str))
            finally:
                self.process.stdin.close()

    def result(self) -> dict:
        answer = self.process.stdout.read()
        self.process.wait()
        try:
            return json.loads(answer)
        except ValueError:
            return self.LOST

    def cancel(self) -> None:
        self.process.terminate()
        self.process.wait()
