"""The record of one publication: what the site shows of an entry of the .bib file, as plain data.

A record holds no markup: nodes are made from it at write time, and the formatted citation lives beside it
(:mod:`.formatting`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .bibfile import RawEntry, equal_positions, is_site_pdf, standalone_bibtex
from .biblatex import collaboration_name, date_parts, is_corporate, language_tag
from .identifiers import (
    anchor_id,
    arxiv_abs,
    arxiv_for_plain_bibtex,
    arxiv_id,
    arxiv_month,
    link_value,
    normal_doi,
    same_page,
)
from .kinds import KINDS, Kind, editors_only, entry_kind, is_peer_reviewed, type_words, venue_field
from .latex import display_name, given_name, is_others, plain, suffix, surname

if TYPE_CHECKING:
    from pybtex.database import Entry

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
#: Fields a kind's metadata reads as they are written (the ISBN of a book, the version of software…).
DETAIL_FIELDS = ("isbn", "issn", "edition", "version", "publisher", "type")


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class Publication:
    key: str
    entry_type: str
    kind: str  # a key of kinds.KINDS: journal-article, conference-paper, preprint, phd-thesis, software…
    title: str
    authors: tuple[str, ...]  # as shown: given names first; an edited book's editors
    surnames: tuple[str, ...]  # each author's family name, as BibTeX splits it
    given_names: tuple[str, ...]  # each author's given names ("" for an organisation)
    suffixes: tuple[str, ...]  # each author's "Jr.", "III" (BibTeX's lineage), or ""
    organizations: tuple[int, ...]  # positions of authors that are organisations ({CMS Collaboration})
    edited: bool  # the names are editors: an edited book
    collaboration: str  # INSPIRE's collaboration, as its name: "CMS Collaboration"
    equal: tuple[int, ...]
    year: int
    date: str  # as precise as the entry gives it: "2024", "2024-03", "2024-03-15"
    language: str  # the language tag of its langid or language field ("de"), or ""
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
    details: tuple[tuple[str, str], ...]  # (field, plain value) of DETAIL_FIELDS the entry gives
    site_pdf: str  # a PDF file of the site (a path from the folder of conf.py) the pdf field names, or ""
    line: int  # where the entry starts in the .bib file
    bibtex: str  # the entry's own text, standing on its own, without the site-only fields
    fingerprint: str
    position: int = 0  # place in the .bib file, the last tie-breaker of the order

    @property
    def kind_of(self) -> Kind:
        return KINDS[self.kind]

    @property
    def preprint(self) -> bool:
        return self.kind == "preprint"

    @property
    def peer_reviewed(self) -> bool:
        return is_peer_reviewed(self.kind_of, self.status)

    @property
    def group(self) -> str:
        """The ``:group-by: type`` section: a journal or conference paper still under review is a preprint."""
        group = self.kind_of.group
        return "preprint" if group == "peer-reviewed" and not self.peer_reviewed else group

    @property
    def badge(self) -> str:
        return self.venue_short or self.kind_of.label

    def inverted_name(self, position: int) -> str:
        """"Family, Given" as BibTeX split the name ("King, Martin Luther, Jr."), so no reader splits it again;
        an organisation, or a name of one word, as it is."""
        given, suffix = self.given_names[position], self.suffixes[position]
        if not given:
            return self.authors[position]
        return f"{self.surnames[position]}, {given}, {suffix}" if suffix else f"{self.surnames[position]}, {given}"

    @property
    def type_words(self) -> str:
        """What a thesis, report or patent is: "PhD thesis", "Technical report", "U.S. patent"."""
        return type_words(self.detail("type"), self.kind)

    def detail(self, name: str) -> str:
        return dict(self.details).get(name, "")

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
        """Newest first by year, then by month (the date's, or the arXiv identifier's), then in the .bib file's
        order."""
        month = int(self.date[2:7].replace("-", "")) if len(self.date) >= 7 else self.arxiv_month
        return (-self.year, -month, self.position)


#: What a ``url`` leads to, by kind: a conference paper's is its page in the proceedings.
URL_LABELS = {"conference-paper": "Proceedings", "journal-article": "Journal"}


def links_of(fields, arxiv: str, kind: str) -> tuple[Link, ...]:
    """A button per address, labelled by where it goes; an address that leads where another button does (a url
    repeating the DOI or the arXiv page, the DOI arXiv registers for its papers) adds none."""
    links = [Link("arXiv", arxiv_abs(arxiv))] if arxiv else []
    for name, label, prefix in LINK_FIELDS:
        label = URL_LABELS.get(kind, label) if name == "url" else label
        value = link_value(fields.get(name, ""))
        if name == "doi":
            value = normal_doi(value)
        if name == "pdf" and is_site_pdf(value):
            continue  # a file of the site: published beside the paper's page (pages/papers.py)
        if value and not any(same_page(prefix + value, link.url) for link in links):
            links.append(Link(label, prefix + value))
    return tuple(links)


def venue_of(kind: Kind, fields, arxiv: str) -> str:
    if kind.name == "preprint" and arxiv:
        return "arXiv"
    field = venue_field(kind, fields)
    return plain(fields[field]) if field else ""


def page_range(pages: str) -> tuple[str, str]:
    """First and last page of ``12--34``, ``12-34``, ``12–34`` or ``12``; a range written otherwise is the first."""
    first, _, last = re.sub(r"\s*[-\u2013\u2014]+\s*", "-", pages.strip()).partition("-")
    return first.strip(), last.strip()


def make_record(raw: RawEntry, entry: Entry, private_fields: frozenset[str], fingerprint: str) -> Publication:
    fields = entry.fields
    arxiv = arxiv_id(fields)
    edited = editors_only(entry)
    kind = entry_kind(raw.type, entry)
    listed = entry.persons.get("editor" if edited else "author", ())
    pdf = link_value(fields.get("pdf", ""))
    site_pdf = pdf if is_site_pdf(pdf) else ""
    authors = [person for person in listed if not is_others(person)]
    year, date = date_parts(fields) or (0, "")
    return Publication(
        key=raw.key,
        entry_type=raw.type,
        kind=kind.name,
        title=plain(fields["title"]),
        authors=tuple(display_name(person) for person in authors),
        surnames=tuple(surname(person) for person in authors),
        given_names=tuple(given_name(person) for person in authors),
        suffixes=tuple(suffix(person) for person in authors),
        organizations=tuple(position for position, person in enumerate(authors) if is_corporate(person)),
        edited=edited,
        collaboration=collaboration_name(entry),
        equal=equal_positions(fields.get("equal", "")),
        year=year,
        date=date,
        language=language_tag(fields.get("langid", "") or plain(fields.get("language", ""))),
        venue=venue_of(kind, fields, arxiv),
        venue_short=plain(fields.get("venue_short", "")),
        status=plain(fields.get("status", "")),
        eprint=arxiv,
        arxiv_month=arxiv_month(arxiv),
        doi=normal_doi(fields.get("doi", "")),
        links=links_of(fields, arxiv, kind.name),
        selected=fields.get("selected", "").strip().lower() in ("true", "yes", "1"),
        keywords=tuple(word.strip().lower() for word in plain(fields.get("keywords", "")).split(",") if word.strip()),
        abstract=plain(fields.get("abstract", "")),
        volume=plain(fields.get("volume", "")),
        number=plain(fields.get("number", "") or fields.get("issue", "")),
        pages=page_range(plain(fields.get("pages", ""))),
        et_al=len(authors) < len(listed),
        details=tuple((name, plain(fields[name])) for name in DETAIL_FIELDS if fields.get(name, "").strip()),
        site_pdf=site_pdf,
        line=raw.line,
        bibtex=standalone_bibtex(raw, entry, private_fields,
                                 arxiv_for_plain_bibtex(raw.type, fields, arxiv) if kind.name == "preprint" else None),
        fingerprint=fingerprint,
    )
