"""The side of a :class:`~.processes.WorkInPython` in its own Python: ``python -m sphinx_scholar.worker
module:function`` reads the job as JSON on standard input and writes the function's answer as JSON on standard
output. Nothing else imports this module (run as ``__main__``, it would be there twice).
"""

from __future__ import annotations

import importlib
import json
import os
import signal
import sys

from .processes import stop_with_parent


def answer_job(function: str) -> None:
    """The job from standard input, the answer to standard output. An exception leaves no answer, and no word:
    the build does the work itself and reports what fails."""
    # Ctrl-C reaches the whole process group: the build says it was interrupted and stops this process; the
    # kernel ends it with the build however the build ends.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a build started with it ignored would wait for the answer
    stop_with_parent()
    module, _, name = function.partition(":")
    try:
        answer = getattr(importlib.import_module(module), name)(json.load(sys.stdin))
        json.dump(answer, sys.stdout)
        sys.stdout.flush()
    except Exception:
        os._exit(1)
    os._exit(0)  # what the work built is not taken apart one object after another: the answer is out


if __name__ == "__main__":
    answer_job(sys.argv[1])
