"""The CV's PDF printed from a job that holds plain values only, so that it can be drawn outside the build: in a
fork of it, or, for a long CV, in a Python of its own (:func:`printed`, run by :class:`..processes.WorkInPython`;
:mod:`.beside` chooses). Nothing here imports Sphinx. What the machine lacks to draw the PDF is found here as
well, for the build to ask before any page is read.
"""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
import sys
import warnings
from pathlib import Path
from urllib.parse import urljoin

#: Where the CV's PDF is published: beside the CV page, at the root of the site.
PDF_NAME = "cv.pdf"
PRINT_STYLESHEET = "print.css"
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
INSTALL = ("install WeasyPrint with 'pip install -r requirements.txt' and Pango with 'apt-get install "
           "libpango-1.0-0 libpangoft2-1.0-0' ('brew install pango' on macOS)")
FONTS = "install some with 'apt-get install fonts-dejavu-core fontconfig'"
#: Where the digests of what was printed are kept, in the build's ``doctrees/scholar`` folder.
PRINTED_DIGEST, PAGE_DIGEST = "cv.digest", "cv-page.digest"


def weasyprint_problem() -> str:
    with warnings.catch_warnings():  # its own warning about fonts would be a second line; the font check says it
        warnings.simplefilter("ignore")
        try:
            import weasyprint  # noqa: F401 - imported to see that it and Pango load
        except (ImportError, OSError):
            return f"{PDF_NAME} needs WeasyPrint: {INSTALL}"
    return ""


def font_families(pattern: str = ":") -> str | None:
    """What fontconfig (which Pango asks) lists, or None where there is no fc-list to ask."""
    if not shutil.which("fc-list"):
        return None
    return subprocess.run(["fc-list", pattern, "family"], capture_output=True,
                          text=True).stdout.strip()


def font_problem() -> str:
    """With no font at all WeasyPrint fails deep inside (an AssertionError) or runs for minutes."""
    if font_families() == "":
        return f"{PDF_NAME} needs fonts: {FONTS}"
    return ""


def cjk_font_installed() -> bool:
    """Whether fontconfig, which Pango asks, knows a Chinese font (without fc-list: one in the font folders)."""
    listed = font_families(":lang=zh")
    if listed is not None:
        return bool(listed)
    folders = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts"]
    return any(next(folder.rglob("*CJK*"), None) for folder in folders if folder.is_dir())


def cjk_font_problem(text: str) -> str:
    if not CJK.search(text):
        return ""
    if not cjk_font_installed():
        return (f"{PDF_NAME} needs a CJK font for {CJK.search(text).group()}: install one with "
                "'apt-get install fonts-noto-cjk'")
    return ""


def with_class(name: str) -> str:
    """An XPath test for an element with the class ``name`` among its classes."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


#: What the page holds that paper has no use for; the print stylesheet hides the same in a browser. COinS spans
#: are for reference managers, which read the page, not its PDF.
FURNITURE = (f".//a[{with_class('headerlink')}] | .//p[{with_class('pub-links')}] | .//details"
             f" | .//*[{with_class('draft-mark')}] | .//span[{with_class('Z3988')}]")


#: What no XML (nor lxml) takes: control characters other than tab and line ends.
NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    return NOT_IN_XML.sub("", str(text))


def headline(article, owner: dict) -> None:
    """On paper the CV is headed by whom it is about (the page's own heading, "Curriculum vitae", follows as a
    line below); the alternate name keeps the language the page gave it."""
    heading = next(article.iter("h1"), None)
    if heading is None or not owner.get("name"):
        return
    kind = heading.makeelement("p", {"class": "cv-kind"})
    kind.text = heading.text_content().strip().rstrip("#¶")
    for child in list(heading):
        heading.remove(child)
    heading.text = xml_text(owner["name"])
    if owner.get("alternate_name"):
        heading.text += " ("
        alternate = heading.makeelement("span", {"lang": xml_text(owner["alternate_name_lang"])}
                                        if owner.get("alternate_name_lang") else {})
        alternate.text = xml_text(owner["alternate_name"])
        alternate.tail = ")"
        heading.append(alternate)
    heading.addnext(kind)


def replace_with_text(element, text: str) -> None:
    """``element`` gives way to ``text`` (lxml keeps the text after an element as part of it)."""
    text += element.tail or ""
    parent, previous = element.getparent(), element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + text
    else:
        parent.text = (parent.text or "") + text
    parent.remove(element)


def printed_page(written: bytes, base_url: str, owner: dict, language: str, paper: str) -> str:
    """The CV page (as ``written``) as paper shows it: its article, furniture taken out, links made absolute against
    ``base_url`` (or left as text where the site has no address), with the page's title and the owner as the
    PDF's metadata. Read with lxml's parser, in C: Python's own took 14 s of a CV listing 4,000 papers."""
    from html import escape

    from lxml import html as lxml_html

    document = lxml_html.document_fromstring(written, parser=lxml_html.HTMLParser(encoding="utf-8"))
    article = next(iter(document.xpath(f"//article[{with_class('bd-article')}]")), None)
    article = document.body if article is None else article
    for element in article.xpath(FURNITURE):
        element.drop_tree()
    for formula in list(article.iter("math")):  # WeasyPrint draws no MathML: the formula's text form, O(n²)
        replace_with_text(formula, formula.get("alttext") or formula.text_content())
    for link in article.xpath(f".//a[{with_class('cv-pdf-link')}]"):  # with its paragraph, if that holds no more
        paragraph = link.getparent()
        alone = paragraph.tag == "p" and paragraph.text_content().strip() == link.text_content().strip()
        (paragraph if alone else link).drop_tree()
    for link in article.xpath(".//a[@href]"):
        href = link.get("href")
        if not re.match(r"^[a-z][a-z0-9+.-]*:", href):
            if base_url:
                link.set("href", urljoin(base_url, href))
            else:
                link.drop_tag()
    headline(article, owner)
    page_title = document.findtext(".//title") or ""
    title = f"{owner.get('name', '')} – {page_title.split(' — ')[0]}".strip(" –")
    description = document.xpath("//meta[@name='description']/@content")
    size = "letter" if paper.lower() in ("letter", "us letter") else "A4"
    head = ('<head><meta charset="utf-8"/>'
            f"<title>{escape(title)}</title>"
            f'<meta name="author" content="{escape(owner.get("name", ""))}"/>'
            + (f'<meta name="description" content="{escape(description[0])}"/>' if description else "")
            + f'<link href="_static/{PRINT_STYLESHEET}" rel="stylesheet"/>'
            f"<style>@page {{ size: {size}; }}</style></head>")
    body = lxml_html.tostring(article, encoding="unicode", with_tail=False)
    return f'<!DOCTYPE html><html lang="{escape(language)}">{head}<body>{body}</body></html>'


def print_cv(job: dict) -> dict:
    """Print the page of ``job`` (as :func:`printed_page` gave it) into its PDF. The answer: problems (message,
    location) and the addresses the PDF was not let read (the build places them in the CV's source)."""
    source = f"{job['source']}:1"
    scholar = Path(job["scholar_folder"])
    if problem := weasyprint_problem():  # gone since it was remembered, in a way the key did not see
        (scholar / job["remembered_weasyprint"]).unlink(missing_ok=True)
        return {"problems": [(problem, source)], "refused": {}}
    import weasyprint

    from .._compat import keep_pdf_page_references
    from .fetcher import SiteFilesOnly, refusals_reported_once

    keep_pdf_page_references()
    html = job["html"]
    if problem := cjk_font_problem(re.sub(r"<[^>]*>", " ", html)):  # the CV's text may hold more than the owner
        return {"problems": [(problem, source)], "refused": {}}
    outdir = Path(job["outdir"])
    fetcher = SiteFilesOnly(outdir, job["site_addresses"])
    with refusals_reported_once():
        # PDF/UA: tagged, so that it reads aloud in order and reflows on a phone.
        drawn = weasyprint.HTML(string=html, base_url=str(outdir) + "/", url_fetcher=fetcher).write_pdf(
            pdf_variant="pdf/ua-1")
    if fetcher.refused:  # no PDF, and no digest: the next build draws it again and says the same
        return {"problems": [], "refused": fetcher.refused}
    (outdir / PDF_NAME).write_bytes(drawn)
    scholar.mkdir(parents=True, exist_ok=True)
    (scholar / PRINTED_DIGEST).write_text(job["digest"])
    (scholar / PAGE_DIGEST).write_text(job["made_of"])
    return {"problems": [], "refused": {}}


def answer_to(job: dict) -> dict:
    """:func:`print_cv`'s answer, or the exception it raised: one line, as the build would say it, never a
    traceback."""
    try:
        return print_cv(job)
    except Exception as error:
        return {"problems": [(f"{PDF_NAME} could not be drawn: {type(error).__name__}: {error}", None)],
                "refused": {}}


def printed(job: dict) -> dict:
    """:func:`answer_to`, in a Python of its own: what WeasyPrint says of the page (an image it could not load, a
    property it ignores) as a fork of the build would say it."""
    notices = logging.StreamHandler(sys.stderr)
    notices.setFormatter(logging.Formatter(f"WARNING: {PDF_NAME}: %(message)s"))
    logging.getLogger("weasyprint").addHandler(notices)
    return answer_to(job)
