"""The publications of the site: entries of the .bib file turned into :class:`Publication` records.

Formatting an entry through pybtex is the slow step of a large bibliography, so each record is cached
by a fingerprint of the entry's own text, the style version and the settings that shape it: an edited
entry gets a new fingerprint and is formatted again, an unchanged one never is.
"""

from __future__ import annotations

import hashlib
import pickle
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from pybtex.database import Entry
from pybtex.richtext import Text

from .bibfile import RawEntry, equal_positions, parse_text
from .render import highlighted_bibtex
from .style import STYLE_VERSION, ScholarHtmlBackend, ScholarStyle

DEFAULT_PRIVATE_FIELDS = ("selected", "equal", "venue_short", "status")
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


@dataclass(frozen=True)
class CatalogSettings:
    owner_names: tuple[str, ...]
    private_fields: tuple[str, ...]


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
    bibtex: str
    bibtex_html: str
    citation_html: str
    citation_text: str
    position: int = 0  # place in the .bib file, the last tie-breaker of the order

    @property
    def kind(self) -> str:
        return "preprint" if self.entry_type in PREPRINT_TYPES else "peer-reviewed"

    @property
    def badge(self) -> str:
        return self.venue_short or ("arXiv" if self.eprint else "")

    def sort_key(self) -> tuple[int, int, int]:
        """Newest first by year, then by arXiv month, then in the .bib file's order."""
        return (-self.year, -self.arxiv_month, self.position)


def plain(latex: str) -> str:
    return Text.from_latex(latex).render_as("text").strip()


def _links(fields) -> tuple[Link, ...]:
    links = []
    eprint = fields.get("eprint", "").strip()
    if eprint and fields.get("archiveprefix", "arXiv").lower() == "arxiv":
        links.append(Link("arXiv", f"https://arxiv.org/abs/{eprint}"))
    for name, label, prefix in LINK_FIELDS:
        value = fields.get(name, "").strip()
        if value:
            links.append(Link(label, prefix + value))
    return tuple(links)


def build_publication(raw: RawEntry, entry: Entry, style: ScholarStyle, settings: CatalogSettings) -> Publication:
    fields = entry.fields
    eprint = fields.get("eprint", "").strip()
    arxiv = ARXIV_ID.fullmatch(eprint)
    formatted = style.format_entry(raw.key, entry).text
    bibtex = raw.without_fields(frozenset(settings.private_fields))
    venue_field = next((name for name in ("booktitle", "journal", "howpublished") if name in fields), "")
    return Publication(
        key=raw.key,
        entry_type=raw.type,
        title=plain(fields["title"]),
        authors=tuple(" ".join(plain(str(part)) for part in person.rich_first_names + person.rich_middle_names
                               + person.rich_prelast_names + person.rich_last_names)
                      for person in entry.persons.get("author", ())),
        equal=equal_positions(fields.get("equal", "")),
        year=int(fields["year"]),
        venue=plain(fields[venue_field]) if venue_field else ("arXiv" if eprint else ""),
        venue_short=plain(fields.get("venue_short", "")),
        status=plain(fields.get("status", "")),
        eprint=eprint,
        arxiv_month=int(arxiv.group(1) + arxiv.group(2)) if arxiv else 0,
        links=_links(fields),
        selected=fields.get("selected", "").strip().lower() in ("true", "yes", "1"),
        keywords=tuple(word.strip().lower() for word in plain(fields.get("keywords", "")).split(",") if word.strip()),
        abstract=plain(fields.get("abstract", "")),
        bibtex=bibtex,
        bibtex_html=highlighted_bibtex(bibtex),
        citation_html=formatted.render(ScholarHtmlBackend()),
        citation_text=formatted.render_as("text"),
    )


def fingerprint(raw: RawEntry, settings: CatalogSettings) -> str:
    digest = hashlib.sha256(f"{STYLE_VERSION}\0{settings!r}\0{raw.text}".encode())
    return digest.hexdigest()


@dataclass
class Catalog:
    """Every publication of one .bib file, in display order, with lookup by key."""

    publications: list[Publication]
    by_key: dict[str, Publication] = field(init=False)

    def __post_init__(self) -> None:
        self.publications.sort(key=Publication.sort_key)
        self.by_key = {publication.key: publication for publication in self.publications}


@dataclass
class FormattingCache:
    """Formatted publications by entry fingerprint, plus the last whole file's hash and catalog."""

    path: Path | None
    records: dict[str, Publication] = field(default_factory=dict)
    file_digest: str = ""
    catalog: Catalog | None = None

    @classmethod
    def load(cls, path: Path | None) -> FormattingCache:
        if path is not None and path.is_file():
            try:
                with path.open("rb") as stream:
                    records, file_digest, catalog = pickle.load(stream)
                return cls(path, records, file_digest, catalog)
            except Exception:  # an unreadable or outdated cache only costs a re-format
                pass
        return cls(path)

    def save(self) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_suffix(".tmp")
        with partial.open("wb") as stream:
            pickle.dump((self.records, self.file_digest, self.catalog), stream, protocol=pickle.HIGHEST_PROTOCOL)
        partial.replace(self.path)


def load_catalog(bib_path: Path, display_path: str, settings: CatalogSettings, cache: FormattingCache) -> Catalog:
    """The catalog of ``bib_path``; raises :class:`~.bibfile.BibFileInvalid` on a bad file."""
    text = bib_path.read_text(encoding="utf-8-sig")
    digest = hashlib.sha256(f"{settings!r}\0{text}".encode()).hexdigest()
    if cache.catalog is not None and cache.file_digest == digest:
        return cache.catalog
    raw_entries, data = parse_text(text, display_path)
    style = ScholarStyle(owner_names=settings.owner_names)
    records, publications = {}, []
    for position, raw in enumerate(raw_entries):
        entry_print = fingerprint(raw, settings)
        record = cache.records.get(entry_print)
        if record is None:
            record = build_publication(raw, data.entries[raw.key], style, settings)
        records[entry_print] = record
        publications.append(replace(record, position=position))
    cache.records, cache.file_digest = records, digest
    cache.catalog = Catalog(publications)
    cache.save()
    return cache.catalog

