"""The CV as a PDF (cv.pdf beside cv.html): what the CV page says, typeset for paper, with working links and
metadata; rendered only when the CV changed; a missing renderer or font is one line."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader
from site_helpers import copy_site, page, run_make, sphinx_build
from sources import read_sources

SOURCES = read_sources()
A4 = (595.28, 841.89)


@pytest.fixture(scope="module")
def pdf(site) -> PdfReader:
    return PdfReader(site / "cv.pdf")


def words(text: str) -> str:
    """Text as a PDF's text layer gives it: lines joined, hyphenation undone, spaces squeezed."""
    return " ".join(text.replace("-\n", "-").replace("\xa0", " ").split())


def pdf_text(reader: PdfReader) -> str:
    return words("\n".join(sheet.extract_text() for sheet in reader.pages))


def test_one_to_three_a4_pages_with_page_numbers(pdf):
    assert 1 <= len(pdf.pages) <= 3
    for number, sheet in enumerate(pdf.pages, start=1):
        width, height = float(sheet.mediabox.width), float(sheet.mediabox.height)
        assert (round(width, 1), round(height, 1)) == (round(A4[0], 1), round(A4[1], 1))
        assert f"{number} / {len(pdf.pages)}" in sheet.extract_text()


def test_metadata_names_the_owner_and_the_cv(pdf):
    owner = SOURCES.owner["name"]
    assert pdf.metadata.title == f"{owner} – Curriculum vitae"
    assert pdf.metadata.author == owner
    assert pdf.metadata.subject and owner in pdf.metadata.subject


def test_says_what_the_cv_page_says(site, pdf):
    text = pdf_text(pdf).replace(" ", "")
    article = page(site, "cv.html").select_one("article.bd-article")
    for furniture in article.select("a.headerlink, p.pub-links, details, a.cv-pdf-link, .pub-authors-toggle, "
                                    ".pub-authors-gap"):  # screen only: paper shows every author
        furniture.decompose()
    for block in article.select("h1, h2, h3, dt, dd, li, p"):
        if block.find(["li", "p", "dd"]) is None:
            expected = words(block.get_text(" ")).replace(" ", "")
            assert expected in text, block.get_text(" ")[:80]
    for entry in SOURCES.entries.values():
        assert entry.title.replace(" ", "") in text, entry.key


def test_the_owners_name_in_chinese_is_text(pdf):
    alternate = SOURCES.owner.get("alternate_name")
    if alternate:
        assert alternate in pdf_text(pdf)


def test_links_work(pdf):
    targets = {annotation.get_object()["/A"].get("/URI") for sheet in pdf.pages
               for annotation in sheet.get("/Annots", [])}
    owner = SOURCES.owner
    if owner.get("email"):
        assert any(target and target.startswith("mailto:") for target in targets), targets
    if owner.get("homepage"):
        assert owner["homepage"] in targets


def test_no_website_furniture(pdf):
    text = pdf_text(pdf)
    for furniture in ("BibTeX", "Project page", "Publication list", "Search", "CV (PDF)", "¶"):
        assert furniture not in text, furniture


@pytest.mark.parametrize("name", ["cv.html", "index.html"])
def test_cv_and_home_pages_link_the_pdf(site, name):
    link = page(site, name).find("a", class_="cv-pdf-link")
    assert link is not None and link["href"] == "cv.pdf" and link.get_text() == "CV (PDF)"


def test_rendered_again_only_when_the_cv_changed(tmp_path):
    site = copy_site(tmp_path / "site")
    assert run_make(site, "html").returncode == 0
    pdf = site / "_build" / "html" / "cv.pdf"
    first = pdf.stat().st_mtime_ns
    (site / "index.md").write_text((site / "index.md").read_text() + "\nA new line on the home page.\n")
    result = run_make(site, "html")
    assert result.returncode == 0 and "Rendered" not in result.stdout
    assert pdf.stat().st_mtime_ns == first
    cv = site / "cv.md"
    cv.write_text(cv.read_text() + "\n## Talks\n\nA talk.\n")
    result = run_make(site, "html")
    assert "Rendered the CV as a PDF" in result.stdout
    assert "A talk." in PdfReader(pdf).pages[-1].extract_text()


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


def test_make_html_says_in_one_line_what_to_install_for_the_pdf(tmp_path):
    site = copy_site(tmp_path / "site")
    (tmp_path / "fonts.conf").write_text('<?xml version="1.0"?><fontconfig></fontconfig>\n')
    result = subprocess.run([sys.executable, "-m", "sphinx_scholar", "html", "-q"], cwd=site, capture_output=True,
                            text=True, env={**os.environ, "FONTCONFIG_FILE": str(tmp_path / "fonts.conf"), **LOCAL})
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
    if not re.search(r"[\u3400-\u9fff]", (site / "cv.md").read_text() + str(SOURCES.owner)):
        return
    latin = [folder for folder in ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/truetype/liberation")
             if Path(folder).is_dir()]
    assert latin, "the test needs Debian's fonts-dejavu-core"
    (tmp_path / "fonts.conf").write_text('<?xml version="1.0"?><fontconfig>'
                                         + "".join(f"<dir>{folder}</dir>" for folder in latin) + "</fontconfig>\n")
    result = sphinx_build(site, tmp_path / "html2", env={"FONTCONFIG_FILE": str(tmp_path / "fonts.conf"), "CI": "true"})
    lines = [line for line in result.stderr.splitlines() if "Fontconfig" not in line]
    assert result.returncode != 0
    assert len(lines) == 1 and "needs a CJK font" in lines[0] and "fonts-noto-cjk" in lines[0], lines
