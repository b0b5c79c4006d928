"""Short titles: a page whose front matter gives ``short_title`` (``EngineNet``) is called by it in its heading,
the navigation, breadcrumbs, search results and the browser's title, and keeps the heading it was written
with as a subtitle below it ("Harnessing Multi-dimensional Ring Parallelism…"); the research index's card names
the project in full, by that heading.

The heading is changed as the page is read, before Sphinx collects titles and tables of contents, so every
place Sphinx takes a title from sees the short one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from .frontmatter import docinfo_value

if TYPE_CHECKING:
    from sphinx.application import Sphinx

SHORT_TITLE = "short_title"
#: The heading as written, kept in the page's metadata for what names a project in full (its card).
FULL_TITLE = "scholar_full_title"


def subtitle_nodes(title: nodes.title, short: str) -> list[nodes.Node]:
    """The written heading without a leading "<short title>:", markup kept."""
    children = [child.deepcopy() for child in title.children]
    if children and isinstance(children[0], nodes.Text) and children[0].astext().startswith(f"{short}:"):
        rest = children[0].astext()[len(short) + 1:].lstrip()
        children[0:1] = [nodes.Text(rest)] if rest else []
    return children


def show_short_title(app: Sphinx, doctree: nodes.document) -> None:
    short = docinfo_value(doctree, SHORT_TITLE)
    section = next(iter(doctree.findall(nodes.section)), None)
    if not short or section is None or not isinstance(section[0], nodes.title):
        return
    title = section[0]
    app.env.metadata[app.env.docname][FULL_TITLE] = title.astext()
    subtitle = subtitle_nodes(title, short)
    title[:] = [nodes.Text(short)]
    if subtitle and nodes.paragraph("", "", *subtitle).astext().strip() != short:
        section.insert(1, nodes.paragraph("", "", *subtitle, classes=["page-subtitle"]))


def setup_titles(app: Sphinx) -> None:
    # Before Sphinx's title and toctree collectors (priority 500) read the heading.
    app.connect("doctree-read", show_short_title, priority=400)
