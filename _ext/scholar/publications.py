"""The ``{publications}`` list and ``{publication}`` card directives, and the HTML they write.

At read time a directive only chooses entries and records them in the ``pub`` domain; the entry's HTML
is written at write time from the cached catalog, with back-links that need every page read first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import groupby

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from sphinx.writers.html5 import HTML5Translator

from .catalog import Publication
from .domain import PublicationDomain
from .render import EQUAL_CONTRIBUTION_NOTE, entry_head, entry_tail

KIND_HEADINGS = {"peer-reviewed": "Peer-reviewed", "preprint": "Preprints"}


class publication_list(nodes.General, nodes.Element):
    """A list of entries; ``legend`` asks for the equal-contribution note under it."""


class publication_entry(nodes.General, nodes.Element):
    """One entry: ``key``, and ``anchor`` when this is the entry other pages link to."""


class publication_card(nodes.General, nodes.Element):
    """A single entry shown on a page that cites it."""


def year_range(argument: str) -> tuple[int, int]:
    first, _, last = argument.partition("-")
    return int(first), int(last or first)


def comma_list(argument: str) -> list[str]:
    return [part.strip().lower() for part in argument.split(",") if part.strip()]


def select(publications: Iterable[Publication], options: dict) -> list[Publication]:
    checks: list[Callable[[Publication], bool]] = []
    if "year" in options:
        first, last = options["year"]
        checks.append(lambda p: first <= p.year <= last)
    if "type" in options:
        checks.append(lambda p: p.kind in options["type"] or p.entry_type in options["type"])
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
        return lambda p: p.kind
    return None


class PublicationsDirective(SphinxDirective):
    """Any list of publications: filtered by year, type, keyword or ``selected``, grouped and ordered."""

    has_content = False
    option_spec = {
        "year": year_range,
        "type": comma_list,
        "keyword": comma_list,
        "selected": directives.flag,
        "group-by": lambda arg: directives.choice(arg, ("year", "type", "none")),
        "order": lambda arg: directives.choice(arg, ("newest", "oldest")),
    }

    @property
    def domain(self) -> PublicationDomain:
        return self.env.domains["pub"]

    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(self.config.scholar_bibfile)
        publications = select(self.domain.catalog.publications, self.options)
        key_of = group_key(self.options.get("group-by", "none"))
        if key_of is None:
            return [self.entry_list(publications)]
        if self.options.get("group-by") == "type":
            publications.sort(key=lambda p: list(KIND_HEADINGS).index(p.kind))
        return [self.section(label, list(members)) for label, members in groupby(publications, key=key_of)]

    def entry_list(self, publications: list[Publication]) -> publication_list:
        already = set(self.domain.listed.get(self.env.docname, ()))
        listing = publication_list(legend=any(p.equal for p in publications))
        for publication in publications:
            listing += entry_node(publication, anchor=publication.key not in already)
            already.add(publication.key)
        self.domain.note_listed(self.env.docname, publications)
        return listing

    def section(self, label: str, publications: list[Publication]) -> nodes.section:
        heading = KIND_HEADINGS.get(label, label)
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


class PublicationCardDirective(SphinxDirective):
    """The card for one cited paper, linking to its entry in the publication list."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(self.config.scholar_bibfile)
        key = self.arguments[0].strip()
        domain: PublicationDomain = self.env.domains["pub"]
        publication = domain.lookup(key, self.get_location())
        if publication is None:
            return []
        domain.note_cited(self.env.docname, key)
        listing = publication_list(legend=bool(publication.equal))
        listing += entry_node(publication, anchor=False)
        card = publication_card(key=key)
        card += listing
        return [card]


def entry_node(publication: Publication, *, anchor: bool) -> publication_entry:
    # The citation goes in as raw HTML, which Sphinx's search indexes: titles, authors and venues.
    entry = publication_entry(key=publication.key, anchor=anchor)
    entry += nodes.raw("", publication.citation_html, format="html")
    return entry


def page_links(translator: HTML5Translator, key: str, card: bool) -> list[tuple[str, str]]:
    """On a card, the way to the full entry; on a list, the project pages that cite the paper."""
    builder = translator.builder
    domain: PublicationDomain = builder.env.domains["pub"]
    here = builder.current_docname
    if card:
        home = domain.home_of(key)
        return [("Publication list", f"{builder.get_relative_uri(here, home)}#{key}")] if home else []
    return [("Project page", builder.get_relative_uri(here, docname))
            for docname in domain.citing_pages(key) if docname != here]


def visit_publication_list(translator: HTML5Translator, node: publication_list) -> None:
    translator.body.append('<ul class="pub-list">')


def depart_publication_list(translator: HTML5Translator, node: publication_list) -> None:
    translator.body.append("</ul>")
    if node["legend"]:
        translator.body.append(f'<p class="pub-legend">{EQUAL_CONTRIBUTION_NOTE}</p>')


def visit_publication_entry(translator: HTML5Translator, node: publication_entry) -> None:
    publication = translator.builder.env.domains["pub"].catalog.by_key[node["key"]]
    anchor = f' id="{node["key"]}"' if node["anchor"] else ""
    translator.body.append(f'<li class="pub" data-key="{node["key"]}"{anchor}>{entry_head(publication)}'
                           '<div class="pub-body"><p class="pub-citation">')


def depart_publication_entry(translator: HTML5Translator, node: publication_entry) -> None:
    publication = translator.builder.env.domains["pub"].catalog.by_key[node["key"]]
    in_card = isinstance(node.parent.parent, publication_card)
    links = page_links(translator, node["key"], in_card)
    translator.body.append(f"</p>{entry_tail(publication, links)}</div></li>")


def visit_publication_card(translator: HTML5Translator, node: publication_card) -> None:
    translator.body.append('<div class="pub-card">')


def depart_publication_card(translator: HTML5Translator, node: publication_card) -> None:
    translator.body.append("</div>")


def skip(translator, node) -> None:
    raise nodes.SkipNode


def setup_publications(app: Sphinx) -> None:
    for node_class, visit, depart in (
        (publication_list, visit_publication_list, depart_publication_list),
        (publication_entry, visit_publication_entry, depart_publication_entry),
        (publication_card, visit_publication_card, depart_publication_card),
    ):
        app.add_node(node_class, html=(visit, depart), latex=(skip, None), text=(skip, None),
                     man=(skip, None), texinfo=(skip, None))
    app.add_directive("publications", PublicationsDirective)
    app.add_directive("publication", PublicationCardDirective)
