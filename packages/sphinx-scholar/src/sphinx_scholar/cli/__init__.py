"""The ``sphinx-scholar`` command: ``html`` (``make html``), ``lint`` (``make lint``), ``project`` (``make
project``), ``post`` (``make post``), ``serve`` (``make serve``) and ``new`` (a new researcher's site)."""

from __future__ import annotations

import sys
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
    sys.exit(main(sys.argv[1:]))
