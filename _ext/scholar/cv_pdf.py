"""The CV as a PDF, from the same sources as the CV page: the written page, printed by WeasyPrint with the print
stylesheet a browser uses to print it, into ``cv.pdf`` at the root of the site.

Rendering is the slow part, so it happens only when what would be printed changed (a digest of the printed
HTML, the stylesheet, the paper size and WeasyPrint's version, kept with the doctrees). A missing WeasyPrint,
Pango or CJK font is one line saying what to install, and the build fails: a CV page must not link a PDF that
is not there.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import warnings
from pathlib import Path
from urllib.parse import urljoin

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxRole

from .errors import report_error
from .settings import settings
from .store import content_digest

logger = logging.getLogger(__name__)
PDF_NAME = "cv.pdf"
PRINT_STYLESHEET = "print.css"
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
INSTALL = ("install WeasyPrint with 'pip install -r requirements.txt' and Pango with 'apt-get install "
           "libpango-1.0-0 libpangoft2-1.0-0'")
#: What the page holds that paper has no use for; the print stylesheet hides the same in a browser.
FURNITURE = "a.headerlink, p.pub-links, details, .draft-mark"


class CvPdfRole(SphinxRole):
    """``{cv-pdf}`CV (PDF)```: a link to the CV's PDF, from any page."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        text = self.text or "CV (PDF)"
        return [nodes.reference(text, text, refuri=pdf_uri(self.env.docname), classes=["cv-pdf-link"])], []


def pdf_uri(docname: str) -> str:
    """The PDF's address from the page ``docname``."""
    return "../" * docname.count("/") + PDF_NAME


def weasyprint_problem() -> str:
    with warnings.catch_warnings():  # its own warning about fonts would be a second line; the font check says it
        warnings.simplefilter("ignore")
        try:
            import weasyprint  # noqa: F401 - imported to see that it and Pango load
        except (ImportError, OSError):
            return f"{PDF_NAME} needs WeasyPrint: {INSTALL}"
    return ""


def cjk_font_installed() -> bool:
    """Whether fontconfig, which Pango asks, knows a Chinese font (without fc-list: one in the font folders)."""
    if shutil.which("fc-list"):
        listing = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True)
        return bool(listing.stdout.strip())
    folders = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts"]
    return any(next(folder.rglob("*CJK*"), None) for folder in folders if folder.is_dir())


def cjk_font_problem(text: str) -> str:
    if not CJK.search(text):
        return ""
    if not cjk_font_installed():
        return (f"{PDF_NAME} needs a CJK font for {CJK.search(text).group()}: install one with "
                "'apt-get install fonts-noto-cjk'")
    return ""


def printed_page(app: Sphinx, page: Path, base_url: str) -> str:
    """The CV page as paper shows it: its article, furniture taken out, links made absolute (or left as text
    where the site has no address), with the page's title and the owner as the PDF's metadata."""
    from bs4 import BeautifulSoup  # only when a CV is printed

    document = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    article = document.select_one("article.bd-article") or document.body
    for element in article.select(FURNITURE):
        element.decompose()
    for link in article.select("a.cv-pdf-link"):  # with its paragraph, when that holds nothing else
        (link.parent if link.parent.name == "p" and link.parent.get_text(strip=True) == link.get_text(strip=True)
         else link).decompose()
    for link in article.find_all("a", href=True):
        href = link["href"]
        if not re.match(r"^[a-z][a-z0-9+.-]*:", href):
            if base_url:
                link["href"] = urljoin(base_url, href)
            else:
                link.unwrap()
    owner = settings(app.config).owner
    description = document.find("meta", attrs={"name": "description"})
    head = document.new_tag("head")
    head.append(document.new_tag("meta", charset="utf-8"))
    title = document.new_tag("title")
    title.string = f"{owner.get('name', '')} – {document.title.get_text().split(' — ')[0]}".strip(" –")
    head.append(title)
    head.append(document.new_tag("meta", attrs={"name": "author", "content": owner.get("name", "")}))
    if description is not None:
        head.append(document.new_tag("meta", attrs={"name": "description", "content": description["content"]}))
    head.append(document.new_tag("link", rel="stylesheet", href=f"_static/{PRINT_STYLESHEET}"))
    paper = "letter" if settings(app.config).cv_paper.lower() in ("letter", "us letter") else "A4"
    style = document.new_tag("style")
    style.string = f"@page {{ size: {paper}; }}"
    head.append(style)
    return f"<!DOCTYPE html><html lang=\"{app.config.language or 'en'}\">{head}<body>{article}</body></html>"


def render_cv(app: Sphinx, exception: Exception | None) -> None:
    cv_page = settings(app.config).cv_page
    if exception is not None or app.builder.name != "html" or app.statuscode != 0 or not cv_page:
        return
    outdir = Path(app.outdir)
    page = outdir / app.builder.get_target_uri(cv_page)
    if not page.is_file():
        return
    base = app.config.html_baseurl
    html = printed_page(app, page, urljoin(base.rstrip("/") + "/", app.builder.get_target_uri(cv_page)) if base
                        else "")
    problem = weasyprint_problem() or cjk_font_problem(re.sub(r"<[^>]*>", " ", html))
    if problem:
        report_error(app, problem, location=f"{app.env.doc2path(cv_page)}:1", subtype="cv_pdf")
        return
    import weasyprint

    stylesheet = (outdir / "_static" / PRINT_STYLESHEET).read_text(encoding="utf-8")
    digest = content_digest(html, stylesheet, weasyprint.__version__)
    stored = Path(app.doctreedir) / "scholar" / "cv.digest"
    pdf = outdir / PDF_NAME
    if pdf.is_file() and stored.is_file() and stored.read_text() == digest:
        return
    logger.info(f"rendering {PDF_NAME} with WeasyPrint…")
    weasyprint.HTML(string=html, base_url=str(outdir) + "/").write_pdf(pdf)
    stored.parent.mkdir(parents=True, exist_ok=True)
    stored.write_text(digest)


def setup_cv_pdf(app: Sphinx) -> None:
    app.add_role("cv-pdf", CvPdfRole())
    app.add_css_file(PRINT_STYLESHEET, media="print")
    app.connect("build-finished", render_cv)
