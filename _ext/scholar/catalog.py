"""The publications of the site: entries of the .bib file turned into :class:`Publication` records.

Formatting an entry through pybtex is the slow step of a large bibliography, so each record is cached
by a fingerprint of the entry's own text, the style version and the settings that shape it: an edited
entry gets a new fingerprint and is formatted again, an unchanged one never is.
"""

from __future__ import annotations

import hashlib
import pickle
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from pybtex.database import BibliographyData, Entry

from .bibfile import RawEntry, equal_positions, parse_text
from .render import highlighted_bibtex
from .style import HTML_BACKEND, STYLE_VERSION, TEXT_BACKEND, ScholarStyle, display_name, plain

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
    bibtex: str
    bibtex_html: str
    citation_html: str
    citation_text: str
    fingerprint: str
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


def build_publication(raw: RawEntry, entry: Entry, style: ScholarStyle, settings: CatalogSettings,
                      entry_print: str) -> Publication:
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
        authors=tuple(display_name(person) for person in entry.persons.get("author", ())),
        surnames=tuple(" ".join(plain(part) for part in person.prelast_names + person.last_names)
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
        citation_html=formatted.render(HTML_BACKEND),
        citation_text=formatted.render(TEXT_BACKEND),
        fingerprint=entry_print,
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


class CatalogStore:
    """The last catalog on disk, with a small file holding the digest of the .bib text it came from.

    A build whose .bib file is unchanged reads only the digest; the catalog itself is loaded when a page
    first needs it, so a build with nothing to read or write never loads it.
    """

    def __init__(self, folder: Path | None):
        self.folder = folder

    def _path(self, suffix: str) -> Path | None:
        return self.folder / f"publications.{suffix}" if self.folder is not None else None

    def stored_digest(self) -> str:
        path = self._path("digest")
        return path.read_text() if path is not None and path.is_file() else ""

    def load(self) -> Catalog | None:
        path = self._path("pickle")
        if path is None or not path.is_file():
            return None
        try:
            with path.open("rb") as stream:
                version, catalog = pickle.load(stream)
        except Exception:  # an unreadable or outdated store only costs formatting again
            return None
        return catalog if version == STYLE_VERSION and isinstance(catalog, Catalog) else None

    def save(self, digest: str, catalog: Catalog) -> None:
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        contents = {"pickle": pickle.dumps((STYLE_VERSION, catalog), protocol=pickle.HIGHEST_PROTOCOL),
                    "digest": digest.encode()}
        for suffix, content in contents.items():  # the digest last: it vouches for the pickle
            partial = self._path(suffix + ".tmp")
            partial.write_bytes(content)
            partial.replace(self._path(suffix))


def build_catalog(text: str, display_path: str, settings: CatalogSettings, previous: Catalog | None) -> Catalog:
    """Parse, check and format; entries whose fingerprint ``previous`` holds are reused, not formatted again."""
    return catalog_from_parsed(*parse_text(text, display_path), settings, previous)


def catalog_from_parsed(raw_entries: list[RawEntry], data: BibliographyData, settings: CatalogSettings,
                        previous: Catalog | None) -> Catalog:
    style = ScholarStyle(owner_names=settings.owner_names)
    reusable = {p.fingerprint: p for p in previous.publications} if previous else {}
    publications = []
    for position, raw in enumerate(raw_entries):
        entry_print = fingerprint(raw, settings)
        record = reusable.get(entry_print) or build_publication(raw, data.entries[raw.key], style, settings,
                                                                entry_print)
        publications.append(replace(record, position=position))
    return Catalog(publications)


@dataclass
class OpenedCatalog:
    """How to get the catalog, and pybtex's parse of the file when this build had to parse it."""

    get: Callable[[], Catalog]
    parsed: BibliographyData | None = None


def open_catalog(bib_path: Path, display_path: str, settings: CatalogSettings, store: CatalogStore) -> OpenedCatalog:
    """Check ``bib_path`` now (raising :class:`~.bibfile.BibFileInvalid`) and return how to get its catalog."""
    text = bib_path.read_text(encoding="utf-8-sig")
    digest = hashlib.sha256(f"{STYLE_VERSION}\0{settings!r}\0{text}".encode()).hexdigest()
    if store.stored_digest() == digest:
        return OpenedCatalog(lambda: store.load() or build_catalog(text, display_path, settings, None))
    raw_entries, data = parse_text(text, display_path)
    catalog = catalog_from_parsed(raw_entries, data, settings, store.load())
    store.save(digest, catalog)
    return OpenedCatalog(lambda: catalog, data)
