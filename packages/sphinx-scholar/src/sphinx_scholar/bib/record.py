"""The record of one publication: what the site shows of an entry of the .bib file, as plain data.

A record holds no markup: nodes are made from it at write time, and the formatted citation lives beside it
(:mod:`.formatting`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pybtex.database import Entry

from .bibfile import RawEntry, equal_positions, is_site_pdf, standalone_bibtex
from .identifiers import (
    anchor_id,
    arxiv_abs,
    arxiv_for_plain_bibtex,
    arxiv_id,
    arxiv_month,
    is_arxiv_journal,
    link_value,
    normal_doi,
    same_page,
)
from .latex import display_name, is_others, plain, surname

PREPRINT_TYPES = {"misc", "unpublished", "techreport", "online"}
#: (field, button label, address prefix); the prefix turns an identifier into an address.
LINK_FIELDS = (
    ("pdf", "PDF", ""),
    ("code", "Code", ""),
    ("doi", "DOI", "https://doi.org/"),
    ("slides", "Slides", ""),
    ("poster", "Poster", ""),
    ("video", "Video", ""),
    ("url", "Website", ""),
)
VENUE_FIELDS = ("booktitle", "journal", "school", "institution", "howpublished", "publisher")


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class Publication:
    key: str
    entry_type: str
    title: str
    authors: tuple[str, ...]
    surnames: tuple[str, ...]
    equal: tuple[int, ...]
    year: int
    venue: str
    venue_short: str
    status: str
    eprint: str  # the arXiv identifier, wherever the entry gives it
    arxiv_month: int  # yymm of an arXiv identifier, 0 without one: orders preprints within a year
    doi: str  # bare, however the entry writes it
    links: tuple[Link, ...]
    selected: bool
    keywords: tuple[str, ...]
    abstract: str
    volume: str
    number: str
    pages: tuple[str, str]  # first and last page ("" for none): "12--34", "12-34", "12"
    et_al: bool  # the author list ends in "and others"
    preprint: bool  # an arXiv or other preprint, however the entry is typed
    site_pdf: str  # a PDF file of the site (a path from the folder of conf.py) the pdf field names, or ""
    line: int  # where the entry starts in the .bib file
    bibtex: str  # the entry's own text, standing on its own, without the site-only fields
    fingerprint: str
    position: int = 0  # place in the .bib file, the last tie-breaker of the order

    @property
    def kind(self) -> str:
        return "preprint" if self.preprint else "peer-reviewed"

    @property
    def badge(self) -> str:
        return self.venue_short or ("Preprint" if self.preprint else "")

    @property
    def registered_doi(self) -> str:
        """The paper's DOI; for an arXiv preprint without one, the DOI arXiv registers for it."""
        if self.doi:
            return self.doi
        return f"10.48550/arXiv.{self.eprint}" if self.preprint and self.eprint else ""

    @property
    def anchor(self) -> str:
        return anchor_id(self.key)

    def sort_key(self) -> tuple[int, int, int]:
        """Newest first by year, then by arXiv month, then in the .bib file's order."""
        return (-self.year, -self.arxiv_month, self.position)


def links_of(fields, arxiv: str) -> tuple[Link, ...]:
    """A button per address; an address that leads where another button does (a url repeating the DOI or the
    arXiv page, the DOI arXiv registers for its papers) adds none."""
    links = [Link("arXiv", arxiv_abs(arxiv))] if arxiv else []
    for name, label, prefix in LINK_FIELDS:
        value = link_value(fields.get(name, ""))
        if name == "doi":
            value = normal_doi(value)
        if name == "pdf" and is_site_pdf(value):
            continue  # a file of the site: published beside the paper's page (pages/papers.py)
        if value and not any(same_page(prefix + value, link.url) for link in links):
            links.append(Link(label, prefix + value))
    return tuple(links)


def is_preprint(entry_type: str, fields) -> bool:
    """A preprint however it is typed: @misc and the like, or an @article in CoRR or arXiv (DBLP, Scholar)."""
    if entry_type in PREPRINT_TYPES:
        return "booktitle" not in fields and not (fields.get("journal") and not is_arxiv_journal(fields["journal"]))
    return entry_type == "article" and is_arxiv_journal(fields.get("journal", ""))


def venue_of(fields, preprint: bool, arxiv: str) -> str:
    if preprint:
        return "arXiv" if arxiv else plain(fields.get("howpublished", "") or fields.get("institution", ""))
    field = next((name for name in VENUE_FIELDS if name in fields), "")
    return plain(fields[field]) if field else ""


def page_range(pages: str) -> tuple[str, str]:
    """First and last page of ``12--34``, ``12-34``, ``12–34`` or ``12``; a range written otherwise is the first."""
    first, _, last = re.sub(r"\s*[-\u2013\u2014]+\s*", "-", pages.strip()).partition("-")
    return first.strip(), last.strip()


def make_record(raw: RawEntry, entry: Entry, private_fields: frozenset[str], fingerprint: str) -> Publication:
    fields = entry.fields
    arxiv = arxiv_id(fields)
    preprint = is_preprint(raw.type, fields)
    listed = entry.persons.get("author", ())
    pdf = link_value(fields.get("pdf", ""))
    site_pdf = pdf if is_site_pdf(pdf) else ""
    authors = [person for person in listed if not is_others(person)]
    return Publication(
        key=raw.key,
        entry_type=raw.type,
        title=plain(fields["title"]),
        authors=tuple(display_name(person) for person in authors),
        surnames=tuple(surname(person) for person in authors),
        equal=equal_positions(fields.get("equal", "")),
        year=int(fields["year"]),
        venue=venue_of(fields, preprint, arxiv),
        venue_short=plain(fields.get("venue_short", "")),
        status=plain(fields.get("status", "")),
        eprint=arxiv,
        arxiv_month=arxiv_month(arxiv),
        doi=normal_doi(fields.get("doi", "")),
        links=links_of(fields, arxiv),
        selected=fields.get("selected", "").strip().lower() in ("true", "yes", "1"),
        keywords=tuple(word.strip().lower() for word in plain(fields.get("keywords", "")).split(",") if word.strip()),
        abstract=plain(fields.get("abstract", "")),
        volume=plain(fields.get("volume", "")),
        number=plain(fields.get("number", "") or fields.get("issue", "")),
        pages=page_range(plain(fields.get("pages", ""))),
        et_al=len(authors) < len(listed),
        preprint=preprint,
        site_pdf=site_pdf,
        line=raw.line,
        bibtex=standalone_bibtex(raw, entry, private_fields,
                                 arxiv_for_plain_bibtex(raw.type, fields, arxiv) if preprint else None),
        fingerprint=fingerprint,
    )
