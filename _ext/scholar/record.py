"""The record of one publication: what the site shows of an entry of the .bib file, as plain data.

A record holds no markup: nodes are made from it at write time, and the formatted citation lives beside it
(:mod:`.formatting`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from docutils.nodes import make_id
from pybtex.database import Entry

from .bibfile import RawEntry, equal_positions
from .latex import display_name, plain, surname

PREPRINT_TYPES = {"misc", "unpublished", "techreport", "online"}
ARXIV_ID = re.compile(r"(\d{2})(\d{2})\.\d{4,5}(v\d+)?")
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
VENUE_FIELDS = ("booktitle", "journal", "howpublished")


def anchor_id(key: str) -> str:
    """The id of a key's entry: the key itself for keys of lowercase letters and digits, always a safe id."""
    return make_id(key) or "publication"


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
    eprint: str
    arxiv_month: int  # yymm of an arXiv identifier, 0 without one: orders preprints within a year
    links: tuple[Link, ...]
    selected: bool
    keywords: tuple[str, ...]
    abstract: str
    bibtex: str  # the entry's own text, without the site-only fields
    fingerprint: str
    position: int = 0  # place in the .bib file, the last tie-breaker of the order

    @property
    def kind(self) -> str:
        return "preprint" if self.entry_type in PREPRINT_TYPES else "peer-reviewed"

    @property
    def badge(self) -> str:
        return self.venue_short or ("arXiv" if self.eprint else "")

    @property
    def anchor(self) -> str:
        return anchor_id(self.key)

    def sort_key(self) -> tuple[int, int, int]:
        """Newest first by year, then by arXiv month, then in the .bib file's order."""
        return (-self.year, -self.arxiv_month, self.position)


def links_of(fields) -> tuple[Link, ...]:
    links = []
    eprint = fields.get("eprint", "").strip()
    if eprint and fields.get("archiveprefix", "arXiv").lower() == "arxiv":
        links.append(Link("arXiv", f"https://arxiv.org/abs/{eprint}"))
    for name, label, prefix in LINK_FIELDS:
        value = fields.get(name, "").strip()
        if value:
            links.append(Link(label, prefix + value))
    return tuple(links)


def make_record(raw: RawEntry, entry: Entry, private_fields: frozenset[str], fingerprint: str) -> Publication:
    fields = entry.fields
    eprint = fields.get("eprint", "").strip()
    arxiv = ARXIV_ID.fullmatch(eprint)
    venue_field = next((name for name in VENUE_FIELDS if name in fields), "")
    authors = entry.persons.get("author", ())
    return Publication(
        key=raw.key,
        entry_type=raw.type,
        title=plain(fields["title"]),
        authors=tuple(display_name(person) for person in authors),
        surnames=tuple(surname(person) for person in authors),
        equal=equal_positions(fields.get("equal", "")),
        year=int(fields["year"]),
        venue=plain(fields[venue_field]) if venue_field else ("arXiv" if eprint else ""),
        venue_short=plain(fields.get("venue_short", "")),
        status=plain(fields.get("status", "")),
        eprint=eprint,
        arxiv_month=int(arxiv.group(1) + arxiv.group(2)) if arxiv else 0,
        links=links_of(fields),
        selected=fields.get("selected", "").strip().lower() in ("true", "yes", "1"),
        keywords=tuple(word.strip().lower() for word in plain(fields.get("keywords", "")).split(",") if word.strip()),
        abstract=plain(fields.get("abstract", "")),
        bibtex=raw.without_fields(private_fields),
        fingerprint=fingerprint,
    )
