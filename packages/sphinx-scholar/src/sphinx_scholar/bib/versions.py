"""The same paper twice: DBLP exports a paper's CoRR version and its conference version as two entries, and a
researcher pastes both. Entries that share an arXiv identifier, a DOI or a title are one problem, unless one
names the other in ``version_of``: then it is not listed, and the entry it names carries its arXiv link.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .identifiers import VERSION, arxiv_id, normal_doi
from .kinds import entry_kind
from .latex import plain, surname

#: The field an entry names the entry it is another version of with (the CoRR copy names the conference paper).
VERSION_FIELD = "version_of"


#: Where one title and first author mean one paper: a thesis, software or a talk may share its paper's title.
PAPER_GROUPS = {"peer-reviewed", "preprint"}


def first_author(entry) -> str:
    names = entry.persons.get("author") or entry.persons.get("editor") or ()
    return surname(names[0]).lower() if names else ""


def identities(entry_type: str, entry) -> list[tuple[str, str]]:
    """What makes two entries the same paper: (what it is, its value) for the arXiv identifier (any version),
    the DOI, and the title (letters and digits only, any case) with the first author ("Deep Learning" is the
    title of more than one work)."""
    found = []
    if identifier := arxiv_id(entry.fields):
        found.append(("arXiv identifier", VERSION.sub("", identifier).lower()))
    if doi := normal_doi(entry.fields.get("doi", "")):
        found.append(("DOI", doi.lower()))
    title = re.sub(r"[^0-9a-z]", "", plain(entry.fields.get("title", "")).lower())
    if title and entry_kind(entry_type, entry).group in PAPER_GROUPS:
        found.append(("title and first author", f"{title} {first_author(entry)}"))
    return found


def named_versions(keys: Iterable[str], entries) -> dict[str, str]:
    """Each entry that names another as its version, and the key (as the file writes it) of that other."""
    spelled = {key.lower(): key for key in keys}
    return {key: spelled.get(entries[key].fields[VERSION_FIELD].strip().lower(), "")
            for key in keys if entries[key].fields.get(VERSION_FIELD, "").strip()}


def version_problems(raws, entries) -> list[tuple[int, str]]:
    """(line, message) for each entry that repeats another without naming it, and for each
    ``version_of`` that names no entry, itself, or an entry that is itself another's version."""
    keys = [raw.key for raw in raws]
    versions = named_versions(keys, entries)
    lines = {raw.key: raw.line for raw in raws}
    types = {raw.key: raw.type for raw in raws}
    problems = []
    broken = set()
    for key, target in versions.items():
        written = entries[key].fields[VERSION_FIELD].strip()
        if not target or target == key:
            message = f"version_of names no other publication: '{written}'"
        elif versions.get(target) == key:
            message = f"{key} and {target} name each other in version_of: keep it in the one not to list"
        elif target in versions:
            message = (f"version_of names {target}, which is itself a version of {versions[target]}: "
                       f"name {versions[target]}")
        elif first_author(entries[key]) != first_author(entries[target]) and not (
                set(identities(types[key], entries[key])) & set(identities(types[target], entries[target]))):
            message = (f"version_of names {target}, which has another first author and shares no arXiv "
                       "identifier, DOI or title: is it the same paper?")
        else:
            continue
        broken.add(key)
        problems.append((lines[key], message if message.startswith(key) else f"{key}: {message}"))
    seen: dict[tuple[str, str], str] = {}
    reported = set()
    for key in (key for key in keys if key not in broken):
        for identity in identities(types[key], entries[key]):
            first = seen.setdefault(identity, key)
            linked = versions.get(key, key) == versions.get(first, first)  # versions of one listed entry
            if first != key and not linked and (first, key) not in reported:
                reported.add((first, key))
                listed, other = published_first(first, key, raws, entries)
                problems.append((lines[key], f"{key} is the same paper as {first} (line {lines[first]}): the same "
                                             f"{identity[0]}. Delete one, or write version_of = {{{listed}}} in "
                                             f"{other} to list {listed} only"))
    return problems


def published_first(first: str, second: str, raws, entries) -> tuple[str, str]:
    """The two keys, the one to list first: the published version rather than the preprint."""
    types = {raw.key: raw.type for raw in raws if raw.key in (first, second)}
    if entry_kind(types[first], entries[first]).name == "preprint":
        return second, first
    return first, second

