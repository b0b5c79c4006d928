"""The pybtex style of the site: titles exactly as written, the owner's name highlighted, equal marks.

Registered as the pybtex formatting style ``scholar``, so sphinxcontrib-bibtex's own ``{cite}`` tooltips
and ``{bibliography}`` lists keep titles verbatim too.
"""

from __future__ import annotations

from dataclasses import dataclass

from pybtex.database import Person
from pybtex.exceptions import PybtexError
from pybtex.plugin import register_plugin
from pybtex.richtext import Tag, Text
from pybtex.style import FormattedEntry
from pybtex.style.formatting import toplevel
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.formatting.unsrt import dashify
from pybtex.style.template import FieldIsMissing, field, first_of, join, node, optional, sentence, tag, words

from .bibfile import equal_positions
from .biblatex import collaboration_name
from .identifiers import arxiv_id, is_arxiv_journal
from .kinds import editors_only, entry_kind, names_a_place, type_words
from .latex import display_name, is_others, person_key, plain, rich

STYLE_NAME = "scholar"
#: Fields of free text, which exports fill with an address alone (``howpublished = {\\url{…}}``).
FREE_TEXT = {"howpublished", "note", "organization", "publisher"}
#: Bump when the formatted output or the record changes, so cached entries are made again.
STYLE_VERSION = "16"
ORDINALS = {"1": "st", "2": "nd", "3": "rd"}  # after the last digit: 21st, but 11th


@node
def latex_field(children, context, name):
    """pybtex's ``field`` template, through :func:`rich`."""
    assert not children
    entry = context["entry"]
    value = entry.fields.get(name, "")
    if name not in entry.fields or (name in FREE_TEXT and not names_a_place(value)):
        raise FieldIsMissing(name, entry)  # an address alone is the entry's link, not text to show
    return rich(value)


def author_names(entry, style, role: str = "author") -> tuple[list[Text], bool]:
    """Each named author (or editor…) as rich text, the owner in an ``owner`` tag and equal marks as ``*``; and
    whether the list ends in "and others"."""
    persons = entry.persons.get(role, [])
    equal = set(equal_positions(entry.fields.get("equal", "")))
    names = []
    named = [person for person in persons if not is_others(person)]
    for position, person in enumerate(named, start=1):
        name = Text(display_name(person))
        if person_key(person) in style.owner_keys:
            name = Text(Tag("owner", name))
        if position in equal:
            name = Text(name, Tag("sup", "*"))
        names.append(name)
    return names, len(named) < len(persons)


#: A list longer than this shows its first authors (or its collaboration's name) and the owner, and says how
#: many it leaves out: in lists, the CV and its PDF, and the cite tooltip alike.
LONG_AUTHOR_LIST = 8
LEADING_AUTHORS = 3


def shown_positions(count: int, owners: set[int], collaboration: bool = False) -> list[int]:
    """The positions of the names a list of ``count`` shows: all of a short list; of a long one, the first
    (none where the collaboration's name stands for them) and the owner's (``owners``)."""
    if count <= LONG_AUTHOR_LIST:
        return list(range(count))
    return sorted((set() if collaboration else set(range(LEADING_AUTHORS))) | owners)


def author_separator(position: int, count: int, et_al: bool) -> str:
    """What comes before the name at ``position`` of ``count``, as unsrt joins them: "A and B", "A, B, and C",
    "A, B, et al."."""
    if position == 0:
        return ""
    if position == count - 1 and not et_al:
        return " and " if count == 2 else ", and "
    return ", "


@node
def author_list(children, context, role="author"):
    """Names joined as in unsrt, with the site owner in an ``owner`` tag and equal marks as ``*``."""
    assert not children
    entry = context["entry"]
    if role not in entry.persons:
        raise FieldIsMissing(role, entry)
    names, et_al = author_names(entry, context["style"], role)
    if et_al:
        return join(sep=", ")[names + ["et al."]].format_data(context)
    return join(sep=", ", sep2=" and ", last_sep=", and ")[names].format_data(context)


@node
def arxiv_reference(children, context):
    """"arXiv preprint arXiv:<id>", wherever the entry gives the identifier."""
    assert not children
    identifier = arxiv_id(context["entry"].fields)
    if not identifier:
        raise FieldIsMissing("eprint", context["entry"])
    return Text(arxiv_citation(identifier))


@node
def kind_type(children, context):
    """What a thesis, report or patent is: its ``type`` (biblatex's keys as words), or its kind's."""
    assert not children
    entry = context["entry"]
    return Text(type_words(plain(entry.fields.get("type", "")), entry_kind(entry.type, entry).name))


@node
def edition(children, context):
    """"2nd edition" of ``edition = {2}``; a word as written, "Second edition"."""
    assert not children
    value = plain(context["entry"].fields.get("edition", ""))
    if not value:
        raise FieldIsMissing("edition", context["entry"])
    if value.isdigit():
        teens = len(value) > 1 and value[-2] == "1"
        value = value + ("th" if teens else ORDINALS.get(value[-1], "th"))
    return Text(value if "edition" in value.lower() else f"{value} edition")


def arxiv_citation(identifier: str) -> str:
    return f"arXiv preprint arXiv:{identifier}"


def owner_key(name: object) -> str:
    """The comparable form of a spelling of the owner's name; one pybtex cannot read matches no one."""
    try:
        return person_key(Person(str(name)))
    except PybtexError:
        return ""


page_range = field("pages", apply_func=dashify)


class ScholarStyle(UnsrtStyle):
    """unsrt with verbatim titles; links are left to the publication list's buttons."""

    default_name_style = "plain"
    owner_keys: frozenset[str] = frozenset()

    def __init__(self, *args, owner_names=(), **kwargs):
        super().__init__(*args, **kwargs)
        if owner_names:
            self.owner_keys = frozenset(owner_key(name) for name in owner_names) - {""}

    def format_names(self, role, as_sentence=True):
        names = author_list(role=role)
        return sentence[names] if as_sentence else names

    def format_title(self, e, which_field, as_sentence=True):
        title = tag("title")[latex_field(which_field)]
        return sentence[title] if as_sentence else title

    def format_web_refs(self, e):
        return optional[""]

    def get_venue_template(self, e):
        """Where the entry appeared, as a reader of its kind expects it (the year and an arXiv link stand
        apart): volume, number and pages of a journal; a book's editors for a chapter; a thesis' school…"""
        kind = entry_kind(e.type, e).name
        return getattr(self, f"venue_{kind.replace('-', '_')}_template")(e)

    def venue_journal_article_template(self, e):
        issue = join[field("volume"), optional["(", field("number"), ")"]]
        return join(sep=", ")[tag("em")[latex_field("journal")], optional[issue], optional[page_range]]

    def venue_conference_paper_template(self, e):
        title = first_of[optional[latex_field("booktitle")], latex_field("eventtitle")]
        return join(sep=", ")[words["In", tag("em")[title]], optional[words["pp.", page_range]]]

    def venue_preprint_template(self, e):
        journal = [] if is_arxiv_journal(e.fields.get("journal", "")) else [optional[latex_field("journal")]]
        return first_of[(*(optional[latex_field(name)] for name in ("howpublished", "institution", "publisher")),
                         *journal)]

    def venue_phd_thesis_template(self, e):
        return join(sep=", ")[kind_type, first_of[optional[latex_field("school")], latex_field("institution")]]

    venue_masters_thesis_template = venue_thesis_template = venue_phd_thesis_template

    def venue_book_template(self, e):
        return join(sep=", ")[optional[edition], optional[latex_field("publisher")]]

    venue_edited_book_template = venue_book_template

    def venue_chapter_template(self, e):
        editors = words["edited by", author_list(role="editor")] if e.persons.get("author") else ""
        # BibTeX's @inbook without a booktitle: its title is the book's, and ``chapter`` says which part.
        part = (words["In", tag("em")[latex_field("booktitle")]] if "booktitle" in e.fields
                else words["Chapter", field("chapter")])
        return join(sep=", ")[part, optional[editors], optional[words["pp.", page_range]],
                              optional[latex_field("publisher")]]

    def venue_report_template(self, e):
        where = first_of[tuple(optional[latex_field(name)] for name in ("institution", "organization", "publisher"))]
        return join(sep=", ")[words[kind_type, optional[field("number")]], where]

    def venue_software_template(self, e):
        where = first_of[tuple(optional[latex_field(name)] for name in ("publisher", "organization", "howpublished"))]
        return join(sep=", ")[optional[words["Version", field("version")]], where]

    venue_dataset_template = venue_software_template

    def venue_talk_template(self, e):
        event = first_of[tuple(optional[latex_field(name)]
                               for name in ("eventtitle", "booktitle", "howpublished", "organization"))]
        place = first_of[tuple(optional[latex_field(name)] for name in ("venue", "address"))]
        return join(sep=", ")[event, place, optional[latex_field("note")]]

    def venue_patent_template(self, e):
        number = first_of[optional[words[kind_type, field("number")]], optional[latex_field("note")]]
        holder = first_of[optional[latex_field("holder")], optional[latex_field("assignee")]]
        return join(sep=", ")[number, holder]

    def venue_web_page_template(self, e):
        return first_of[tuple(optional[latex_field(name)] for name in ("organization", "howpublished", "publisher"))]

    def venue_manuscript_template(self, e):
        return first_of[tuple(optional[latex_field(name)]
                              for name in ("howpublished", "institution", "organization", "note"))]

    def format_entry(self, label, entry, bib_data=None):
        """Every entry as the site's lists cite it (names, title, venue of its kind, year), so that
        sphinxcontrib-bibtex's ``{bibliography}`` formats every kind the engine reads: an edited book, a talk
        without a note, biblatex's @thesis and @software."""
        text = self.get_scholar_template(entry).format_data({"entry": entry, "style": self, "bib_data": bib_data})
        return FormattedEntry(entry.key, text, label)

    def get_scholar_template(self, e):
        names = author_list(role="editor" if editors_only(e) else "author")
        arxiv = [optional[arxiv_reference]] if entry_kind(e.type, e).name == "preprint" else []
        return toplevel[sentence[names], self.format_title(e, "title"),
                        sentence[optional[self.get_venue_template(e)], *arxiv, latex_field("year")]]



@dataclass(frozen=True)
class EntryParts:
    """An entry as a publication list shows it, title first: each part as rich text."""

    title: Text
    authors: list[Text]
    et_al: bool
    venue: Text  # without the year and without an arXiv identifier, which the list shows as a link
    collaboration: str  # the name of the collaboration that stands for a long list's first authors, or ""


def entry_parts(style: ScholarStyle, entry) -> EntryParts:
    """Title, names, venue; a book or proceedings with editors and no authors is listed by its editors."""
    context = {"entry": entry, "style": style, "bib_data": None}
    if entry.persons.get("author") or not entry.persons.get("editor"):
        names, et_al = author_names(entry, style)
    else:
        names, et_al = author_names(entry, style, "editor")
        if names:
            names[-1] = Text(names[-1], " (Eds.)" if len(names) > 1 or et_al else " (Ed.)")
    return EntryParts(latex_field("title").format_data(context), names, et_al,
                      style.get_venue_template(entry).format_data(context), collaboration_name(entry))


def register() -> None:
    register_plugin("pybtex.style.formatting", STYLE_NAME, ScholarStyle, force=True)
