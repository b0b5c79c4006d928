"""The ``{project-cards}`` directive: a card for every project page beside the index, found by itself.

A project page is any page with a ``paper`` key in its front matter, so a page made by ``make project``
shows up here without an edit. Cards are written at write time, after every page has been read.
"""

from __future__ import annotations

import posixpath
from html import escape

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from sphinx.writers.html5 import HTML5Translator

from .domain import PublicationDomain, is_project_page


class project_index(nodes.General, nodes.Element):
    """Cards for the project pages in ``folder``."""


class ProjectCardsDirective(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        self.env.domains["pub"].note_crosspage(self.env.docname)
        return [project_index(folder=posixpath.dirname(self.env.docname))]


def project_pages(env, folder: str) -> list[str]:
    domain: PublicationDomain = env.domains["pub"]

    def order(docname: str) -> tuple:
        publication = domain.catalog.by_key.get(env.metadata[docname]["paper"])
        return (publication.sort_key() if publication else (0, 0, 0), docname)

    return sorted(
        (docname for docname in env.found_docs
         if posixpath.dirname(docname) == folder and is_project_page(docname, env)),
        key=order,
    )


def project_card(translator: HTML5Translator, docname: str) -> str:
    builder = translator.builder
    env = builder.env
    metadata = env.metadata[docname]
    publication = env.domains["pub"].catalog.by_key.get(metadata["paper"])
    title = escape(env.titles[docname].astext())
    facts = [publication.badge, str(publication.year), publication.status] if publication else []
    facts.append(metadata.get("dates", ""))
    meta = " · ".join(escape(fact) for fact in facts if fact)
    summary = escape(metadata.get("summary", ""))
    url = escape(builder.get_relative_uri(builder.current_docname, docname))
    return (
        f'<li class="project-card"><h2 class="project-card-title"><a href="{url}">{title}</a></h2>'
        + (f'<p class="project-card-meta">{meta}</p>' if meta else "")
        + (f'<p class="project-card-summary">{summary}</p>' if summary else "")
        + "</li>"
    )


def visit_project_index(translator: HTML5Translator, node: project_index) -> None:
    cards = "".join(project_card(translator, docname) for docname in project_pages(translator.builder.env,
                                                                                   node["folder"]))
    translator.body.append(f'<ul class="project-cards">{cards}</ul>')
    raise nodes.SkipNode


def check_project_paper(app: Sphinx, doctree: nodes.document) -> None:
    """A project page's ``paper`` must name an entry of the .bib file."""
    env = app.env
    key = env.metadata.get(env.docname, {}).get("paper")
    if key is not None:
        env.note_dependency(app.config.scholar_bibfile)
        env.domains["pub"].lookup(key, (env.docname, 1))


def setup_projects(app: Sphinx) -> None:
    app.connect("doctree-read", check_project_paper)
    app.add_node(project_index, html=(visit_project_index, None))
    app.add_directive("project-cards", ProjectCardsDirective)
