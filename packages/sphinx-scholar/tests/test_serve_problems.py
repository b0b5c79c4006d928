"""``make serve`` shows a failed rebuild in the browser as well as in the terminal: its lines, as text, in a banner
at the top of every page, gone once a rebuild succeeds; the terminal has one line per rebuild and the problems'
lines, not Sphinx's report. Nothing of the banner is written to the output. Also pins the parts of
sphinx-autobuild and Sphinx that this relies on (sphinx_scholar/_compat.py)."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from engine_helpers import TESTS
from sphinx_scholar import _compat
from sphinx_scholar.cli import preview_errors, serve
from sphinx_scholar.cli.preview_errors import ProblemsBanner, banner, record_problems, with_banner

PAGE = (b'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><!-- scripts after <body> -->'
        b'<script src="_static/a.js"></script><title>Home</title></head>\n'
        b'<body data-x="a>b" class="home">\n<p>Welcome.</p>\n</body></html>\n')
#: Lines as a failed build prints them: markup and quotes of a page, letters beyond ASCII.
LINES = ["research/tides.md:11: ERROR: raw HTML with <script> is not published",
         "refs.bib:3: ERROR: entry 'x</pre><script>alert(\"1\")</script>' & more",
         "index.md:2: WARNING: Über 区域 ]]> <!--"]


def banner_of(page: bytes) -> BeautifulSoup | None:
    return BeautifulSoup(page, "html.parser").find(id="scholar-build-problems")


# The banner


def test_the_banner_shows_the_lines_as_text_first_in_the_body():
    shown = with_banner(PAGE, banner(LINES))
    page = BeautifulSoup(shown, "html.parser")
    found = page.find(id="scholar-build-problems")
    assert found is not None and page.body.find(True) is found, "the banner is the body's first element"
    assert found.pre.get_text() == "\n".join(LINES)
    assert [tag.name for tag in found.find_all(True)] == ["strong", "pre"], "markup of a line became markup"
    assert [script.get("src") for script in page.find_all("script")] == ["_static/a.js"]
    assert b'<body data-x="a>b" class="home"><div id="scholar-build-problems"' in shown
    assert shown.replace(banner(LINES), b"") == PAGE, "the page is otherwise unchanged"
    assert banner(LINES).isascii(), "readable in a page of any encoding"


def test_a_page_without_a_body_tag_gets_the_banner_first():
    assert with_banner(b"<p>Fragment</p>", b"<div>B</div>") == b"<div>B</div><p>Fragment</p>"


# The server: sphinx-autobuild's app, served through the banner


def asgi_get(app, path: str, headers: list[tuple[bytes, bytes]] = (), method: str = "GET"):
    """What ``app`` answers: status, headers (lower-case names) and body."""
    messages = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        messages.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0", "spec_version": "2.4"}, "http_version": "1.1",
             "method": method, "scheme": "http", "path": path, "raw_path": path.encode(), "root_path": "",
             "query_string": b"", "headers": [(b"host", b"127.0.0.1"), *headers],
             "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 8000)}
    asyncio.run(app(scope, receive, send))
    start = next(message for message in messages if message["type"] == "http.response.start")
    headers = {key.decode().lower(): value.decode() for key, value in start["headers"]}
    body = b"".join(message.get("body", b"") for message in messages if message["type"] == "http.response.body")
    return start["status"], headers, body


@pytest.fixture
def served(tmp_path):
    """sphinx-autobuild's app (watcher not started) for an output folder with a page longer than one chunk of
    the file server, and the same app through the banner, reading ``problems``."""
    output = tmp_path / "out"
    output.mkdir()
    long_page = PAGE.replace(b"<p>Welcome.</p>", b"<p>Welcome.</p>" + b"<p>Paragraph.</p>\n" * 5_000)
    (output / "index.html").write_bytes(long_page)
    (output / "site.css").write_text("body { color: black; }\n")
    problems = tmp_path / "serve-problems.txt"
    plain = _compat.autobuild_app(tmp_path, output, lambda **kwargs: None, "127.0.0.1", 8000, ignored=[])
    return plain, ProblemsBanner(plain, problems), problems, long_page


def test_pages_get_the_banner_while_the_last_build_failed(served):
    plain, app, problems, long_page = served
    status, headers, page = asgi_get(app, "/")
    assert status == 200 and banner_of(page) is None
    assert page.startswith(long_page) and b"/websocket-reload" in page[len(long_page):], "autobuild's reload"
    assert int(headers["content-length"]) == len(page)

    record_problems(problems, LINES)
    status, headers, page = asgi_get(app, "/")
    assert status == 200 and banner_of(page).pre.get_text() == "\n".join(LINES)
    assert b"/websocket-reload" in page, "the page still reloads itself"
    assert int(headers["content-length"]) == len(page)
    assert asgi_get(app, "/index.html")[2] == page

    status, headers, css = asgi_get(app, "/site.css")
    assert (status, css) == (200, b"body { color: black; }\n"), "only pages get the banner"

    preview_errors.clear_problems(problems)
    status, headers, page = asgi_get(app, "/")
    assert status == 200 and banner_of(page) is None and b"scholar-build-problems" not in page
    assert int(headers["content-length"]) == len(page)


def test_a_page_unchanged_by_the_failed_build_is_answered_in_full(served):
    """The browser asks whether its copy is still good: for a page the failed build left as it was, the file
    server alone says it is (304), and the browser would show its copy without the banner."""
    plain, app, problems, _ = served
    _, headers, _ = asgi_get(plain, "/")
    validators = [(b"if-none-match", headers["etag"].encode()),
                  (b"if-modified-since", headers["last-modified"].encode())]
    assert asgi_get(plain, "/", validators)[0] == 304, "the file server answers 304 to these"
    _, headers, _ = asgi_get(app, "/")
    assert headers["cache-control"] == "no-store" and "etag" not in headers and "last-modified" not in headers
    record_problems(problems, LINES)
    status, headers, page = asgi_get(app, "/", validators)
    assert status == 200 and banner_of(page) is not None
    assert headers["cache-control"] == "no-store" and "etag" not in headers


def test_before_any_page_is_built_every_address_shows_the_problems(served):
    plain, app, problems, _ = served
    for name in ("index.html", "site.css"):
        (problems.parent / "out" / name).unlink()
    assert asgi_get(app, "/")[0] == 404
    record_problems(problems, ["conf.py:3: Configuration error: boom <b>"])
    status, headers, page = asgi_get(app, "/")
    assert status == 404 and headers["content-type"].startswith("text/html")
    assert int(headers["content-length"]) == len(page)
    assert banner_of(page).pre.get_text() == "conf.py:3: Configuration error: boom <b>"
    assert b'http-equiv="refresh"' in page, "it looks again without JavaScript"
    assert asgi_get(app, "/", method="HEAD") == asgi_get(plain, "/", method="HEAD"), "a HEAD passes untouched"


def test_the_server_starts_when_a_first_build_made_no_output_folder(tmp_path, monkeypatch):
    """A first build that failed early (conf.py) writes nothing: Starlette's file server refused to start."""
    import uvicorn

    started = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: started.append((app, options)))
    output = tmp_path / "_build" / "serve"
    through = _compat.autobuild_server(tmp_path, output, lambda **kwargs: None, "127.0.0.1", 8000, ignored=[],
                                       serve_through=lambda app: ProblemsBanner(app, tmp_path / "problems.txt"))
    assert through == 0 and output.is_dir()
    ((app, options),) = started
    assert isinstance(app, ProblemsBanner) and (options["host"], options["port"]) == ("127.0.0.1", 8000)


# The rebuild, in a process forked as sphinx-autobuild's watcher forks it


def forked_build(build: serve.ForkedBuild, changed: list[Path]) -> None:
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork")) as pool:
        pool.submit(build, changed_paths=changed).result()


@pytest.fixture
def site(tmp_path, monkeypatch) -> Path:
    site = tmp_path / "site"
    shutil.copytree(TESTS / "roots" / "test-site", site)
    monkeypatch.chdir(site)
    return site


def test_a_failed_rebuild_prints_its_lines_and_keeps_them_for_the_banner(site, capfd):
    build = serve.ForkedBuild(["-b", "html", "-d", "_build/serve-doctrees", "-q", ".", "_build/serve"])
    bib = site / "refs.bib"
    good = bib.read_text()
    bib.write_text(good.replace("  year        = {2024},", "  year        = {2024,", 1))
    forked_build(build, [bib])
    out, err = capfd.readouterr()
    assert err == "refs.bib:1: ERROR: entry 'lovelace2024engine' is not closed: '}' expected before the next entry\n"
    assert out.startswith("Build failed after refs.bib changed (") and out.count("\n") == 1, out
    assert serve.PROBLEMS.read_text() == err

    bib.write_text(good)
    forked_build(build, [bib])
    out, err = capfd.readouterr()
    assert (out.startswith("Rebuilt after refs.bib changed in "), err) == (True, ""), out
    assert not serve.PROBLEMS.exists()
    assert not list(Path("_build/serve").rglob("*problems*"))


def test_an_exception_is_one_line_naming_where_it_came_from(site, capfd):
    conf = site / "conf.py"
    conf.write_text(conf.read_text() + 'raise ValueError("boom <b>")\n')
    line = len(conf.read_text().splitlines())
    forked_build(serve.ForkedBuild(["-b", "html", "-q", ".", "_build/serve"]), [conf])
    out, err = capfd.readouterr()
    assert err == (f"conf.py:{line}: Configuration error: There is a programmable error in your configuration "
                   "file: ValueError: boom <b>\n"), "Sphinx's report (versions, traceback, a request to report it)"
    assert out.startswith("Build failed after conf.py changed (")
    assert serve.PROBLEMS.read_text() == err


def build_handing_over_exceptions(arguments: list[str]) -> tuple[int, list[str]]:
    """build_main within ``sphinx_build_exceptions``: its status and the exceptions handed over."""
    from sphinx.cmd.build import build_main

    stopped = []
    with _compat.sphinx_build_exceptions(stopped.append):
        status = build_main(arguments)
    return status, [f"{error.category}: {error}" for error in stopped]


def test_sphinx_hands_over_the_exception_that_stopped_it(site, capfd):
    """Pins ``_compat.sphinx_build_exceptions``: build_main reports an exception through the name it replaces,
    and still returns 2."""
    (site / "conf.py").write_text("raise RuntimeError('stop')\n")
    # In a fork, as make serve runs it: build_main changes Sphinx's state for the rest of the process.
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork")) as pool:
        status, stopped = pool.submit(build_handing_over_exceptions, ["-q", ".", "_build/x"]).result()
    assert status == 2
    assert len(stopped) == 1 and stopped[0].startswith("Configuration error: ") and "RuntimeError: stop" in stopped[0]
    assert capfd.readouterr().err == ""


# Everything together: make serve, a page broken and fixed


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read()
    except urllib.error.HTTPError as error:
        return error.read()
    except OSError:
        return b""


def wait_for(condition, seconds: float, what: str, log: Path):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if found := condition():
            return found
        time.sleep(0.1)
    raise AssertionError(f"{what}; the preview printed:\n{log.read_text()}")


def test_the_preview_shows_a_failed_build_until_it_is_fixed(site, tmp_path):
    port = free_port()
    log = tmp_path / "serve.log"
    url = f"http://127.0.0.1:{port}/research/tides.html"
    engine = Path(serve.__file__).resolve().parents[2]  # the sphinx_scholar under test, wherever it is
    env = {**os.environ, "PORT": str(port), "PYTHONPATH": str(engine)}
    server = subprocess.Popen([sys.executable, "-m", "sphinx_scholar", "serve"], cwd=site, env=env,
                              stdout=log.open("w"), stderr=subprocess.STDOUT)
    problem = ("research/tides.md:11: ERROR: raw HTML with <script> is not published: write Markdown, or set "
               "scholar_allow_raw_html = True in conf.py to publish raw HTML as it is")
    try:
        wait_for(lambda: b"TIDES" in fetch(url), 60, "the preview never served the page", log)
        assert banner_of(fetch(url)) is None
        page = site / "research" / "tides.md"
        good = page.read_text()
        page.write_text(good + "\nA line <script>alert(1)</script> here.\n")
        shown = wait_for(lambda: banner_of(fetch(url)), 30, "the failed build never reached the page", log)
        assert shown.pre.get_text() == problem
        assert b"TIDES" in fetch(url), "the last good page is still shown"
        page.write_text(good)
        wait_for(lambda: b"TIDES" in (body := fetch(url)) and banner_of(body) is None, 30,
                 "the banner stayed after the fix", log)
        written = [path for path in (site / "_build").rglob("*.html") if b"scholar-build-problems" in path.read_bytes()]
        assert written == [], "the banner is only served"
        lines = log.read_text().splitlines()
        assert problem in lines and any(line.startswith("Build failed after research/tides.md changed (")
                                        for line in lines), lines
        assert lines[-1].startswith("Rebuilt after research/tides.md changed in "), lines
        assert all(line == problem or line.startswith(("Building the preview", "Rebuilt ", "Build failed "))
                   for line in lines), f"one line per build, and the problem's: not Sphinx's log: {lines}"
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()


def test_a_rebuild_says_each_step_that_takes_long_before_its_own_line(site, capfd, monkeypatch):
    """The first build of a long list takes a while: what it is doing is said, one line a step."""
    from sphinx_scholar.cli import progress

    monkeypatch.setattr(progress, "SAY_AFTER", 0)  # every step is long
    forked_build(serve.ForkedBuild(["-b", "html", "-d", "_build/serve-doctrees", "-q", ".", "_build/serve"]), [])
    out, err = capfd.readouterr()
    *steps, rebuilt = out.splitlines()
    assert err == "" and rebuilt.startswith("Rebuilt in ") and steps, out
    assert all(re.fullmatch(r"(Reading|Writing|Drawing|Formatting) [^\n]+…", step) for step in steps), steps
