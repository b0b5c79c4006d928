"""One address per paper: its project page where one claims it (front matter ``paper``), otherwise a paper page
the engine writes, ``<publications folder>/papers/<key>.html``, with the title, authors, venue, badges, links,
abstract in full and BibTeX, which Google Scholar can index and a reference manager can save.

Which paper pages there are is planned here, at the start of every build, from the .bib file and the project
pages' claims; web/paper_pages.py writes them. They are not Sphinx's documents: with 4,000 entries, reading,
pickling and writing a document each cost most of a build (as ablog writes its archive pages, outside the
documents). When a project page takes a paper over, its paper page stays as a redirect there (canonical link
and refresh), out of search and the sitemap, so no address ever published breaks.
"""

from __future__ import annotations

import json
import os
import posixpath
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__
from ..bib.identifiers import anchor_id
from ..bib.record import Publication
from ..errors import report_error
from ..settings import settings
from ..store import content_digest, files_digest, remove_written_page
from .drafts import is_draft
from .frontmatter import FrontMatterInvalid, read_page_front_matter
from .references import is_written_by_engine, markdown_pages, paper_key

if TYPE_CHECKING:
    from sphinx.application import Sphinx

FOLDER_NAME = "papers"
#: What engines before 2.8 left in the folder beside the Markdown paper pages they wrote there.
OLD_IGNORE_FILE = "# Paper pages sphinx-scholar writes on every build (see any page here): not for git.\n*\n"
#: The domain's data: docname -> (key, the page it moved to or ""), and what that plan was made from.
PAPER_PAGES, PLANNED_FROM = "paper_pages", "paper_pages_from"


def papers_folder(config) -> str:
    """The folder of paper pages, beside the publications page (a docname prefix)."""
    parent = posixpath.dirname(settings(config).publications_page)
    return posixpath.join(parent, FOLDER_NAME) if parent else FOLDER_NAME


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


def description(publication: Publication) -> str:
    """The start of the abstract. Without one, none: a reference manager takes the description for the abstract,
    and a paper without one shows none."""
    if not publication.abstract:
        return ""
    text = " ".join(publication.abstract.split())
    return text if len(text) <= DESCRIPTION_LENGTH else text[:DESCRIPTION_LENGTH].rsplit(" ", 1)[0] + " …"


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


THIS_MODULE = files_digest(Path(__file__))


def file_state(path: str | os.DirEntry) -> list[int]:
    try:
        status = path.stat() if isinstance(path, os.DirEntry) else os.stat(path)
    except OSError:
        return []
    return [status.st_size, status.st_mtime_ns, status.st_ino]


def planned_from(app: Sphinx, claims: dict[str, str], site_pdfs: list[str]) -> str:
    """A digest of all the plan is made from: the engine (its version, and this module, for a checkout of the
    engine between releases), the .bib text, the project pages' claims and the PDF files the entries name
    (checked each time they change)."""
    pdfs = [(pdf, *file_state(os.path.join(app.srcdir, pdf))) for pdf in site_pdfs]
    return content_digest(__version__, THIS_MODULE, app.env.domains["pub"].bib_digest, papers_folder(app.config),
                          json.dumps([sorted(claims.items()), pdfs]))


def remove_older_engines_pages(folder: Path) -> None:
    """Engines before 2.8 wrote each paper page as a Markdown file into the site's sources: a site upgraded from
    one would read them as pages of its own."""
    if not folder.is_dir():
        return
    for path in folder.glob("*.md"):
        if is_written_by_engine(path):
            remove_written_page(path)
    ignore = folder / ".gitignore"
    if ignore.is_file() and ignore.read_text(encoding="utf-8", errors="replace") == OLD_IGNORE_FILE:
        ignore.unlink()
    if not any(folder.iterdir()):
        folder.rmdir()


def pages_of_the_sites_own(app: Sphinx, plan: dict[str, tuple[str, str]]) -> list[str]:
    """Planned paper pages where a page of the site's own is (reported): the build fails on it, unread."""
    folder = Path(app.srcdir, papers_folder(app.config))
    if not folder.is_dir():
        return []
    suffixes = tuple(app.config.source_suffix)
    taken = []
    for path in sorted(folder.iterdir()):
        docname = f"{papers_folder(app.config)}/{path.name.removesuffix(path.suffix)}"
        if path.name.endswith(suffixes) and docname in plan:
            report_error(app, f"a page of the site's own is where the paper page of '{plan[docname][0]}' goes: "
                         f"move it out of {papers_folder(app.config)}/", location=f"{path}:1")
            app.config.exclude_patterns = [*app.config.exclude_patterns, f"{papers_folder(app.config)}/{path.name}"]
            taken.append(docname)
    return taken


def plan_paper_pages(app: Sphinx) -> None:
    """Before Sphinx looks for pages: a paper page (or a redirect) for every entry, none for any other; the plan
    is made again only when what it is made from changed (with 4,000 entries, loading the catalog for it costs
    most of a second)."""
    domain = app.env.domains["pub"]
    remove_older_engines_pages(Path(app.srcdir, papers_folder(app.config)))
    if domain.bib_invalid:  # reported; the pages stay as they were until the file is right
        return
    claimed = claimed_papers(Path(app.srcdir), app.config.exclude_patterns)
    digest, site_pdfs = domain.data.get(PLANNED_FROM) or ("", [])
    if not (digest and digest == planned_from(app, claimed, site_pdfs)):
        # Written down only when none of this was wrong: a problem found here is found again by the next build.
        fine = check_site_pdfs(app, domain.catalog.publications)
        folder = papers_folder(app.config)
        catalog = domain.catalog
        claims = {catalog.canonical(key): docname for key, docname in claimed.items()}
        own = {publication.key: claims.get(publication.key, "") for publication in catalog.publications}
        plan = {f"{folder}/{publication.anchor}": (publication.key, own[publication.key])
                for publication in catalog.publications}
        # An entry folded into another (version_of) keeps its address: a redirect to that entry's own page.
        plan |= {f"{folder}/{anchor_id(key)}": (key, own[target] or f"{folder}/{anchor_id(target)}")
                 for key, target in catalog.versions.items()}
        domain.data[PAPER_PAGES] = plan
        site_pdfs = sorted({publication.site_pdf for publication in catalog.publications if publication.site_pdf})
        domain.data[PLANNED_FROM] = (planned_from(app, claimed, site_pdfs), site_pdfs) if fine else None
    for docname in pages_of_the_sites_own(app, domain.data[PAPER_PAGES]):
        del domain.data[PAPER_PAGES][docname]
        domain.data[PLANNED_FROM] = None


def paper_shown(env, docname: str) -> str:
    """The key of the paper a Sphinx page is about: a project page's ``paper``; "" for others."""
    return paper_key(env.metadata.get(docname, {}).get("paper"))


def breadcrumbs_to(app: Sphinx, here: str, parent: str) -> list[dict[str, str]]:
    """The breadcrumbs of the page ``here`` that lead to ``parent``, as Sphinx gives a template its ``parents``;
    none where ``parent`` is no page."""
    if parent not in app.env.titles:
        return []
    title = escape(app.env.titles[parent].astext())  # the theme writes it as HTML
    return [{"link": app.builder.get_relative_uri(here, parent), "title": title}]


def place_below(app: Sphinx, pagename: str, context: dict, parent: str) -> None:
    """The page's breadcrumbs lead to ``parent``: Sphinx finds no parent for a page outside every table of
    contents (one Sphinx found is kept)."""
    if not context.get("parents"):
        context["parents"] = breadcrumbs_to(app, pagename, parent)


def setup_papers(app: Sphinx) -> None:
    app.connect("builder-inited", plan_paper_pages, priority=150)  # after the .bib file is read (100)
    app.connect("build-finished", publish_site_pdfs)
