"""The site's commands: ``python -m scholar html`` (``make html``), ``lint`` (``make lint``), ``project``
(``make project``) and ``serve`` (``make serve``)."""

from __future__ import annotations

import sys

from . import lint, publish, scaffold, serve

COMMANDS = {"html": publish.main, "lint": lint.main, "project": scaffold.main, "serve": serve.main}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in COMMANDS:
        print(f"usage: python -m scholar {{{','.join(COMMANDS)}}} [options]", file=sys.stderr)
        return 2
    return COMMANDS[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
