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
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from engine_helpers import TESTS
from pypdf import PdfReader

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


def site_with_cv_markup(tmp_path: Path, markup: str) -> tuple[Path, int]:
    """test-site with ``markup`` added to its CV page; returns the site and the line of cv.md it begins on."""
    site = tmp_path / "site"
    shutil.copytree(TESTS / "roots" / "test-site", site)
    cv = site / "cv.md"
    cv.write_text(cv.read_text(encoding="utf-8") + f"\n## Files\n\n{markup}\n", encoding="utf-8")
    line = cv.read_text(encoding="utf-8").splitlines().index(markup.splitlines()[0]) + 1
    return site, line


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


@pytest.fixture
def outside(tmp_path) -> Path:
    """A folder beside the site, with a text file and a drawing that say MARKER."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.txt").write_text(f"{MARKER}\n")
    (folder / "drawing.svg").write_text(SVG.format(text=MARKER))
    return folder


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
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


OUTSIDE_FILE = "a file outside the built site"
OTHER_ADDRESS = "an address outside the site, which the build does not fetch"

#: Markup in cv.md (OUTSIDE and SERVER stand for the folder beside the site and the web server), the address
#: refused and why. A Markdown link to a file: address is no link at all (markdown-it refuses the scheme), so
#: Markdown links here reach the network.
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
    "a remote drawing as a Markdown image": ("![remote drawing](SERVER/drawing.svg)", "SERVER/drawing.svg",
                                            OTHER_ADDRESS),
}


@pytest.mark.parametrize("markup, address, reason", REFUSED.values(), ids=REFUSED.keys())
def test_what_is_outside_the_site_fails_the_build_in_one_line_and_stays_out_of_the_pdf(
        tmp_path, outside, server, markup, address, reason):
    server_address, asked = server

    def placed(text: str) -> str:
        return text.replace("OUTSIDE", str(outside)).replace("SERVER", server_address)

    site, line = site_with_cv_markup(tmp_path, placed(markup))
    out = tmp_path / "html"
    result = strict_build(site, out)
    assert result.returncode != 0
    expected = re.compile(rf"{re.escape(str(site / 'cv.md'))}:{line}: ERROR: cv\.pdf refused "
                          rf"{re.escape(placed(address))}: {re.escape(reason)} \({re.escape(WHY)}\)")
    assert asked == []  # nothing was fetched from the network
    assert MARKER not in what_the_pdf_holds(out / "cv.pdf")
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and expected.fullmatch(lines[0]), lines
    assert "Traceback" not in result.stdout + result.stderr
    assert not (out / "cv.pdf").exists()  # a CV that failed leaves no PDF


def test_a_symbolic_link_in_the_output_to_a_file_outside_it_is_refused(tmp_path, outside):
    site, line = site_with_cv_markup(tmp_path, '<img src="_static/drawing.svg" alt="drawing">')
    out = tmp_path / "html"
    (out / "_static").mkdir(parents=True)
    (out / "_static" / "drawing.svg").symlink_to(outside / "drawing.svg")
    result = strict_build(site, out)
    assert result.returncode != 0
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0] == (
        f"{site / 'cv.md'}:{line}: ERROR: cv.pdf refused {(out / '_static' / 'drawing.svg').as_uri()}: "
        f"a symbolic link in the site to a file outside it ({WHY})"), lines
    assert MARKER not in what_the_pdf_holds(out / "cv.pdf")


def test_the_sites_own_images_and_data_images_are_drawn(tmp_path):
    """A local build: an image of _static in raw HTML and in Markdown (which Sphinx copies to _images), and a
    data: image, which holds what it draws."""
    data_image = ("data:image/svg+xml;utf8,%3Csvg xmlns='http://www.w3.org/2000/svg' width='300' height='40'%3E"
                  "%3Ctext x='5' y='30'%3EDATA-IMAGE%3C/text%3E%3C/svg%3E")
    site, _ = site_with_cv_markup(tmp_path, f'<img src="_static/inside.svg" alt="inside">\n\n'
                                           f'![inside](_static/inside.svg)\n\n<img src="{data_image}" alt="data">')
    (site / "_static" / "inside.svg").write_text(SVG.format(text="INSIDE-THE-SITE"))
    out = tmp_path / "html"
    result = strict_build(site, out)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    text = PdfReader(out / "cv.pdf").pages[-1].extract_text()
    assert text.count("INSIDE-THE-SITE") == 2 and "DATA-IMAGE" in text, text


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
