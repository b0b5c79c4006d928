"""What builds a site, as files: the listing of a folder's files, and the identity of the code that builds (the
Python, the engine, the packages installed). Standard library only: ``make html`` reads it before it loads
Sphinx, and the build uses it for what it keeps between builds."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from . import __version__

#: The engine's own files: an edit of an installed engine (as in an editable install) is a change.
ENGINE = Path(__file__).resolve().parent

#: Folders never read as the site: at the top of the site only, but for Python's caches.
NOT_THE_SITE = {"_build", "node_modules", "venv"}
CACHES = "__pycache__"
Listing = dict[str, tuple[int, int]]


def files_under(root: Path, *, top_level_skipped: bool = False) -> Listing:
    """Relative path -> (size, time of change) of every file under ``root``, through linked folders as Sphinx
    reads them (each real folder once)."""
    found: Listing = {}
    folders = [(str(root), "")]
    seen = {os.path.realpath(root)}
    while folders:
        folder, prefix = folders.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            name = prefix + entry.name
            try:
                is_folder = entry.is_dir()
            except OSError:
                continue
            if is_folder:
                if entry.name == CACHES or (top_level_skipped and not prefix and
                                            (entry.name in NOT_THE_SITE or entry.name.startswith("."))):
                    continue
                real = os.path.realpath(entry.path)
                if real not in seen:
                    seen.add(real)
                    folders.append((entry.path, name + "/"))
                continue
            try:
                status = entry.stat()
            except OSError:
                continue  # a link to nowhere: Sphinx cannot read it either
            found[name] = (status.st_size, status.st_mtime_ns)
    return found


def code_identity() -> list:
    """What builds: the Python, the engine's own files, and the packages installed where Python imports from
    (installing, upgrading or removing one makes or replaces its ``.dist-info``)."""
    installed = []
    for entry in sys.path:
        try:
            with os.scandir(entry or ".") as entries:
                installed.extend((entry, item.name, item.stat().st_mtime_ns) for item in entries
                                 if item.name.endswith((".dist-info", ".egg-info", ".pth")))
        except OSError:
            continue
    return [sys.version, sys.executable, __version__, sorted(files_under(ENGINE).items()), installed]
