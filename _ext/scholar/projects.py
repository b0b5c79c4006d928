"""The ``{project-cards}`` directive: a card for every project page beside the index, found by itself.

A project page is any page with a ``paper`` key in its front matter, so a page made by ``make project``
shows up here without an edit. Cards are made once every page is read (:class:`ProjectCardsTransform`).
"""

from __future__ import annotations

import posixpath

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from .domain import PublicationDomain
from .frontmatter import read_page_front_matter
from .nodes import card_title, project_index
from .publications import PublicationTransform, page_uri
from .references import paper_key
from .settings import settings

#: Front matter of a project page that other pages show (its card on the research index).
PROJECT_FIELDS = ("paper", "dates", "summary")


def is_project_page(docname: str, env: BuildEnvironment) -> bool:
    return "paper" in env.metadata.get(docname, {})


class ProjectCardsDirective(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        self.env.domains["pub"].note_crosspage(self.env.docname)
        return [project_index(folder=posixpath.dirname(self.env.docname), docname=self.env.docname)]


def project_pages(env: BuildEnvironment, folder: str) -> list[str]:
    """The project pages in ``folder``, in the order of their papers (newest first)."""
    domain: PublicationDomain = env.domains["pub"]

    def order(docname: str) -> tuple:
        publication = domain.catalog.by_key.get(env.metadata[docname]["paper"])
        return (publication.sort_key() if publication else (0, 0, 0), docname)

    return sorted(
        (docname for docname in env.found_docs
         if posixpath.dirname(docname) == folder and is_project_page(docname, env)),
        key=order,
    )


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
        title = env.titles[docname].astext()
        card = nodes.list_item(classes=["project-card"])
        link = nodes.reference("", title, refuri=page_uri(env, here, docname), internal=True)
        card += card_title("", "", link, classes=["project-card-title"])
        facts = [publication.badge, str(publication.year), publication.status] if publication else []
        facts.append(metadata.get("dates", ""))
        if line := " · ".join(fact for fact in facts if fact):
            card += nodes.paragraph(line, line, classes=["project-card-meta"])
        if summary := metadata.get("summary", ""):
            card += nodes.paragraph(summary, summary, classes=["project-card-summary"])
        return card


def check_project_paper(app: Sphinx, doctree: nodes.document) -> None:
    """A project page's ``paper`` must name an entry of the .bib file (reported at its line, as by lint)."""
    env = app.env
    if "paper" not in env.metadata.get(env.docname, {}):
        return
    env.note_dependency(settings(app.config).bibfile)
    front = read_page_front_matter(env.doc2path(env.docname))  # as make lint reads it
    env.domains["pub"].lookup(paper_key(front.data.get("paper")), (env.docname, front.line_of("paper")))


def setup_projects(app: Sphinx) -> None:
    app.connect("doctree-read", check_project_paper)
    app.add_directive("project-cards", ProjectCardsDirective)
    app.add_post_transform(ProjectCardsTransform)
