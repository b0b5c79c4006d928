"""The CV as a PDF, from the same sources as the CV page: the written page, printed by WeasyPrint with the print
stylesheet a browser uses to print it, into ``cv.pdf`` at the root of the site.

Rendering is the slow part, so it happens only when what would be printed changed (a digest of the printed
HTML, the stylesheet, the paper size and WeasyPrint's version, kept with the doctrees). A missing WeasyPrint,
Pango or font is one line saying what to install. Where the PDF is required (``scholar_cv_pdf = "required"``,
Read the Docs, CI) the build fails; elsewhere the site is built without the PDF and without links to it,
decided before any page is read (``scholar_cv_pdf_missing``), so that installing the missing part rebuilds
the pages that link it. WeasyPrint reads only the built site's own files (:mod:`.fetcher`): an address
elsewhere is one failing line naming it, and no PDF.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
import sys
import sysconfig
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urljoin

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxRole

from ..errors import report_error
from ..processes import give_back_freed_memory
from ..settings import MISSING, PDF_NAME, pdf_left_out, pdf_uri, settings
from ..steps import announce
from ..store import content_digest, files_digest, write_whole
from .beside import BESIDE, CV_JUST_WRITTEN, needs_later_files, note_writing_process, start_drawing, written_here
from .printer import (
    PAGE_DIGEST,
    PRINT_STYLESHEET,
    PRINTED_DIGEST,
    cjk_font_problem,
    font_problem,
    printed_page,
    weasyprint_problem,
)

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from .beside import Drawing

logger = logging.getLogger(__name__)
#: App -> why its build left the PDF out (``sphinx-scholar html`` says it even when quiet).
LEFT_OUT: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
#: App -> what its machine lacks to draw a required PDF, found before any page was read ("" for nothing).
KNOWN_MISSING: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


class CvPdfRole(SphinxRole):
    """``{cv-pdf}`CV (PDF)```: a link to the CV's PDF, from any page."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        text = self.text or "CV (PDF)"
        if pdf_left_out(self.config):
            return [], []
        return [nodes.reference(text, text, refuri=pdf_uri(self.env.docname), classes=["cv-pdf-link"])], []


def weasyprint_identity() -> str:
    """Which WeasyPrint this Python imports, known without importing it (that takes most of a second): where
    it is and when it was installed ("" where there is none)."""
    spec = importlib.util.find_spec("weasyprint")
    if spec is None or not spec.origin:
        return ""
    try:
        return f"{spec.origin}@{os.stat(spec.origin).st_mtime_ns}"
    except OSError:
        return ""


#: Where the shared libraries WeasyPrint loads (Pango, GObject, fontconfig) are installed: a package manager
#: that adds or removes one changes the folder's time (and ldconfig rewrites its cache).
LIBRARY_PLACES = ("/etc/ld.so.cache", "/usr/lib", "/usr/local/lib", "/opt/homebrew/lib", "/usr/lib64",
                  f"/usr/lib/{sysconfig.get_config_var('MULTIARCH') or ''}")
REMEMBERED_WEASYPRINT = "weasyprint.json"
LIBRARY_VARIABLES = ("LD_LIBRARY_PATH", "DYLD_LIBRARY_PATH", "DYLD_FALLBACK_LIBRARY_PATH",
                     "WEASYPRINT_DLL_DIRECTORIES")


def weasyprint_problem_remembered(folder: Path) -> str:
    """:func:`weasyprint_problem`, kept with the doctrees while this machine's WeasyPrint and libraries are the
    ones it was found with: a build with nothing to draw does not import WeasyPrint to decide."""
    places = []
    for place in LIBRARY_PLACES:
        try:
            places.append(os.stat(place).st_mtime_ns)
        except OSError:
            places.append(0)
    key = content_digest(sys.prefix, weasyprint_identity(), repr(places),
                         repr([os.environ.get(name, "") for name in LIBRARY_VARIABLES]))
    stored = folder / REMEMBERED_WEASYPRINT
    try:
        remembered = json.loads(stored.read_text(encoding="utf-8"))
        if remembered["key"] == key:
            return str(remembered["problem"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    problem = weasyprint_problem()
    write_whole(stored, json.dumps({"key": key, "problem": problem}))
    return problem


def pdf_required(config) -> bool:
    return (settings(config).cv_pdf.lower() == "required" or os.environ.get("READTHEDOCS", "") == "True"
            or os.environ.get("CI", "").lower() in ("true", "1"))


def missing_part(config, doctreedir: Path | None = None) -> str:
    """What keeps this machine from drawing the PDF, as far as is known before the CV is written: WeasyPrint and
    Pango (remembered in ``doctreedir``, if given), any font, and a CJK font for a CJK character in the owner
    section."""
    owner_text = " ".join(str(value) for value in settings(config).owner.values())
    weasyprint = weasyprint_problem_remembered(doctreedir / "scholar") if doctreedir else weasyprint_problem()
    return weasyprint or font_problem() or cjk_font_problem(owner_text)


def decide_pdf(app: Sphinx, config) -> None:
    """Decided once, before any page is read: a page links the PDF only when it will be there. The value is a
    config value that rebuilds every page when it changes (a font installed since the last build). Where the PDF
    is required, what is missing fails the build when the CV is printed."""
    missing = missing_part(config, Path(app.doctreedir)) if settings(config).cv_page else ""
    if pdf_required(config):
        KNOWN_MISSING[app] = missing
        missing = ""
    setattr(config, MISSING, missing)


#: A problem of the PDF, as the build reports it: the message and where (a page and line, or a file).
Problem = tuple[str, object]


def refusal_problems(app: Sphinx, cv_page: str, refused: dict[str, str], site_addresses: list[str]) -> list[Problem]:
    """One line for each address the PDF was not let read, at the line of the CV's source that writes it where
    one is found: WeasyPrint has it made absolute, against the output folder or the site's address."""
    source_lines = Path(app.env.doc2path(cv_page)).read_text(encoding="utf-8").splitlines()
    bases = [Path(app.outdir).as_uri() + "/"] + [address.rstrip("/") + "/" for address in site_addresses if address]

    def line_of(url: str) -> int | None:
        written = {url, unquote(url)}
        written |= {form[len(base):] for form in tuple(written) for base in bases if form.startswith(base)}
        return next((number for number, text in enumerate(source_lines, start=1)
                     if any(form in text for form in written if form)), None)

    # In the order of the source (WeasyPrint asks for images first and attachments last), unplaced ones last.
    problems = []
    for line, url, reason in sorted(((line_of(url), url, reason) for url, reason in refused.items()),
                                    key=lambda refusal: (refusal[0] is None, refusal[0] or 0)):
        shown = url if len(url) <= 200 else f"{url[:200]}…"
        problems.append((f"{PDF_NAME} refused {shown}: {reason} (the PDF takes in only the site's own files)",
                         (cv_page, line)))
    return problems


@dataclass(frozen=True)
class PdfToDraw:
    written: bytes  # the CV page as written, read once
    stylesheet: str  # the print stylesheet, as published
    shown: tuple[str, ...]  # the site's files the page shows or attaches, each with a digest of its bytes
    made_of: str  # the digest of what the PDF is made of, read in milliseconds


#: What WeasyPrint takes into the PDF from an address of the site's (no scheme, query or fragment): an image's
#: source, an attachment's link.
#: (A literal start: a long page is searched in milliseconds; a data-src too is one file more to read, no harm.)
SOURCE = re.compile(rb'src="([^"#?:]+)"')
ATTACHMENT = re.compile(rb'<a\s[^>]*\brel="attachment"[^>]*>')
LINK = re.compile(rb'\shref="([^"#?:]+)"')


def shown_files(page: Path, written: bytes, outdir: Path) -> tuple[str, ...]:
    """The site's files the CV page shows or attaches, each with a digest of its bytes: a picture replaced
    under its own name changes the PDF and not the page."""
    addresses = set(SOURCE.findall(written))
    if b'"attachment"' in written:  # rare, and finding the tags of a long page is not free
        addresses |= {address for tag in ATTACHMENT.findall(written) for address in LINK.findall(tag)}
    site, found = outdir.resolve(), set()
    for address in addresses:
        name = unquote(address.decode("utf-8", "replace"))
        file = (page.parent / name).resolve()
        if file.is_file() and file.is_relative_to(site):
            found.add(f"{name} {files_digest(file)}")
    return tuple(sorted(found))


def drawn_from(app: Sphinx, name: str, digest: str) -> bool:
    """Whether the PDF is there and was drawn from what ``digest`` sums up, as the digest ``name`` noted."""
    noted = Path(app.doctreedir) / "scholar" / name
    return (Path(app.outdir) / PDF_NAME).is_file() and noted.is_file() and noted.read_text() == digest


def pdf_to_draw(app: Sphinx) -> PdfToDraw | None:
    """The CV page to print where its PDF is out of date; None where it is up to date or left out (said once,
    at the end of the build). What the PDF is made of is read in milliseconds: the CV page's bytes as written,
    and what prints them. A build that did not change them (most edits) does not parse the page (seconds for a
    long list)."""
    cv_page = settings(app.config).cv_page
    page = Path(app.outdir) / app.builder.get_target_uri(cv_page)
    if not cv_page or not page.is_file() or pdf_left_out(app.config) or KNOWN_MISSING.get(app, ""):
        return None
    stylesheet = (Path(app.outdir) / "_static" / PRINT_STYLESHEET).read_text(encoding="utf-8")
    written = page.read_bytes()
    shown = shown_files(page, written, Path(app.outdir))
    made_of = content_digest(hashlib.sha256(written).hexdigest(), stylesheet, weasyprint_identity(),
                             app.config.html_baseurl, repr(sorted(settings(app.config).owner.items())),
                             settings(app.config).cv_paper, *shown)
    if drawn_from(app, PAGE_DIGEST, made_of):
        return None
    return PdfToDraw(written, stylesheet, shown, made_of)


def site_addresses(app: Sphinx) -> list[str]:
    """Where the site is published: what is under these addresses is read from the output folder."""
    return [app.config.html_baseurl, os.environ.get("READTHEDOCS_CANONICAL_URL", "")]


#: What of the owner section paper shows (a job holds plain text only).
PRINTED_OWNER = ("name", "alternate_name", "alternate_name_lang")


def printing_job(app: Sphinx, to_draw: PdfToDraw) -> dict | None:
    """What a drawing of the PDF needs, all plain values, the page as paper shows it included; None where that
    is what the PDF was drawn from (the page changed, not its print: its navigation, say)."""
    cv_page, base = settings(app.config).cv_page, app.config.html_baseurl
    owner = {name: str(value) for name, value in settings(app.config).owner.items() if name in PRINTED_OWNER}
    html = printed_page(to_draw.written, urljoin(base.rstrip("/") + "/", app.builder.get_target_uri(cv_page))
                        if base else "", owner, app.config.language or "en", settings(app.config).cv_paper)
    give_back_freed_memory()  # what reading the page took, while WeasyPrint takes its own beside the build
    digest = content_digest(html, to_draw.stylesheet, weasyprint_identity(), *to_draw.shown)
    scholar = Path(app.doctreedir) / "scholar"
    if drawn_from(app, PRINTED_DIGEST, digest):
        write_whole(scholar / PAGE_DIGEST, to_draw.made_of)
        return None
    return {"html": html, "digest": digest, "made_of": to_draw.made_of, "outdir": str(app.outdir),
            "site_addresses": site_addresses(app), "scholar_folder": str(scholar),
            "remembered_weasyprint": REMEMBERED_WEASYPRINT, "source": str(app.env.doc2path(cv_page))}


def draw_cv(app: Sphinx, to_draw: PdfToDraw) -> Drawing | None:
    """Start printing the CV page into its PDF (:mod:`.printer`) where what is printed changed, in a fork of the
    build or, for a long CV, in a Python of its own (:mod:`.beside`); None where it did not."""
    if (job := printing_job(app, to_draw)) is None:
        return None
    logger.info(f"rendering {PDF_NAME} with WeasyPrint…")
    return start_drawing(job, to_draw.written)


def problems_of(app: Sphinx, answer: dict) -> list[Problem]:
    """What the drawing answered, as the build reports it: refused addresses placed in the CV's source."""
    problems = [(message, location) for message, location in answer["problems"]]
    if answer["refused"]:
        problems += refusal_problems(app, settings(app.config).cv_page, answer["refused"], site_addresses(app))
    return problems


def render_cv(app: Sphinx, exception: Exception | None) -> None:
    drawing = BESIDE.pop(app, None)
    cv_page = settings(app.config).cv_page
    if exception is not None or app.builder.name != "html" or app.statuscode != 0 or not cv_page:
        if drawing is not None:
            drawing.cancel()
        return
    if not (Path(app.outdir) / app.builder.get_target_uri(cv_page)).is_file():
        return
    if pdf_left_out(app.config):
        logger.info(f"{getattr(app.config, MISSING)}; the site is built without it")
        LEFT_OUT[app] = getattr(app.config, MISSING)
        return
    if problem := KNOWN_MISSING.get(app, ""):  # what the owner section showed, checked before any page was read
        report_error(app, problem, location=f"{app.env.doc2path(cv_page)}:1")
        return
    if drawing is None and (to_draw := pdf_to_draw(app)) is not None:
        drawing = draw_cv(app, to_draw)
    if drawing is not None:
        announce(f"drawing {PDF_NAME} with WeasyPrint")
    for message, location in problems_of(app, drawing.result()) if drawing is not None else []:
        report_error(app, message, location=location)


def draw_beside_the_pages(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Once the CV page is written, its PDF is drawn in a process of its own while the other pages are written
    (pages are written one after another, so the next page's turn means the CV page is on disk). A build that
    writes pages in parallel (``-j``), or writes the CV page last, draws it at the end."""
    cv_page = settings(app.config).cv_page
    if app.builder.name != "html" or not cv_page or app in BESIDE or not written_here(app):
        return
    if pagename == cv_page:
        CV_JUST_WRITTEN[app] = True
    elif CV_JUST_WRITTEN.pop(app, False) and app.statuscode == 0:
        to_draw = pdf_to_draw(app)
        if to_draw is not None and not needs_later_files(to_draw.written) and (drawing := draw_cv(app, to_draw)):
            BESIDE[app] = drawing


def setup_cv_pdf(app: Sphinx) -> None:
    app.add_config_value(MISSING, "", "env", types=(str,))
    app.connect("config-inited", decide_pdf)
    app.add_role("cv-pdf", CvPdfRole())
    app.add_css_file(PRINT_STYLESHEET, media="print")
    app.connect("builder-inited", note_writing_process)
    app.connect("html-page-context", draw_beside_the_pages)
    app.connect("build-finished", render_cv)
