"""Every publication of the .bib file: records in display order, each with its formatted citation.

A publication is an entry with one of the owner's names among its authors or editors; any other entry is a
reference, which a page may cite and list in its own ``{bibliography}``, and nothing else shows. Where no owner
name is set (a lab's list), every entry is a publication.

Formatting an entry through pybtex is the slow step of a large bibliography, so each entry is kept by a
digest of its own text and the settings that shape it: an edited entry is formatted again, an unchanged one
never is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from typing import TYPE_CHECKING

from ..processes import WorkBeside
from ..settings import ScholarSettings
from ..store import CatalogStore, content_digest
from .bibfile import RawEntry, parse_text
from .formatting import FormattedEntry, format_entry
from .identifiers import arxiv_abs
from .latex import person_key
from .record import Link, Publication, make_record
from .style import ScholarStyle
from .versions import named_versions

if TYPE_CHECKING:
    from pybtex.database import BibliographyData


@dataclass
class Catalog:
    """Every publication of one .bib file, in display order, with lookup by key."""

    publications: list[Publication]
    formatted: dict[str, FormattedEntry] = field(default_factory=dict)
    versions: dict[str, str] = field(default_factory=dict)  # an entry not listed: the key of the one it is of
    references: dict[str, Publication] = field(default_factory=dict)  # entries by others, by key
    by_key: dict[str, Publication] = field(init=False)

    def __post_init__(self) -> None:
        self.publications.sort(key=Publication.sort_key)
        self.by_key = {publication.key: publication for publication in self.publications}
        # An entry that is another's version leads to it: whoever names its key gets the listed entry, and
        # goes on with that entry's own key (:meth:`canonical`).
        self.by_key.update({key: self.by_key[target] for key, target in self.versions.items()})

    def canonical(self, key: str) -> str:
        """The key of the listed entry that ``key`` names: itself, or the one it is a version of."""
        return self.versions.get(key, key)


def shaping(settings: ScholarSettings) -> str:
    """The settings that change how an entry looks."""
    return repr((tuple(settings.owner_names), tuple(settings.private_fields)))


def is_owned(entry, owner_keys: frozenset[str]) -> bool:
    """Whether the entry is the owner's work: one of their names among its authors or editors."""
    return not owner_keys or any(person_key(person) in owner_keys
                                 for role in ("author", "editor") for person in entry.persons.get(role, ()))


#: From this many entries to make on, a process forked from the build makes every other one: the build has
#: nothing else to do while it reads the .bib file, and forking costs about a tenth of a second.
MADE_BESIDE_FROM = 500


def catalog_from_parsed(raw_entries: list[RawEntry], data: BibliographyData, settings: ScholarSettings,
                        previous: Catalog | None) -> Catalog:
    """Records and formatting for every entry; those ``previous`` holds with the same digest are reused."""
    style = ScholarStyle(owner_names=settings.owner_names)
    private = frozenset(settings.private_fields)
    # A record another entry's version was folded into is made again: that version may be gone.
    reusable = ({p.fingerprint: (p, previous.formatted[p.key]) for p in previous.publications
                 if p.key in previous.formatted and p.key not in previous.versions.values()} if previous else {})
    owned, references = [], {}
    for position, raw in enumerate(raw_entries):
        entry = data.entries[raw.key]
        if not is_owned(entry, style.owner_keys):
            references[raw.key] = make_record(raw, entry, private, "")
            continue
        # What the entry resolves to, not only its text: an @string or a crossref'd entry may have changed.
        resolved = repr((sorted(entry.fields.items()), sorted((role, list(map(str, persons)))
                                                             for role, persons in entry.persons.items())))
        owned.append((position, raw, content_digest(shaping(settings), raw.text, resolved)))
    made = made_entries([(raw, fingerprint) for _, raw, fingerprint in owned if fingerprint not in reusable],
                        partial(made_entry, data=data, style=style, private=private))
    publications, formatted = [], {}
    for position, raw, fingerprint in owned:
        record, look = reusable[fingerprint] if fingerprint in reusable else made[fingerprint]
        publications.append(replace(record, position=position))
        formatted[raw.key] = look
    # A reference's versions are the reference's business: sphinxcontrib-bibtex lists it as written.
    versions = {key: target for key, target in named_versions([raw.key for raw in raw_entries], data.entries).items()
                if key in formatted and target in formatted}
    return Catalog(fold_versions(publications, versions), formatted, versions, references)


def made_entry(raw: RawEntry, fingerprint: str, data: BibliographyData, style: ScholarStyle,
               private: frozenset[str]) -> tuple[Publication, FormattedEntry]:
    entry = data.entries[raw.key]
    record = make_record(raw, entry, private, fingerprint)
    return record, format_entry(raw.key, entry, style, record.bibtex)


def made_entries(to_make: list[tuple[RawEntry, str]],
                 make: Callable[[RawEntry, str], tuple[Publication, FormattedEntry]]) -> dict[str, tuple]:
    """By fingerprint, the record and formatting of each entry of ``to_make``: with many, half of them in a
    forked process. Where this process's half fails, all are made here in order, so the problem reported is
    the first in the file."""

    def share(entries: list[tuple[RawEntry, str]]) -> dict[str, tuple]:
        return {fingerprint: make(raw, fingerprint) for raw, fingerprint in entries}

    if len(to_make) < MADE_BESIDE_FROM:
        return share(to_make)
    beside = WorkBeside(partial(share, to_make[1::2]), lost=None)
    try:
        made = share(to_make[::2])
    except Exception:
        beside.cancel()
        return share(to_make)
    theirs = beside.result()
    return {**made, **(theirs if theirs is not None else share(to_make[1::2]))}


def fold_versions(publications: list, versions: dict[str, str]) -> list:
    """The publications without those that name another as their version; the one each names carries its arXiv
    identifier and link where it has none of its own."""
    by_key = {publication.key: publication for publication in publications}
    for key, target in versions.items():
        version, listed = by_key[key], by_key[target]
        if version.eprint and not listed.eprint:
            by_key[target] = replace(listed, eprint=version.eprint, arxiv_month=version.arxiv_month,
                                     links=(*listed.links, Link("arXiv", arxiv_abs(version.eprint))))
    return [by_key[publication.key] for publication in publications if publication.key not in versions]


def build_catalog(text: str, display_path: str, settings: ScholarSettings) -> Catalog:
    """Parse, check (raising :class:`~.bibfile.BibFileInvalid`) and format a .bib file's text."""
    return catalog_from_parsed(*parse_text(text, display_path), settings, None)


@dataclass
class OpenedCatalog:
    """How to get the catalog, and pybtex's parse of the file when this build had to parse it."""

    get: Callable[[], Catalog]
    #: Of the .bib text and the settings that shape its catalog.
    digest: str
    parsed: BibliographyData | None = None


def open_catalog(text: str, display_path: str, settings: ScholarSettings, store: CatalogStore) -> OpenedCatalog:
    """Check the .bib text now (raising :class:`~.bibfile.BibFileInvalid`) and return how to get its catalog."""
    digest = content_digest(shaping(settings), text)
    if store.stored_digest() == digest:
        return OpenedCatalog(lambda: store.load() or build_catalog(text, display_path, settings), digest)
    raw_entries, data = parse_text(text, display_path)
    previous = store.load()
    catalog = catalog_from_parsed(raw_entries, data, settings, previous if isinstance(previous, Catalog) else None)
    store.save(digest, catalog)
    return OpenedCatalog(lambda: catalog, digest, data)
