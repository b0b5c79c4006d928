"""The ``sphinx-scholar`` command: ``html`` (``make html``), ``lint`` (``make lint``), ``project`` (``make
project``), ``post`` (``make post``), ``serve`` (``make serve``) and ``new`` (a new researcher's site)."""

from __future__ import annotations

import os
import sys
from contextlib import suppress
from importlib import import_module

from .. import __version__

#: Each command's module, loaded when it runs: ``html`` with nothing to do ends before Sphinx is loaded.
COMMANDS = ("html", "serve", "lint", "project", "post", "new")
USAGE = f"usage: sphinx-scholar [--version] {{{','.join(COMMANDS)}}} [options]"


def main(argv: list[str]) -> int:
    if argv[:1] == ["--version"]:
        print(f"sphinx-scholar {__version__}")
        return 0
    if not argv or argv[0] not in COMMANDS:
        print(USAGE, file=sys.stderr)
        return 0 if argv[:1] in (["-h"], ["--help"]) else 2
    return import_module(f"{__name__}.{argv[0]}").main(argv[1:])


def run() -> None:
    """The console script."""
    status = main(sys.argv[1:])
    if status == 0:
        # A build leaves Sphinx's environment in memory, and freeing it object by object at exit took longer
        # than a one-page edit's build: 1.1 s of 3.9 with 4,000 entries. Once a command has succeeded, all it
        # wrote is closed and every process it started has ended, so the process ends with its output flushed.
        with suppress(BrokenPipeError):  # a reader that stopped reading (| head) wanted no more
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(0)
    sys.exit(status)
