"""What search engines and sharing need of every page: descriptions, sitemap.xml, robots.txt, and
scripts that do not block the first paint.

The sitemap is written from every document the environment knows, on every build, so an incremental
build lists the same pages as a clean one.
"""

from __future__ import annotations

import re
from html import escape as html_escape
from html import unescape as html_unescape
from pathlib import Path
from xml.sax.saxutils import escape

from docutils import nodes
from notfound.utils import replace_uris
from sphinx.application import Sphinx
from sphinx.builders.html._assets import _JavaScript
from sphinx.util import logging

logger = logging.getLogger(__name__)

INLINED_SCRIPT = "_static/documentation_options.js"
#: Pages that are no place to land from a search engine.
UNLISTED_PAGES = {"404", "search", "genindex"}


def page_description(doctree: nodes.document) -> str:
    for meta in doctree.findall(nodes.meta):
        if meta.get("name") == "description":
            return meta.get("content", "")
    return ""


def sharing_tags(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """OpenGraph and Twitter card tags, with the page's own description rather than its first lines."""
    if doctree is None:
        return
    description = page_description(doctree)
    if not description and app.config.scholar_require_description and pagename not in UNLISTED_PAGES:
        logger.warning("page has no meta description (front matter myst: html_meta: description)",
                       location=pagename, type="scholar", subtype="description")
    title = html_unescape(re.sub(r"<[^>]*>", "", context.get("title", "")))
    properties = {"og:title": title, "og:type": "website", "og:site_name": app.config.html_title}
    if description:
        properties["og:description"] = description
    base = app.config.html_baseurl.rstrip("/")
    if base:
        properties["og:url"] = f"{base}/{app.builder.get_target_uri(pagename)}"
    names = {"twitter:card": "summary", "twitter:title": title}
    if description:
        names["twitter:description"] = description
    handle = app.config.scholar_owner.get("x_handle")
    if handle:
        names["twitter:site"] = f"@{handle}"
    tags = [f'<meta property="{key}" content="{html_escape(value)}">' for key, value in properties.items()]
    tags += [f'<meta name="{key}" content="{html_escape(value)}">' for key, value in names.items()]
    context["metatags"] = context.get("metatags", "") + "\n".join(tags) + "\n"


def absolute_links_on_404(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """The 404 page is served at any depth, so its links must not be relative."""
    if "notfound_pagename" in app.config and docname == app.config.notfound_pagename:
        replace_uris(app, doctree, nodes.reference, "refuri")


def defer_scripts(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Load script files with ``defer`` (their order is kept): none is needed before the first paint.

    documentation_options.js is a few hundred bytes that inline scripts right after it use at once: it is
    inlined rather than fetched before the page can show. The search page is left alone: its template loads
    the search scripts without ``defer`` after these.
    """
    if pagename == "search":
        return
    scripts = []
    for script in context.get("script_files", []):
        if script.filename and script.filename.startswith(INLINED_SCRIPT):
            script = _JavaScript(None, body=(Path(app.outdir) / INLINED_SCRIPT).read_text(encoding="utf-8"))
        elif script.filename and "async" not in script.attributes:
            script = _JavaScript(script.filename, priority=script.priority, **{**script.attributes, "defer": "defer"})
        scripts.append(script)
    context["script_files"] = scripts


def site_pages(app: Sphinx) -> list[str]:
    builder = app.builder
    return sorted(builder.get_target_uri(docname) for docname in app.env.found_docs
                  if docname not in UNLISTED_PAGES)


def write_sitemap_and_robots(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    base = app.config.html_baseurl.rstrip("/")
    robots = "User-agent: *\nAllow: /\n"
    if base:
        urls = "".join(f"  <url><loc>{escape(base + '/' + uri)}</loc></url>\n" for uri in site_pages(app))
        (outdir / "sitemap.xml").write_text(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{urls}</urlset>\n',
            encoding="utf-8",
        )
        robots += f"Sitemap: {base}/sitemap.xml\n"
    else:
        (outdir / "sitemap.xml").unlink(missing_ok=True)
        logger.info("no html_baseurl (READTHEDOCS_CANONICAL_URL): sitemap.xml skipped")
    (outdir / "robots.txt").write_text(robots, encoding="utf-8")


def note_removed_pages(app: Sphinx, env, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    # Kept on the builder: it lives for exactly one build and is never pickled.
    app.builder.scholar_removed_pages = set(removed)
    return []


def delete_removed_pages(app: Sphinx, exception: Exception | None) -> None:
    """Sphinx leaves a deleted page's HTML behind; an incremental build must publish what a clean one does."""
    if exception is not None or app.builder.format != "html":
        return
    for docname in getattr(app.builder, "scholar_removed_pages", ()):
        (Path(app.outdir) / app.builder.get_target_uri(docname)).unlink(missing_ok=True)


def setup_site(app: Sphinx) -> None:
    app.connect("env-get-outdated", note_removed_pages)
    app.connect("build-finished", delete_removed_pages)
    app.add_config_value("scholar_require_description", False, "html", types=[bool])
    app.connect("html-page-context", sharing_tags)
    app.connect("doctree-resolved", absolute_links_on_404)
    app.connect("html-page-context", defer_scripts)
    app.connect("build-finished", write_sitemap_and_robots)
