"""``make serve``: sphinx-autobuild on 127.0.0.1, showing drafts, with doctrees of its own.

It stops with make: however make ends (Ctrl-C, a kill, even SIGKILL), the kernel sends the server SIGTERM
(Linux's parent-death signal), so no server is left behind.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from pathlib import Path

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def stop_with_parent() -> None:
    """Ask the kernel for SIGTERM when the parent (make) ends; it carries over into the program exec'd next."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
        if os.getppid() == 1:  # make ended before the request was made
            sys.exit(1)


def main(argv: list[str] | None = None) -> int:
    port = os.environ.get("PORT", "8000")
    if not port.isdigit():
        print(f"PORT={port!r} is not a port number", file=sys.stderr)
        return 2
    autobuild = Path(sys.executable).with_name("sphinx-autobuild")
    stop_with_parent()
    os.execv(autobuild, [str(autobuild), "-b", "html", "-d", "_build/serve-doctrees", "-n", "-D",
                         "scholar_show_drafts=1", "--host", "127.0.0.1", "--port", port,
                         "--ignore", str(Path.cwd() / "_build" / "*"), ".", "_build/serve", *(argv or [])])
