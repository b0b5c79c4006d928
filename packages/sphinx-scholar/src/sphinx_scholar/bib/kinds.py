"""What an entry is: a journal article, a conference paper, a preprint, a thesis, a book, a chapter, a report,
software, a dataset, a talk, a patent, a web page or a manuscript.

The kind comes from the entry type as BibTeX and biblatex define them, then from the fields that say more
(``type``, ``howpublished``, ``eventtitle``, an arXiv identifier, a book's editors). Everything that differs by
kind reads it from here: the badge, ``:type:`` filters and headings, the venue, what the entry must give,
and the types that metadata, CSL, RIS and COinS name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from .identifiers import arxiv_id, is_arxiv_journal
from .latex import plain

#: The two kinds a reviewer has read, unless the entry's ``status`` says otherwise ("Under review").
PEER_REVIEWED = "peer-reviewed"


@dataclass(frozen=True)
class Kind:
    name: str  # as ``:type:`` takes it and CSS classes carry it
    label: str  # the badge of an entry without a venue badge; "" where the venue line says it all
    group: str  # the ``:group-by: type`` section, and the wider ``:type:`` it answers to
    venue_fields: tuple[str, ...]  # where it appeared, the first of these the entry gives
    needs: tuple[str, ...]  # fields of which the entry must give one ("" for none needed)
    csl: str  # CSL 1.0.2 item type
    ris: str  # RIS reference type
    schema: str  # schema.org type
    zotero: str  # Zotero's item type, which COinS names where its formats have none


KINDS = {kind.name: kind for kind in (
    Kind("journal-article", "", PEER_REVIEWED, ("journal", "journaltitle"), ("journal", "journaltitle"),
         "article-journal", "JOUR", "ScholarlyArticle", "journalArticle"),
    Kind("conference-paper", "", PEER_REVIEWED, ("booktitle", "eventtitle"), ("booktitle", "eventtitle"),
         "paper-conference", "CPAPER", "ScholarlyArticle", "conferencePaper"),
    Kind("preprint", "Preprint", "preprint", ("howpublished", "institution", "publisher", "journal", "journaltitle"),
         (), "article", "UNPB", "ScholarlyArticle", "preprint"),
    Kind("phd-thesis", "PhD thesis", "thesis", ("school", "institution"), ("school", "institution"),
         "thesis", "THES", "Thesis", "thesis"),
    Kind("masters-thesis", "Master's thesis", "thesis", ("school", "institution"), ("school", "institution"),
         "thesis", "THES", "Thesis", "thesis"),
    Kind("thesis", "Thesis", "thesis", ("school", "institution"), ("school", "institution"),
         "thesis", "THES", "Thesis", "thesis"),
    Kind("book", "Book", "book", ("publisher",), (), "book", "BOOK", "Book", "book"),
    Kind("edited-book", "Edited book", "book", ("publisher",), (), "book", "EDBOOK", "Book", "book"),
    Kind("chapter", "Chapter", "chapter", ("booktitle",), ("booktitle", "chapter"), "chapter", "CHAP", "Chapter",
         "bookSection"),
    Kind("report", "Report", "report", ("institution", "organization", "publisher"),
         ("institution", "organization", "publisher", "number"), "report", "RPRT", "Report", "report"),
    Kind("software", "Software", "software", ("publisher", "organization", "howpublished"),
         ("version", "url", "doi", "eprint"), "software", "COMP", "SoftwareSourceCode", "computerProgram"),
    Kind("dataset", "Dataset", "dataset", ("publisher", "organization", "howpublished"), ("url", "doi"),
         "dataset", "DATA", "Dataset", "dataset"),
    Kind("talk", "Talk", "talk", ("eventtitle", "booktitle", "howpublished", "organization"),
         ("eventtitle", "booktitle", "howpublished", "organization", "note"), "speech", "SLIDE",
         "PresentationDigitalDocument", "presentation"),
    Kind("patent", "Patent", "patent", ("holder", "assignee"), ("number", "note"), "patent", "PAT", "CreativeWork",
         "patent"),
    Kind("web-page", "Web page", "web-page", ("organization", "howpublished", "publisher"), ("url",), "webpage",
         "ELEC", "WebPage", "webpage"),
    Kind("manuscript", "Manuscript", "manuscript", ("howpublished", "institution", "organization"), (),
         "manuscript", "UNPB", "CreativeWork", "manuscript"),
)}
#: The ``:group-by: type`` sections, in the order a list shows them.
GROUP_HEADINGS = {PEER_REVIEWED: "Peer-reviewed", "preprint": "Preprints", "thesis": "Theses", "book": "Books",
                  "chapter": "Book chapters", "report": "Reports", "software": "Software", "dataset": "Datasets",
                  "talk": "Talks and posters", "patent": "Patents", "web-page": "Web pages",
                  "manuscript": "Manuscripts"}

#: What a kind's venue is to it, where it is no work the kind is part of (a journal, proceedings, a book: its
#: "container"): who published it (a school, a repository…), the event it was given at, or who holds it.
VENUE_ROLES = {**dict.fromkeys(("preprint", "phd-thesis", "masters-thesis", "thesis", "book", "edited-book", "report",
                                "software", "dataset", "web-page", "manuscript"), "publisher"),
               "talk": "event", "patent": "holder"}
#: Kinds whose ``number`` is their own (a report's, a patent's), not the issue of a journal.
NUMBERED = {"report", "patent"}

#: The kind of each BibTeX and biblatex entry type (biblatex's manual, section 2.1), before its fields say more.
ENTRY_TYPES = {
    "article": "journal-article", "periodical": "journal-article", "suppperiodical": "journal-article",
    "inproceedings": "conference-paper", "conference": "conference-paper",
    "phdthesis": "phd-thesis", "mastersthesis": "masters-thesis", "thesis": "thesis",
    "book": "book", "mvbook": "book", "booklet": "book",
    "collection": "edited-book", "mvcollection": "edited-book", "proceedings": "edited-book",
    "mvproceedings": "edited-book", "reference": "edited-book", "mvreference": "edited-book",
    "incollection": "chapter", "inbook": "chapter", "bookinbook": "chapter", "suppbook": "chapter",
    "suppcollection": "chapter", "inreference": "chapter",
    "techreport": "report", "report": "report", "manual": "report",
    "software": "software", "codefragment": "software", "dataset": "dataset", "data": "dataset",
    "patent": "patent", "online": "web-page", "electronic": "web-page", "www": "web-page",
    "unpublished": "manuscript", "misc": "manuscript",
}
#: Entry types whose ``type``, ``howpublished`` or ``eventtitle`` may say what they hold (Zotero and Google
#: Scholar export software, data and talks as @misc; biblatex users write talks as @unpublished).
GENERAL_TYPES = {"misc", "unpublished", "online", "electronic", "www"}
#: Words of ``type`` or ``howpublished`` that name a kind, tried in this order.
KIND_WORDS = (
    (re.compile(r"\b(?:ph\.?\s*d|doctoral|doctorate|dissertation)\b|phdthesis", re.IGNORECASE), "phd-thesis"),
    (re.compile(r"\bmaster'?s?\s+thesis\b|\bm\.?\s*sc?\.?\s+thesis\b|mathesis", re.IGNORECASE), "masters-thesis"),
    (re.compile(r"\bthesis\b", re.IGNORECASE), "thesis"),
    (re.compile(r"\b(?:software|computer program|source code)\b", re.IGNORECASE), "software"),
    (re.compile(r"\bdata\s?set\b", re.IGNORECASE), "dataset"),
    (re.compile(r"\b(?:talk|presentation|poster|keynote|lecture|seminar|slides|tutorial)\b", re.IGNORECASE), "talk"),
    (re.compile(r"\bpatent\b", re.IGNORECASE), "patent"),
    (re.compile(r"\b(?:technical report|tech\.? rep\.?|techreport|report|white paper)\b", re.IGNORECASE), "report"),
    (re.compile(r"\bpreprint\b", re.IGNORECASE), "preprint"),
    (re.compile(r"\b(?:blog(?: post)?|web ?page|web ?site)\b", re.IGNORECASE), "web-page"),
)
#: Addresses in a free-text field, whose words say nothing of what the entry is (…/blog/, data-tools).
ADDRESS = re.compile(r"\\url\{[^}]*\}|\\href\{[^}]*\}|\w+://\S+|www\.\S+")
#: A ``status`` that says a paper is not (yet) peer-reviewed; "Accepted" or "To appear" are.
UNREVIEWED = re.compile(r"review|submi|prepar|draft|preprint|progress|revision", re.IGNORECASE)
#: Where a thesis' ``type`` names a degree, the kind it gives; any other ``type`` keeps the entry type's.
THESIS_KINDS = {"phd-thesis", "masters-thesis", "thesis"}
#: Journals and servers that publish preprints: DBLP's CoRR, arXiv, bioRxiv, medRxiv, SSRN and the like.
PREPRINT_SERVER = re.compile(r"(?:\w*rxiv|ssrn|research square|preprints(?:\.org)?|osf preprints)(?:\b.*)?",
                             re.IGNORECASE)


#: biblatex's ``type`` keys for theses and reports, as words; any other ``type`` is shown as written.
TYPE_WORDS = {"phdthesis": "PhD thesis", "mathesis": "Master's thesis", "mastersthesis": "Master's thesis",
              "candthesis": "Candidate thesis", "techreport": "Technical report", "resreport": "Research report",
              "patentus": "U.S. patent", "patenteu": "European patent", "patentuk": "British patent",
              "patentde": "German patent", "patentfr": "French patent", "patentjp": "Japanese patent",
              "patrequs": "U.S. patent request", "patreqeu": "European patent request"}
#: The type a thesis or report of each kind is, where the entry's ``type`` does not say.
DEFAULT_TYPES = {"phd-thesis": "PhD thesis", "masters-thesis": "Master's thesis", "thesis": "Thesis",
                 "report": "Technical report", "patent": "Patent"}


def type_words(written: str, kind: str) -> str:
    """What a thesis, report or patent is, in words: its ``type`` (biblatex's keys as words), or its kind's."""
    return TYPE_WORDS.get(written.lower(), written) or DEFAULT_TYPES.get(kind, "")


def words_kind(text: str) -> str:
    """The kind the words of ``type`` or ``howpublished`` name (addresses left out), or ''."""
    text = ADDRESS.sub(" ", text)
    return next((kind for pattern, kind in KIND_WORDS if pattern.search(text)), "")


def editors_only(entry) -> bool:
    """An entry that names editors and no author (an edited book): its editors stand where authors do."""
    return not entry.persons.get("author") and bool(entry.persons.get("editor"))


def is_preprint_server(name: str) -> bool:
    name = " ".join(plain(name).split())
    return bool(name) and (is_arxiv_journal(name) or bool(PREPRINT_SERVER.fullmatch(name)))


def kind_name(entry_type: str, fields: Mapping[str, str], edited: bool = False) -> str:
    """The name of the entry's kind (a key of :data:`KINDS`)."""
    kind = ENTRY_TYPES.get(entry_type, "manuscript")
    said = words_kind(plain(fields.get("type", "")))
    journal = fields.get("journal") or fields.get("journaltitle") or ""
    if kind in THESIS_KINDS:
        return said if said in THESIS_KINDS else kind
    if kind == "journal-article":
        return "preprint" if (not journal and arxiv_id(fields)) or is_preprint_server(journal) else kind
    if kind == "conference-paper" and not venue_field(KINDS[kind], fields) and arxiv_id(fields):
        return "preprint"  # a paper typed for the conference it is not yet in
    if kind == "book" and edited:
        return "edited-book"
    if kind == "report" and said == "preprint":
        return "preprint"
    if entry_type not in GENERAL_TYPES:
        return kind
    if said:
        return said
    if "eventtitle" in fields:
        return "talk"
    if fields.get("booktitle"):
        return "conference-paper"
    if journal and not is_preprint_server(journal):
        return "journal-article"
    if arxiv_id(fields) or is_preprint_server(journal):
        return "preprint"
    told = words_kind(plain(fields.get("howpublished", "")))
    if told and not missing_need(KINDS[told], fields):  # free text: a guess, never a reason to refuse
        return told
    if any(words_kind(plain(fields.get(name, ""))) == "patent" for name in ("note", "publisher")):
        return "patent"  # Google Scholar's patents: "US Patent 6,285,999", published by "Google Patents"
    if entry_type == "misc" and fields.get("version"):
        return "software"
    return kind


def entry_kind(entry_type: str, entry) -> Kind:
    """The kind of a pybtex entry: an entry that names editors and no author is an edited book."""
    return KINDS[kind_name(entry_type, entry.fields, editors_only(entry))]


def venue_field(kind: Kind, fields: Mapping[str, str]) -> str:
    """The field naming where the entry appeared, or '': an address alone (``howpublished = {\\url{…}}``) names
    no place, and is shown as the entry's link."""
    return next((name for name in kind.venue_fields if names_a_place(fields.get(name, ""))), "")


def missing_need(kind: Kind, fields: Mapping[str, str]) -> str:
    """What the kind needs and the entry does not give, as the fields it may give ('' when nothing is missing)."""
    if not kind.needs or any(fields.get(name, "").strip() for name in kind.needs):
        return ""
    return " or ".join(kind.needs)


def venue_role(kind: str) -> str:
    """"publisher", "event", "holder" or "container" (:data:`VENUE_ROLES`)."""
    return VENUE_ROLES.get(kind, "container")


def names_a_place(value: str) -> bool:
    """Whether a free-text field says more than an address, which is the entry's link and no place."""
    return bool(ADDRESS.sub("", value).strip(" .,;"))


def is_peer_reviewed(kind: Kind, status: str) -> bool:
    return kind.group == PEER_REVIEWED and not UNREVIEWED.search(status)


def type_filters() -> set[str]:
    """Every name ``:type:`` takes: a kind, a group of kinds, or a BibTeX or biblatex entry type."""
    return set(KINDS) | set(GROUP_HEADINGS) | set(ENTRY_TYPES)
