"""Serve a built site on 127.0.0.1 and drive Debian's Chromium (Playwright, Lighthouse)."""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"]


def site_pages(site: Path) -> list[str]:
    """Every page of a built site, relative to it (the theme's _static holds an HTML fragment that is none)."""
    return sorted(str(path.relative_to(site)) for path in site.rglob("*.html") if "_static" not in path.parts)


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    if not Path(path).is_file():
        raise RuntimeError(f"browser tests need Chromium at {path}: run 'apt-get install chromium'")
    return path


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the signature is http.server's
        pass


@contextmanager
def serve(root: Path, handler: Callable[..., http.server.BaseHTTPRequestHandler] | None = None) -> Iterator[str]:
    """The site at http://127.0.0.1:<free port>/ for as long as the block runs."""
    handler = handler or functools.partial(QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
