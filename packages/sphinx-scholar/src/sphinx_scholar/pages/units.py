"""Units a line must not break inside, on any page: a date ("May 2024", "Dec. 2023"), a venue and its year
("SC '23"), a title and the name it goes with ("Prof. James Demmel"), and the owner's names. On a phone, "May /
2024" or "Prof. / Yang You" read as two things.

Each unit becomes an :class:`~.nodes.unbroken` node, written with no-break spaces in HTML and as it is elsewhere.
This runs on the page as it is written (after the entries, cards and facts are in it), so what the engine writes
and what the researcher writes are kept together alike.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..settings import settings
from .nodes import unbroken, written_entry

if TYPE_CHECKING:
    from sphinx.application import Sphinx

MONTHS = (r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?|January|February|March|April|May|June|July"
          r"|August|September|October|November|December")
UNITS = (
    rf"\b(?:{MONTHS}) \d{{4}}\b",  # a month and its year
    r"\b[A-Z][A-Za-z]*[A-Z][A-Za-z]* (?:'\d{2}|\d{4})\b",  # a venue's name and year: SC '23, MLSys 2024
    r"\b(?:Prof|Dr)\.(?: [A-Z][\w'’-]*\.?){1,3}",  # a title and the name after it
)
#: Where text is shown as written, or is already one unit.
LEFT_AS_IS = (nodes.FixedTextElement, nodes.literal, nodes.raw, unbroken, written_entry)


@cache  # once per build, not once per entry of a list written as it is made
def units_pattern(owner_names: tuple[str, ...]) -> re.Pattern[str]:
    names = [re.escape(name) for name in sorted(owner_names, key=len, reverse=True) if " " in name.strip()]
    return re.compile("|".join([*UNITS, *(rf"\b{name}\b" for name in names)]))


class KeepUnitsTogether(SphinxPostTransform):
    """After the entries, cards and facts are written (the publication transforms, 790)."""

    default_priority = 850
    formats = ("html",)

    def run(self, **kwargs) -> None:
        keep_units_together(self.document, self.config)


def keep_units_together(document: nodes.Node, config) -> None:
    """Each unit of the document's text in one :class:`~.nodes.unbroken` node (a paper page's, written outside
    Sphinx's documents, too)."""
    pattern = units_pattern(settings(config).owner_names)
    for text in list(document.findall(nodes.Text)):
        if " " not in text or isinstance(text.parent, LEFT_AS_IS) or not pattern.search(text):
            continue
        if any(isinstance(ancestor, LEFT_AS_IS) for ancestor in ancestors(text.parent)):
            continue
        text.parent.replace(text, split_units(str(text), pattern))


def ancestors(node: nodes.Node):
    while node is not None:
        yield node
        node = node.parent


def split_units(text: str, pattern: re.Pattern[str]) -> list[nodes.Node]:
    parts: list[nodes.Node] = []
    position = 0
    for match in pattern.finditer(text):
        if match.start() > position:
            parts.append(nodes.Text(text[position:match.start()]))
        parts.append(unbroken(match.group(), match.group()))
        position = match.end()
    if position < len(text):
        parts.append(nodes.Text(text[position:]))
    return parts


def setup_units(app: Sphinx) -> None:
    app.add_post_transform(KeepUnitsTogether)
