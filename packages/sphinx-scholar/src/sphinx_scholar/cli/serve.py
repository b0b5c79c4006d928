"""``make serve``: sphinx-autobuild on 127.0.0.1, showing drafts, with doctrees of its own.

It stops with make: however make ends (Ctrl-C, a kill, even SIGKILL), the kernel sends the server SIGTERM
(Linux's parent-death signal), so no server is left behind. A ``PORT`` it could not listen on is one line
before anything is built.
"""

from __future__ import annotations

import ctypes
import errno
import os
import signal
import socket
import sys
from pathlib import Path

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
HOST = "127.0.0.1"
DEFAULT_PORT = "8000"
#: How far above a busy port ``port_problem`` looks for a free one to suggest.
PORTS_TO_SUGGEST = 20


def stop_with_parent() -> None:
    """Ask the kernel for SIGTERM when the parent (make) ends; it carries over into the program exec'd next."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
        if os.getppid() == 1:  # make ended before the request was made
            sys.exit(1)


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


def main(argv: list[str] | None = None) -> int:
    port = os.environ.get("PORT", DEFAULT_PORT)
    # Before the first build, which takes a while and would end in the server's traceback.
    problem = port_problem(port)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    autobuild = Path(sys.executable).with_name("sphinx-autobuild")
    stop_with_parent()
    os.execv(autobuild, [str(autobuild), "-b", "html", "-d", "_build/serve-doctrees", "-n", "-D",
                         "scholar_show_drafts=1", "--host", HOST, "--port", str(port_number(port)),
                         "--ignore", str(Path.cwd() / "_build" / "*"), ".", "_build/serve", *(argv or [])])
