"""The CV as a PDF (cv.pdf beside cv.html): what the CV page says, typeset for paper, with working links and
metadata; rendered only when the CV changed; a missing renderer or font is one line."""

from __future__ import annotations

import pytest
from pypdf import PdfReader
from site_helpers import page
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
    # Screen only; a long author list prints as the screen shows it before "+N authors" is pressed.
    for furniture in article.select("a.headerlink, p.pub-links, details, a.cv-pdf-link, .pub-author-more"):
        furniture.decompose()
    for block in article.select("h1, h2, h3, dt, dd, li, p"):
        if block.find(["li", "p", "dd"]) is None:
            expected = words(block.get_text(" ")).replace(" ", "")
            assert expected in text, block.get_text(" ")[:80]
    for entry in SOURCES.entries.values():
        assert entry.title.replace(" ", "") in text, entry.key


def test_each_badge_reads_just_before_its_entry(site, pdf):
    """Copied or read aloud, the PDF gives an entry's badge and then its title, as the page does (a badge
    floated or placed beside the entry is drawn after the page's text)."""
    text = " ".join(pdf_text(pdf).replace("\xa0", " ").split())
    for entry in page(site, "cv.html").select("ul.pub-list > li.pub"):
        badge, title = (" ".join(entry.select_one(part).get_text(" ").replace("\xa0", " ").split())
                        for part in (".pub-badge", ".pub-title"))
        assert f"{badge} {title[:30]}" in text, (badge, title)


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
    assert link is not None and link["href"] == "cv.pdf" and link.get_text().endswith("CV (PDF)")


def test_headed_by_the_owner_tagged_and_set_in_latin_fonts_with_real_italics(site, pdf):
    owner = SOURCES.owner
    first_line = pdf.pages[0].extract_text().splitlines()[0]
    assert first_line.startswith(owner["name"]), first_line
    root = pdf.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"], "a tagged PDF reads aloud and reflows"
    fonts = {font.get_object()["/BaseFont"].split("+")[-1] for sheet in pdf.pages
             for font in sheet["/Resources"]["/Font"].values()}
    if page(site, "cv.html").select_one("article em"):
        assert any("Italic" in font or "Oblique" in font for font in fonts), fonts
    assert not any("CJK" in font and "Italic" in font for font in fonts), "no italic faked from the CJK font"
    assert any("CJK" not in font for font in fonts), "Latin text in a Latin font"
    if any("*" in sheet.extract_text() for sheet in pdf.pages):
        assert "Equal contribution" in pdf_text(pdf), "the mark is explained"
