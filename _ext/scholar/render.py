"""HTML for one publication entry: venue badge, formatted citation, link buttons and BibTeX block.

Every value from the .bib file goes through :func:`html.escape` (the citation through pybtex's HTML
backend, which escapes too), so markup in a field shows as text.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import BibTeXLexer

if TYPE_CHECKING:
    from .catalog import Publication

EQUAL_CONTRIBUTION_NOTE = "* Equal contribution."


BIBTEX_LEXER = BibTeXLexer()
CODE_FORMATTER = HtmlFormatter(nowrap=True)


def highlighted_bibtex(text: str) -> str:
    """The BibTeX block as Sphinx's own code blocks are marked up, so the copy button finds it."""
    code = highlight(text, BIBTEX_LEXER, CODE_FORMATTER)
    return f'<div class="highlight-bibtex notranslate"><div class="highlight"><pre>{code}</pre></div></div>'


def entry_head(publication: Publication) -> str:
    """Badge and year: the part of an entry before its citation text."""
    badge = escape(publication.badge)
    return (
        '<div class="pub-meta">'
        + (f'<span class="pub-badge pub-badge-{publication.kind}">{badge}</span>' if badge else "")
        + f'<span class="pub-year">{publication.year}</span></div>'
    )


def button(label: str, url: str, *, title: str, css_class: str = "pub-btn") -> str:
    return f'<a class="{css_class}" href="{escape(url)}" title="{escape(title)}">{escape(label)}</a>'


def link_buttons(publication: Publication) -> str:
    return "".join(
        button(link.label, link.url, title=f"{link.label}: {publication.title}") for link in publication.links
    )


def entry_tail(publication: Publication, page_links: list[tuple[str, str]]) -> str:
    """Status, link buttons, project pages that cite it, and the collapsible BibTeX and abstract."""
    parts = []
    if publication.status:
        parts.append(f'<p class="pub-status">{escape(publication.status)}</p>')
    buttons = link_buttons(publication) + "".join(
        button(label, url, title=f"{label}: {publication.title}", css_class="pub-btn pub-btn-project")
        for label, url in page_links
    )
    if buttons:
        parts.append(f'<div class="pub-links">{buttons}</div>')
    if publication.abstract:
        parts.append(
            '<details class="pub-abstract"><summary>Abstract</summary>'
            f"<p>{escape(publication.abstract)}</p></details>"
        )
    parts.append(
        f'<details class="pub-bibtex"><summary>BibTeX</summary>{publication.bibtex_html}</details>'
    )
    return "".join(parts)
