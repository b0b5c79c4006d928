"""The extension: one small ``setup_<feature>(app)`` per feature, combined here."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import ENV_VERSION, __version__
from ._compat import make_docutils_settings_once
from .cv.dates import setup_cv_dates
from .cv.pdf import setup_cv_pdf
from .defaults import setup_defaults
from .deprecations import setup_deprecations
from .pages.changes import setup_changes
from .pages.citations import setup_citations
from .pages.collector import setup_collector
from .pages.domain import setup_domain
from .pages.drafts import setup_drafts
from .pages.formulas import setup_formulas
from .pages.languages import setup_languages
from .pages.news import setup_news
from .pages.nodes import setup_nodes
from .pages.owner import setup_owner
from .pages.papers import setup_papers
from .pages.posts import setup_posts
from .pages.profile import setup_profile
from .pages.projects import setup_projects
from .pages.publications import setup_publications
from .pages.rawhtml import setup_raw_html
from .pages.reference_texts import setup_reference_texts
from .pages.sources import setup_sources
from .pages.titles import FULL_TITLE, setup_titles
from .pages.units import setup_units
from .settings import setup_settings
from .steps import setup_steps
from .theme import setup_theme
from .theme.frame import REMOVE_TOC
from .web.assets import setup_assets
from .web.feeds import setup_feeds
from .web.iconfont import setup_iconfont
from .web.metadata import setup_metadata
from .web.output import setup_output
from .web.paper_pages import setup_paper_pages
from .web.seo import setup_seo

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: Keys the engine writes into a page's metadata as it reads the page (part of what ENV_VERSION covers).
ENGINE_METADATA = (FULL_TITLE, REMOVE_TOC)


def setup_extension(app: Sphinx) -> dict[str, Any]:
    make_docutils_settings_once()
    setup_settings(app)
    setup_steps(app)
    setup_defaults(app)
    setup_deprecations(app)
    setup_nodes(app)
    setup_domain(app)
    setup_changes(app)
    setup_citations(app)
    setup_publications(app)
    setup_reference_texts(app)
    setup_papers(app)
    setup_posts(app)
    setup_collector(app)
    setup_titles(app)
    setup_projects(app)
    setup_drafts(app)
    setup_sources(app)
    setup_raw_html(app)
    setup_formulas(app)
    setup_owner(app)
    setup_cv_dates(app)
    setup_languages(app)
    setup_units(app)
    setup_profile(app)
    setup_news(app)
    setup_metadata(app)
    setup_seo(app)
    setup_feeds(app)
    setup_assets(app)
    setup_iconfont(app)
    setup_output(app)
    setup_paper_pages(app)
    setup_cv_pdf(app)
    setup_theme(app)
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
