"""What ``make serve`` shows of a failed rebuild: the lines the build printed, in a banner at the top of every
page the preview serves, until a rebuild succeeds.

The rebuild (a forked process) writes its lines to a file next to the served folder, never into it, and removes
the file when a build succeeds; the server reads it for each page it serves and writes the banner into the page
as it goes out, as text (a message quoting ``<script>`` shows it). Nothing of it reaches ``make html``'s output.
The banner needs no JavaScript, and nothing from another host.
"""

from __future__ import annotations

import html
import os
import re
import sys
import traceback
from pathlib import Path

from sphinx.errors import SphinxError

from ..errors import first_and_last_line

#: Colour and erase-line codes Sphinx puts in what it prints to a terminal.
TERMINAL_CODES = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
#: A page's opening body tag, attributes (quoted ``>`` included) and all, or a comment (one may name the tag).
BODY_TAG = re.compile(rb"<!--.*?-->|<body\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>", re.IGNORECASE | re.DOTALL)
#: Headers of a request that would let the server answer "304 Not Modified": the browser would show its copy of a
#: page the failed build left as it was, without the banner (or with one the next build fixed).
VALIDATORS = (b"if-none-match", b"if-modified-since")
#: Headers that would let the browser keep a page, and show it again with a stale banner or none.
KEEPING = (b"etag", b"last-modified", b"cache-control")

BANNER_STYLE = ("all:initial;display:block;box-sizing:border-box;width:100%;margin:0;padding:.75rem 1rem;"
                "background:#fff4f4;color:#1a1a1a;border-bottom:4px solid #c62828;font:16px/1.4 system-ui,sans-serif;"
                "position:relative;z-index:2147483647")
LINES_STYLE = ("all:initial;display:block;margin:.5rem 0 0;max-height:40vh;overflow:auto;white-space:pre-wrap;"
               "overflow-wrap:anywhere;color:#1a1a1a;font:14px/1.4 ui-monospace,monospace")


def site_relative(printed: str) -> str:
    """What a build printed, naming the site's files as the engine does (``refs.bib:9``), where Sphinx names them
    from the root of the file system."""
    return printed.replace(f"{Path.cwd()}{os.sep}", "")


def problem_lines(printed: str) -> list[str]:
    """What a build printed, as lines of text: no colour codes, no blank lines."""
    return [line.rstrip() for line in TERMINAL_CODES.sub("", printed).splitlines() if line.strip()]


def exception_line(error: BaseException) -> str:
    """An exception that stopped a build, in one line (Sphinx prints forty: versions, extensions, a traceback and
    a request to report a bug), naming the line of the site's own code (conf.py) it came from, if any."""
    if isinstance(error, KeyboardInterrupt):
        return "interrupted"
    cause = error
    while cause.__cause__ is not None:
        cause = cause.__cause__
    frames = traceback.extract_tb(cause.__traceback__)
    own = [frame for frame in frames if Path(frame.filename).is_relative_to(Path.cwd())
           and not Path(frame.filename).is_relative_to(sys.prefix)]  # a virtual environment in the site's folder
    frame = (own or ([] if isinstance(error, SphinxError) else frames))[-1:]
    where = "".join(f"{os.path.relpath(place.filename)}:{place.lineno}: " for place in frame)
    what = error.category if isinstance(error, SphinxError) else type(error).__name__
    return f"{where}{what}: {first_and_last_line(str(error))}"


def record_problems(path: Path, lines: list[str]) -> None:
    """Keep a failed build's lines for the server; whole, never half-written, whenever a page is asked for."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    lines = lines or ["(the build failed and printed nothing: see the terminal)"]
    partial.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    os.replace(partial, path)


def clear_problems(path: Path) -> None:
    path.unlink(missing_ok=True)


def recorded_problems(path: Path) -> list[str]:
    """The lines of the last build if it failed; none if it succeeded."""
    try:
        return path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:  # none, or none to read
        return []


def banner(lines: list[str], what: str = "this page is from the last build that succeeded") -> bytes:
    """The failed build's lines as a block of the page, escaped: in ASCII, whatever the page's encoding."""
    shown = html.escape("\n".join(lines))
    heading = html.escape(f"The last build failed: {what}. Fix these lines and save; this goes away when a "
                          "build succeeds.")
    text = (f'<div id="scholar-build-problems" role="alert" style="{BANNER_STYLE}">'
            f'<strong style="all:unset;font-weight:bold">{heading}</strong>'
            f'<pre style="{LINES_STYLE}">{shown}</pre></div>')
    return text.encode("ascii", "xmlcharrefreplace")


def with_banner(page: bytes, block: bytes) -> bytes:
    """``page`` with ``block`` first in its body (first in the page if it has no body tag)."""
    body = next((tag for tag in BODY_TAG.finditer(page) if not tag[0].startswith(b"<!--")), None)
    at = body.end() if body else 0
    return page[:at] + block + page[at:]


def page_of_problems(lines: list[str]) -> bytes:
    """The answer to an address no page holds while the build fails: a first build that failed left none. It
    asks again every two seconds, JavaScript or not."""
    return (b'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="2">'
            b"<title>Build failed</title></head><body>"
            + banner(lines, "there is no page here to show yet") + b"</body></html>")


def header(headers: list[tuple[bytes, bytes]], name: bytes) -> bytes:
    return next((value for key, value in headers if key.lower() == name), b"")


def not_kept(headers: list[tuple[bytes, bytes]], *dropped: bytes) -> list[tuple[bytes, bytes]]:
    """A page's headers, saying that no copy of it is to be kept, without ``dropped``."""
    return [(key, value) for key, value in headers
            if key.lower() not in KEEPING + dropped] + [(b"cache-control", b"no-store")]


class ProblemsBanner:
    """An ASGI app serving ``app``'s pages with the banner while the file ``problems`` lists a failed build's
    lines. Every request is answered in full, never "304 Not Modified", and pages are marked not to be kept (a
    page the browser kept, or was told had not changed, would show a stale banner or none); nothing else changes."""

    def __init__(self, app, problems: Path):
        self.app = app
        self.problems = problems

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        scope = {**scope, "headers": [(key, value) for key, value in scope["headers"]
                                      if key.lower() not in VALIDATORS]}
        lines = recorded_problems(self.problems) if scope["method"] == "GET" else []
        held: dict = {}  # the start of a response that gets the banner, while its body is gathered
        gathered: list[bytes] = []

        async def send_page(message) -> None:
            if message["type"] == "http.response.start":
                headers = message.get("headers", [])
                is_page = header(headers, b"content-type").startswith(b"text/html")
                whole = message["status"] in (200, 404)  # not a part (206) of a page
                if lines and whole and (is_page or message["status"] == 404):  # 404 and no page: none was built
                    held.update(message, is_page=is_page)
                    return
                if is_page:
                    message = {**message, "headers": not_kept(headers)}
            elif message["type"] == "http.response.body" and held:
                gathered.append(message.get("body", b""))
                if message.get("more_body", False):
                    return
                if held["is_page"]:
                    body, headers = with_banner(b"".join(gathered), banner(lines)), not_kept(held["headers"])
                else:
                    body = page_of_problems(lines)
                    headers = [*not_kept(held["headers"], b"content-type"),
                               (b"content-type", b"text/html; charset=utf-8")]
                headers = [(key, value) for key, value in headers if key.lower() != b"content-length"]
                await send({"type": "http.response.start", "status": held["status"],
                            "headers": [*headers, (b"content-length", str(len(body)).encode())]})
                message = {"type": "http.response.body", "body": body, "more_body": False}
            await send(message)

        await self.app(scope, receive, send_page)
