"""``make serve``: a live preview on 127.0.0.1, showing drafts, with doctrees of its own: sphinx-autobuild's
watcher, server and reload, with each rebuild run by Sphinx in a process forked from the server, which has
Sphinx and the engine imported already, and one line per rebuild in the terminal. A rebuild that fails prints its
problems' lines, and the preview shows them in a banner at the top of every page until a rebuild succeeds
(:mod:`.preview_errors`).

It stops with make: however make ends (Ctrl-C, a kill, even SIGKILL), the kernel sends the server SIGTERM
(Linux's parent-death signal), so no server is left behind. A ``PORT`` it could not listen on is one line
before anything is built.
"""

from __future__ import annotations

import errno
import importlib
import io
import os
import socket
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import redirect_stderr, redirect_stdout, suppress
from pathlib import Path

from ..processes import stop_with_parent
from . import preview_errors
from .progress import progress_said

HOST = "127.0.0.1"
DEFAULT_PORT = "8000"
#: How far above a busy port ``port_problem`` looks for a free one to suggest.
PORTS_TO_SUGGEST = 20
OUTPUT = Path("_build/serve")
#: The lines of the last rebuild if it failed, for the banner: beside the served folder, never in it.
PROBLEMS = Path("_build/serve-problems.txt")


def port_number(text: str) -> int | None:
    """``PORT`` as a TCP port number, or None."""
    if text.isascii() and text.isdigit() and 1 <= int(text) <= 65535:
        return int(text)
    return None


def bind_error(port: int) -> OSError | None:
    """Why the server could not listen on ``HOST:port`` now, or None; the port is released at once."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # As the server's own socket does (asyncio's default on POSIX): connections of a server that just
        # stopped, still in TIME_WAIT, do not keep the port from it.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((HOST, port))
        except OSError as error:
            return error
    return None


def port_problem(text: str) -> str | None:
    """What keeps the preview from serving on ``PORT=text``, in one line, or None."""
    port = port_number(text)
    if port is None:
        shown = text if text.isascii() and text.isalnum() else repr(text)
        return f"PORT={shown} is not a port number (1-65535)"
    error = bind_error(port)
    if error is None:
        return None
    free = next((other for other in range(port + 1, min(port + PORTS_TO_SUGGEST, 65535) + 1)
                 if bind_error(other) is None), None)
    another = f"make serve PORT={free}" if free else ""
    if error.errno == errno.EADDRINUSE:
        return f"port {port} on {HOST} is in use: stop what uses it" + (f" or run {another}" if another else "")
    return f"port {port} on {HOST} cannot be used ({error.strerror})" + (f": run {another}" if another else "")


#: What a build imports, imported once by the server: each rebuild runs in a process forked from it, which starts
#: with all of it loaded (a new Python for each rebuild spent most of a second on imports alone).
BUILD_MODULES = ("sphinx.cmd.build", "sphinx.builders.html", "myst_parser", "sphinxcontrib.bibtex",
                 "pydata_sphinx_theme", "sphinx_copybutton", "notfound.extension", "sphinx_scholar.pages.publications",
                 "sphinx_scholar.cv.fetcher", "weasyprint", "citeproc", "bs4")


class ForkedBuild:
    """sphinx-autobuild's build step, run in the process its watcher forks for each change: Sphinx in that
    process, quiet but for problems, and one line per rebuild. A failed build's lines are printed and kept in
    ``problems`` for the banner; a build that succeeds removes them."""

    def __init__(self, sphinx_arguments: list[str], problems: Path = PROBLEMS):
        self.sphinx_arguments = sphinx_arguments
        self.problems = problems

    def __call__(self, *, changed_paths=()) -> None:
        from sphinx.cmd.build import build_main

        from .._compat import sphinx_build_exceptions

        started = time.perf_counter()
        names = ", ".join(sorted({os.path.relpath(path) for path in changed_paths})[:3])
        printed = io.StringIO()  # Sphinx's warnings and errors: it logs them to stderr as it is when it starts
        stopped: list[BaseException] = []
        # A step that takes long (the first build of a long list) is said as the rebuild's own line is.
        with progress_said(sys.stdout), redirect_stderr(printed), sphinx_build_exceptions(stopped.append):
            status = build_main(self.sphinx_arguments)
        said = preview_errors.site_relative(printed.getvalue()) + "".join(
            preview_errors.exception_line(error) + "\n" for error in stopped)
        sys.stderr.write(said)
        sys.stderr.flush()
        took = f"{time.perf_counter() - started:.1f} s"
        if status == 0:
            preview_errors.clear_problems(self.problems)
            print(f"Rebuilt{f' after {names} changed' if names else ''} in {took}: http://{self.address}/", flush=True)
        else:
            preview_errors.record_problems(self.problems, preview_errors.problem_lines(said))
            print(f"Build failed{f' after {names} changed' if names else ''} ({took}): the preview keeps the last good "
                  "site and shows the lines above at the top of each page until they are fixed", flush=True)

    address = ""


#: A site of one page, built once by the server itself (never the researcher's): Sphinx's own extensions,
#: MyST's parser, the theme and every pattern they compile are then loaded in each rebuild's process before it
#: starts (imports alone took about a second of each rebuild).
WARM_UP_SITE = {"conf.py": 'extensions = ["sphinx_scholar"]\nhtml_theme = "sphinx_scholar"\n'
                           'scholar_cv_page = ""\n',
                "index.md": "# Warm\n\nA $x$ formula and a [link](https://example.org).\n", "refs.bib": ""}


def warm_up() -> None:
    for name in BUILD_MODULES:
        with suppress(ImportError):  # a part the PDF needs may be missing: the build says so
            importlib.import_module(name)
    import tempfile

    from sphinx.cmd.build import build_main

    quiet = io.StringIO()  # never closed: Sphinx's log handlers keep the stream they were given
    with tempfile.TemporaryDirectory(prefix="sphinx-scholar-warm-") as folder, redirect_stdout(quiet), \
            redirect_stderr(quiet):
        for name, text in WARM_UP_SITE.items():
            Path(folder, name).write_text(text, encoding="utf-8")
        build_main(["-q", "-b", "html", "-d", f"{folder}/_doctrees", folder, f"{folder}/_html"])


def main(argv: list[str] | None = None) -> int:
    port = os.environ.get("PORT", DEFAULT_PORT)
    # Before the first build, which takes a while and would end in the server's traceback.
    problem = port_problem(port)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    stop_with_parent()
    build = ForkedBuild(["-b", "html", "-d", "_build/serve-doctrees", "-n", "-q", "-D", "scholar_show_drafts=1",
                         *(argv or []), ".", str(OUTPUT)])
    build.address = f"{HOST}:{port_number(port)}"
    return start_preview(build, port_number(port))


def start_preview(build: ForkedBuild, port: int) -> int:
    from .._compat import autobuild_server

    warm_up()
    print(f"Building the preview (drafts shown) for http://{build.address}/ …", flush=True)
    with ProcessPoolExecutor(max_workers=1) as first:  # forked too, so the server stays as it started
        first.submit(build).result()
    return autobuild_server(Path.cwd(), OUTPUT, build, HOST, port,
                            ignored=[Path.cwd() / "_build", Path.cwd() / "node_modules"],
                            serve_through=lambda app: preview_errors.ProblemsBanner(app, build.problems))
