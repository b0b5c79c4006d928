"""The ``{news}`` directive: a list of dated items, written as a Markdown list (``- **Jan. 2023**: …``), shown
with the dates in a column and the newest ``:shown:`` items (5 by default) in view; the rest wait behind a
"More news" control (``<details>``, which works without scripts and with a keyboard).

Each item has an address of its own (``#news-2023-01``) and is kept in the environment for the news feed
(``env.scholar_news``, purged and merged per page as Sphinx's todo extension keeps its todos). A date is a
year, a month and a year (``Jan. 2023``, ``January 2023``) or ``2023-01(-15)``; one that cannot be read is
one line naming file and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from .._compat import app_of
from ..errors import report_error
from .nodes import collapsible

if TYPE_CHECKING:
    from sphinx.application import Sphinx

DEFAULT_SHOWN = 5
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
WRITTEN_DATE = re.compile(r"(?:(?P<month>[A-Za-z]{3,9})\.?\s+)?(?P<year>\d{4})")
ISO_DATE = re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})(?:-(?P<day>\d{2}))?")


@dataclass(frozen=True)
class NewsItem:
    anchor: str
    date: tuple[int, int, int]  # year, month, day; 0 where the date does not say
    written: str  # the date as written
    text: str


def read_date(written: str) -> tuple[int, int, int] | None:
    """(year, month, day) of a date as the news list writes it, 0 for what it leaves out; None if unreadable."""
    written = " ".join(written.split())
    if match := ISO_DATE.fullmatch(written):
        year, month, day = int(match["year"]), int(match["month"]), int(match["day"] or 0)
        return (year, month, day) if 1 <= month <= 12 and 0 <= day <= 31 else None
    if match := WRITTEN_DATE.fullmatch(written):
        if not match["month"]:
            return int(match["year"]), 0, 0
        month = next((number for number, name in enumerate(MONTHS, 1) if name.startswith(match["month"].lower())),
                     None)
        return (int(match["year"]), month, 0) if month else None
    return None


def news_anchor(date: tuple[int, int, int], taken) -> str:
    base = "news-" + "-".join(f"{part:02d}" for part in date if part)
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


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
            report_error(app_of(self.env), "news must be one Markdown list: '- **Jan. 2023**: what happened'",
                         location=self.get_location())
            return []
        items = [dated_item(item) for item in parsed[0].children]
        news = self.env.scholar_news.setdefault(self.env.docname, [])
        for item in items:
            written = item.children[0].astext().strip()
            date = read_date(written)
            if date is None:
                report_error(app_of(self.env), f"news date {written!r} cannot be read: write it as 2024, May 2024 or "
                             "2024-05-17", location=(self.env.docname, item_line(item, self.lineno)))
                continue
            anchor = news_anchor(date, self.state.document.ids)
            item["ids"].append(anchor)
            self.state.document.ids[anchor] = item
            news.append(NewsItem(anchor, date, written, " ".join(item.children[1].astext().split())))
        shown = self.options.get("shown", DEFAULT_SHOWN)
        news = nodes.bullet_list("", *items[:shown], classes=["news"])
        if len(items) <= shown:
            return [news]
        older = collapsible(classes=["news-more"], summary=f"More news ({len(items) - shown})",
                            summary_open="Show less news")
        older += nodes.bullet_list("", *items[shown:], classes=["news"])
        return [news, older]


def item_line(item: nodes.Node, fallback: int) -> int:
    return next((node.line for node in item.findall() if getattr(node, "line", None)), fallback)


def init_news(app: Sphinx) -> None:
    if not hasattr(app.env, "scholar_news"):
        app.env.scholar_news = {}


def purge_news(app: Sphinx, env, docname: str) -> None:
    env.scholar_news.pop(docname, None)


def merge_news(app: Sphinx, env, docnames: set[str], other) -> None:
    env.scholar_news.update({docname: items for docname, items in other.scholar_news.items()
                             if docname in docnames})


def setup_news(app: Sphinx) -> None:
    app.add_directive("news", NewsDirective)
    app.connect("builder-inited", init_news)
    app.connect("env-purge-doc", purge_news)
    app.connect("env-merge-info", merge_news)
