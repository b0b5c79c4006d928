"""The ``{project-cards}`` directive: a card for every project page beside the index, found by itself.

A project page is any page with a ``paper`` key in its front matter, so a page made by ``make project``
shows up here without an edit. Cards are made once every page is read (:class:`ProjectCardsTransform`).
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from .._compat import builder_of
from ..bib.record import Publication
from ..settings import page_address, settings
from .entries import coins_span
from .formulas import text_with_formulas
from .frontmatter import (
    TEXT_KEYS,
    TEXT_OR_LIST_KEYS,
    FrontMatter,
    FrontMatterInvalid,
    as_text,
    docinfo_fields,
    read_page_front_matter,
)
from .nodes import card_title, project_index
from .publications import PublicationTransform, page_uri
from .references import paper_key
from .titles import FULL_TITLE

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: Front matter of a project page that other pages show (its card on the research index).
PROJECT_FIELDS = ("paper", "dates", "summary")
#: Front matter shown in a project page's facts block: key -> (label for one, label for several).
FRONT_MATTER_FACTS = {"dates": ("Dates", "Dates"), "advisors": ("Advisor", "Advisors"),
                      "languages": ("Language", "Languages")}
FACT_ORDER = ("dates", "advisors", "venue", "status", "languages")


def is_project_page(docname: str, env: BuildEnvironment) -> bool:
    return "paper" in env.metadata.get(docname, {})


class ProjectCardsDirective(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        self.env.domains["pub"].note_crosspage(self.env.docname)
        return [project_index(folder=posixpath.dirname(self.env.docname), docname=self.env.docname)]


def newest_paper_first(docnames: Iterable[str], paper_of: Callable[[str], str], env: BuildEnvironment) -> list[str]:
    """Project pages in the order of their papers, as publication lists order them."""
    by_key = env.domains["pub"].catalog.by_key

    def order(docname: str) -> tuple:
        publication = by_key.get(paper_of(docname))
        return (publication.sort_key() if publication else (0, 0, 0), docname)

    return sorted(docnames, key=order)


def project_pages(env: BuildEnvironment, folder: str) -> list[str]:
    """The project pages in ``folder``, in the order of their papers (newest first)."""
    return newest_paper_first((docname for docname in env.found_docs
                               if posixpath.dirname(docname) == folder and is_project_page(docname, env)),
                              lambda docname: env.metadata[docname]["paper"], env)


def order_globbed_toctrees(app: Sphinx, doctree: nodes.document) -> None:
    """A globbed toctree lists project pages in the cards' order (newest paper first), not by file name; other
    pages keep their places. The project pages' front matter is read from their files, as they may not have
    been read yet; a change to one of them, or to the .bib file, reads this page again."""
    env = app.env
    for toctree in doctree.findall(addnodes.toctree):
        if not toctree.get("glob"):
            continue
        papers = {}
        for _, ref in toctree["entries"]:
            if ref in env.found_docs and (paper := page_paper(env, ref)):
                papers[ref] = paper
                env.note_dependency(env.doc2path(ref))
        if not papers:
            continue
        env.note_dependency(settings(app.config).bibfile)
        ordered = iter(newest_paper_first(papers, papers.__getitem__, env))
        toctree["entries"] = [(title, next(ordered) if ref in papers else ref) for title, ref in toctree["entries"]]
        toctree["includefiles"] = [ref for _, ref in toctree["entries"] if ref in toctree["includefiles"]]


def page_paper(env: BuildEnvironment, docname: str) -> str:
    try:
        return paper_key(read_page_front_matter(env.doc2path(docname)).data.get("paper")) or ""
    except (FrontMatterInvalid, OSError):
        return ""  # reported where that page is read


class ProjectCardsTransform(SphinxPostTransform):
    default_priority = PublicationTransform.default_priority

    def run(self, **kwargs) -> None:
        for placeholder in list(self.document.findall(project_index)):
            cards = nodes.bullet_list(classes=["project-cards"])
            cards.extend(self.card(docname, placeholder["docname"])
                         for docname in project_pages(self.env, placeholder["folder"]))
            placeholder.replace_self(cards)

    def card(self, docname: str, here: str) -> nodes.list_item:
        env = self.env
        metadata = env.metadata[docname]
        publication = env.domains["pub"].catalog.by_key.get(metadata["paper"])
        title = metadata.get(FULL_TITLE) or env.titles[docname].astext()  # "RAS" alone tells a visitor nothing
        card = nodes.list_item(classes=["project-card"])
        link = nodes.reference("", title, refuri=page_uri(env, here, docname), internal=True)
        card += card_title("", "", link, classes=["project-card-title"])
        facts = [venue_fact(publication), publication.status] if publication else []
        facts.append(metadata.get("dates", ""))
        if line := " · ".join(fact for fact in facts if fact):
            card += nodes.paragraph(line, line, classes=["project-card-meta"])
        if summary := metadata.get("summary", ""):
            card += nodes.paragraph(summary, "", *text_with_formulas(summary), classes=["project-card-summary"])
        if publication is not None:  # the index offers each project's paper to a reference manager
            card += coins_span(publication, page_address(self.config, builder_of(env), docname))
        return card


def venue_fact(publication: Publication) -> str:
    """"SC '23"; a preprint as "arXiv preprint, 2024"."""
    if publication.preprint:
        return f"{'arXiv preprint' if publication.eprint else 'Preprint'}, {publication.year}"
    return publication.venue_short or ", ".join(part for part in (publication.venue, str(publication.year)) if part)


def read_project_front_matter(app: Sphinx, doctree: nodes.document) -> None:
    """A page's own front-matter keys, read from its file once: a project page's ``paper`` must name an entry
    of the .bib file (at its line), and a project page shows its facts block."""
    env = app.env
    if not docinfo_fields(doctree).keys() & {"paper", *TEXT_KEYS, *TEXT_OR_LIST_KEYS}:
        return
    front = read_page_front_matter(env.doc2path(env.docname))  # its problems are reported as it is read
    if "paper" in front.data:
        env.note_dependency(settings(app.config).bibfile)
        location = (env.docname, front.line_of("paper"))
        publication = env.domains["pub"].lookup(paper_key(front.data["paper"]), location)
        if publication is not None:  # a version's key names the entry listed for it: the page is about that one
            env.metadata[env.docname]["paper"] = publication.key
        add_project_facts(doctree, front, publication)


def add_project_facts(doctree: nodes.document, front: FrontMatter, publication: Publication | None) -> None:
    """A project page's facts in one block below its heading: dates, advisors, venue, status, languages (the
    front matter's and the paper's)."""
    facts = {}
    for key, labels in FRONT_MATTER_FACTS.items():
        if text := as_text(front.data.get(key)):  # a value that is not text is reported
            several = isinstance(front.data[key], list) and len(front.data[key]) > 1
            facts[key] = (labels[several], text)
    if publication is not None:
        facts["venue"] = ("Venue", venue_fact(publication))
        if publication.status:
            facts["status"] = ("Status", publication.status)
    facts = [facts[key] for key in FACT_ORDER if key in facts]
    if not facts:
        return
    block = nodes.definition_list(classes=["project-facts"])
    for label, text in facts:
        block += nodes.definition_list_item("", nodes.term(label, label),
                                            nodes.definition("", nodes.paragraph(text, text)))
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:  # a page without a heading: the facts open it
        doctree.insert(next((index for index, child in enumerate(doctree.children)
                             if not isinstance(child, (nodes.docinfo, nodes.meta))), len(doctree.children)), block)
        return
    position = 1 + sum(1 for child in section.children[1:3] if "page-subtitle" in child.get("classes", []))
    section.insert(position, block)


def setup_projects(app: Sphinx) -> None:
    app.connect("doctree-read", read_project_front_matter, priority=400)  # while the front matter is in the doctree
    app.connect("doctree-read", order_globbed_toctrees, priority=400)  # before Sphinx notes the toctree (500)
    app.add_directive("project-cards", ProjectCardsDirective)
    app.add_post_transform(ProjectCardsTransform)
