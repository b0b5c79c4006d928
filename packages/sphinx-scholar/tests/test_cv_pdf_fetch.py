"""The CV's PDF takes in only the built site's own files (tests/roots/test-site): a file elsewhere on the build
machine, another address or a symbolic link out of the output fails the build with one line naming cv.md and the
address, and nothing of it reaches the PDF; the site's own images, attachments and data: images still do."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from engine_helpers import TESTS
from pypdf import PdfReader

pytestmark = pytest.mark.slow

#: In every file, variable and answer outside the site; it must never reach the PDF.
MARKER = "OUTSIDE-THE-SITE-4711"
SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="300" height="40">'
       '<text x="5" y="30" font-size="20">{text}</text></svg>\n')
WHY = "the PDF takes in only the site's own files"


def strict_build(site: Path, out: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """sphinx-build -W in a process of its own: a dependency (a11y-pygments) sends WeasyPrint's own log lines to
    stderr there, and the variables reach /proc/self/environ."""
    environment = {**os.environ, "NO_COLOR": "1", "CI": "", "READTHEDOCS": "", "SCHOLAR_TEST_SECRET": MARKER,
                   **(env or {})}
    if "READTHEDOCS_CANONICAL_URL" not in (env or {}):
        environment.pop("READTHEDOCS_CANONICAL_URL", None)
    return subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-d", str(out.parent / "doctrees"), "-W",
                           "-n", "--keep-going", "-q", str(site), str(out)],
                          cwd=site, capture_output=True, text=True, env=environment)


def site_with_cv_markup(tmp_path: Path, *markups: str) -> tuple[Path, list[int]]:
    """test-site with each of ``markups`` added to its CV page, a paragraph each; returns the site and the line of
    cv.md each begins on."""
    site = tmp_path / "site"
    shutil.copytree(TESTS / "roots" / "test-site", site)
    cv = site / "cv.md"
    cv.write_text(cv.read_text(encoding="utf-8") + "\n## Files\n\n" + "".join(f"{markup}\n\n" for markup in markups),
                  encoding="utf-8")
    lines = cv.read_text(encoding="utf-8").splitlines()
    return site, [lines.index(markup.splitlines()[0]) + 1 for markup in markups]


def what_the_pdf_holds(pdf: Path) -> str:
    """The PDF's text, its attached files and its streams, decompressed (empty where there is no PDF)."""
    if not pdf.exists():
        return ""
    data = pdf.read_bytes()
    streams = [data]
    for stream in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.DOTALL):
        try:
            streams.append(zlib.decompress(stream.group(1)))
        except zlib.error:
            streams.append(stream.group(1))
    text = [page.extract_text() for page in PdfReader(pdf).pages]  # text drawn by an SVG is glyphs in a stream
    return "\n".join(text + [stream.decode("latin-1") for stream in streams])


def outside_folder(tmp_path: Path) -> Path:
    """A folder beside the site, with a text file and a drawing that say MARKER."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.txt").write_text(f"{MARKER}\n")
    (folder / "drawing.svg").write_text(SVG.format(text=MARKER))
    return folder


@contextmanager
def drawing_server() -> Iterator[tuple[str, list[str]]]:
    """A web server on this machine that answers every request with a drawing saying MARKER; yields its address
    and the paths it was asked for."""
    asked: list[str] = []

    class Drawing(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's name
            asked.append(self.path)
            body = SVG.format(text=MARKER).encode()
            self.send_response(200)
            self.send_header("Content-Type", "image/svg+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *arguments):  # not the test's output
            pass

    web = ThreadingHTTPServer(("127.0.0.1", 0), Drawing)
    thread = threading.Thread(target=web.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{web.server_address[1]}", asked
    finally:
        web.shutdown()
        web.server_close()


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    with drawing_server() as answering:
        yield answering


OUTSIDE_FILE = "a file outside the built site"
OTHER_ADDRESS = "an address outside the site, which the build does not fetch"

#: Markup in cv.md (OUTSIDE and SERVER stand for the folder beside the site and the web server, OUTPUT for the
#: output folder), the address refused and why. A Markdown link to a file: address is no link at all
#: (markdown-it refuses the scheme), so Markdown links here reach the network. Each address is another: the build
#: names each once.
REFUSED = {
    "the build's environment attached by raw HTML": (
        '<a href="file:///proc/self/environ" rel="attachment">environment</a>',
        "file:///proc/self/environ", OUTSIDE_FILE),
    "a local file attached by raw HTML": (
        '<a href="file://OUTSIDE/secret.txt" rel="attachment">notes</a>', "file://OUTSIDE/secret.txt", OUTSIDE_FILE),
    "a local file drawn": ('<img src="file:///etc/hostname" alt="host name">', "file:///etc/hostname", OUTSIDE_FILE),
    "a local drawing drawn": (
        '<img src="file://OUTSIDE/drawing.svg" alt="drawing">', "file://OUTSIDE/drawing.svg", OUTSIDE_FILE),
    "a remote image": ('<img src="http://127.0.0.1:9/x.png" alt="remote">', "http://127.0.0.1:9/x.png", OTHER_ADDRESS),
    "a remote drawing drawn": (
        '<img src="SERVER/drawing.svg" alt="remote drawing">', "SERVER/drawing.svg", OTHER_ADDRESS),
    "a remote file attached by a Markdown link with attributes": (
        "[notes](SERVER/notes.txt){rel=attachment}", "SERVER/notes.txt", OTHER_ADDRESS),
    "a remote drawing as a Markdown image": ("![remote drawing](SERVER/image.svg)", "SERVER/image.svg",
                                            OTHER_ADDRESS),
    "a symbolic link in the output to a file outside it": (
        '<img src="_static/link.svg" alt="linked drawing">', "file://OUTPUT/_static/link.svg",
        "a symbolic link in the site to a file outside it"),
}


@dataclass(frozen=True)
class Refusals:
    result: subprocess.CompletedProcess
    expected: dict[str, str]  # each case's line, in the order of cv.md
    asked: list[str]  # what the web server was asked for
    pdf: Path


@pytest.fixture(scope="module")
def refusals(tmp_path_factory) -> Refusals:
    """One strict build of a CV holding every markup of REFUSED, a paragraph each (a build for each took seconds
    each): the build reports every refused address, at its own line."""
    work = tmp_path_factory.mktemp("refused")
    outside = outside_folder(work)
    out = work / "html"
    (out / "_static").mkdir(parents=True)
    (out / "_static" / "link.svg").symlink_to(outside / "drawing.svg")
    with drawing_server() as (server_address, asked):

        def placed(text: str) -> str:
            return text.replace("OUTSIDE", str(outside)).replace("SERVER", server_address).replace("OUTPUT", str(out))

        site, lines = site_with_cv_markup(work, *(placed(markup) for markup, _, _ in REFUSED.values()))
        result = strict_build(site, out)
    expected = {case: f"{site / 'cv.md'}:{line}: ERROR: cv.pdf refused {placed(address)}: {reason} ({WHY})"
                for (case, (_, address, reason)), line in zip(REFUSED.items(), lines, strict=True)}
    return Refusals(result, expected, asked, out / "cv.pdf")


@pytest.mark.parametrize("case", [case for case in REFUSED if "symbolic link" not in case])
def test_what_is_outside_the_site_fails_the_build_in_one_line_and_stays_out_of_the_pdf(refusals, case):
    assert refusals.result.returncode != 0
    lines = refusals.result.stderr.splitlines()
    assert lines.count(refusals.expected[case]) == 1, lines


def test_a_symbolic_link_in_the_output_to_a_file_outside_it_is_refused(refusals):
    lines = refusals.result.stderr.splitlines()
    assert lines.count(refusals.expected["a symbolic link in the output to a file outside it"]) == 1, lines


def test_a_refused_cv_fetches_nothing_draws_nothing_and_says_only_its_refusals(refusals):
    assert refusals.result.returncode != 0
    assert refusals.asked == []  # nothing was fetched from the network
    assert MARKER not in what_the_pdf_holds(refusals.pdf)
    assert refusals.result.stderr.splitlines() == list(refusals.expected.values())  # one line each, in order
    assert "Traceback" not in refusals.result.stdout + refusals.result.stderr
    assert not refusals.pdf.exists()  # a CV that failed leaves no PDF


def test_the_sites_own_images_and_data_images_are_drawn(tmp_path):
    """A local build: an image of _static in raw HTML and in Markdown (which Sphinx copies to _images), and a
    data: image, which holds what it draws."""
    data_image = ("data:image/svg+xml;utf8,%3Csvg xmlns='http://www.w3.org/2000/svg' width='300' height='40'%3E"
                  "%3Ctext x='5' y='30'%3EDATA-IMAGE%3C/text%3E%3C/svg%3E")
    site, _ = site_with_cv_markup(tmp_path, '<img src="_static/inside.svg" alt="inside">',
                                  "![inside](_static/inside.svg)", f'<img src="{data_image}" alt="data">')
    (site / "_static" / "inside.svg").write_text(SVG.format(text="INSIDE-THE-SITE"))
    out = tmp_path / "html"
    result = strict_build(site, out)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    text = PdfReader(out / "cv.pdf").pages[-1].extract_text()
    assert text.count("INSIDE-THE-SITE") == 2 and "DATA-IMAGE" in text, text


def test_a_picture_replaced_under_its_own_name_is_drawn_anew(tmp_path):
    """The CV page is the same, its picture is not: the PDF shows the new one."""
    site, _ = site_with_cv_markup(tmp_path, '<img src="_static/inside.svg" alt="inside">')
    picture = site / "_static" / "inside.svg"
    picture.write_text(SVG.format(text="THE-FIRST-PICTURE"))
    out = tmp_path / "html"
    assert strict_build(site, out).returncode == 0
    assert "THE-FIRST-PICTURE" in PdfReader(out / "cv.pdf").pages[-1].extract_text()
    page = (out / "cv.html").read_bytes()
    picture.write_text(SVG.format(text="THE-NEW-PICTURE"))
    result = strict_build(site, out)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    assert (out / "cv.html").read_bytes() == page
    assert "THE-NEW-PICTURE" in PdfReader(out / "cv.pdf").pages[-1].extract_text()


def test_a_file_of_the_site_is_attached_from_the_output_not_fetched_from_its_address(tmp_path, server):
    """Where the site has an address (Read the Docs), the CV's relative links are made absolute with it; an
    attachment under it is read from the output folder, never from the network (where the site is the last
    deployment, or not yet there)."""
    server_address, asked = server
    site, _ = site_with_cv_markup(tmp_path, '<a href="_static/notes.txt" rel="attachment">notes</a>')
    (site / "_static" / "notes.txt").write_text("NOTES-OF-THE-SITE\n")
    out = tmp_path / "html"
    result = strict_build(site, out, env={"READTHEDOCS_CANONICAL_URL": f"{server_address}/en/latest/"})
    assert result.returncode == 0 and result.stderr == "", result.stderr
    assert asked == []
    attached = [annotation.get_object()["/FS"].get_object()["/EF"]["/F"].get_object().get_data()
                for page in PdfReader(out / "cv.pdf").pages for annotation in page.get("/Annots", [])
                if annotation.get_object()["/Subtype"] == "/FileAttachment"]
    assert attached == [b"NOTES-OF-THE-SITE\n"]


def test_only_files_under_the_output_and_its_address_are_let_through(tmp_path):
    """The decisions themselves, without a build: what a crafted address resolves to."""
    from sphinx_scholar.cv.fetcher import SiteFilesOnly

    out = tmp_path / "html"
    (out / "_static").mkdir(parents=True)
    (out / "_static" / "photo.png").write_bytes(b"")
    (tmp_path / "elsewhere.txt").write_text(MARKER)
    fetcher = SiteFilesOnly(out, ["https://ada.example.org/en/latest", ""])

    def let_through(url: str) -> bool:
        return fetcher.site_file(urlsplit(url))[0] is not None

    assert let_through((out / "_static" / "photo.png").as_uri())
    assert let_through((out / "_static" / "photo.png").as_uri() + "?v=1#top")
    assert let_through("https://ada.example.org/en/latest/_static/photo.png")
    assert let_through("HTTPS://ADA.example.org/en/latest/_static/photo.png")
    assert not let_through((out / "_static" / ".." / ".." / "elsewhere.txt").as_uri())
    assert not let_through("https://ada.example.org/en/latest/%2e%2e/%2e%2e/%2e%2e/elsewhere.txt")
    assert not let_through("https://ada.example.org/en/latest//etc/hostname")
    assert not let_through("https://ada.example.org/en/stable/_static/photo.png")
    assert not let_through("http://ada.example.org/en/latest/_static/photo.png")
    assert not let_through(f"file://build-host{out}/_static/photo.png")
    assert not let_through("ftp://ada.example.org/en/latest/_static/photo.png")
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"
    with pytest.raises(ValueError, match="a file outside the built site"):
        fetcher.fetch((tmp_path / "elsewhere.txt").as_uri())
    assert list(fetcher.refused) == [(tmp_path / "elsewhere.txt").as_uri()]
