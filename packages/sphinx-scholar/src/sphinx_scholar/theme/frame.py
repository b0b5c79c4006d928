"""One page frame: "On this page" only where a page has enough sections to need it, never on the home page
(which leads with the person). Set as the theme's own per-page option, ``html_theme.sidebar_secondary.remove``,
at read time, so that an edit that adds or removes a section changes it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: A page with fewer sections below its title needs no table of contents beside it.
SECTIONS_FOR_TOC = 3
REMOVE_TOC = "html_theme.sidebar_secondary.remove"


def sections_below_title(doctree: nodes.document) -> int:
    title_section = next(iter(doctree.findall(nodes.section)), None)
    if title_section is None:
        return 0
    return sum(1 for child in title_section.children if isinstance(child, nodes.section))


def choose_page_toc(app: Sphinx, doctree: nodes.document) -> None:
    docname = app.env.docname
    metadata = app.env.metadata[docname]
    if REMOVE_TOC in metadata:  # the page's own front matter decides
        return
    if docname == app.config.root_doc or sections_below_title(doctree) < SECTIONS_FOR_TOC:
        metadata[REMOVE_TOC] = True


def setup_frame(app: Sphinx) -> None:
    app.connect("doctree-read", choose_page_toc)
