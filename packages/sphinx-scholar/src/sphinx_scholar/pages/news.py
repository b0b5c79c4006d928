"""The ``{news}`` directive: a list of dated items, written as a Markdown list (``- **Jan. 2023**: …``), shown
with the dates in a column and the newest ``:shown:`` items (5 by default) in view; the rest wait behind a
"More news" control (``<details>``, which works without scripts and with a keyboard).
"""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from ..errors import report_error
from .nodes import collapsible

DEFAULT_SHOWN = 5


def dated_item(item: nodes.list_item) -> nodes.list_item:
    """``**date**: text`` as a date cell and a text cell; an item without a leading bold date keeps an empty
    date cell."""
    made = nodes.list_item(classes=["news-item"])
    first = item.children[0] if item.children else None
    date = nodes.inline(classes=["news-date"])
    if isinstance(first, nodes.paragraph):  # MyST may start it with an empty text
        for empty in [child for child in first.children if isinstance(child, nodes.Text) and not child.astext()]:
            first.remove(empty)
    if isinstance(first, nodes.paragraph) and first.children and isinstance(first[0], nodes.strong):
        date += first[0].children
        first.remove(first[0])
        if first.children and isinstance(first[0], nodes.Text):
            first.replace(first[0], nodes.Text(first[0].astext().lstrip(": ")))
    made += date
    made += nodes.container("", *item.children, classes=["news-text"])
    return made


class NewsDirective(SphinxDirective):
    has_content = True
    option_spec = {"shown": directives.positive_int}

    def run(self) -> list[nodes.Node]:
        parsed = self.parse_content_to_nodes()
        if len(parsed) != 1 or not isinstance(parsed[0], nodes.bullet_list):
            report_error(self.env.app, "news must be one Markdown list: '- **Jan. 2023**: what happened'",
                         location=self.get_location())
            return []
        items = [dated_item(item) for item in parsed[0].children]
        shown = self.options.get("shown", DEFAULT_SHOWN)
        news = nodes.bullet_list("", *items[:shown], classes=["news"])
        if len(items) <= shown:
            return [news]
        older = collapsible(classes=["news-more"], summary=f"More news ({len(items) - shown})")
        older += nodes.bullet_list("", *items[shown:], classes=["news"])
        return [news, older]


def setup_news(app: Sphinx) -> None:
    app.add_directive("news", NewsDirective)
