"""An entry of a publication list as docutils nodes: badge and year, citation, status, link buttons, abstract
and BibTeX. Every link is a reference node, so the link checker sees it and every builder shows it.
"""

from __future__ import annotations

from dataclasses import dataclass

from docutils import nodes

from .formatting import FormattedEntry, citation_nodes
from .nodes import bibtex_block, collapsible
from .record import Publication

EQUAL_CONTRIBUTION_NOTE = "* Equal contribution."


@dataclass(frozen=True)
class PageLink:
    """A link from an entry to a page of the site: its project page, or the full entry in the list."""

    label: str
    refuri: str


def button(label: str, refuri: str, title: str, *, internal: bool = False) -> nodes.reference:
    classes = ["pub-btn", "pub-btn-project"] if internal else ["pub-btn"]
    return nodes.reference("", label, refuri=refuri, reftitle=title, internal=internal, classes=classes)


def meta(publication: Publication) -> nodes.paragraph:
    """Badge and year; the space between them keeps them apart where they are read as text."""
    paragraph = nodes.paragraph(classes=["pub-meta"])
    if publication.badge:
        paragraph += nodes.inline(publication.badge, publication.badge,
                                  classes=["pub-badge", f"pub-badge-{publication.kind}"])
        paragraph += nodes.Text(" ")
    paragraph += nodes.inline(str(publication.year), str(publication.year), classes=["pub-year"])
    return paragraph


def buttons(publication: Publication, page_links: list[PageLink]) -> nodes.paragraph | None:
    links = [button(link.label, link.url, f"{link.label}: {publication.title}") for link in publication.links]
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


def entry_item(publication: Publication, formatted: FormattedEntry, *, anchor: bool,
               page_links: list[PageLink]) -> nodes.list_item:
    item = nodes.list_item(classes=["pub"], ids=[publication.anchor] if anchor else [])
    item += meta(publication)
    body = nodes.container(classes=["pub-body"])
    body += nodes.paragraph("", "", *citation_nodes(formatted.citation), classes=["pub-citation"])
    if publication.status:
        body += nodes.paragraph(publication.status, publication.status, classes=["pub-status"])
    if (links := buttons(publication, page_links)) is not None:
        body += links
    if publication.abstract:
        abstract = collapsible(classes=["pub-abstract"], summary="Abstract")
        abstract += nodes.paragraph(publication.abstract, publication.abstract)
        body += abstract
    # Out of the search index: the record's words are already there, once.
    bibtex = collapsible(classes=["pub-bibtex", "no-search"], summary="BibTeX")
    bibtex += bibtex_block(key=publication.key)
    body += bibtex
    item += body
    return item


def entry_list(items: list[nodes.list_item], *, legend: bool) -> list[nodes.Node]:
    listing = nodes.bullet_list(classes=["pub-list"])
    listing.extend(items)
    if not legend:
        return [listing]
    return [listing, nodes.paragraph(EQUAL_CONTRIBUTION_NOTE, EQUAL_CONTRIBUTION_NOTE, classes=["pub-legend"])]
