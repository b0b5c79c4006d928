"""The lifetime of the processes the engine starts: each ends with the process it works for."""

from __future__ import annotations

import ctypes
import os
import signal
import sys

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def stop_with_parent() -> None:
    """Ask the kernel for SIGTERM when the parent ends (make for ``make serve``, the build for the CV's drawing,
    however it ends, SIGKILL included); it carries over into a program exec'd next. Elsewhere than Linux, a
    process outlives its parent as before."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
        if os.getppid() == 1:  # the parent ended before the request was made
            sys.exit(1)
