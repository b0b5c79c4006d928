"""The package's static files, and scripts and stylesheets that do not hold up the first paint of a page."""

from __future__ import annotations

import re
import weakref
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup

from .._compat import deferred_scripts, keep_highlighters, write_theme_pygments_stylesheet
from ..pages.nodes import shows_author_toggle
from ..store import content_digest
from ..theme import THEME, uses_theme

if TYPE_CHECKING:
    from sphinx.application import Sphinx

INLINED_SCRIPT = "_static/documentation_options.js"
AUTHORS_SCRIPT = "authors.js"
#: Small stylesheets written into each page: on a slow phone each <link> is a round trip before the first
#: paint. basic.css is what the theme's styles/theme.css @imports (a second round trip); the layout drops
#: that link. The theme's own stylesheet (large, and cached from page to page) stays a link.
INLINED_STYLESHEETS = ("_static/basic.css", "_static/pygments.css", "_static/copybutton.css", "_static/scholar.css",
                       "_static/site.css")
#: Builder -> its stylesheets' text.
INLINED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
#: The packages whose files those are (a site's own copy in html_static_path takes their place).
SHIPPING_PACKAGES = ("sphinx", "pygments", "sphinx-copybutton", "pydata-sphinx-theme")


def defer_scripts(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Load script files with ``defer`` (their order is kept): none is needed before the first paint.

    documentation_options.js is a few hundred bytes that inline scripts right after it use at once: it is
    inlined rather than fetched before the page can show. The search page's own scripts are deferred in
    the theme's ``search.html``, to run after these.
    """
    inlined = {INLINED_SCRIPT: (Path(app.outdir) / INLINED_SCRIPT).read_text(encoding="utf-8")}
    context["script_files"] = deferred_scripts(context.get("script_files", []), inlined)


def add_page_scripts(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Scripts only the pages that use them load: the long author lists' button."""
    if doctree is not None and shows_author_toggle(doctree):
        app.add_js_file(AUTHORS_SCRIPT, loading_method="defer")


CSS_STRING_OR_COMMENT = re.compile(r"""("(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'|/\*.*?\*/)""", re.DOTALL)
CSS_SPACE_AROUND = re.compile(r"\s*([{};,>])\s*")


def compact_css(text: str) -> str:
    """CSS without comments and the spaces around its punctuation, quoted strings kept whole: every page
    carries it."""
    compacted = []
    for part in CSS_STRING_OR_COMMENT.split(text):
        if part.startswith("/*"):
            continue
        if part.startswith(('"', "'")):
            compacted.append(part)
        elif part:  # a space at either end may separate it from a neighbouring string: keep one
            spaced = (" " if part[0].isspace() else "") + " ".join(part.split()) + (" " if part[-1].isspace() else "")
            compacted.append(CSS_SPACE_AROUND.sub(r"\1", spaced))
    return "".join(compacted).strip()


def read_inlined_stylesheets(app: Sphinx) -> dict[str, Markup]:
    """The text of each of INLINED_STYLESHEETS, as this build writes it; a file that could end the
    ``<style>`` element it goes in stays a link."""
    if uses_theme(app):
        write_theme_pygments_stylesheet(app)
    inline_css = {}
    for name in INLINED_STYLESHEETS:
        path = Path(app.outdir) / name
        text = path.read_text(encoding="utf-8") if path.is_file() else ""
        if text and "</style" not in text.lower():
            inline_css[name] = Markup(compact_css(text))  # noqa: S704 - the site's and Sphinx's own CSS files
    return inline_css


def inline_stylesheets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """``inline_css`` for the theme's ``layout.html``: read once per build, on the first page (which Sphinx
    writes in the main process, before any parallel worker starts)."""
    if app.builder not in INLINED:
        INLINED[app.builder] = read_inlined_stylesheets(app)
    context["inline_css"] = INLINED[app.builder]


def inlined_sources(app: Sphinx) -> str:
    """What the inlined stylesheets are made from: the site's copies (``html_static_path``) and the packages
    that ship the others."""
    names = {Path(name).name for name in INLINED_STYLESHEETS}
    folders = [Path(app.confdir) / folder for folder in app.config.html_static_path] + [THEME / "static"]
    texts = [(folder / name).read_text(encoding="utf-8") for folder in folders for name in sorted(names)
             if (folder / name).is_file()]
    versions = [f"{package}=={version(package)}" for package in SHIPPING_PACKAGES]
    return content_digest(*versions, *texts)


def pages_carrying_changed_css(app: Sphinx, env) -> list[str]:
    """Every page, when a stylesheet it carries inline changed: Sphinx writes again only the pages it read."""
    data = env.domains["pub"].data
    digest = inlined_sources(app)
    if digest == data["last_inlined_css"]:
        return []
    written_before = data["last_inlined_css"] is not None
    data["last_inlined_css"] = digest
    return sorted(env.found_docs) if written_before else []


def keep_highlighters_of(app: Sphinx) -> None:
    keep_highlighters(app.builder)


def setup_assets(app: Sphinx) -> None:
    app.connect("builder-inited", keep_highlighters_of)
    app.connect("html-page-context", add_page_scripts, priority=400)  # before defer_scripts reads the list
    app.connect("html-page-context", defer_scripts)
    app.connect("html-page-context", inline_stylesheets)
    app.connect("env-updated", pages_carrying_changed_css)
