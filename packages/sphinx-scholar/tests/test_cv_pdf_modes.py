"""The CV's PDF, drawn only when the CV changed, on the paper the settings say; and where WeasyPrint, Pango
or a font is missing, left out of a local build (with its links) in one line, or one failing line where the PDF
is required (tests/roots/test-site)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from engine_helpers import TESTS
from pypdf import PdfReader
from sphinx_scholar.testing import sphinx_build, sphinx_scholar_command

pytestmark = pytest.mark.slow


def copy_site(destination: Path) -> Path:
    shutil.copytree(TESTS / "roots" / "test-site", destination)
    return destination


def html(site: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """`sphinx-scholar html -q`, as `make html` runs it."""
    return sphinx_scholar_command(site, "html", "-q", env=env)


def test_rendered_again_only_when_the_cv_changed(tmp_path):
    site = copy_site(tmp_path / "site")
    assert html(site).returncode == 0
    pdf = site / "_build" / "html" / "cv.pdf"
    first = pdf.stat().st_mtime_ns
    (site / "index.md").write_text((site / "index.md").read_text() + "\nA new line on the home page.\n")
    result = html(site)
    assert result.returncode == 0 and "Rendered" not in result.stdout
    assert pdf.stat().st_mtime_ns == first
    cv = site / "cv.md"
    cv.write_text(cv.read_text() + "\n## Talks\n\nA talk.\n")
    result = html(site)
    assert "Rendered the CV as a PDF" in result.stdout
    assert "A talk." in PdfReader(pdf).pages[-1].extract_text()


def test_a_build_that_leaves_the_cv_page_as_it_was_does_not_read_it_again(tmp_path):
    """Deciding that the PDF is up to date costs a digest of the page's bytes: no printer is started to read a
    long CV again (it would note what it printed)."""
    site = copy_site(tmp_path / "site")
    assert html(site).returncode == 0 and (site / "_build" / "html" / "cv.pdf").is_file()
    cv_page, noted = site / "_build" / "html" / "cv.html", site / "_build" / "doctrees" / "scholar" / "cv-page.digest"
    before = (cv_page.read_bytes(), noted.stat().st_mtime_ns)
    (site / "index.md").write_text((site / "index.md").read_text() + "\nA new line on the home page.\n")
    assert html(site).returncode == 0
    assert "A new line" in (site / "_build" / "html" / "index.html").read_text()
    assert (cv_page.read_bytes(), noted.stat().st_mtime_ns) == before, "the CV page was printed again"


def test_a_page_changed_only_off_paper_is_not_drawn_again_nor_said_to_be(make_app, tmp_path):
    """The site's title, in every page's head and header, changes the CV page but not what paper shows of it."""
    from io import StringIO

    site = copy_site(tmp_path / "site")
    app = make_app("html", srcdir=site, status=StringIO())
    app.build()
    pdf = Path(app.outdir) / "cv.pdf"
    assert app.statuscode == 0 and "rendering cv.pdf" in app._status.getvalue()
    drawn, page = pdf.read_bytes(), (Path(app.outdir) / "cv.html").read_bytes()
    app = make_app("html", srcdir=site, status=StringIO(), confoverrides={"html_title": "Another title"})
    app.build()
    assert app.statuscode == 0 and (Path(app.outdir) / "cv.html").read_bytes() != page
    assert "rendering cv.pdf" not in app._status.getvalue() and pdf.read_bytes() == drawn


def test_letter_paper_is_a_setting(tmp_path):
    site = copy_site(tmp_path / "site")
    assert sphinx_build(site, tmp_path / "html", "-D", "scholar_cv_paper=Letter").returncode == 0
    sheet = PdfReader(tmp_path / "html" / "cv.pdf").pages[0]
    assert (round(float(sheet.mediabox.width)), round(float(sheet.mediabox.height))) == (612, 792)


#: A local build: the PDF is drawn where it can be, and left out with one line where it cannot.
LOCAL = {"CI": "", "READTHEDOCS": ""}


def fake_weasyprint(tmp_path) -> dict[str, str]:
    fake = tmp_path / "fake"
    (fake / "weasyprint").mkdir(parents=True)
    (fake / "weasyprint" / "__init__.py").write_text("raise OSError('cannot load library \"libpango-1.0-0\"')\n")
    return {"PYTHONPATH": str(fake)}


def no_pdf_link(html) -> bool:
    return not any('href="cv.pdf"' in path.read_text(encoding="utf-8") or 'href="../cv.pdf"' in path.read_text(
        encoding="utf-8") for path in html.rglob("*.html"))


def test_a_missing_renderer_leaves_the_pdf_and_its_links_out_of_a_local_build(tmp_path):
    site = copy_site(tmp_path / "site")
    result = sphinx_build(site, tmp_path / "html", env={**fake_weasyprint(tmp_path), **LOCAL})
    assert result.returncode == 0 and not result.stderr, result.stderr
    assert not (tmp_path / "html" / "cv.pdf").exists()
    assert no_pdf_link(tmp_path / "html")


def test_a_renderer_installed_since_the_last_build_is_found(tmp_path):
    """Whether WeasyPrint loads is kept with the doctrees (importing it to ask takes most of a second of each
    build), for the WeasyPrint and libraries it was found with only."""
    site = copy_site(tmp_path / "site")
    result = sphinx_build(site, tmp_path / "html", env={**fake_weasyprint(tmp_path), **LOCAL})
    assert result.returncode == 0 and no_pdf_link(tmp_path / "html")
    result = sphinx_build(site, tmp_path / "html", env=LOCAL)
    assert result.returncode == 0 and (tmp_path / "html" / "cv.pdf").is_file(), result.stderr
    assert not no_pdf_link(tmp_path / "html")


def test_make_html_says_in_one_line_what_to_install_for_the_pdf(tmp_path):
    site = copy_site(tmp_path / "site")
    (tmp_path / "fonts.conf").write_text('<?xml version="1.0"?><fontconfig></fontconfig>\n')
    result = html(site, env={"FONTCONFIG_FILE": str(tmp_path / "fonts.conf"), **LOCAL})
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if "Fontconfig" not in line]
    assert len(lines) == 1 and "cv.pdf needs fonts: install" in lines[0] and "built without it" in lines[0], lines
    assert not (site / "_build" / "html" / "cv.pdf").exists() and no_pdf_link(site / "_build" / "html")


@pytest.mark.parametrize("required", [{"CI": "true"}, {"READTHEDOCS": "True"}, {"CI": ""}])
def test_a_missing_renderer_is_one_line_where_the_pdf_is_required(tmp_path, required):
    site = copy_site(tmp_path / "site")
    options = ("-D", "scholar_cv_pdf=required") if required == {"CI": ""} else ()
    result = sphinx_build(site, tmp_path / "html", *options, env={**fake_weasyprint(tmp_path), **required})
    assert result.returncode != 0
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and re.search(r"cv\.md:1: ERROR: cv\.pdf needs WeasyPrint: install", lines[0]), lines


def test_a_missing_font_is_one_line_where_the_pdf_is_required(tmp_path):
    """No font at all (an empty fontconfig, as on slim images); then Latin fonts but no CJK one."""
    site = copy_site(tmp_path / "site")
    (tmp_path / "fonts.conf").write_text('<?xml version="1.0"?><fontconfig></fontconfig>\n')
    result = sphinx_build(site, tmp_path / "html", env={"FONTCONFIG_FILE": str(tmp_path / "fonts.conf"), "CI": "true"})
    lines = [line for line in result.stderr.splitlines() if "Fontconfig" not in line]
    assert result.returncode != 0
    assert len(lines) == 1 and "cv.pdf needs fonts" in lines[0] and "fonts-dejavu-core" in lines[0], lines
    conf = site / "conf.py"  # an owner with a name in Chinese
    conf.write_text(conf.read_text() + 'scholar_owner = {**scholar_owner, "alternate_name": "艾达"}\n')
    latin = [folder for folder in ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/truetype/liberation")
             if Path(folder).is_dir()]
    assert latin, "the test needs Debian's fonts-dejavu-core"
    (tmp_path / "fonts.conf").write_text('<?xml version="1.0"?><fontconfig>'
                                         + "".join(f"<dir>{folder}</dir>" for folder in latin) + "</fontconfig>\n")
    result = sphinx_build(site, tmp_path / "html2", env={"FONTCONFIG_FILE": str(tmp_path / "fonts.conf"), "CI": "true"})
    lines = [line for line in result.stderr.splitlines() if "Fontconfig" not in line]
    assert result.returncode != 0
    assert len(lines) == 1 and "needs a CJK font" in lines[0] and "fonts-noto-cjk" in lines[0], lines


def test_the_pdf_is_drawn_beside_the_pages_and_its_problems_are_the_builds(make_app, tmp_path, monkeypatch):
    """Drawn in a process of its own, started while the other pages are written; what it finds fails the build
    as if drawn in it."""
    from sphinx_scholar.cv import pdf as cv_pdf

    site = copy_site(tmp_path / "site")
    written, started = [], []
    start = cv_pdf.start_drawing
    monkeypatch.setattr(cv_pdf, "start_drawing", lambda *job: started.append(len(written)) or start(*job))
    app = make_app("html", srcdir=site)
    app.connect("html-page-context", lambda app, pagename, *rest: written.append(pagename))
    app.build()
    assert app.statuscode == 0 and (Path(app.outdir) / "cv.pdf").is_file()
    assert len(started) == 1 and 0 < started[0] < len(written), (started, len(written))

    class Failing:
        def result(self):
            return {"problems": [["cv.pdf: something went wrong", "cv.md:1"]], "refused": {}}

    monkeypatch.setattr(cv_pdf, "draw_cv", lambda app, to_draw: Failing())
    (site / "cv.md").write_text((site / "cv.md").read_text() + "\nOne more line.\n")
    app = make_app("html", srcdir=site)
    app.build()
    assert app.statuscode == 1


def test_a_long_cv_is_drawn_in_a_python_of_its_own(make_app, tmp_path, monkeypatch):
    """Of the engine the build runs, with none of the site's modules."""
    from sphinx_scholar.cv import beside
    from sphinx_scholar.cv import pdf as cv_pdf

    site = copy_site(tmp_path / "site")
    # A module of the site's named as one the printer imports: it is not taken for it.
    (site / "calendar.py").write_text("print('the site module')\n")
    monkeypatch.chdir(site)
    drawings = []
    start = cv_pdf.start_drawing
    monkeypatch.setattr(beside, "LONG_CV_BYTES", 1)  # every CV is long
    monkeypatch.setattr(cv_pdf, "start_drawing", lambda *job: drawings.append(start(*job)) or drawings[-1])
    app = make_app("html", srcdir=site)
    app.build()
    assert app.statuscode == 0 and [type(drawing) for drawing in drawings] == [beside.PdfDrawing]
    assert "Curriculum vitae" in PdfReader(Path(app.outdir) / "cv.pdf").pages[0].extract_text()


def test_a_drawing_that_ends_without_an_answer_is_one_line(tmp_path):
    from sphinx_scholar.cv.beside import LOST, PdfDrawing

    drawing = PdfDrawing(printing_job(tmp_path))
    drawing.process.kill()
    assert drawing.result() == LOST


def printing_job(folder: Path) -> dict:
    return {"html": "<!DOCTYPE html><html><body><p>CV</p></body></html>", "digest": "", "made_of": "",
            "outdir": str(folder), "site_addresses": [], "scholar_folder": str(folder),
            "remembered_weasyprint": "weasyprint.json", "source": "cv.md"}


DRAWS_FOREVER = """
import json, signal, sys, time
from sphinx_scholar.cli.html import stop_as_interrupted
from sphinx_scholar.cv.beside import PdfDrawing
signal.signal(signal.SIGTERM, stop_as_interrupted)  # as make html's build has it
drawing = PdfDrawing(json.loads(sys.argv[1]))  # into a pipe no one reads: it waits
print(drawing.process.pid, flush=True)
time.sleep(120)
"""


def gone(pid: int) -> bool:
    """Ended (a zombie no one reaps yet has ended too)."""
    try:
        return Path(f"/proc/{pid}/status").read_text().split("State:")[1].split()[0] in ("Z", "X")
    except (OSError, IndexError):
        return True


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the kernel's parent-death signal is Linux's")
def test_the_drawing_ends_with_a_build_killed_outright(tmp_path):
    """A build killed with SIGKILL cannot stop its drawing: the drawing ends by itself, without a word (a
    traceback of the build's SIGTERM handler, say), and never draws on holding the build's lock for nobody."""
    os.mkfifo(tmp_path / "cv.pdf")  # no one reads it: the printer waits to write the PDF until it is ended
    build = subprocess.Popen([sys.executable, "-c", DRAWS_FOREVER, json.dumps(printing_job(tmp_path))],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    drawing = int(build.stdout.readline())
    assert not gone(drawing)
    build.kill()
    build.wait()
    deadline = time.monotonic() + 10
    while not gone(drawing) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert gone(drawing), "the drawing outlived its build"
    assert build.stderr.read() == ""


def test_an_owner_name_no_xml_takes_is_printed_without_it():
    from sphinx_scholar.cv.printer import printed_page

    page = (b'<html><head><title>Curriculum vitae</title></head><body><article class="bd-article">'
            b"<h1>Curriculum vitae</h1><p>Text.</p></article></body></html>")
    printed = printed_page(page, "", {"name": "Ada\x0bLovelace", "alternate_name": "A\x00L"}, "en", "A4")
    assert "<h1>AdaLovelace (<span>AL</span>)</h1>" in printed and '<p class="cv-kind">Curriculum vitae</p>' in printed
