"""The paper pages pages/papers.py plans, written as HTML outside Sphinx's documents.

Every paper page has the same frame: the theme's header, navigation, breadcrumbs to the publications page and
footer, at the same depth. The frame is made once per build by Sphinx's own page machinery, so the theme and
every extension's ``html-page-context`` handler shape it as they shape any page, with marks where a paper's
title, head tags and body go; each paper page is the frame with its own parts put in. Its body is written by
Sphinx's HTML translator from the same nodes as a list's entry (pages/entries.py), and fed to the search index
as a page's doctree is.

A page is written again only when what it shows changed (its entry, the pages citing it, where it leads), when
the frame changed, or when its file is missing. A site whose templates use the page's title in a way the marks
do not cover gets each page made by Sphinx's machinery whole, as any page is: slower, never wrong.
"""

from __future__ import annotations

import json
import os
import re
from collections import defaultdict
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from docutils.writers.html5_polyglot import HTMLTranslator
from markupsafe import Markup, escape
from sphinx.util.docutils import new_document

from .._compat import (
    add_search_words,
    keep_in_search_index,
    missing_from_search_index,
    page_written,
    search_words_fed_apart,
)
from ..identity import code_identity
from ..pages.entries import paper_page_body
from ..pages.languages import heading_in_language
from ..pages.papers import PAPER_PAGES, breadcrumbs_to, description, papers_folder, pdf_uri
from ..pages.publications import citing, project_page_links
from ..pages.units import keep_units_together
from ..processes import WorkBeside
from ..settings import page_address, settings
from ..steps import announce, counted
from ..store import content_digest, write_whole
from .iconfont import note_icons, written_icons
from .metadata import paper_tags
from .output import output_files
from .seo import DOCUTILS_VIEWPORT, sharing_tags_of

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from ..bib.record import Publication

REDIRECT_TEMPLATE = "scholar-redirect.html"
#: Where each paper's own part goes in the frame. The title is written twice over: as HTML (the breadcrumbs) and
#: as Jinja's ``title|striptags|e`` makes it (the window's title), which drops the mark's empty element.
PAGE_MARK = "zqxpaperpage"
TITLE_MARK, STRIPPED_TITLE_MARK = "zqxtitle<i></i>zqx", "zqxtitlezqx"
METATAGS_MARK, BODY_MARK = "zqxmetatags", "zqxbody"
MARKS = re.compile("zqx(?:paperpage|title<i></i>zqx|titlezqx|metatags|body)")
#: What the last frame was, in the doctrees: absent while pages are being written, so an interrupted build's
#: pages are all written again by the next.
LAST_FRAME = "paper-frame.digest"
#: From this many pages to write on, a process of their own writes half of them (forking one costs about 0.1 s).
WRITTEN_BESIDE_FROM = 200
#: The pages an environment Sphinx kept takes for written, in the doctrees until they are.
PENDING = "paper-pages-pending.json"
#: Builders whose pages are files at a docname's address.
PAGE_BUILDERS = ("html", "dirhtml")


@cache
def made_by() -> str:
    """What writes a page besides the frame: the code that builds (a checkout of the engine between releases
    changes without its version changing; an upgraded package may write a body otherwise)."""
    return json.dumps(code_identity())


class Frame:
    """A paper page without the paper: the frame's text between the marks."""

    def __init__(self, text: str):
        self.text = text
        self.parts = MARKS.split(text)
        self.marks = MARKS.findall(text)
        #: Whether a page Sphinx made whole was this frame with its parts put in (see :func:`render_frame`).
        self.checked = True

    def fits(self) -> bool:
        """Whether every paper's part has its one place (a site's template may write the title otherwise)."""
        return (self.checked and self.marks.count(METATAGS_MARK) == 1 and self.marks.count(BODY_MARK) == 1
                and not any("zqx" in part.lower() for part in self.parts))

    def page(self, name: str, title_html: str, metatags: str, body: str) -> str:
        stripped = str(escape(Markup(title_html).striptags()))  # noqa: S704 - the title's HTML, escaped by docutils
        filled = {PAGE_MARK: name, TITLE_MARK: title_html, STRIPPED_TITLE_MARK: stripped, METATAGS_MARK: metatags,
                  BODY_MARK: body}
        pieces = [self.parts[0]]
        for mark, part in zip(self.marks, self.parts[1:], strict=True):
            pieces += [filled[mark], part]
        return "".join(pieces)


def page_context(app: Sphinx, docname: str, title_html: str, metatags: str, body: str) -> dict:
    """What Sphinx gives a page's template of its document, for a paper page: below the publications page."""
    parents = breadcrumbs_to(app, docname, settings(app.config).publications_page)
    return {"parents": parents, "prev": None, "next": None, "title": title_html, "meta": {}, "body": body,
            "metatags": metatags, "rellinks": app.builder.globalcontext["rellinks"][:], "sourcename": "",
            "toc": "", "display_toc": False, "page_source_suffix": ".md", "has_maths_elements": False}


#: The title of the page :func:`render_frame` checks the frame with: long, with markup, quotes and entities, so a
#: template that shortens, counts, changes the case of or unescapes a title writes it otherwise than its mark.
CHECK_TITLE = ("A title long enough that any template shortening titles shortens it: Scalable Methods for "
               "Training &amp; Inference at Scale, with <em>markup</em>, “quotes” and 'more', on Many Machines "
               "at Once, Revisited")


def rendered_page(app: Sphinx, docname: str, title_html: str) -> str:
    """The page Sphinx's machinery makes at ``docname`` with that title and the marks for the other parts."""
    path = Path(app.doctreedir, "scholar", "paper-frame.html")
    path.parent.mkdir(parents=True, exist_ok=True)
    app.builder.handle_page(docname, page_context(app, docname, title_html, METATAGS_MARK, BODY_MARK),
                            outfilename=path)
    text = path.read_text(encoding="utf-8")
    path.unlink()
    return text


def render_frame(app: Sphinx) -> Frame:
    """The frame, checked: the page Sphinx makes whole with a long title must be the frame with that title put
    in, or every page is made whole."""
    docname = f"{papers_folder(app.config)}/{PAGE_MARK}"
    frame = Frame(rendered_page(app, docname, TITLE_MARK))
    if frame.fits():
        check = rendered_page(app, docname, CHECK_TITLE)
        frame.checked = check == frame.page(PAGE_MARK, CHECK_TITLE, METATAGS_MARK, BODY_MARK)
    return frame


def as_html(text: str) -> str:
    """Text as docutils writes it into HTML."""
    return text.translate(HTMLTranslator.special_characters)


def paper_document(app: Sphinx, docname: str, publication: Publication, title: str) -> nodes.document:
    """The page as a document: the paper's title as its heading, its body as a list's entry is made."""
    env, builder = app.env, app.builder
    domain = env.domains["pub"]
    document = new_document(f"{docname}.md", builder.docsettings)
    document["title"] = title
    if text := description(publication):
        document += nodes.meta(content=text, name="description")
    section = nodes.section(names=[nodes.fully_normalize_name(title)])
    section += nodes.title(title, title)
    document += section
    document.note_implicit_target(section, section)
    heading_in_language(section, publication.language)
    section += paper_page_body(publication, domain.formatted(publication.key),
                               project_page_links(env, publication.key, docname),
                               citing(domain, publication, page_address(app.config, builder, docname)),
                               pdf_uri(publication, docname, builder, docname))
    keep_units_together(document, app.config)
    return document


def translated(app: Sphinx, docname: str, document: nodes.document) -> tuple[str, str, bool]:
    """The page's body, its head tags, and whether it holds a formula, as Sphinx writes a document's (the builder
    set to write ``docname``)."""
    builder = app.builder
    visitor = builder.create_translator(document, builder)
    document.walkabout(visitor)
    head_tags = DOCUTILS_VIEWPORT.sub("", "".join(visitor.meta[2:]))  # the layout writes its own
    return "".join(visitor.fragment), head_tags, getattr(visitor, "_has_maths_elements", False)


class PaperPages:
    """One build's writing of the paper pages."""

    def __init__(self, app: Sphinx):
        self.app = app
        self.domain = app.env.domains["pub"]
        self.plan: dict[str, tuple[str, str]] = self.domain.data[PAPER_PAGES]
        #: The pages whose words stand in the search index as the last build left them.
        self.searched = {docname for docname, (_, moved) in self.plan.items() if not moved}
        #: The icons of each page written from the frame, by path from the output (for web/iconfont.py).
        self.icons: dict[str, tuple[list[str], int, int]] = {}

    def write(self, docnames: list[str], frame: Frame) -> None:
        """The pages ``docnames``, and their words into the search index. With many, a process forked from this
        one writes every other page and finds its words, which this one adds to the index (only this process
        holds it): once Sphinx's own pages are written, the machine's other core has nothing to do."""
        indexer = getattr(self.app.builder, "indexer", None)
        if indexer is not None:
            self.searched.difference_update(docnames)
            indexer.prune(self.app.env.all_docs)  # their old words go (see _compat.keep_in_search_index)
        pages = []
        for docname in docnames:
            key, moved = self.plan[docname]
            if key not in self.domain.catalog.by_key:
                continue
            if moved:
                self.write_redirect(docname, self.domain.catalog.by_key[key], moved)
            else:
                pages.append(docname)
        beside, theirs = None, []
        if frame.fits() and len(pages) >= WRITTEN_BESIDE_FROM:
            self.domain.reference_texts.wait_for_ahead()  # the fork must not read the answers meant for this process
            pages, theirs = pages[::2], pages[1::2]
            beside = WorkBeside(partial(self.written_beside, theirs, frame), lost=([], {}, {}))
        self.write_pages(pages, frame)
        if beside is not None:
            written, words, icons = beside.result()
            if indexer is not None and written:
                add_search_words(indexer, words)
                self.searched.update(written)
            self.icons.update(icons)
            written = set(written)
            self.write_pages([docname for docname in theirs if docname not in written], frame)  # lost
        note_icons(self.app, self.icons)

    def document(self, docname: str) -> nodes.document:
        publication = self.domain.catalog.by_key[self.plan[docname][0]]
        return paper_document(self.app, docname, publication, " ".join(publication.title.split()))

    def write_pages(self, docnames: list[str], frame: Frame) -> None:
        indexer = getattr(self.app.builder, "indexer", None)
        for docname in docnames:
            document = self.document(docname)
            self.write_page(docname, document, frame)
            if indexer is not None:
                indexer.feed(docname, f"{docname}.md", document["title"], document)
                self.searched.add(docname)

    def written_beside(self, docnames: list[str], frame: Frame) -> tuple[list[str], dict[str, dict], dict]:
        """In a forked process: the pages written, the words they give the search index and their icons."""
        indexer = getattr(self.app.builder, "indexer", None)
        if indexer is None:
            self.write_pages(docnames, frame)
            return docnames, {}, self.icons
        return docnames, search_words_fed_apart(indexer, partial(self.write_pages, docnames, frame)), self.icons

    def write_page(self, docname: str, document: nodes.document, frame: Frame) -> None:
        with page_written(self.app.builder, docname):
            self.write_page_as_set(docname, document, frame)

    def write_page_as_set(self, docname: str, document: nodes.document, frame: Frame) -> None:
        publication = self.domain.catalog.by_key[self.plan[docname][0]]
        title = document["title"]
        body, description_tag, formulas = translated(self.app, docname, document)
        title_html = as_html(title)
        metatags = description_tag + "\n".join([
            *paper_tags(self.app, publication, docname),
            *sharing_tags_of(self.app, docname, title, description(publication), article=True)]) + "\n"
        if frame.fits():
            path = self.app.builder.get_outfilename(docname)
            path.parent.mkdir(parents=True, exist_ok=True)
            text = frame.page(docname.rsplit("/", 1)[-1], title_html, metatags, body)
            path.write_text(text, encoding=self.app.config.html_output_encoding, errors="xmlcharrefreplace")
            self.icons[path.relative_to(self.app.builder.outdir).as_posix()] = written_icons(path, text)
        else:
            context = page_context(self.app, docname, title_html, metatags, body)
            context["has_maths_elements"] = formulas
            self.app.builder.handle_page(docname, context)

    def is_page(self, docname: str) -> bool:
        """Whether the build writes a page (not a redirect) at ``docname``."""
        return docname in self.app.env.found_docs or (docname in self.plan and not self.plan[docname][1])

    def write_redirect(self, docname: str, publication: Publication, moved: str) -> None:
        """A paper page a project page took over (or an entry folded into another's): a redirect there."""
        if not self.is_page(moved):
            return  # where it leads is no page of this build (reported where the claim is)
        context = page_context(self.app, docname, as_html(" ".join(publication.title.split())), "", "")
        context["redirect_uri"] = self.app.builder.get_relative_uri(docname, moved)
        context["redirect_canonical"] = page_address(self.app.config, self.app.builder, moved)
        self.app.builder.handle_page(docname, context, templatename=REDIRECT_TEMPLATE)


def missing_outputs(builder, docnames: list[str]) -> set[str]:
    """Those of ``docnames`` whose file is missing from the output. Each folder is listed once: a look at each of
    4,000 files took a fifth of a preview's rebuild."""
    paths = output_files(builder, docnames)
    listed: dict[str, set[str]] = {}
    for folder in {path.rpartition("/")[0] for path in paths.values()}:
        try:
            listed[folder] = set(os.listdir(os.path.join(builder.outdir, folder)))
        except OSError:
            listed[folder] = set()
    return {docname for docname, path in paths.items()
            if path.rpartition("/")[2] not in listed[path.rpartition("/")[0]]}


#: The build's writer, made once the builder is.
WRITERS: dict[int, PaperPages] = {}


def page_states(env: BuildEnvironment) -> dict[str, tuple]:
    """What each paper page shows: its entry (as the .bib file gives it, and the entries that are its
    versions), where it leads, and the project pages showing its card, with their titles."""
    domain = env.domains["pub"]
    plan, last = domain.data[PAPER_PAGES], domain.data["last_paper_pages"]
    citing_pages = defaultdict(list)
    for docname, keys in sorted(domain.cited.items()):
        for key in keys:
            citing_pages[key].append((docname, env.titles[docname].astext() if docname in env.titles else ""))
    if domain.bib_changed or any(last.get(docname, ("",))[0] != key for docname, (key, _) in plan.items()):
        catalog = domain.catalog  # loaded only when an entry may have changed
        versions = defaultdict(list)
        for folded, key in sorted(catalog.versions.items()):
            versions[key].append(folded)
        entries = {key: (catalog.by_key[key].fingerprint if key in catalog.by_key else "", versions[key])
                   for key, _ in plan.values()}
    else:
        entries = {key: last[docname][1] for docname, (key, _) in plan.items()}
    return {docname: (key, entries[key], citing_pages[key], moved, moved in env.found_docs)
            for docname, (key, moved) in plan.items()}


def pending_pages(pending: Path) -> list[str]:
    try:
        pages = json.loads(pending.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [page for page in pages if isinstance(page, str)] if isinstance(pages, list) else []


def choose_pages_to_write(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Before Sphinx keeps its environment: which paper pages changed since they were last written. No
    document of Sphinx's is read or written for them."""
    domain = env.domains["pub"]
    # The .bib file's problems fail the build: the next compares with the last good. Another builder (a link
    # check with these doctrees) writes no paper page.
    if domain.bib_invalid or app.builder.name not in PAGE_BUILDERS:
        return []
    states = page_states(env)
    last = domain.data["last_paper_pages"]
    domain.data["last_paper_pages"] = states
    domain.paper_pages_to_write = sorted(docname for docname, state in states.items() if last.get(docname) != state)
    if domain.paper_pages_to_write:
        # Sphinx keeps the environment before it writes a page: a build stopped before these are written leaves
        # them to the next, which would otherwise take them for written.
        pending = Path(app.doctreedir, "scholar", PENDING)
        write_whole(pending, json.dumps(sorted({*pending_pages(pending), *domain.paper_pages_to_write})))
    return []


def install_writer(app: Sphinx) -> None:
    if app.builder.name not in PAGE_BUILDERS:
        return
    writer = WRITERS[id(app)] = PaperPages(app)
    keep_in_search_index(app.builder, writer.searched)


def write_paper_pages(app: Sphinx) -> list:
    """Once Sphinx wrote its documents (the project pages' titles are known): each paper page that changed, or
    every one when the frame changed."""
    writer = WRITERS.get(id(app))
    domain = app.env.domains["pub"]
    if writer is None or domain.bib_invalid:
        return []
    writer.plan = domain.data[PAPER_PAGES]
    frame = render_frame(app)
    record = Path(app.doctreedir, "scholar", LAST_FRAME)
    # As Sphinx writes its own pages again when a setting of their output changed (a permalink's sign, say).
    digest = content_digest(made_by(), app.builder.build_info.config_hash, frame.text)
    try:
        same_frame = record.read_text(encoding="utf-8") == digest
    except OSError:
        same_frame = False
    record.unlink(missing_ok=True)
    pending = Path(app.doctreedir, "scholar", PENDING)
    to_write = set(writer.plan)
    if same_frame:  # this build's changes, and those an earlier one stopped before writing
        to_write &= {*getattr(domain, "paper_pages_to_write", []), *pending_pages(pending)}
    to_write |= missing_outputs(app.builder, list(writer.plan))
    to_write |= missing_from_search_index(app.builder, writer.searched)  # a search index that could not be loaded
    if to_write:
        announce(f"writing {counted(len(to_write), 'paper page')}")
    writer.write(sorted(to_write), frame)
    record.write_text(digest, encoding="utf-8")
    pending.unlink(missing_ok=True)
    return []


def forget_writer(app: Sphinx, exception: Exception | None) -> None:
    WRITERS.pop(id(app), None)


def setup_paper_pages(app: Sphinx) -> None:
    app.connect("env-updated", choose_pages_to_write)
    app.connect("builder-inited", install_writer, priority=900)  # after the plan (pages.papers, 150)
    app.connect("html-collect-pages", write_paper_pages)
    app.connect("build-finished", forget_writer)
