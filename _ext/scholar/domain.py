"""The ``pub`` domain: where each publication is listed and cited, for links, back-links and search.

The .bib file is checked at the start of every build, before sphinxcontrib-bibtex reads it, so a bad
``refs.bib`` stops the build with one line per problem instead of a traceback. The formatted catalog is
loaded only when a page needs it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import cached_property
from pathlib import Path
from typing import Any

from docutils import nodes
from pybtex.database import BibliographyData
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.domains import Domain, ObjType
from sphinx.environment import BuildEnvironment
from sphinx.roles import XRefRole
from sphinx.util import logging
from sphinx.util.nodes import make_refnode
from sphinxcontrib.bibtex.bibfile import BibData, BibFile, get_mtime

from .bibfile import BibFileInvalid
from .catalog import DEFAULT_PRIVATE_FIELDS, Catalog, CatalogSettings, CatalogStore, Publication, open_catalog
from .references import unknown_key_message

logger = logging.getLogger(__name__)


class BibliographyInvalid(SystemExit):
    """Ends the build quietly: each problem was already logged as one line naming file and line."""


class PublicationDomain(Domain):
    name = "pub"
    label = "Publications"
    object_types = {"publication": ObjType("publication", "ref")}
    roles = {"ref": XRefRole()}
    initial_data: dict[str, Any] = {
        "listed": {},  # docname -> {key: search name} for each entry (and anchor) on that page
        "cited": {},  # docname -> keys the page shows a card of
        "crosspage": {},  # docname -> True for pages whose output depends on other pages
        "last_state": None,  # what cross-page output was last written from
    }
    data_version = 2
    catalog_source: Callable[[], Catalog] = staticmethod(lambda: Catalog([]))
    bib_changed = False  # the .bib text differs from the one the catalog on disk came from

    @cached_property
    def catalog(self) -> Catalog:
        return self.catalog_source()

    @property
    def listed(self) -> dict[str, dict[str, str]]:
        return self.data["listed"]

    @property
    def cited(self) -> dict[str, list[str]]:
        return self.data["cited"]

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
        for table in ("listed", "cited", "crosspage"):
            self.data[table].pop(docname, None)

    def merge_domaindata(self, docnames: set[str], otherdata: dict[str, Any]) -> None:
        for table in ("listed", "cited", "crosspage"):
            for docname, value in otherdata[table].items():
                if docname in docnames:
                    self.data[table][docname] = value

    def home_of(self, key: str) -> str | None:
        """The page holding a key's main entry: the configured publications page, else the first listing."""
        main_page = self.env.config.scholar_publications_page
        if key in self.listed.get(main_page, ()):
            return main_page
        return next((docname for docname, keys in sorted(self.listed.items()) if key in keys), None)

    def citing_pages(self, key: str) -> list[str]:
        return sorted(docname for docname, keys in self.cited.items() if key in keys)

    def lookup(self, key: str, location: Any) -> Publication | None:
        """The publication for ``key``, or a warning naming the page, line and close keys."""
        publication = self.catalog.by_key.get(key)
        if publication is None:
            logger.warning(unknown_key_message(key, self.catalog.by_key), location=location, type="scholar",
                           subtype="unknown_key")
        return publication

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        # From the names recorded at read time: a build with nothing to write never loads the catalog.
        main_page = self.env.config.scholar_publications_page
        homes: dict[str, tuple[str, str]] = {}
        for docname in sorted(self.listed, key=lambda name: (name != main_page, name)):
            for key, name in self.listed[docname].items():
                homes.setdefault(key, (docname, name))
        for key, (docname, name) in homes.items():
            yield name, name, "publication", docname, key, 1

    def resolve_xref(self, env: BuildEnvironment, fromdocname: str, builder: Builder, typ: str, target: str,
                     node: pending_xref, contnode: nodes.Element) -> nodes.reference | None:
        publication = self.lookup(target, node)
        docname = self.home_of(target)
        if publication is None or docname is None:
            return None
        if not node.get("refexplicit"):
            contnode = nodes.inline(publication.title, publication.title, classes=["pub-ref"])
        return make_refnode(builder, fromdocname, docname, target, contnode, publication.title)

    def resolve_any_xref(self, env, fromdocname, builder, target, node, contnode):
        resolved = self.resolve_xref(env, fromdocname, builder, "ref", target, node, contnode)
        return [("pub:ref", resolved)] if resolved is not None else []

    def crosspage_state(self) -> tuple:
        """What other pages' output reads from this one: listings, citations, project pages' front matter."""
        env = self.env
        projects = sorted(
            (docname, env.titles[docname].astext() if docname in env.titles else "",
             tuple(env.metadata[docname].get(field, "") for field in PROJECT_FIELDS))
            for docname in env.found_docs
            if is_project_page(docname, env)
        )
        return (sorted((k, sorted(v.items())) for k, v in self.listed.items()),
                sorted((k, sorted(v)) for k, v in self.cited.items()),
                projects)


#: Front matter of a project page that other pages show (its card on the research index).
PROJECT_FIELDS = ("paper", "dates", "summary")


def search_name(publication: Publication) -> str:
    """The entry's name in search results: authors and venue in it let a search for either find the entry."""
    # Sphinx escapes names twice on the results page: keep the badge's apostrophe out of it.
    venue = publication.badge.replace("'", "’")
    return f"{publication.title} ({', '.join(publication.authors)}; {venue} {publication.year})"


def is_project_page(docname: str, env: BuildEnvironment) -> bool:
    return "paper" in env.metadata.get(docname, {})


def catalog_settings(app: Sphinx) -> CatalogSettings:
    return CatalogSettings(tuple(app.config.scholar_owner_names), tuple(app.config.scholar_private_fields))


def load_publications(app: Sphinx) -> None:
    """Check and load the .bib file into the domain, or end the build naming each problem."""
    bibfile = app.config.scholar_bibfile
    store = CatalogStore(Path(app.doctreedir) / "scholar")
    bib_path = Path(app.srcdir) / bibfile
    try:
        opened = open_catalog(bib_path, bibfile, catalog_settings(app), store)
    except BibFileInvalid as invalid:
        for problem in invalid.problems:
            logger.error(problem.message, location=f"{problem.path}:{problem.line}", type="scholar",
                         subtype="bibfile")
        raise BibliographyInvalid(1) from None
    domain: PublicationDomain = app.env.domains["pub"]
    domain.catalog_source = opened.get
    domain.bib_changed = opened.parsed is not None
    if opened.parsed is not None:
        share_parse_with_sphinxcontrib_bibtex(app, bib_path, opened.parsed)


def pages_showing_changed_entries(app: Sphinx, env: BuildEnvironment, added, changed, removed) -> list[str]:
    """Every page that shows .bib content, when the file's content changed: Sphinx compares times only."""
    if not env.domains["pub"].bib_changed:
        return []
    bib_path = (Path(app.srcdir) / app.config.scholar_bibfile).resolve()
    return [docname for docname, files in env.dependencies.items()
            if docname in env.found_docs and any(Path(file).resolve() == bib_path for file in files)]


def share_parse_with_sphinxcontrib_bibtex(app: Sphinx, bib_path: Path, data: BibliographyData) -> None:
    """Hand sphinxcontrib-bibtex the parse just made, in its own cache format, so it does not parse again."""
    bibfiles = [(Path(app.confdir) / name).resolve() for name in app.config.bibtex_bibfiles or ()]
    if bibfiles != [bib_path.resolve()] or "cite" not in app.env.domains:
        return
    app.env.domains["cite"].data["bibdata"] = BibData(
        encoding=app.config.bibtex_encoding,
        bibfiles={bibfiles[0]: BibFile(mtime=get_mtime(bibfiles[0]), keys=dict.fromkeys(data.entries))},
        data=data,
    )


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Pages whose output shows other pages (back-links, project cards) when those others changed."""
    domain: PublicationDomain = env.domains["pub"]
    state = domain.crosspage_state()
    if state == domain.data["last_state"]:
        return []
    domain.data["last_state"] = state
    return sorted(domain.data["crosspage"])


def setup_domain(app: Sphinx) -> None:
    app.add_config_value("scholar_bibfile", "refs.bib", "env", types=[str])
    app.add_config_value("scholar_owner_names", [], "env", types=[list, tuple])
    app.add_config_value("scholar_private_fields", list(DEFAULT_PRIVATE_FIELDS), "env", types=[list, tuple])
    app.add_config_value("scholar_publications_page", "publications/index", "env", types=[str])
    app.add_domain(PublicationDomain)
    app.connect("builder-inited", load_publications, priority=100)
    app.connect("env-get-outdated", pages_showing_changed_entries)
    app.connect("env-updated", pages_to_rewrite)
