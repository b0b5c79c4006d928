"""The CV's dates in a column of their own: on the CV page, a definition that begins or ends with its dates
("University of London · Jan. 1843 – present", "May 1842 – Nov. 1842 · Translated …", or dates
alone) shows them
beside its term, right-aligned, on screen and on paper. Only a segment that is wholly a date or a range of dates
moves; anything else is left as written."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from docutils import nodes

from ..settings import settings

if TYPE_CHECKING:
    from sphinx.application import Sphinx

MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|"
         r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
DATE = rf"(?:{MONTH}\s+)?\d{{4}}"
DATES = rf"{DATE}(?:\s*[–—-]\s*(?:{DATE}|present|now|today))?"
SEPARATOR = " · "
WHOLE = re.compile(rf"^({DATES})$")
LEADING = re.compile(rf"^({DATES}){re.escape(SEPARATOR)}")
TRAILING = re.compile(rf"{re.escape(SEPARATOR)}({DATES})$")


def take_dates(paragraph: nodes.paragraph) -> str:
    """The dates a paragraph begins or ends with, taken out of it; '' where it has none."""
    first, last = paragraph.children[0], paragraph.children[-1]
    if len(paragraph.children) == 1 and isinstance(first, nodes.Text) and (match := WHOLE.match(first.astext())):
        paragraph.parent.remove(paragraph)  # the definition was its dates alone
        return match.group(1)
    if isinstance(first, nodes.Text) and (match := LEADING.match(first.astext())):
        paragraph.replace(first, nodes.Text(first.astext()[match.end():]))
        return match.group(1)
    if isinstance(last, nodes.Text) and (match := TRAILING.search(last.astext())):
        paragraph.replace(last, nodes.Text(last.astext()[: match.start()]))
        return match.group(1)
    return ""


def date_column(app: Sphinx, doctree: nodes.document) -> None:
    if app.env.docname != settings(app.config).cv_page:
        return
    for item in doctree.findall(nodes.definition_list_item):
        term = next(iter(item.findall(nodes.term)), None)
        definition = next(iter(item.findall(nodes.definition)), None)
        if term is None or definition is None or not definition.children:
            continue
        paragraph = definition.children[0]
        if isinstance(paragraph, nodes.paragraph) and paragraph.children and (dates := take_dates(paragraph)):
            term += nodes.inline(dates, dates, classes=["cv-dates"])


def setup_cv_dates(app: Sphinx) -> None:
    app.connect("doctree-read", date_column)
