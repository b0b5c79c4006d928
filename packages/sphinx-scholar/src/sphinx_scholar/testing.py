"""Checks for a site's own test suite (the ``tests/test_site.py`` that ``sphinx-scholar new`` writes):

- :func:`build_site`: a clean, strict build (``-W -n --keep-going -E``), and every line it printed;
- :func:`broken_links`: every link, stylesheet, script and image of every page resolves inside the site;
- :func:`missing_metadata`: every page has a title, a description and its Open Graph tags;
- :func:`html_errors`: the W3C Nu HTML Checker (npm ``vnu-jar``, run by Java) finds no error;
- :func:`axe_violations`: axe (npm ``axe-core``) finds no WCAG 2.1 A/AA violation in Chromium (Playwright), in
  light and dark mode, wide and phone-sized;
- :func:`browser_problems`: no page, loaded in Chromium, logs an error, fails a request or asks another host.

Each returns a list of problems, one line each, empty when all is well. A check whose tool is missing fails the
test with one line saying what to install: it never passes or skips unseen. The site is served on 127.0.0.1 only.
Needs the ``test`` extra: ``pip install sphinx-scholar[test]``.
"""

from __future__ import annotations

import functools
import http.server
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

#: Chromium in a container or CI runner: no sandbox, no GPU, nothing fetched from elsewhere.
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
#: Where ``npm install`` (``make test``) puts the checkers, from the site's package.json.
AXE = Path("node_modules") / "axe-core" / "axe.min.js"
VNU = Path("node_modules") / "vnu-jar" / "build" / "dist" / "vnu.jar"
#: Schemes of links that leave the site (their targets are not checked here).
OUTSIDE = ("http", "https", "mailto", "tel")
#: Tags and attributes that name another file of the site.
LINKING = (("a", "href"), ("link", "href"), ("img", "src"), ("script", "src"), ("source", "src"),
           ("iframe", "src"), ("video", "src"), ("audio", "src"))
#: What every page's head must hold for search engines and link previews.
METADATA = (("meta", {"name": "description"}), ("meta", {"property": "og:title"}),
            ("meta", {"property": "og:description"}), ("meta", {"property": "og:type"}))


def plain_text_output():
    """A session fixture (a conftest imports it): no colour codes in what builds print, even where CI=true makes
    Sphinx colour its output, so that tests can read it."""
    import pytest

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NO_COLOR", "1")
        yield


def slow_modules_first(items: list) -> None:
    """For a conftest's ``pytest_collection_modifyitems``: the tests of modules marked ``slow`` first, the others
    in their order. With pytest-xdist's ``--dist loadfile --no-loadscope-reorder`` the workers take the long modules
    first and end together on short ones (xdist's own order, most tests first, left a 35 s module to the end)."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


def missing(message: str) -> None:
    """Fail the running test with one line: a prerequisite of a check is not there."""
    import pytest

    pytest.fail(message, pytrace=False)


@dataclass(frozen=True)
class Build:
    html: Path
    returncode: int
    output: str  # what Sphinx printed on stderr: warnings and errors

    @property
    def problems(self) -> list[str]:
        """Every line the build printed (a strict, quiet build prints none), and its failure."""
        lines = [line for line in self.output.splitlines() if line.strip()]
        if self.returncode and not lines:
            lines = [f"sphinx-build ended with status {self.returncode}"]
        return lines


#: Read only when a process starts (by Python, the dynamic loader, fontconfig): a build that sets one runs in a
#: process of its own.
PROCESS_VARIABLES = frozenset({"PYTHONPATH", "PYTHONHOME", "LD_LIBRARY_PATH", "FONTCONFIG_FILE", "FONTCONFIG_PATH"})


def sphinx_build(srcdir: Path, outdir: Path, *options: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """sphinx-build as a user runs it, strictly and quietly, in ``srcdir``, with no canonical address (a local
    build) unless ``env`` gives one; doctrees beside ``outdir``. Returns what it printed."""
    from sphinx.cmd.build import build_main

    srcdir, outdir = Path(srcdir).resolve(), Path(outdir).resolve()
    arguments = ["-b", "html", "-d", str(outdir.parent / "doctrees"), "-W", "-n", "--keep-going", "-q", *options,
                 str(srcdir), str(outdir)]
    return run_command(["-m", "sphinx", *arguments], lambda: build_main(arguments), srcdir, env)


def sphinx_scholar_command(site: Path, *arguments: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """``sphinx-scholar ARGUMENTS`` as a user runs it in ``site``; returns what it printed. (A test that signals a
    build starts a process of its own.)"""
    from .cli import main

    return run_command(["-m", "sphinx_scholar", *arguments], lambda: main(list(arguments)), Path(site).resolve(),
                       env)


def run_command(python_arguments: list[str], run: Callable[[], int], directory: Path,
                env: dict | None) -> subprocess.CompletedProcess:
    """``python PYTHON_ARGUMENTS`` in ``directory`` with ``env`` added to the environment (and no canonical address
    unless it gives one): run in this process, as Sphinx's own test fixtures build (a build then costs its work,
    not the start of Python and the import of every extension), unless ``env`` sets a variable only a new
    process reads."""
    variables = {"NO_COLOR": "1", **(env or {})}
    environment = {name: value for name, value in os.environ.items() if name != "READTHEDOCS_CANONICAL_URL"}
    environment.update(variables)
    if PROCESS_VARIABLES & variables.keys():
        return subprocess.run([sys.executable, *python_arguments], capture_output=True, text=True,
                              env=environment, cwd=directory)
    printed, warned = io.StringIO(), io.StringIO()
    terminate = signal.getsignal(signal.SIGTERM)  # sphinx-scholar html takes SIGTERM for an interruption
    with environment_of_build(directory, environment), redirect_stdout(printed), redirect_stderr(warned), \
            warnings.catch_warnings():
        # A deprecated Sphinx API that myst-parser itself uses: not the site's to fix, nor a test's to report.
        warnings.filterwarnings("ignore", message=".*MystReferenceResolver.app. is deprecated")
        try:
            returncode = run()
        except SystemExit as exit_:  # what the command would end with
            returncode = exit_.code if isinstance(exit_.code, int) else 1
        finally:
            signal.signal(signal.SIGTERM, terminate)
    return subprocess.CompletedProcess([sys.executable, *python_arguments], returncode, printed.getvalue(),
                                       warned.getvalue())


@contextmanager
def environment_of_build(directory: Path, environment: dict[str, str]) -> Iterator[None]:
    """The working directory and environment of one build, the test's put back after it."""
    saved, cwd = dict(os.environ), os.getcwd()
    os.environ.clear()
    os.environ.update(environment)
    os.chdir(directory)
    try:
        yield
    finally:
        os.chdir(cwd)
        os.environ.clear()
        os.environ.update(saved)


def build_site(srcdir: Path, workdir: Path) -> Build:
    """Build ``srcdir`` as Read the Docs would and as ``make html`` does (strictly, every page read afresh)
    into ``workdir/html``."""
    html = Path(workdir) / "html"
    result = sphinx_build(srcdir, html, "-E")
    return Build(html, result.returncode, result.stderr)


#: Stand-ins for a Python that `make` cannot use, and what `make` must then say, in one line.
UNUSABLE_PYTHONS = {
    # Older than the package supports: its version check fails.
    "too old": ("#!/bin/sh\nexit 1\n", "make needs Python 3.11 or newer"),
    # Debian's python3 without python3-venv: the version passes, ensurepip is missing.
    "no venv": ('#!/bin/sh\ncase "$2" in *ensurepip*) exit 1;; esac\nexit 0\n', "cannot make a virtual environment"),
}
MAKE_LINE = re.compile(r"make(\[\d+\])?: ")


def make_html_with_python(site: Path, script: str, workdir: Path) -> tuple[int, list[str]]:
    """`make html` in ``site`` with a stand-in Python (one of UNUSABLE_PYTHONS): its exit status, and the lines
    it printed but make's own."""
    python = Path(workdir) / "python3"
    python.write_text(script)
    python.chmod(0o755)
    result = subprocess.run(["make", "--no-print-directory", "html", f"PYTHON={python}"], cwd=site,
                            capture_output=True, text=True)
    return result.returncode, [line for line in result.stderr.splitlines() if not MAKE_LINE.match(line)]


REDIRECT = re.compile(r'<meta http-equiv="refresh"', re.IGNORECASE)


def site_pages(html: Path) -> list[str]:
    """Every page of a built site a visitor reads, relative to it: not the theme's HTML fragments in _static, nor
    the redirects left where a page used to be (the browser leaves them at once)."""
    if not (Path(html) / "index.html").is_file():
        missing(f"{html} holds no built site: the build failed (see the strict-build test)")
    return sorted(str(path.relative_to(html)) for path in Path(html).rglob("*.html")
                  if "_static" not in path.parts and not REDIRECT.search(path.read_text(encoding="utf-8")))


def parse(html: Path, name: str):
    from bs4 import BeautifulSoup

    return BeautifulSoup((Path(html) / name).read_text(encoding="utf-8"), "html.parser")


def anchors(path: Path) -> frozenset[str]:
    from bs4 import BeautifulSoup

    document = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    return frozenset([tag["id"] for tag in document.find_all(id=True)] +
                     [tag["name"] for tag in document.find_all("a", attrs={"name": True})])


def broken_links(html: Path) -> list[str]:
    """``page: address (why)`` for each address inside the site that leads nowhere: a missing file, a missing
    anchor of a page, a path out of the site, or a script address (``javascript:``)."""
    root = Path(html).resolve()
    base = "http://site.invalid/"
    found = []
    ids = functools.cache(anchors)  # each page parsed once per check
    for name in site_pages(html):
        document = parse(html, name)
        for tag, attribute in LINKING:
            for element in document.find_all(tag, attrs={attribute: True}):
                address = element[attribute].strip()
                if element.name == "link" and not set(element.get("rel", [])) & {"stylesheet", "icon", "prev",
                                                                                   "next", "search", "preload"}:
                    continue  # canonical, alternate and the like name the site's address, not a file
                scheme = urlsplit(address).scheme.lower()
                if scheme in OUTSIDE or (scheme == "data" and tag != "a"):
                    continue
                if scheme:
                    found.append(f"{name}: {address} (a {scheme}: address)")
                    continue
                target = urlsplit(urljoin(base + name, address))
                if target.netloc != "site.invalid":  # //host/path
                    found.append(f"{name}: {address} (leaves the site)")
                    continue
                path = (root / unquote(target.path).lstrip("/")).resolve()
                if path.is_dir():
                    path = path / "index.html"
                if not path.is_relative_to(root):
                    found.append(f"{name}: {address} (leaves the site)")
                elif not path.is_file():
                    found.append(f"{name}: {address} (no such file)")
                elif target.fragment and path.suffix == ".html" and unquote(target.fragment) not in ids(path):
                    found.append(f"{name}: {address} (no such anchor)")
    return found


def missing_metadata(html: Path, pages: list[str] | None = None) -> list[str]:
    """``page: what is missing`` for each page (the search page excepted) without a title, a language, a
    description or an Open Graph tag."""
    found = []
    for name in pages if pages is not None else site_pages(html):
        if name == "search.html":
            continue
        document = parse(html, name)
        if not (document.title and document.title.get_text(strip=True)):
            found.append(f"{name}: no <title>")
        if not (document.html and document.html.get("lang")):
            found.append(f"{name}: no lang on <html>")
        for tag, attributes in METADATA:
            element = document.find(tag, attrs=attributes)
            if element is None or not element.get("content", "").strip():
                found.append(f"{name}: no {tag} {' '.join(f'{k}={v}' for k, v in attributes.items())}")
    return found


def html_errors(html: Path, site: Path) -> list[str]:
    """``page:line: message`` for each error the Nu HTML Checker finds, from the site's node_modules."""
    java = shutil.which("java")
    if java is None:
        missing("the HTML check needs Java: run 'sudo apt-get install default-jre-headless'")
    vnu = Path(site) / VNU
    if not vnu.is_file():
        missing(f"the HTML check needs {VNU}: run 'npm install' in {site} (make test does it)")
    pages = [str(Path(html) / name) for name in site_pages(html)]
    result = subprocess.run([java, "-jar", str(vnu), "--format", "json", "--errors-only", *pages],
                            capture_output=True, text=True)
    try:
        messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    except (ValueError, KeyError):
        return [f"the Nu HTML Checker failed: {result.stderr.strip().splitlines()[-1:]}"]
    root = Path(html).resolve().as_uri()
    return [f"{m.get('url', '').removeprefix(root).lstrip('/')}:{m.get('lastLine')}: {m['message']}"
            for m in messages if m.get("type") == "error"]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the signature is http.server's
        pass


@contextmanager
def serve(root: Path, handler: Callable[..., http.server.BaseHTTPRequestHandler] | None = None) -> Iterator[str]:
    """The built site at http://127.0.0.1:<free port>/ while the block runs (``handler``: a request handler of
    one's own, serving ``root`` itself)."""
    handler = handler or functools.partial(QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    if not Path(path).is_file():
        missing(f"browser checks need Chromium at {path}: run 'sudo apt-get install chromium' "
                "(or set CHROMIUM=/path/to/chromium)")
    return path


def watch_page(page, base_url: str, problems: list[str]) -> None:
    """Note on ``problems`` each console error or warning, script error, failed request, error status and
    request to a host other than the site's of a Playwright page."""
    host = urlsplit(base_url).netloc
    page.on("console", lambda message: message.type in ("error", "warning") and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("requestfailed", lambda request: problems.append(f"failed: {request.url}"))
    page.on("response", lambda response: response.status >= 400 and problems.append(f"{response.status}: "
                                                                                     f"{response.url}"))
    page.on("request", lambda request: urlsplit(request.url).netloc not in (host, "")
            and not request.url.startswith("data:") and problems.append(f"other host: {request.url}"))


#: Tabs loading pages at once in :func:`browser_problems`: each page waits for the network to be quiet for half
#: a second, and those waits overlap; each tab loads page after page (a tab of its own for each page would cost
#: Chromium a process each).
TABS = 4


def browser_problems(html: Path, browser=None) -> list[str]:
    """What goes wrong as Chromium loads every page of the built site, until the network is quiet: see
    :func:`watch_page`. In ``browser`` (one of :func:`chromium`'s), or in a Chromium of its own."""
    if browser is None:
        with chromium() as browser:
            return browser_problems(html, browser)
    problems: list[str] = []
    pages = site_pages(Path(html))
    with serve(Path(html)) as base_url:
        context = browser.new_context()
        try:
            tabs = [context.new_page() for _ in range(min(TABS, len(pages)))]
            for tab in tabs:
                watch_page(tab, base_url, problems)
            for start in range(0, len(pages), max(len(tabs), 1)):
                loading = list(zip(tabs, pages[start:start + len(tabs)], strict=False))  # the last round may be short
                for tab, name in loading:
                    tab.goto(base_url + name, wait_until="commit")
                for tab, _ in loading:
                    tab.wait_for_load_state("load")
                    tab.wait_for_load_state("networkidle")
        finally:
            context.close()
    return problems


AXE_RUN = """async (tags) => {
    const rules = axe.getRules(tags).map(rule => rule.ruleId);
    // Only violations are read: axe then details no passed or inapplicable rule (a tenth of its time here).
    const report = await axe.run(document, {runOnly: {type: 'rule', values: rules}, resultTypes: ['violations']});
    return report.violations.map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).join(', ')}`);
}"""


@contextmanager
def chromium() -> Iterator:
    """Chromium driven by Playwright (a ``playwright.sync_api.Browser``) while the block runs."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("the browser checks need Playwright: run 'pip install -r requirements-test.txt'")
    executable = chromium_path()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


#: Where the site's server answers with axe itself, for pages to load it as a script of the site (no site has a
#: file there): Chromium then reads and compiles it once per colour mode and width, not once per page.
AXE_ADDRESS = "/__sphinx_scholar_testing__/axe.min.js"


def serving_axe(root: Path, axe: Path) -> Callable[..., http.server.BaseHTTPRequestHandler]:
    """A request handler for :func:`serve`: the files of ``root``, and ``axe`` at AXE_ADDRESS."""
    script = Path(axe).read_bytes()

    class WithAxe(QuietHandler):
        def do_GET(self):  # noqa: N802 - http.server's name
            if urlsplit(self.path).path != AXE_ADDRESS:
                return super().do_GET()
            self.send_response(200)
            self.send_header("Content-Type", "text/javascript")
            self.send_header("Content-Length", str(len(script)))
            self.send_header("Cache-Control", "max-age=3600")
            self.end_headers()
            self.wfile.write(script)
            return None

    return functools.partial(WithAxe, directory=str(root))


#: Waits for the page to show the colour mode its system is in (the theme follows a switch within a frame; a
#: second is ample under load, and is what a page that never follows costs), then ends the colour transitions that
#: started, as it loaded or switched (a button fades for a third of a second), where a visitor sees them end.
SWITCH_MODE = """async (mode) => {
    const shown = () => document.documentElement.dataset.theme === mode;
    for (let waited = 0; !shown() && waited < 1000; waited += 20) {
        await new Promise(resolve => setTimeout(resolve, 20));
    }
    for (const animation of document.getAnimations()) {
        try { animation.finish(); } catch (endless) { /* an animation that never ends stays as it is */ }
    }
    return document.documentElement.dataset.theme;
}"""


def axe_violations(html: Path, site: Path, modes: tuple[str, ...] = ("light", "dark"),
                   widths: tuple[int, ...] = (1280, 375), browser=None) -> list[str]:
    """``page (mode, width): rule: elements`` for each WCAG 2.1 A/AA violation axe finds, every ``<details>``
    opened, in each colour mode and window width; in ``browser`` (one of :func:`chromium`'s, shared by several
    checks), or in a Chromium of its own. Each page is loaded once per width, in one mode, and switched to the
    other as a visitor's system switches it; the mode it loads in alternates from width to width, so each mode
    is checked both as a page loads in it and after a switch. (The window is never resized under a loaded page:
    the theme marks scrollable blocks a moment after a resize, and axe would run before it.)"""
    axe = Path(site) / AXE
    if not axe.is_file():
        missing(f"the accessibility check needs {AXE}: run 'npm install' in {site} (make test does it)")
    if browser is None:
        with chromium() as browser:
            return axe_violations(html, site, modes, widths, browser)
    found = []
    with serve(Path(html), serving_axe(Path(html), axe)) as base_url:
        for position, width in enumerate(widths):
            order = modes if position % 2 == 0 else modes[::-1]
            context = browser.new_context(color_scheme=order[0], viewport={"width": width, "height": 800})
            try:
                page = context.new_page()
                for name in site_pages(html):
                    page.emulate_media(color_scheme=order[0])  # the mode the last page was switched to, undone
                    page.goto(base_url + name)  # until "load": the page's scripts, styles and fonts are in
                    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
                    page.add_script_tag(url=base_url + AXE_ADDRESS.lstrip("/"))
                    for mode in order:
                        page.emulate_media(color_scheme=mode)
                        if page.evaluate(SWITCH_MODE, mode) != mode:
                            found.append(f"{name} ({mode}, {width}px): the page does not show the {mode} mode")
                        found += [f"{name} ({mode}, {width}px): {violation}"
                                  for violation in page.evaluate(AXE_RUN, WCAG_TAGS)]
            finally:
                context.close()
    return found
