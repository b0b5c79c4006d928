"""The ``pub`` domain: where each publication is listed and cited, for links, back-links and search.

The .bib file is checked at the start of every build, before sphinxcontrib-bibtex reads it, so a bad
``refs.bib`` stops the build with one line per problem instead of a traceback. The formatted catalog is
loaded only when a page needs it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from pybtex.database import BibliographyData
from sphinx.domains import Domain, ObjType
from sphinx.roles import XRefRole
from sphinx.util import logging
from sphinx.util.nodes import make_refnode

from .._compat import share_parse_with_sphinxcontrib_bibtex, sphinxcontrib_bibtex_has_parsed
from ..bib.bibfile import BibFileInvalid, BibProblem, parse_text, read_bib
from ..bib.catalog import Catalog, open_catalog
from ..bib.formatting import FormattedEntry
from ..bib.record import Publication, anchor_id
from ..errors import report_error
from ..settings import conf_line, settings
from ..steps import announce
from ..store import CatalogStore
from .reference_texts import ReferenceTexts
from .references import paper_key, unknown_key_message

if TYPE_CHECKING:
    from sphinx.addnodes import pending_xref
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)
#: The tables of the domain's data kept per page.
PAGE_TABLES = ("listed", "cited", "crosspage")
#: What a page is told when it shows an entry by others as a publication.
REFERENCE_ONLY = ("{key} is a reference, not a publication (no name of scholar_owner_names among its authors or "
                  "editors): cite it with {{cite}} and list it in a {{bibliography}} on the citing page")


class PublicationDomain(Domain):
    name = "pub"
    label = "Publications"
    object_types = {"publication": ObjType("paper", "ref")}
    roles = {"ref": XRefRole()}
    initial_data: dict[str, Any] = {
        "listed": {},  # docname -> {key: search name} for each entry (and anchor) on that page
        "cited": {},  # docname -> keys the page shows a card of
        "crosspage": {},  # docname -> True for pages whose output depends on other pages
        "paper_pages": {},  # a paper page's docname -> (its key, the page it moved to or ""): pages.papers
        "paper_pages_from": None,  # what that plan was made from
        "last_paper_pages": {},  # docname -> what its paper page showed when last written: web.paper_pages
        "last_state": None,  # a digest of what cross-page output was last written from
        "last_navigation": None,  # the project pages' order and titles the side navigation last showed
        "last_inlined_css": None,  # the stylesheets every page carries inline, as last written
    }
    data_version = 7
    catalog_source: Callable[[], Catalog] = staticmethod(lambda: Catalog([]))
    bib_changed = False  # the .bib text differs from the one the catalog on disk came from
    bib_invalid = False  # the .bib file has problems, already reported: keys are not looked up
    bib_digest = ""  # of the .bib text and the settings that shape the catalog

    @cached_property
    def catalog(self) -> Catalog:
        return self.catalog_source()

    @cached_property
    def reference_texts(self) -> ReferenceTexts:
        return ReferenceTexts(Path(self.env.doctreedir) / "scholar")

    @property
    def listed(self) -> dict[str, dict[str, str]]:
        return self.data["listed"]

    @property
    def cited(self) -> dict[str, list[str]]:
        return self.data["cited"]

    def get_type_name(self, type: ObjType, primary: bool = False) -> str:  # noqa: A002 - Sphinx's signature
        return "Paper"  # not "Publications publication"

    def formatted(self, key: str) -> FormattedEntry:
        return self.catalog.formatted[key]

    def note_listed(self, docname: str, publications: Iterable[Publication]) -> None:
        listed = self.listed.setdefault(docname, {})
        for publication in publications:
            listed.setdefault(publication.key, search_name(publication))
        self.data["crosspage"][docname] = True

    def note_cited(self, docname: str, key: str) -> None:
        self.cited.setdefault(docname, []).append(key)
        self.data["crosspage"][docname] = True

    def note_crosspage(self, docname: str) -> None:
        self.data["crosspage"][docname] = True

    def clear_doc(self, docname: str) -> None:
        for table in PAGE_TABLES:
            self.data[table].pop(docname, None)

    def merge_domaindata(self, docnames: set[str], otherdata: dict[str, Any]) -> None:
        for table in PAGE_TABLES:
            for docname, value in otherdata[table].items():
                if docname in docnames:
                    self.data[table][docname] = value

    def listing_pages(self) -> list[str]:
        """Pages with lists, in the order they are a key's home: the configured publications page first."""
        main_page = settings(self.env.config).publications_page
        return sorted(self.listed, key=lambda name: (name != main_page, name))

    def home_of(self, key: str) -> str | None:
        """The page holding a key's main entry: the configured publications page, else the first listing."""
        return next((docname for docname in self.listing_pages() if key in self.listed[docname]), None)

    @cached_property
    def own_pages(self) -> dict[str, str]:
        """Key -> the paper's own page, once every page is read: the project page that claims it (the first by
        name), else its paper page."""
        pages = {key: docname for docname, (key, moved) in sorted(self.data["paper_pages"].items()) if not moved}
        for docname in sorted(self.env.found_docs, reverse=True):  # the first by name is written last
            if key := paper_key(self.env.metadata.get(docname, {}).get("paper")):
                pages[key] = docname
        return pages

    def own_page(self, key: str) -> str | None:
        return self.own_pages.get(key)

    def citing_pages(self, key: str) -> list[str]:
        return sorted(docname for docname, keys in self.cited.items() if key in keys)

    def lookup(self, key: str, location: Any) -> Publication | None:
        """The publication for ``key``, or a warning naming the page, line and close keys."""
        publication = self.catalog.by_key.get(key)
        if publication is None and not self.bib_invalid:
            message = (REFERENCE_ONLY.format(key=key) if key in self.catalog.references
                       else unknown_key_message(key, self.catalog.by_key))
            logger.warning(message, location=location, type="scholar")
        return publication

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        # From the names recorded at read time: a build with nothing to write never loads the catalog. Each
        # paper once, at its own page where it has one (search then lists it once, there).
        homes: dict[str, tuple[str, str]] = {}
        for docname in self.listing_pages():
            for key, name in self.listed[docname].items():
                homes.setdefault(key, (docname, name))
        for key, (docname, name) in homes.items():
            yield name, name, "publication", self.own_page(key) or docname, anchor_id(key), 1

    def resolve_xref(self, env: BuildEnvironment, fromdocname: str, builder: Builder, typ: str, target: str,
                     node: pending_xref, contnode: nodes.Element) -> nodes.Element | None:
        publication = self.lookup(target, node)
        if publication is None:  # already reported (or the .bib file was): the text stays, unlinked
            return contnode
        own = self.own_page(publication.key)
        docname = own or self.home_of(publication.key)
        if docname is None:
            return None
        if not node.get("refexplicit"):
            contnode = nodes.inline(publication.title, publication.title, classes=["pub-ref"])
        return make_refnode(builder, fromdocname, docname, "" if own else publication.anchor, contnode,
                            publication.title)

    def resolve_any_xref(self, env, fromdocname, builder, target, node, contnode):
        """A link of any kind (a Markdown link to a page that does not exist, say) is a paper's only when its
        target is a key of the .bib file: any other is not this domain's to report."""
        if target not in self.catalog.by_key:
            return []
        resolved = self.resolve_xref(env, fromdocname, builder, "ref", target, node, contnode)
        return [("pub:ref", resolved)] if resolved is not None else []


def search_name(publication: Publication) -> str:
    """The entry's name in the search index: authors and venue in it let a search for either find the entry;
    the results page shows the title, and the rest as the result's description (_static/search-tuning.js)."""
    # Sphinx escapes names twice on the results page: keep the badge's apostrophe out of it.
    # A badge ("SC '23") names its year already.
    venue = (publication.badge or f"{publication.venue} {publication.year}".strip()).replace("'", "’")
    return f"{publication.title} · {', '.join(publication.authors)}; {venue}"


def report_problems(app: Sphinx, problems: list[BibProblem]) -> None:
    for problem in problems:
        report_error(app, problem.message, location=f"{problem.path}:{problem.line}" if problem.line else problem.path)


def load_publications(app: Sphinx) -> None:
    """Check the .bib file and give its catalog to the domain, or report each problem in one line.

    With problems, the build goes on with no publications (and exits non-zero), so every problem is reported
    at once and nothing else is: sphinxcontrib-bibtex gets an empty parse instead of failing on the file.
    """
    site = settings(app.config)
    domain: PublicationDomain = app.env.domains["pub"]
    store = CatalogStore(Path(app.doctreedir) / "scholar")
    bib_path = Path(app.srcdir) / site.bibfile
    announce(f"reading {site.bibfile}")
    try:
        text = read_bib(bib_path, site.bibfile, conf_line(app.confdir, "scholar_bibfile"))
        opened = open_catalog(text, site.bibfile, site, store)
    except BibFileInvalid as invalid:
        report_problems(app, invalid.shown)
    else:
        domain.catalog_source = opened.get
        domain.bib_digest = opened.digest
        domain.bib_changed = opened.parsed is not None
        if opened.parsed is not None:
            share_parse_with_sphinxcontrib_bibtex(app, bib_path, opened.parsed)
        elif not sphinxcontrib_bibtex_has_parsed(app, bib_path):  # a new environment: it needs the same parse
            share_parse_with_sphinxcontrib_bibtex(app, bib_path, parse_text(text, site.bibfile)[1])
        return
    domain.bib_invalid = True
    domain.bib_changed = True
    store.forget()
    share_parse_with_sphinxcontrib_bibtex(app, bib_path, BibliographyData())


def setup_domain(app: Sphinx) -> None:
    app.add_domain(PublicationDomain)
    app.connect("builder-inited", load_publications, priority=100)
