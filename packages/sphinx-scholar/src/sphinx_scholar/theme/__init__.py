"""The look: a theme that inherits pydata-sphinx-theme, as sphinx-book-theme does, so that a site's own
``{% extends "!layout.html" %}`` extends the engine's layout and keeps what it adds. Components the theme's
templates include by name (the header's profile icons, the search button) are found through
``templates_path``, after the site's own templates and before pydata-sphinx-theme's."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .compiled import cache_compiled_templates
from .frame import setup_frame

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

HERE = Path(__file__).parent
THEME_NAME = "sphinx_scholar"
THEME = HERE / THEME_NAME
COMPONENTS = HERE / "components"
#: The engine's stylesheet, loaded before the site's own html_css_files (priority 800).
STYLESHEET = "scholar.css"


def add_components(app: Sphinx, config: Config) -> None:
    paths = list(config.templates_path)
    theirs = next((index for index, path in enumerate(paths) if Path(path).parent.name == "pydata_sphinx_theme"),
                  len(paths))
    config.templates_path = [*paths[:theirs], str(COMPONENTS), *paths[theirs:]]


def uses_theme(app: Sphinx, name: str = "pydata_sphinx_theme") -> bool:
    """Whether the build's theme is ``name`` or inherits it."""
    theme = getattr(app.builder, "theme", None)
    return theme is not None and any(Path(folder).name == name for folder in theme.get_theme_dirs())


def setup_theme(app: Sphinx) -> None:
    """Set up last: pydata-sphinx-theme's page handlers run after the engine's, which give them their context
    (the header's profile icons)."""
    # pydata-sphinx-theme appends to templates_path in place: where conf.py sets none, that is Sphinx's default
    # list, shared by every build in the process, which would grow with each one.
    app.config.templates_path = list(app.config.templates_path)
    app.setup_extension("pydata_sphinx_theme")
    app.add_html_theme(THEME_NAME, str(THEME))
    app.add_css_file(STYLESHEET)
    app.connect("config-inited", add_components, priority=300)
    app.connect("builder-inited", cache_compiled_templates)
    setup_frame(app)
