"""An entry of a publication list as docutils nodes: badge; title, authors, venue and year; link buttons,
abstract and BibTeX. Every link is a reference node, so the link checker sees it and every builder shows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from docutils import nodes

from ..bib.citation_formats import ris_text
from ..bib.coins import context_object
from ..bib.formatting import FormattedEntry, citation_nodes, shown_names
from ..bib.identifiers import arxiv_abs
from ..bib.record import Publication
from ..bib.style import author_separator
from .languages import in_language
from .nodes import author_gap, author_toggle, bibtex_block, collapsible, unbroken

EQUAL_CONTRIBUTION_NOTE = "* Equal contribution."
LIST_CLASSES = ["pub-list"]


@dataclass(frozen=True)
class Citing:
    """On a paper's own page, what citing it takes: the page's address and the paper's references (label, text)
    in each style offered (pages/reference_texts.py)."""

    address: str
    references: list[tuple[str, str]]


@dataclass(frozen=True)
class PageLink:
    """A link from an entry to a page of the site: its project page, or the full entry in the list."""

    label: str
    refuri: str


def button(label: str, refuri: str, title: str, *, internal: bool = False) -> nodes.reference:
    classes = ["pub-btn", "pub-btn-project"] if internal else ["pub-btn"]
    return nodes.reference("", label, refuri=refuri, reftitle=title, internal=internal, classes=classes)


def meta(publication: Publication) -> nodes.paragraph:
    """The venue's badge (SC '23), or "Preprint"."""
    paragraph = nodes.paragraph(classes=["pub-meta"])
    if badge := publication.badge:
        paragraph += nodes.inline(badge, badge, classes=["pub-badge", f"pub-badge-{publication.kind}"])
    return paragraph


def title_line(publication: Publication, formatted: FormattedEntry, own_page: str) -> nodes.paragraph:
    """The title, linked to the paper's own page on the site (none where the entry is on that page)."""
    # the entry's langid: read aloud and set in the right font
    title = nodes.strong("", "", *in_language(citation_nodes(formatted.title), publication.language),
                         classes=["pub-title"])
    if own_page:
        title = nodes.reference("", "", title, refuri=own_page, internal=True, classes=["pub-title-link"])
    return nodes.paragraph("", "", title, classes=["pub-title-line"])


def author_line(formatted: FormattedEntry, *, every_name: bool = False) -> nodes.paragraph:
    """Every author, in order; a long list (:func:`.formatting.shown_names`) marks those it does not show for
    the "+N authors" control to reveal (they stay in the page: search and metadata readers see them all).
    With ``every_name`` (the paper's own page), every name shows."""
    names = formatted.authors
    shown = set(range(len(names)) if every_name else shown_names(names, formatted.collaboration))
    line = nodes.paragraph(classes=["pub-authors"])
    long = len(shown) < len(names)
    if long and formatted.collaboration:
        line += nodes.inline(formatted.collaboration, formatted.collaboration, classes=["pub-collaboration"])
    for position, spans in enumerate(names):
        separator = author_separator(position, len(names), formatted.et_al)
        if long and formatted.collaboration and position == 0:
            separator = ", "
        name = [nodes.Text(separator), unbroken("", "", *citation_nodes(spans))]
        if not long:  # most lists: names as text, no element each (a list of 4,000 entries stays light)
            line.extend(name)
            continue
        if position not in shown and (position - 1 in shown or position == 0):
            line += author_gap()
        hidden = [] if position in shown else ["pub-author-more"]
        line += nodes.inline("", "", *name, classes=["pub-author", *hidden])
    if formatted.et_al:
        line += nodes.Text(", et al.")
    if formatted.collaboration and not long:
        line += nodes.Text(" (")
        line += nodes.inline(formatted.collaboration, formatted.collaboration, classes=["pub-collaboration"])
        line += nodes.Text(")")
    if hidden_count := len(names) - len(shown):
        line += author_toggle(hidden=hidden_count)
    return line


def venue_line(publication: Publication, formatted: FormattedEntry) -> nodes.paragraph:
    """Venue, arXiv identifier (linked), year and status: "In *SC*, 2023", "arXiv:2407.00611, 2024 · Under
    review"."""
    line = nodes.paragraph(classes=["pub-venue"])
    parts: list[nodes.Node] = []
    if formatted.venue:
        parts.append(nodes.inline("", "", *citation_nodes(formatted.venue)))
    if publication.preprint and publication.eprint:
        identifier = f"arXiv:{publication.eprint}"
        parts.append(nodes.reference(identifier, identifier, refuri=arxiv_abs(publication.eprint),
                                     classes=["pub-arxiv"]))
    parts.append(nodes.inline(str(publication.year), str(publication.year), classes=["pub-year"]))
    for index, part in enumerate(parts):
        if index:
            line += nodes.Text(", ")
        line += part
    if publication.status:
        line += nodes.Text(" · ")
        line += nodes.inline(publication.status, publication.status, classes=["pub-status"])
    return line


def buttons(publication: Publication, page_links: list[PageLink], pdf_uri: str = "") -> nodes.paragraph | None:
    """Link buttons: the paper's PDF on the site (``pdf_uri``), its addresses elsewhere, pages of the site."""
    links = [button("PDF", pdf_uri, f"PDF: {publication.title}")] if pdf_uri else []
    links += [button(link.label, link.url, f"{link.label}: {publication.title}") for link in publication.links
              if not (publication.preprint and link.label == "arXiv")]  # the venue line links it
    links += [button(link.label, link.refuri, f"{link.label}: {publication.title}", internal=True)
              for link in page_links]
    if not links:
        return None
    paragraph = nodes.paragraph(classes=["pub-links"])
    for index, link in enumerate(links):
        if index:
            paragraph += nodes.Text(" ")
        paragraph += link
    return paragraph


def citation_block(publication: Publication, formatted: FormattedEntry, *, own_page: str | None,
                   every_name: bool = False) -> nodes.container:
    """Title (unless ``own_page`` is None: the page's heading is the title), authors, venue and year; on the
    paper's own page (``every_name``), every author."""
    # An entry of "others" alone names no one.
    names = [author_line(formatted, every_name=every_name)] if formatted.authors else []
    title = [title_line(publication, formatted, own_page)] if own_page is not None else []
    return nodes.container("", *title, *names, venue_line(publication, formatted), classes=["pub-citation"])


def bibtex_details(publication: Publication, citing: Citing | None = None) -> collapsible:
    """The BibTeX to copy; with ``citing`` (on the paper's own page), every format to cite it in."""
    # Out of the search index: the record's words are already there, once.
    if citing is None:
        bibtex = collapsible(classes=["pub-bibtex", "no-search"], summary="BibTeX")
        bibtex += bibtex_block(key=publication.key)
        return bibtex
    cite = collapsible(classes=["pub-bibtex", "pub-cite", "no-search"], summary="Cite")
    cite.extend(cite_formats(publication, citing))
    return cite


def copyable(label: str, text: str, *, record: bool = False) -> list[nodes.Node]:
    """A labelled block to copy: a reference wraps like text, a record (RIS) keeps its lines."""
    block = nodes.literal_block(text, text, language="text", classes=["pub-cite-record" if record else "pub-cite-text"])
    return [nodes.paragraph(label, label, classes=["pub-cite-label"]), block]


def cite_formats(publication: Publication, citing: Citing) -> list[nodes.Node]:
    """APA and IEEE references, BibTeX and RIS, each to copy."""
    formats: list[nodes.Node] = []
    for label, reference in citing.references:
        formats += copyable(label, reference)
    formats += [nodes.paragraph("BibTeX", "BibTeX", classes=["pub-cite-label"]), bibtex_block(key=publication.key)]
    formats += copyable("RIS", ris_text(publication, citing.address), record=True)
    return formats


def coins_span(publication: Publication, address: str) -> nodes.raw:
    """The entry as a reference manager saving a list reads it (COinS), for HTML only."""
    kev = escape(context_object(publication, address), quote=True)
    return nodes.raw("", f'<span class="Z3988" title="{kev}"></span>', format="html")


def entry_item(publication: Publication, formatted: FormattedEntry, *, anchor: bool,
               page_links: list[PageLink], own_page: str = "", coins_address: str | None = None,
               citing: Citing | None = None, pdf_uri: str = "") -> nodes.list_item:
    """An entry; with ``coins_address`` (the paper's page, "" in a build without an address), also its COinS,
    for a list (a page about one paper says it with its own tags, which COinS would override); with
    ``citing`` (on the paper's own page), every format to cite it in."""
    item = nodes.list_item(classes=["pub"], ids=[publication.anchor] if anchor else [])
    if coins_address is not None:
        item += coins_span(publication, coins_address)
    item += meta(publication)
    body = nodes.container(classes=["pub-body"])
    body += citation_block(publication, formatted, own_page=own_page, every_name=citing is not None)
    if (links := buttons(publication, page_links, pdf_uri)) is not None:
        body += links
    if publication.abstract:
        abstract = collapsible(classes=["pub-abstract"], summary="Abstract")
        abstract += abstract_paragraph(publication, formatted)
        body += abstract
    body += bibtex_details(publication, citing)
    item += body
    return item


def abstract_paragraph(publication: Publication, formatted: FormattedEntry) -> nodes.paragraph:
    """The abstract, its formulas drawn."""
    if not formatted.abstract:
        return nodes.paragraph(publication.abstract, publication.abstract)
    return nodes.paragraph(publication.abstract, "", *citation_nodes(formatted.abstract))


def paper_page_body(publication: Publication, formatted: FormattedEntry, page_links: list[PageLink],
                    citing: Citing, pdf_uri: str = "") -> list[nodes.Node]:
    """A paper's own page below its heading: badge, authors, venue and year, links, the abstract in full (no
    click needed) and the BibTeX."""
    citation = nodes.container(classes=["pub", "pub-page"], ids=[publication.anchor])  # where search leads
    citation += meta(publication)
    citation += citation_block(publication, formatted, own_page=None, every_name=True)
    if (links := buttons(publication, page_links, pdf_uri)) is not None:
        citation += links
    found: list[nodes.Node] = [citation]
    if publication.equal:
        found.append(nodes.paragraph(EQUAL_CONTRIBUTION_NOTE, EQUAL_CONTRIBUTION_NOTE, classes=["pub-legend"]))
    if publication.abstract:
        found.append(nodes.section("", nodes.title("Abstract", "Abstract"),
                                   abstract_paragraph(publication, formatted),
                                   ids=["abstract"], classes=["pub-abstract-full"]))
    found.append(nodes.section("", nodes.title("Cite", "Cite"), *cite_formats(publication, citing),
                               ids=["cite"], classes=["pub-cite", "no-search"]))
    return found


def entry_list(items: list[nodes.Element], *, legend: bool) -> list[nodes.Node]:
    """The list of ``items``: entries, or entries already written (:mod:`.written_entries`)."""
    listing = nodes.bullet_list(classes=LIST_CLASSES)
    listing.extend(items)
    if not legend:
        return [listing]
    return [listing, nodes.paragraph(EQUAL_CONTRIBUTION_NOTE, EQUAL_CONTRIBUTION_NOTE, classes=["pub-legend"])]
