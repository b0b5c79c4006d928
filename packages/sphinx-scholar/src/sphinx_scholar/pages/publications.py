"""The ``{publications}`` list and ``{publication}`` card directives.

At read time a directive only chooses entries, records them in the ``pub`` domain and leaves a placeholder.
Once every page is read, :class:`PublicationTransform` replaces each placeholder with the entries' nodes
(:mod:`.entries`), with back-links to the project pages that cite them, as sphinxcontrib-bibtex's
``BibliographyTransform`` and Sphinx's todo extension resolve theirs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import groupby
from typing import TYPE_CHECKING

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from .._compat import builder_of
from ..bib.kinds import GROUP_HEADINGS, KINDS, type_filters
from ..bib.record import Publication
from ..settings import page_address, settings
from .collector import PAUSE
from .domain import PublicationDomain
from .entries import Citing, PageLink, entry_item, entry_list
from .nodes import publication_card, publication_list
from .papers import pdf_uri
from .references import close_keys
from .written_entries import written_entries

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)
#: The options that choose entries.
FILTERS = ("year", "type", "keyword", "selected")
#: What ``:type:`` takes: a kind, a group of kinds, or a BibTeX or biblatex entry type.
TYPE_FILTERS = type_filters()


def year_range(argument: str | None) -> tuple[int, int]:
    """``2024`` or ``2022-2024``; docutils reports the ValueError as one line at the directive."""
    first, _, last = (argument or "").strip().partition("-")
    if not (first.strip().isdigit() and (not last or last.strip().isdigit())):
        raise ValueError("give a year or a range of years, like 2024 or 2022-2024")
    years = int(first), int(last or first)
    if years[0] > years[1]:
        raise ValueError(f"the range {argument} ends before it starts")
    return years


def comma_list(argument: str | None) -> list[str]:
    values = [part.strip().lower() for part in (argument or "").split(",") if part.strip()]
    if not values:
        raise ValueError("give one value or more, separated by commas")
    return values


def kinds(argument: str | None) -> list[str]:
    values = comma_list(argument)
    unknown = [value for value in values if value not in TYPE_FILTERS]
    if unknown:
        kinds = sorted(set(GROUP_HEADINGS) | set(KINDS))
        raise ValueError(f"unknown type {unknown[0]!r}: use a kind ({', '.join(kinds)}) or an entry type")
    return values


def select(publications: Iterable[Publication], options: dict) -> list[Publication]:
    checks: list[Callable[[Publication], bool]] = []
    if "year" in options:
        first, last = options["year"]
        checks.append(lambda p: first <= p.year <= last)
    if "type" in options:
        checks.append(lambda p: not {p.kind, p.group, p.entry_type}.isdisjoint(options["type"]))
    if "keyword" in options:
        checks.append(lambda p: any(word in p.keywords for word in options["keyword"]))
    if "selected" in options:
        checks.append(lambda p: p.selected)
    chosen = [p for p in publications if all(check(p) for check in checks)]
    return chosen[::-1] if options.get("order") == "oldest" else chosen


def group_key(group_by: str) -> Callable[[Publication], str] | None:
    if group_by == "year":
        return lambda p: str(p.year)
    if group_by == "type":
        return lambda p: p.group
    return None


class PublicationDirective(SphinxDirective):
    """What both directives share: the domain, and a page that is read again when the .bib file changes."""

    has_content = False

    @property
    def domain(self) -> PublicationDomain:
        return self.env.domains["pub"]

    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(settings(self.config).bibfile)
        if self.domain.bib_invalid:  # already reported, one line per problem
            return []
        return self.placeholders()

    def placeholders(self) -> list[nodes.Node]:
        raise NotImplementedError


class PublicationsDirective(PublicationDirective):
    """Any list of publications: filtered by year, type, keyword or ``selected``, grouped and ordered."""

    option_spec = {
        "year": year_range,
        "type": kinds,
        "keyword": comma_list,
        "selected": directives.flag,
        "group-by": lambda arg: directives.choice(arg, ("year", "type", "none")),
        "order": lambda arg: directives.choice(arg, ("newest", "oldest")),
    }

    def placeholders(self) -> list[nodes.Node]:
        publications = select(self.domain.catalog.publications, self.options)
        if not publications and self.domain.catalog.publications:
            logger.warning(f"{{publications}} with {self.filters()} matches no publication{self.hint()}",
                           location=self.get_location(), type="scholar", subtype="empty-list")
        key_of = group_key(self.options.get("group-by", "none"))
        if key_of is None:
            return [self.entry_list(publications)]
        if self.options.get("group-by") == "type":
            publications.sort(key=lambda p: list(GROUP_HEADINGS).index(p.group))
        return [self.section(label, list(members)) for label, members in groupby(publications, key=key_of)]

    def filters(self) -> str:
        """The filters as the page writes them."""
        shown = []
        for name in FILTERS:
            value = self.options.get(name, ...)
            if value is ...:
                continue
            if name == "year":
                value = str(value[0]) if value[0] == value[1] else f"{value[0]}-{value[1]}"
            elif isinstance(value, list):
                value = ", ".join(value)
            shown.append(f":{name}:" if value is None else f":{name}: {value}")
        return ", ".join(shown)

    def hint(self) -> str:
        """The keyword it may have meant, or the years the .bib file holds."""
        publications = self.domain.catalog.publications
        if "keyword" in self.options:
            known = sorted({word for p in publications for word in p.keywords})
            meant = [close for word in self.options["keyword"] for close in close_keys(word, known)]
            return f": did you mean {meant[0]!r}?" if meant else f" (keywords in the .bib file: {', '.join(known)})" \
                if known else " (no entry of the .bib file has keywords)"
        if "year" in self.options:
            years = sorted({p.year for p in publications if p.year})
            return f" (the .bib file's years: {years[0]}-{years[-1]})" if years else ""
        return ""

    def entry_list(self, publications: list[Publication]) -> publication_list:
        """A placeholder; each entry is the anchor of its key unless the page already has one."""
        document = self.state.document
        placeholder = publication_list(entries=[], legend=any(p.equal for p in publications),
                                       docname=self.env.docname)
        for publication in publications:
            anchor = publication.anchor not in document.ids
            if anchor:
                document.ids[publication.anchor] = placeholder
            placeholder["entries"].append([publication.key, anchor])
        self.domain.note_listed(self.env.docname, publications)
        return placeholder

    def section(self, label: str, publications: list[Publication]) -> nodes.section:
        heading = GROUP_HEADINGS.get(label, label)
        section = nodes.section("", nodes.title(heading, heading), ids=[self.unique_id(f"publications-{label}")])
        self.state.document.set_id(section)
        section += self.entry_list(publications)
        return section

    def unique_id(self, base: str) -> str:
        """``base``, or ``base-2``, ``base-3``… when another grouped list on the page has used it."""
        base = nodes.make_id(base)
        taken = self.state.document.ids
        candidate, number = base, 1
        while candidate in taken:
            number += 1
            candidate = f"{base}-{number}"
        return candidate


class PublicationCardDirective(PublicationDirective):
    """The card for one cited paper, linking to its entry in the publication list."""

    required_arguments = 1

    def placeholders(self) -> list[nodes.Node]:
        publication = self.domain.lookup(self.arguments[0].strip(), self.get_location())
        if publication is None:
            return []
        self.domain.note_cited(self.env.docname, publication.key)
        return [publication_card(key=publication.key, docname=self.env.docname)]


def page_uri(env, here: str, docname: str, anchor: str = "") -> str:
    """The address of ``docname`` (and ``anchor`` on it) from the page ``here``, as Sphinx's own links write it."""
    if here == docname and anchor:
        return f"#{anchor}"
    uri = builder_of(env).get_relative_uri(here, docname)
    return f"{uri}#{anchor}" if anchor else uri


def citing(domain: PublicationDomain, publication: Publication, address: str) -> Citing:
    """What citing the paper takes on its own page, whose address is ``address``."""
    return Citing(address, domain.reference_texts.of(publication))


def project_page_links(env, key: str, here: str) -> list[PageLink]:
    """On a list or a paper page, the project pages that show the paper's card."""
    return [PageLink("Project page", page_uri(env, here, docname))
            for docname in env.domains["pub"].citing_pages(key) if docname != here]


class PublicationTransform(SphinxPostTransform):
    """Entries as nodes, once every page is read: back-links need to know which pages cite each paper. On a
    page of HTML each entry of a list is written as it is made (:mod:`.written_entries`).

    It runs late, after Sphinx's own post-transforms (which would otherwise each walk every entry of a long
    list) and before the link checker collects links (800).
    """

    default_priority = 790

    @property
    def domain(self) -> PublicationDomain:
        return self.env.domains["pub"]

    def run(self, **kwargs) -> None:
        lists = list(self.document.findall(publication_list))
        builder = builder_of(self.env)
        if lists and builder.format == "html" and not builder.parallel_ok:
            PAUSE.begin()  # until the page is written here (not in a worker process): see .collector
        for placeholder in lists:
            here = placeholder["docname"]
            items = (self.item(key, here, anchor=anchor, page_links=project_page_links(self.env, key, here),
                               coins=True)
                     for key, anchor in placeholder["entries"] if key in self.domain.catalog.by_key)
            written = written_entries(builder, here, self.config, placeholder.parent, items)
            placeholder.replace_self(entry_list(list(written), legend=placeholder["legend"]))
        for placeholder in list(self.document.findall(publication_card)):
            placeholder.replace_self(self.card(placeholder["key"], placeholder["docname"]))

    def item(self, key: str, here: str, *, anchor: bool, page_links: list[PageLink], coins: bool = False,
             cite: bool = False) -> nodes.list_item:
        own = self.domain.own_page(key)
        builder = builder_of(self.env)
        publication = self.domain.catalog.by_key[key]
        address = page_address(self.config, builder, own) if own else ""
        return entry_item(publication, self.domain.formatted(key), anchor=anchor, page_links=page_links,
                          own_page=page_uri(self.env, here, own) if own and own != here else "",
                          coins_address=address if coins else None,
                          citing=citing(self.domain, publication, address) if cite else None,
                          pdf_uri=pdf_uri(publication, own, builder, here))

    def card(self, key: str, here: str) -> list[nodes.Node]:
        """On a card, the way to the full entry."""
        publication = self.domain.catalog.by_key.get(key)
        if publication is None:
            return []
        home = self.domain.home_of(key)
        links = [PageLink("Publication list", page_uri(self.env, here, home, publication.anchor))] if home else []
        card = nodes.container(classes=["pub-card"])
        own = self.domain.own_page(key) == here  # a project page: it offers every format to cite its paper in
        card += entry_list([self.item(key, here, anchor=False, page_links=links, cite=own)],
                           legend=bool(publication.equal))
        return [card]


def setup_publications(app: Sphinx) -> None:
    app.add_directive("publications", PublicationsDirective)
    app.add_directive("publication", PublicationCardDirective)
    app.add_post_transform(PublicationTransform)
