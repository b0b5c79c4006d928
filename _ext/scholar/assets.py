"""Scripts that do not hold up the first paint of a page."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

from ._compat import deferred_scripts

INLINED_SCRIPT = "_static/documentation_options.js"


def defer_scripts(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Load script files with ``defer`` (their order is kept): none is needed before the first paint.

    documentation_options.js is a few hundred bytes that inline scripts right after it use at once: it is
    inlined rather than fetched before the page can show. The search page's own scripts are deferred in
    ``_templates/search.html``, to run after these.
    """
    inlined = {INLINED_SCRIPT: (Path(app.outdir) / INLINED_SCRIPT).read_text(encoding="utf-8")}
    context["script_files"] = deferred_scripts(context.get("script_files", []), inlined)


def setup_assets(app: Sphinx) -> None:
    app.connect("html-page-context", defer_scripts)
