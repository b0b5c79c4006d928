"""scholar: the publication engine and page features of an academic site built with Sphinx.

One module per feature, each with a small ``setup_<feature>(app)``, combined here.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from .assets import setup_assets
from .changes import setup_changes
from .citations import setup_citations
from .collector import setup_collector
from .cv_pdf import setup_cv_pdf
from .domain import setup_domain
from .drafts import setup_drafts
from .iconfont import setup_iconfont
from .metadata import setup_metadata
from .news import setup_news
from .nodes import setup_nodes
from .output import setup_output
from .owner import setup_owner
from .profile import setup_profile
from .projects import setup_projects
from .publications import setup_publications
from .seo import setup_seo
from .settings import setup_settings
from .style import STYLE_VERSION, register
from .titles import setup_titles

__version__ = "2.0"


def setup(app: Sphinx) -> dict[str, Any]:
    register()
    setup_settings(app)
    setup_nodes(app)
    setup_domain(app)
    setup_changes(app)
    setup_citations(app)
    setup_publications(app)
    setup_collector(app)
    setup_titles(app)
    setup_projects(app)
    setup_drafts(app)
    setup_owner(app)
    setup_profile(app)
    setup_news(app)
    setup_metadata(app)
    setup_seo(app)
    setup_assets(app)
    setup_iconfont(app)
    setup_output(app)
    setup_cv_pdf(app)
    return {
        "version": __version__,
        "env_version": int(STYLE_VERSION),
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
