"""The slow part of showing an entry, done once per entry content: its citation formatted by the pybtex style,
and its BibTeX highlighted. Nodes are made from these at write time (:mod:`.entries`).
"""

from __future__ import annotations

from dataclasses import dataclass

from docutils import nodes
from pybtex.database import Entry
from pybtex.richtext import Text
from pybtex_docutils import Backend as DocutilsBackend
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import BibTeXLexer

from .latex import TEXT_BACKEND
from .style import ScholarStyle

BIBTEX_LEXER = BibTeXLexer()
CODE_FORMATTER = HtmlFormatter(nowrap=True)


@dataclass(frozen=True)
class FormattedEntry:
    citation: Text  # pybtex rich text, with the style's ``title`` and ``owner`` tags
    citation_text: str  # the same as plain text, for tooltips
    bibtex_html: str  # the BibTeX block's code, highlighted and escaped by Pygments


def highlighted_bibtex(text: str) -> str:
    """BibTeX highlighted as Sphinx's own code blocks are (Pygments, ``highlight`` classes)."""
    return highlight(text, BIBTEX_LEXER, CODE_FORMATTER)


def format_entry(key: str, entry: Entry, style: ScholarStyle, bibtex: str) -> FormattedEntry:
    citation = style.format_entry(key, entry).text
    return FormattedEntry(citation, citation.render(TEXT_BACKEND), highlighted_bibtex(bibtex))


class CitationBackend(DocutilsBackend):
    """pybtex-docutils' backend, with the style's own tags as classed nodes (it drops tags it does not know)."""

    classed_tags = {"title": (nodes.inline, "pub-title"), "owner": (nodes.strong, "pub-owner")}

    def format_tag(self, tag_name: str, text: list[nodes.Node]) -> list[nodes.Node]:
        if tag_name in self.classed_tags:
            node_class, css_class = self.classed_tags[tag_name]
            return [node_class("", "", *text, classes=[css_class])]
        return super().format_tag(tag_name, text)


CITATION_BACKEND = CitationBackend()


def citation_nodes(formatted: FormattedEntry) -> list[nodes.Node]:
    return formatted.citation.render(CITATION_BACKEND)
