"""The side of a :class:`~.processes.WorkInPython` in its own Python: ``python -m sphinx_scholar.worker
module:function`` reads the job as JSON on standard input and writes the function's answer as JSON on standard
output. Nothing else imports this module (run as ``__main__``, it would be there twice).
"""

from __future__ import annotations

import importlib
import json
import os
import sys

from .processes import working_for_the_build


def answer_job(function: str) -> None:
    """The job from standard input, the answer to standard output. An exception leaves no answer, and no word:
    the build does the work itself and reports what fails."""
    working_for_the_build()
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
