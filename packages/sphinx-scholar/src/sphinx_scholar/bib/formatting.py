"""The slow part of showing an entry, done once per entry content: its title, authors and venue formatted by
the pybtex style, and its BibTeX highlighted. Nodes are made from these at write time (:mod:`.entries`).

Each part is kept as spans, ``(tags, text)`` pairs in reading order: light to store and to load, and made
into nodes in one pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from itertools import groupby
from typing import TYPE_CHECKING

from docutils import nodes
from pybtex.backends import BaseBackend
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import BibTeXLexer

from .identifiers import arxiv_id
from .latex import FORMULA_TAG, TEXT_BACKEND, rich
from .style import EntryParts, ScholarStyle, arxiv_citation, author_separator, entry_parts, shown_positions

if TYPE_CHECKING:
    from pybtex.database import Entry
    from pybtex.richtext import Text

Span = tuple[tuple[str, ...], str]
#: pybtex tags (the style's own and its standard ones) as docutils nodes with classes.
TAG_NODES: dict[str, tuple[type[nodes.Element], list[str]]] = {
    "title": (nodes.inline, ["pub-title"]),
    "owner": (nodes.strong, ["pub-owner"]),
    "em": (nodes.emphasis, []),
    "i": (nodes.emphasis, []),
    "strong": (nodes.strong, []),
    "b": (nodes.strong, []),
    "sup": (nodes.superscript, []),
    "sub": (nodes.subscript, []),
    "tt": (nodes.literal, []),
}


@dataclass(frozen=True)
class FormattedEntry:
    title: tuple[Span, ...]
    authors: tuple[tuple[Span, ...], ...]  # one name each
    et_al: bool  # the list ends in "and others"
    collaboration: str  # the name standing for a long list's first authors, or ""
    venue: tuple[Span, ...]  # without year and arXiv identifier
    citation_text: str  # the whole citation as plain text, for tooltips
    bibtex_html: str  # the BibTeX block's code, highlighted and escaped by Pygments
    abstract: tuple[Span, ...] = ()  # an abstract with formulas, drawn as a title's are; others are the record's text


class SpanBackend(BaseBackend):
    """Renders pybtex rich text as spans; neighbouring text with the same tags is one span."""

    name = "scholar-spans"
    RenderType = list
    symbols = {"ndash": [((), "\u2013")], "newblock": [((), " ")], "nbsp": [((), "\u00a0")]}

    def format_str(self, str_: str) -> list[Span]:
        return [((), str_)] if str_ else []

    def format_tag(self, tag_name: str, text: list[Span]) -> list[Span]:
        return [((tag_name, *tags), part) for tags, part in text]

    def format_href(self, url: str, text: list[Span], external: bool = False) -> list[Span]:
        return text  # links are the entry's buttons

    def format_protected(self, text: list[Span]) -> list[Span]:
        return text

    def render_sequence(self, rendered_list: list[list[Span]]) -> list[Span]:
        merged: list[Span] = []
        for tags, part in (span for spans in rendered_list for span in spans):
            if merged and merged[-1][0] == tags:
                merged[-1] = (tags, merged[-1][1] + part)
            else:
                merged.append((tags, part))
        return merged


SPAN_BACKEND = SpanBackend()


@cache
def highlighter() -> tuple[BibTeXLexer, HtmlFormatter]:
    """Made on first use: a build with no entry to format never pays for it."""
    return BibTeXLexer(), HtmlFormatter(nowrap=True)


def highlighted_bibtex(text: str) -> str:
    """BibTeX highlighted as Sphinx's own code blocks are (Pygments, ``highlight`` classes)."""
    return highlight(text, *highlighter())


def spans(text: Text) -> tuple[Span, ...]:
    return tuple(text.render(SPAN_BACKEND))


def is_owner(spans: tuple[Span, ...]) -> bool:
    return any("owner" in tags for tags, _ in spans)


def shown_names(names: tuple[tuple[Span, ...], ...], collaboration: str) -> list[int]:
    """The positions of the names a list shows (:func:`.style.shown_positions`)."""
    owners = {position for position, name in enumerate(names) if is_owner(name)}
    return shown_positions(len(names), owners, bool(collaboration))


def author_text(names: list[str], shown: list[int], et_al: bool, collaboration: str) -> str:
    """Names as unsrt joins them, and the collaboration they write for; a long list as its collaboration or first
    authors, the owner and "+N authors"."""
    if len(shown) == len(names):
        text = "".join(author_separator(position, len(names), et_al) + names[position] for position in shown)
        text += ", et al." if et_al and names else ""
        return f"{text} ({collaboration})" if collaboration else text
    leading = [collaboration] if collaboration else []
    more = f"+{len(names) - len(shown)} authors" + (", et al." if et_al else "")
    return ", ".join([*leading, *(names[position] for position in shown), more])


def citation_text(parts: EntryParts, formatted_names: tuple[tuple[Span, ...], ...], fields) -> str:
    """The citation as one line of text, as unsrt writes it: "A and B. Title. In Venue, 2024."."""
    names = [name.render(TEXT_BACKEND) for name in parts.authors]
    authors = author_text(names, shown_names(formatted_names, parts.collaboration), parts.et_al, parts.collaboration)
    identifier = arxiv_id(fields)
    where = [parts.venue.render(TEXT_BACKEND), arxiv_citation(identifier) if identifier and not parts.venue else "",
             fields.get("year", "")]
    sentences = [authors, parts.title.render(TEXT_BACKEND),
                 ", ".join(part for part in where if part)]
    return " ".join(f"{sentence.rstrip('.')}." for sentence in sentences if sentence)


def format_entry(key: str, entry: Entry, style: ScholarStyle, bibtex: str) -> FormattedEntry:
    """Formatted once by the pybtex style, as parts; the one-line citation is made of the same parts."""
    parts = entry_parts(style, entry)
    names = tuple(spans(name) for name in parts.authors)
    abstract = entry.fields.get("abstract", "")
    return FormattedEntry(spans(parts.title), names, parts.et_al, parts.collaboration, spans(parts.venue),
                          citation_text(parts, names, entry.fields), highlighted_bibtex(bibtex),
                          spans(rich(" ".join(abstract.split()))) if "$" in abstract else ())


def citation_nodes(spans: tuple[Span, ...] | list[Span]) -> list[nodes.Node]:
    """Text and inline nodes, nested as the spans' tags are; any other tag is a plain inline."""
    made: list[nodes.Node] = []
    for tag, group in groupby(spans, key=lambda span: span[0][0] if span[0] else None):
        parts = list(group)
        if tag is None:
            made.append(nodes.Text("".join(text for _, text in parts)))
            continue
        inner = citation_nodes([(tags[1:], text) for tags, text in parts])
        if tag.startswith(FORMULA_TAG):  # drawn by the page's math renderer; its text form where it cannot be
            latex = tag.removeprefix(FORMULA_TAG)
            made.append(nodes.math(latex, latex, text_form="".join(node.astext() for node in inner)))
            continue
        node_class, classes = TAG_NODES.get(tag, (nodes.inline, []))
        made.append(node_class("", "", *inner, classes=list(classes)))
    return made
