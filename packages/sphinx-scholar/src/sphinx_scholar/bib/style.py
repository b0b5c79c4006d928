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
from pybtex.style.formatting import toplevel
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.template import FieldIsMissing, field, first_of, join, node, optional, sentence, tag, words

from .bibfile import equal_positions
from .identifiers import arxiv_id, is_arxiv_journal
from .latex import display_name, is_others, person_key, rich

STYLE_NAME = "scholar"
#: Bump when the formatted output or the record changes, so cached entries are made again.
STYLE_VERSION = "13"
#: Where a preprint or report appeared, the first one an entry has.
OTHER_VENUE_FIELDS = ("howpublished", "institution", "school", "publisher")


@node
def latex_field(children, context, name):
    """pybtex's ``field`` template, through :func:`rich`."""
    assert not children
    entry = context["entry"]
    try:
        return rich(entry.fields[name])
    except KeyError:
        raise FieldIsMissing(name, entry) from None


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


def arxiv_citation(identifier: str) -> str:
    return f"arXiv preprint arXiv:{identifier}"


def owner_key(name: object) -> str:
    """The comparable form of a spelling of the owner's name; one pybtex cannot read matches no one."""
    try:
        return person_key(Person(str(name)))
    except PybtexError:
        return ""


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

    def get_inproceedings_template(self, e):
        return toplevel[
            sentence[self.format_names("author")],
            self.format_title(e, "title"),
            sentence[words["In", tag("em")[latex_field("booktitle")]], latex_field("year")],
        ]

    def get_misc_template(self, e):
        return toplevel[
            sentence[self.format_names("author")],
            self.format_title(e, "title"),
            sentence[optional[arxiv_reference], optional[latex_field("howpublished")], latex_field("year")],
        ]

    def get_venue_template(self, e):
        """Where the entry appeared, as its list entry names it (the year and an arXiv link stand apart)."""
        if "booktitle" in e.fields:
            return words["In", tag("em")[latex_field("booktitle")]]
        if e.fields.get("journal") and not is_arxiv_journal(e.fields["journal"]):
            return join(sep=", ")[tag("em")[latex_field("journal")], optional[field("volume")]]
        return first_of[tuple(optional[latex_field(name)] for name in OTHER_VENUE_FIELDS)]

    def get_article_template(self, e):
        if is_arxiv_journal(e.fields.get("journal", "")):  # DBLP's CoRR, Google Scholar's "arXiv preprint …"
            return self.get_misc_template(e)
        return toplevel[
            sentence[self.format_names("author")],
            self.format_title(e, "title"),
            sentence[tag("em")[latex_field("journal")], optional[field("volume")], latex_field("year")],
        ]


@dataclass(frozen=True)
class EntryParts:
    """An entry as a publication list shows it, title first: each part as rich text."""

    title: Text
    authors: list[Text]
    et_al: bool
    venue: Text  # without the year and without an arXiv identifier, which the list shows as a link


def entry_parts(style: ScholarStyle, entry) -> EntryParts:
    """Title, names, venue; a book or proceedings with editors and no authors is listed by its editors."""
    context = {"entry": entry, "style": style, "bib_data": None}
    if entry.persons.get("author") or not entry.persons.get("editor"):
        names, et_al = author_names(entry, style)
    else:
        names, et_al = author_names(entry, style, "editor")
        if names:
            names[-1] = Text(names[-1], ", editors" if len(names) > 1 or et_al else ", editor")
    return EntryParts(latex_field("title").format_data(context), names, et_al,
                      style.get_venue_template(entry).format_data(context))


def register() -> None:
    register_plugin("pybtex.style.formatting", STYLE_NAME, ScholarStyle, force=True)
