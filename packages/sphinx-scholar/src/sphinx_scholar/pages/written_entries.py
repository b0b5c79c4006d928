"""A list's entries written to HTML as each is made, on the builders that write a page per document.

A list of 4,000 entries is some 160,000 docutils nodes. Kept until its page was written, they were the build's
peak of memory, and each walk of the page after the list was made (the units kept together, the images, the
search index, the translator) went through all of them. Each entry is now made, written by a translator set
as the page's own is inside the list, and taken apart at once: the page keeps its HTML and its words for the
search index (:class:`~.nodes.written_entry`). The HTML is the same. Left as nodes, for the page's own
translator and what reads the page after it is resolved:

- every entry on other builders (text, LaTeX, the link checker, a single page that rewrites its links);
- every entry of the 404 page, whose links are made absolute once it is resolved;
- an entry with a formula: the page loads a formula renderer's script (MathJax) only where its translator saw
  one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util.docutils import new_document

from .._compat import page_written, words_found_apart
from ..settings import served_at_any_depth
from .collector import take_apart
from .entries import LIST_CLASSES
from .nodes import author_toggle, written_entry
from .units import keep_units_together

if TYPE_CHECKING:
    from sphinx.builders import Builder
    from sphinx.config import Config

#: The builders whose pages are written one document each, with links as the post-transforms leave them.
WRITTEN_PER_DOCUMENT = ("html", "dirhtml")


def searched_texts(node: nodes.Node) -> Iterator[str]:
    """The texts Sphinx's search index takes from the entry, each as it stands in the entry (a language's
    splitter reads each on its own: Japanese words change when texts are joined): none of what is marked
    ``no-search`` (its BibTeX) or is a comment. Its one raw part, the COinS span, is a tag with no text."""
    if isinstance(node, nodes.Text):
        yield node.astext()
    elif not isinstance(node, (nodes.comment, nodes.raw)) and "no-search" not in node.get("classes", ()):
        for child in node.children:
            yield from searched_texts(child)


class EntryWriter:
    """The entries of one list of the page ``docname``, each written as the page's translator writes it inside
    the list. The list is made as the page has it, where the page has it (``parent``), with its ``first``
    entry: the translator decides what it decides of a list of entries (never a compact one: an entry has a
    badge and a body)."""

    def __init__(self, builder: Builder, docname: str, config: Config, parent: nodes.Element,
                 first: nodes.list_item):
        self.config = config
        indexer = getattr(builder, "indexer", None)  # none where the site has no search
        #: How the entry's texts are kept for the search index: not at all, joined (one text, not thousands, for a
        #: long list), or each on its own, for a language whose words depend on what stands around them.
        self.texts = "none" if indexer is None else "joined" if words_found_apart(indexer) else "apart"
        self.listing = nodes.bullet_list(classes=LIST_CLASSES)
        self.listing.parent = parent  # not one of its children: the page gets the entries as they are written
        self.listing.append(first)
        self.translator = builder.create_translator(new_document(docname, builder.docsettings), builder)
        self.translator.visit_bullet_list(self.listing)

    def written(self, item: nodes.list_item) -> written_entry:
        self.listing.children = []
        self.listing.append(item)
        keep_units_together(item, self.config)
        body = self.translator.body
        start = len(body)
        item.walkabout(self.translator)
        html = "".join(body[start:])
        del body[start:]
        texts = [] if self.texts == "none" else list(searched_texts(item))
        if self.texts == "joined" and texts:
            texts = [" ".join(texts)]
        entry = written_entry("", *map(nodes.Text, texts), html=html,
                              author_toggle=next(item.findall(author_toggle), None) is not None)
        self.listing.children = []
        take_apart(item)
        return entry


def written_entries(builder: Builder, docname: str, config: Config, parent: nodes.Element,
                    items: Iterable[nodes.list_item]) -> Iterator[nodes.Element]:
    """``items`` as they are made, for a list that goes into ``parent``; on a page of HTML written per
    document, each written at once."""
    if (builder.name not in WRITTEN_PER_DOCUMENT or getattr(builder, "docsettings", None) is None
            or served_at_any_depth(config, docname)):
        yield from items
        return
    with page_written(builder, docname):
        writer = None
        for item in items:
            if has_formula(item):
                yield item
                continue
            if writer is None:
                writer = EntryWriter(builder, docname, config, parent, item)
            yield writer.written(item)


def has_formula(item: nodes.list_item) -> bool:
    """An entry's formulas are inline (pages/formulas.py); found by class, four times faster than by a test."""
    return next(item.findall(nodes.math), None) is not None
