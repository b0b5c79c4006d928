"""The package's doctree nodes.

Directives leave placeholders (``publication_list``, ``publication_card``, ``project_index``) that a
post-transform replaces with docutils' own nodes once every page has been read (:mod:`.publications`,
:mod:`.projects`); on a page of HTML, a list's entries are then written at once (``written_entry``,
:mod:`.written_entries`). Five nodes have no docutils equivalent: a collapsible block (``<details>``), a card's
heading outside the page's sections, a BibTeX block whose highlighting was cached, and a long author list's
button and gap. Their HTML visitors are the only HTML written by hand, each value escaped or a number; other
builders show the text or skip them.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from docutils import nodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator


class publication_list(nodes.General, nodes.Element):
    """Placeholder: ``entries`` is a list of ``[key, anchor]``; ``legend`` asks for the equal-contribution note."""


class publication_card(nodes.General, nodes.Element):
    """Placeholder: the card of the paper ``key``."""


class project_index(nodes.General, nodes.Element):
    """Placeholder: cards for the project pages in ``folder``."""


class collapsible(nodes.General, nodes.Element):
    """Content shown on demand under the label ``summary`` (``summary_open`` while it is shown)."""


class card_title(nodes.General, nodes.TextElement):
    """A card's heading: a level-2 heading that is no section of the page."""


class author_toggle(nodes.General, nodes.Element):
    """The button that shows the ``hidden`` authors a long list leaves out, and hides them again."""


class author_gap(nodes.General, nodes.Element):
    """Where a long author list leaves names out ("…"), shown only while they are hidden."""


class unbroken(nodes.Inline, nodes.TextElement):
    """Text kept on one line on a page: a name ("Ada Lovelace", never "Ada" at a line's end), a date ("May
    2024"). Its spaces are written as no-break spaces, with no element of its own (a list of 4,000 entries stays
    light)."""


class written_date(nodes.Inline, nodes.TextElement):
    """A day as a page writes it ("January 31, 2026"), with ``datetime`` as ISO 8601 for machines."""


class bibtex_block(nodes.General, nodes.Element):
    """The BibTeX of the entry ``key``, written from its cached highlighting (other builders leave it out)."""


class written_entry(nodes.General, nodes.Element):
    """An entry of a list, written as HTML (``html``) by the page's translator as it was made; its texts are the
    entry's, for the search index; ``author_toggle`` says that it shows the button."""


def shows_author_toggle(doctree: nodes.Node) -> bool:
    return any(isinstance(node, author_toggle) or node.get("author_toggle")
               for node in doctree.findall(lambda node: isinstance(node, (author_toggle, written_entry))))


def visit_collapsible_html(translator: HTML5Translator, node: collapsible) -> None:
    """With ``summary_open``, the label says what pressing it does once open ("Show fewer")."""
    translator.body.append(translator.starttag(node, "details", ""))
    if node.get("summary_open"):
        translator.body.append(f'<summary><span class="summary-closed">{escape(node["summary"])}</span>'
                               f'<span class="summary-open">{escape(node["summary_open"])}</span></summary>')
    else:
        translator.body.append(f"<summary>{escape(node['summary'])}</summary>")


def depart_collapsible_html(translator: HTML5Translator, node: collapsible) -> None:
    translator.body.append("</details>")


def visit_card_title_html(translator: HTML5Translator, node: card_title) -> None:
    translator.body.append(translator.starttag(node, "h2", ""))


def depart_card_title_html(translator: HTML5Translator, node: card_title) -> None:
    # The search summary reads the page as text: the title must not run into the next line.
    translator.body.append("</h2>\n")


def visit_author_toggle_html(translator: HTML5Translator, node: author_toggle) -> None:
    """A disclosure button (``_static/authors.js``); without scripts it is hidden and every name shows."""
    more = f"+{int(node['hidden'])} authors"
    translator.body.append(f'<button type="button" class="pub-authors-toggle pst-js-only" aria-expanded="false" '
                           f'data-more="{more}" data-less="fewer authors">{more}</button>')
    raise nodes.SkipNode


def visit_author_gap_html(translator: HTML5Translator, node: author_gap) -> None:
    translator.body.append('<span class="pub-authors-gap" aria-hidden="true">, …</span>')
    raise nodes.SkipNode


def visit_unbroken_html(translator: HTML5Translator, node: unbroken) -> None:
    node["body_start"] = len(translator.body)


def depart_unbroken_html(translator: HTML5Translator, node: unbroken) -> None:
    """The name's text, written by its children, with no-break spaces (its tags are left as they are)."""
    start = node["body_start"]
    translator.body[start:] = [part if part.startswith("<") else part.replace(" ", "\u00a0")
                               for part in translator.body[start:]]


def visit_bibtex_block_html(translator: HTML5Translator, node: bibtex_block) -> None:
    """The block as Sphinx writes a highlighted code block, so sphinx-copybutton finds it; the code was
    highlighted, and escaped, by Pygments."""
    code = translator.builder.env.domains["pub"].formatted(node["key"]).bibtex_html
    translator.body.append(f'<div class="highlight-bibtex notranslate"><div class="highlight"><pre>{code}</pre>'
                           "</div></div>")
    raise nodes.SkipNode


def visit_written_entry_html(translator: HTML5Translator, node: written_entry) -> None:
    translator.body.append(node["html"])
    raise nodes.SkipNode


def skip(translator, node: nodes.Node) -> None:
    raise nodes.SkipNode


def visit_written_date_html(translator: HTML5Translator, node: written_date) -> None:
    translator.body.append(f'<time datetime="{escape(node["datetime"])}">')


def depart_written_date_html(translator: HTML5Translator, node: written_date) -> None:
    translator.body.append("</time>")


def visit_citation_html(translator: HTML5Translator, node: nodes.citation) -> None:
    """A ``{bibliography}`` entry as docutils writes it, with ARIA 1.2's ``listitem`` for the deprecated
    ``doc-biblioentry`` (axe reports that role)."""
    if not isinstance(node.previous_sibling(), nodes.citation):
        translator.body.append('<div role="list" class="citation-list">\n')
    translator.body.append(translator.starttag(node, "div", classes=[node.tagname], role="listitem"))


def depart_citation_html(translator: HTML5Translator, node: nodes.citation) -> None:
    translator.body.append("</div>\n")
    if not isinstance(node.next_node(descend=False, siblings=True), nodes.citation):
        translator.body.append("</div>\n")


def as_paragraph(translator, node: nodes.Node) -> None:
    translator.visit_paragraph(node)


def end_paragraph(translator, node: nodes.Node) -> None:
    translator.depart_paragraph(node)


NON_HTML = ("latex", "text", "man", "texinfo")


def visit_as_text(translator, node: nodes.Node) -> None:
    """The node's children, as any other builder writes them."""


def depart_nothing(translator, node: nodes.Node) -> None:
    pass


def setup_nodes(app: Sphinx) -> None:
    for placeholder in (publication_list, publication_card, project_index):
        app.add_node(placeholder)
    app.add_node(collapsible, html=(visit_collapsible_html, depart_collapsible_html),
                 **dict.fromkeys(NON_HTML, (skip, None)))
    app.add_node(card_title, html=(visit_card_title_html, depart_card_title_html),
                 **dict.fromkeys(NON_HTML, (as_paragraph, end_paragraph)))
    for element, visit_html in ((author_toggle, visit_author_toggle_html), (author_gap, visit_author_gap_html)):
        app.add_node(element, html=(visit_html, None), **dict.fromkeys(NON_HTML, (skip, None)))
    for element, visit_html in ((bibtex_block, visit_bibtex_block_html), (written_entry, visit_written_entry_html)):
        app.add_node(element, html=(visit_html, None), **dict.fromkeys(NON_HTML, (skip, None)))
    app.add_node(unbroken, html=(visit_unbroken_html, depart_unbroken_html),
                 **dict.fromkeys(NON_HTML, (visit_as_text, depart_nothing)))
    app.add_node(nodes.citation, override=True, html=(visit_citation_html, depart_citation_html))
    app.add_node(written_date, html=(visit_written_date_html, depart_written_date_html),
                 **dict.fromkeys(NON_HTML, (visit_as_text, depart_nothing)))
