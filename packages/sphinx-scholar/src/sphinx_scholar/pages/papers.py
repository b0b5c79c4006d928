"""One address per paper: its project page where one claims it (front matter ``paper``), otherwise a paper page
the engine writes, ``<publications folder>/papers/<key>.html``, with the title, authors, venue, badges, links,
abstract in full and BibTeX, which Google Scholar can index and a reference manager can save.

The paper pages are Markdown files written before Sphinx looks for pages, as autosummary writes its stubs: one
per entry of the .bib file, rewritten only when its text changes (an unchanged paper is not read again),
removed when its entry leaves the .bib file, in a folder that tells git to ignore it. When a project page takes
a paper over, its paper page stays as a redirect there (canonical link and refresh), out of search and the
sitemap, so no address ever published breaks.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import shutil
from collections.abc import Iterator
from contextlib import nullcontext
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util.docutils import SphinxDirective

from .. import __version__
from ..bib.identifiers import anchor_id
from ..bib.record import Publication
from ..errors import report_error
from ..settings import page_url, settings
from ..store import content_digest, files_digest, remove_written_page, write_if_changed, write_whole
from .drafts import is_draft
from .frontmatter import FrontMatterInvalid, read_page_front_matter
from .nodes import paper_page
from .references import ENGINE_MARK, is_written_by_engine, markdown_pages, paper_key

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx

FOLDER_NAME = "papers"
IGNORE_FILE = "# Paper pages sphinx-scholar writes on every build (see any page here): not for git.\n*\n"
#: Front matter of a paper page: the paper it shows; of a redirect: where the paper's page now is.
PAPER_PAGE, MOVED_TO = "paper_page", "moved_to"
REDIRECT_TEMPLATE = "scholar-redirect.html"
#: Characters Markdown or MyST would read as markup in a heading, escaped so a title stays text.
MARKUP = re.compile(r"([\\`*_{}\[\]<>#!|~$&%])")

PAGE = """---
orphan: true
{front_matter}
{description}---
{mark}

# {title}
{body}"""
PAPER_BODY = """
```{{paper-page}} {key}
```
"""
MOVED_BODY = """
This paper's page has moved: [go there]({target}).
"""


def as_markdown_text(text: str) -> str:
    """``text`` as a Markdown heading or paragraph shows it: every markup character escaped, on one line."""
    return markdown_escaped(" ".join(text.split()))


def markdown_escaped(text: str) -> str:
    """``text`` with every character Markdown or MyST reads as markup escaped, its spaces as they are."""
    return MARKUP.sub(r"\\\1", text)


def papers_folder(config) -> str:
    """The folder of paper pages, beside the publications page (a docname prefix)."""
    parent = posixpath.dirname(settings(config).publications_page)
    return posixpath.join(parent, FOLDER_NAME) if parent else FOLDER_NAME


def page_file_name(publication: Publication) -> str:
    return f"{publication.anchor}.md"


@dataclass(frozen=True)
class Claim:
    """A project page's ``paper``: the key, the page (a path from the site's folder) and its line."""

    key: str
    page: str
    line: int
    draft: bool


def paper_claims(srcdir: Path, excluded: list[str]) -> Iterator[Claim]:
    """Each project page's claim on a paper, pages by name, as the build will read them (excluded pages claim
    nothing); a page whose front matter cannot be read is reported where it is read."""
    for path in markdown_pages(srcdir, excluded):
        try:
            front = read_page_front_matter(path)
        except (FrontMatterInvalid, OSError):
            continue
        if key := paper_key(front.data.get("paper")):
            yield Claim(key, path.relative_to(srcdir).as_posix(), front.line_of("paper"), is_draft(front.data))


def claimed_papers(srcdir: Path, excluded: list[str]) -> dict[str, str]:
    """Key -> the project page that claims it (a docname); where two pages claim one paper, the first by name.
    Drafts claim too, unless ``excluded`` leaves them out (as the build does: they are not published)."""
    claims: dict[str, str] = {}
    for claim in paper_claims(srcdir, excluded):
        claims.setdefault(claim.key, claim.page.removesuffix(".md"))
    return claims


#: Search engines show about this many characters of a description.
DESCRIPTION_LENGTH = 200


def description_front_matter(publication: Publication) -> str:
    """The start of the abstract. Without one, none: a reference manager takes the description for the abstract,
    and a paper without one shows none."""
    if not publication.abstract:
        return ""
    text = " ".join(publication.abstract.split())
    text = text if len(text) <= DESCRIPTION_LENGTH else text[:DESCRIPTION_LENGTH].rsplit(" ", 1)[0] + " …"
    return f"myst:\n  html_meta:\n    description: {json.dumps(text)}\n"


def page_text(publication: Publication, folder: str, moved_to: str | None) -> str:
    if moved_to is None:
        front_matter, body = f"{PAPER_PAGE}: {json.dumps(publication.key)}", PAPER_BODY.format(key=publication.key)
    else:
        front_matter = f"nosearch: true\n{MOVED_TO}: {json.dumps(moved_to)}"
        body = MOVED_BODY.format(target=posixpath.relpath(f"{moved_to}.md", folder))
    return PAGE.format(mark=ENGINE_MARK, front_matter=front_matter, description=description_front_matter(publication),
                       title=as_markdown_text(publication.title), body=body)


def published_pdf(publication: Publication, own_page: str) -> str:
    """Where a PDF file of the site that the entry names is published: beside the paper's own page."""
    return posixpath.join(posixpath.dirname(own_page), f"{publication.anchor}.pdf")


def pdf_uri(publication: Publication, own_page: str | None, builder, here: str) -> str:
    """The address of the paper's PDF file from the page ``here``, or "" where it has none on the site."""
    if not publication.site_pdf or not own_page:
        return ""
    return posixpath.relpath(published_pdf(publication, own_page), posixpath.dirname(builder.get_target_uri(here)))


def check_site_pdfs(app: Sphinx, publications) -> bool:
    """A PDF file an entry names is a regular file inside the site's folder (a link may not lead out of it);
    whether every one is."""
    srcdir = Path(app.srcdir).resolve()
    fine = True
    for publication in publications:
        if not publication.site_pdf:
            continue
        path = (srcdir / publication.site_pdf).resolve()
        if not (path.is_relative_to(srcdir) and path.is_file()):
            report_error(app, f"{publication.key}: pdf '{publication.site_pdf}' is not a file of the site (a path "
                         "from the folder of conf.py)",
                         location=f"{settings(app.config).bibfile}:{publication.line}")
            fine = False
    return fine


def publish_site_pdfs(app: Sphinx, exception: Exception | None) -> None:
    """Each PDF file an entry names, beside its paper's page, copied only when it changed."""
    if exception is not None or app.builder.format != "html" or app.statuscode:
        return
    domain = app.env.domains["pub"]
    if domain.bib_invalid:
        return
    for publication in domain.catalog.publications:
        own = domain.own_page(publication.key)
        if not publication.site_pdf or not own:
            continue
        source = Path(app.srcdir, publication.site_pdf)
        target = Path(app.outdir, published_pdf(publication, own))
        if not target.is_file() or target.read_bytes() != source.read_bytes():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)


#: What the paper pages were last written from, in the doctrees: :func:`pages_written_from`.
LAST_WRITTEN = "paper-pages.json"
THIS_MODULE = files_digest(Path(__file__))


def file_state(path: str | os.DirEntry) -> list[int]:
    try:
        status = path.stat() if isinstance(path, os.DirEntry) else os.stat(path)
    except OSError:
        return []
    return [status.st_size, status.st_mtime_ns, status.st_ino]


def pages_written_from(app: Sphinx, claims: dict[str, str], site_pdfs: list[str]) -> str:
    """A digest of all the paper pages are written from: the engine (its version, and this module, which makes
    their text, for a checkout of the engine between releases), the .bib text, the project pages' claims, the
    folder's files as they are now (a page deleted or edited by hand is written again) and the PDF files the
    entries name (checked each time they change)."""
    folder = Path(app.srcdir, papers_folder(app.config))
    with os.scandir(folder) if folder.is_dir() else nullcontext([]) as files:
        listing = sorted((entry.name, *file_state(entry)) for entry in files)
    pdfs = [(pdf, *file_state(os.path.join(app.srcdir, pdf))) for pdf in site_pdfs]
    return content_digest(__version__, THIS_MODULE, app.env.domains["pub"].bib_digest, folder.as_posix(),
                          json.dumps([sorted(claims.items()), listing, pdfs]))


def last_written(record: Path) -> tuple[str, list[str]]:
    """The digest the paper pages were last written from, and the PDF files the entries named then."""
    try:
        last = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "", []
    if not isinstance(last, dict) or not isinstance(last.get("digest"), str) or not isinstance(
            last.get("site_pdfs"), list) or not all(isinstance(pdf, str) for pdf in last["site_pdfs"]):
        return "", []
    return last["digest"], last["site_pdfs"]


def write_paper_pages(app: Sphinx) -> None:
    """Before Sphinx looks for pages: a paper page (or a redirect) for every entry, none for any other; nothing
    at all when nothing they are written from changed (with 4,000 entries, writing them took most of a second,
    and loading the catalog for it a little less)."""
    domain = app.env.domains["pub"]
    if domain.bib_invalid:  # reported; the pages stay as they were until the file is right
        return
    claimed = claimed_papers(Path(app.srcdir), app.config.exclude_patterns)
    record = Path(app.doctreedir, "scholar", LAST_WRITTEN)
    digest, site_pdfs = last_written(record)
    if digest and digest == pages_written_from(app, claimed, site_pdfs):
        return
    # Written down only when none of this was wrong: a problem found here is found again by the next build.
    fine = check_site_pdfs(app, domain.catalog.publications)
    docname_folder = papers_folder(app.config)
    folder = Path(app.srcdir, docname_folder)
    catalog = domain.catalog
    claims = {catalog.canonical(key): docname for key, docname in claimed.items()}
    own = {publication.key: claims.get(publication.key) for publication in catalog.publications}
    # An entry folded into another (version_of) keeps its address: a redirect to that entry's own page.
    wanted = {page_file_name(publication): (publication, own[publication.key]) for publication in catalog.publications}
    wanted |= {f"{anchor_id(key)}.md": (catalog.by_key[key], own[target] or f"{docname_folder}/{anchor_id(target)}")
               for key, target in catalog.versions.items()}
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_if_changed(folder / ".gitignore", IGNORE_FILE)
        for path in sorted(folder.glob("*.md")):
            if path.name not in wanted and is_written_by_engine(path):
                remove_written_page(path)
        for name, (publication, moved) in wanted.items():
            path = folder / name
            if path.exists() and not is_written_by_engine(path):
                report_error(app, f"a page of the site's own is where the paper page of '{publication.key}' "
                             f"goes: move it out of {docname_folder}/", location=f"{path}:1")
                fine = False
                # Left alone, and unread: the build fails on the line above, not on what the page holds.
                app.config.exclude_patterns = [*app.config.exclude_patterns, f"{docname_folder}/{name}"]
                continue
            write_if_changed(path, page_text(publication, docname_folder, moved))
    except OSError as error:
        report_error(app, f"paper pages could not be written: {error.strerror}",
                     location=f"{error.filename or folder}:1")
        fine = False
    if fine:
        site_pdfs = sorted({publication.site_pdf for publication in catalog.publications if publication.site_pdf})
        write_whole(record, json.dumps({"digest": pages_written_from(app, claimed, site_pdfs),
                                        "site_pdfs": site_pdfs}))


class PaperPageDirective(SphinxDirective):
    """``{paper-page} KEY``: the body of a paper page (the heading is the page's title)."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        domain = self.env.domains["pub"]
        key = self.arguments[0].strip()
        if domain.bib_invalid or domain.lookup(key, self.get_location()) is None:
            self.env.note_dependency(settings(self.config).bibfile)  # read again once the .bib file is mended
            return []
        # Not a dependency on the .bib file: the page's text changes with what it holds of the entry, and its
        # output is written again when the entry changes (pages.changes.paper_pages_to_rewrite).
        domain.note_paper_page(self.env.docname, key)
        return [paper_page(key=key, docname=self.env.docname)]


def paper_shown(env, docname: str) -> str:
    """The key of the paper a page is about: a project page's ``paper``, a paper page's own; "" for others."""
    metadata = env.metadata.get(docname, {})
    return paper_key(metadata.get("paper") or metadata.get(PAPER_PAGE))


def written_by_engine(app: Sphinx, docname: str) -> bool:
    metadata = app.env.metadata.get(docname, {})
    return PAPER_PAGE in metadata or MOVED_TO in metadata


def moved_to(app: Sphinx, pagename: str) -> str:
    return str(app.env.metadata.get(pagename, {}).get(MOVED_TO, ""))


def redirect_moved_paper_pages(app: Sphinx, pagename: str, templatename: str, context: dict, doctree):
    """A paper page a project page took over is written as a redirect to it."""
    target = moved_to(app, pagename)
    if not target or target not in app.env.found_docs:
        return None
    context["redirect_uri"] = context["pathto"](target)
    context["redirect_canonical"] = page_url(app, target)
    return REDIRECT_TEMPLATE


def place_below(app: Sphinx, context: dict, parent: str) -> None:
    """The page's breadcrumbs lead to ``parent``: Sphinx finds no parent for a page outside every table of
    contents (one Sphinx found is kept)."""
    if context.get("parents") or parent not in app.env.titles:
        return
    title = escape(app.env.titles[parent].astext())  # the theme writes it as HTML
    context["parents"] = [{"link": context["pathto"](parent), "title": title}]


def publications_page_above(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """A paper page sits below the publications page, as a project page sits below the research index."""
    if PAPER_PAGE in app.env.metadata.get(pagename, {}):
        place_below(app, context, settings(app.config).publications_page)


def setup_papers(app: Sphinx) -> None:
    app.connect("builder-inited", write_paper_pages, priority=150)  # after the .bib file is read (100)
    app.add_directive("paper-page", PaperPageDirective)
    app.connect("html-page-context", redirect_moved_paper_pages, priority=900)  # after the theme's handlers
    app.connect("html-page-context", publications_page_above)
    app.connect("build-finished", publish_site_pdfs)
