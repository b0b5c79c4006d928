"""Mistakes in the site's sources: one logged line each, naming file and line, and a build that exits non-zero.

Errors go through Sphinx's logging, never as exceptions: Sphinx prints an exception with a traceback and a
request to report a bug, and an in-process build (the tests) could not go on to show every problem.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sphinx.util import logging

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)


def report_error(app: Sphinx, message: str, *, location: Any) -> None:
    """Log one line and make the build fail, with or without ``-W``. An error has no warning type:
    ``suppress_warnings`` (even ``["scholar"]``) hides warnings only, never the line that says why a build
    failed."""
    logger.error(message, location=location)
    app.statuscode = 1


def first_and_last_line(message: str) -> str:
    """A message that carries a traceback (Sphinx's for an error in conf.py), as what it says and what failed."""
    lines = [line.strip() for line in message.splitlines() if line.strip()]
    if len(lines) <= 1:
        return message.strip()
    return f"{lines[0]} {lines[-1]}"
