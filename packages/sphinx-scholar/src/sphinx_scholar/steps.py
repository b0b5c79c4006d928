"""What a build is doing, for a command that shows it: each step that can take a while with a long list (reading
the .bib file, writing the pages, the paper pages, the CV's PDF) is announced as it starts, to whoever listens
(``make html`` says a step once it has taken a few seconds: cli/html.py). Sphinx's own log says as much already;
with ``-q`` it says nothing, and a long build looked hung.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: Who hears of each step: a step is said before Sphinx's application exists (the .bib file is read as it is
#: made), so listeners are not Sphinx's event handlers.
LISTENERS: list[Callable[[str], None]] = []


#: The step the build is in, as last announced.
CURRENT = [""]


def announce(what: str) -> None:
    """The build starts ``what`` ("writing 4,009 paper pages"); "" once it is between steps or done."""
    CURRENT[0] = what
    for listener in LISTENERS:
        listener(what)


@contextmanager
def meanwhile(what: str) -> Iterator[None]:
    """``what`` interrupts the step the build is in (a page waits for the references it shows), which then goes
    on."""
    going_on = CURRENT[0]
    announce(what)
    try:
        yield
    finally:
        announce(going_on)


@contextmanager
def listening(listener: Callable[[str], None]) -> Iterator[None]:
    LISTENERS.append(listener)
    try:
        yield
    finally:
        LISTENERS.remove(listener)


def counted(number: int, thing: str) -> str:
    return f"{number:,} {thing}{'' if number == 1 else 's'}"


def reading_pages(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    if docnames:
        announce(f"reading {counted(len(docnames), 'page')}")


def writing_pages(app: Sphinx, env: BuildEnvironment) -> None:
    announce("writing the pages")


def done(app: Sphinx, exception: Exception | None) -> None:
    announce("")


def setup_steps(app: Sphinx) -> None:
    app.connect("env-before-read-docs", reading_pages)
    app.connect("env-check-consistency", writing_pages)
    app.connect("build-finished", done, priority=1000)  # after the CV's PDF (cv/pdf.py) has been waited for
