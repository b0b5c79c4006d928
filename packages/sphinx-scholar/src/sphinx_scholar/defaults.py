"""What every site of the engine needs in conf.py, so that a site's conf.py holds only what is its own.

At ``config-inited``: list settings (``myst_enable_extensions``, ``exclude_patterns``, ``suppress_warnings``,
``templates_path``) get the engine's entries added to what conf.py lists; single values and dictionaries are set
only where conf.py sets none. The extensions the engine builds on are set up by the engine itself.
"""

from __future__ import annotations

import os
from html import escape
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit

from ._compat import set_in_conf

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

#: Sphinx extensions every site of the engine uses.
EXTENSIONS = ("myst_parser", "sphinxcontrib.bibtex", "sphinx_copybutton", "notfound.extension")
#: Entries the engine adds to a site's list settings.
LISTS = {
    "myst_enable_extensions": ["colon_fence", "deflist", "attrs_inline", "substitution", "dollarmath", "amsmath"],
    # Folders and files of a site's repository that are no pages (the package itself, when it sits beside).
    "exclude_patterns": ["_build", ".venv", "venv", "tests", "README.md", "CHANGELOG.md", "LICENSE*",
                         ".pytest_cache", ".ruff_cache", "node_modules", "packages", "Thumbs.db", ".DS_Store",
                         ".git", ".github", ".ci", "_templates"],
    # A deprecated setting or front-matter key keeps working and says so in `sphinx-scholar lint
    # --deprecations`; it never fails a strict build (see deprecations.py).
    "suppress_warnings": ["scholar.deprecated"],
}
#: Single values the engine sets where conf.py sets none.
VALUES = {
    "html_theme": "sphinx_scholar",
    "root_doc": "index",
    "nitpicky": True,  # a broken reference fails a strict build everywhere, Read the Docs' included (it adds no -n)
    "smartquotes": False,  # keeps venue badges like SC '23 as written
    "myst_heading_anchors": 3,
    "bibtex_default_style": "scholar",  # keeps titles exactly as written
    "html_show_sourcelink": False,
    "html_use_index": False,  # no index entries on an academic site: no empty genindex page
    "html_domain_indices": False,
    "html_copy_source": False,
    "html_math_renderer": "sphinx_scholar_mathml",  # formulas drawn at build time (pages/formulas.py), no MathJax
    "myst_update_mathjax": False,  # no MathJax: no classes that tell it what to skip
}


#: No page has a left sidebar: every page's heading starts at the same place, and the header's links reach
#: every section (a research page's neighbours are on the research index).
SIDEBARS = {"**": []}


def merge_lists(app: Sphinx | None, config: Config) -> None:
    """First of all, so that a deprecation found at ``config-inited`` is already suppressed."""
    for name, entries in LISTS.items():
        if name not in config:
            continue
        value = list(getattr(config, name) or [])
        setattr(config, name, [*value, *(entry for entry in entries if entry not in value)])


def set_defaults(app: Sphinx | None, config: Config) -> None:
    """The engine's single values in ``config``, where conf.py sets none. Values of Sphinx's builders and other
    extensions that ``config`` does not declare (conf.py as the command-line tools read it) are left alone."""
    owner = config.scholar_owner if isinstance(config.scholar_owner, dict) else {}
    owner_name = str(owner.get("name", ""))
    values = {
        **VALUES,
        "html_title": owner_name or None,
        # Read the Docs gives the canonical address; a local build has none and invents none.
        "html_baseurl": os.environ.get("READTHEDOCS_CANONICAL_URL", ""),
        "html_sidebars": SIDEBARS,
    }
    for name, value in values.items():
        if name in config and value is not None and not set_in_conf(config, name):
            setattr(config, name, value)
    if "notfound_urls_prefix" in config and not set_in_conf(config, "notfound_urls_prefix"):
        # The 404 page's links must work at any depth: prefix them with the site's path.
        config.notfound_urls_prefix = quote(urlsplit(config.html_baseurl).path) or "/"
    if "html_context" in config:
        # The theme logs "Got invalid theme mode" to the console unless a default mode is set.
        config.html_context = {"default_mode": "auto", **config.html_context}
    if "html_theme_options" in config and owner_name and "logo" not in config.html_theme_options:
        # The theme writes the logo's text as HTML.
        config.html_theme_options = {**config.html_theme_options, "logo": {"text": escape(owner_name)}}


def apply_defaults(config: Config) -> None:
    """Everything the build's ``config-inited`` handlers do, for conf.py as the command-line tools read it."""
    merge_lists(None, config)
    set_defaults(None, config)


def setup_defaults(app: Sphinx) -> None:
    for extension in EXTENSIONS:
        app.setup_extension(extension)
    app.connect("config-inited", merge_lists, priority=10)
    app.connect("config-inited", set_defaults, priority=200)
