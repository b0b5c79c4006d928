"""The ``sphinx-scholar`` command: ``html`` (``make html``), ``lint`` (``make lint``), ``project`` (``make
project``), ``post`` (``make post``), ``serve`` (``make serve``) and ``new`` (a new researcher's site)."""

from __future__ import annotations

import sys

from .. import __version__
from . import html, lint, new, post, project, serve

COMMANDS = {"html": html.main, "serve": serve.main, "lint": lint.main, "project": project.main, "post": post.main,
            "new": new.main}
USAGE = f"usage: sphinx-scholar [--version] {{{','.join(COMMANDS)}}} [options]"


def main(argv: list[str]) -> int:
    if argv[:1] == ["--version"]:
        print(f"sphinx-scholar {__version__}")
        return 0
    if not argv or argv[0] not in COMMANDS:
        print(USAGE, file=sys.stderr)
        return 0 if argv[:1] in (["-h"], ["--help"]) else 2
    return COMMANDS[argv[0]](argv[1:])


def run() -> None:
    """The console script."""
    sys.exit(main(sys.argv[1:]))
