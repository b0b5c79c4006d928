"""The package's static files, and scripts that do not hold up the first paint of a page."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

from ._compat import deferred_scripts
from .nodes import author_toggle

INLINED_SCRIPT = "_static/documentation_options.js"
AUTHORS_SCRIPT = "authors.js"


def defer_scripts(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Load script files with ``defer`` (their order is kept): none is needed before the first paint.

    documentation_options.js is a few hundred bytes that inline scripts right after it use at once: it is
    inlined rather than fetched before the page can show. The search page's own scripts are deferred in
    ``_templates/search.html``, to run after these.
    """
    inlined = {INLINED_SCRIPT: (Path(app.outdir) / INLINED_SCRIPT).read_text(encoding="utf-8")}
    context["script_files"] = deferred_scripts(context.get("script_files", []), inlined)


def add_static_folder(app: Sphinx, config) -> None:
    config.html_static_path = [*config.html_static_path, str(Path(__file__).parent / "static")]


def add_page_scripts(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Scripts only the pages that use them load: the long author lists' button."""
    if doctree is not None and next(doctree.findall(author_toggle), None) is not None:
        app.add_js_file(AUTHORS_SCRIPT, loading_method="defer")


def setup_assets(app: Sphinx) -> None:
    app.connect("config-inited", add_static_folder)
    app.connect("html-page-context", add_page_scripts, priority=400)  # before defer_scripts reads the list
    app.connect("html-page-context", defer_scripts)
