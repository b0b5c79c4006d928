"""COinS (ContextObjects in Spans, OpenURL 1.0 KEV): one per entry of a list page, so that a reference manager
saving the page (Zotero's COinS translator) offers every paper on it as an item of its own.

The formats, as Zotero's translation server reads them: a conference paper is a ``book`` of genre
``proceeding`` (its title ``atitle``, the proceedings ``btitle``), a chapter one of genre ``bookitem``, a book
or report a ``book`` of its genre, a journal article a ``journal`` article, a thesis a ``dissertation``, a
patent a ``patent``, and anything else (a preprint, software, a dataset, a talk…) Dublin Core with Zotero's
item type in ``rft.type``. COinS says
nothing of an arXiv identifier: the paper's own page says it exactly.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlencode

from .record import Publication

CONTEXT = [("ctx_ver", "Z39.88-2004")]


def kev_author(publication: Publication, position: int) -> tuple[str, str]:
    """An author as COinS names one: a person "Family, Given" (Zotero splits at the comma), an organisation
    as ``aucorp``."""
    if position in publication.organizations:
        return "rft.aucorp", publication.authors[position]
    return "rft.au", publication.inverted_name(position)


def kind_pairs(publication: Publication) -> list[tuple[str, str]]:
    """The format, genre and titles of each kind, as Zotero's COinS translator reads them."""
    kind, title, venue = publication.kind, publication.title, publication.venue
    pages = [("rft.spage", publication.pages[0]), ("rft.epage", publication.pages[1])]
    book = [("rft_val_fmt", "info:ofi/fmt:kev:mtx:book")]
    if kind == "conference-paper":
        return [*book, ("rft.genre", "proceeding"), ("rft.atitle", title), ("rft.btitle", venue), *pages]
    if kind == "journal-article":
        return [("rft_val_fmt", "info:ofi/fmt:kev:mtx:journal"), ("rft.genre", "article"), ("rft.atitle", title),
                ("rft.jtitle", venue), ("rft.volume", publication.volume), ("rft.issue", publication.number), *pages]
    if kind == "chapter":
        return [*book, ("rft.genre", "bookitem"), ("rft.atitle", title), ("rft.btitle", venue),
                ("rft.isbn", publication.detail("isbn")), *pages]
    if kind in ("book", "edited-book", "report"):
        return [*book, ("rft.genre", "report" if kind == "report" else "book"), ("rft.btitle", title),
                ("rft.pub", venue), ("rft.edition", publication.detail("edition")),
                ("rft.isbn", publication.detail("isbn"))]
    if publication.kind_of.group == "thesis":
        return [("rft_val_fmt", "info:ofi/fmt:kev:mtx:dissertation"), ("rft.title", title), ("rft.inst", venue),
                ("rft.degree", publication.type_words)]
    if kind == "patent":
        return [("rft_val_fmt", "info:ofi/fmt:kev:mtx:patent"), ("rft.title", title),
                ("rft.number", publication.number)]
    return [("rft_val_fmt", "info:ofi/fmt:kev:mtx:dc"), ("rft.type", publication.kind_of.zotero),
            ("rft.title", title), ("rft.publisher", venue)]


@lru_cache(maxsize=16384)  # a CV and a publications page list the same papers: each is encoded once a build
def context_object(publication: Publication, address: str = "") -> str:
    """The KEV of ``publication``; ``address`` is the absolute address of its own page, where there is one."""
    pairs = [*CONTEXT, *kind_pairs(publication)]
    pairs += [kev_author(publication, position) for position in range(len(publication.authors))]
    pairs.append(("rft.date", publication.date))
    if doi := publication.registered_doi:
        pairs.append(("rft_id", f"info:doi/{doi}"))
    if address:
        pairs.append(("rft_id", address))
    return urlencode([(name, value) for name, value in pairs if value])
