"""What search engines and sharing need of every page: a description, OpenGraph and Twitter card tags,
sitemap.xml and robots.txt.

The sitemap is written from every document the environment knows, on every build, so an incremental
build lists the same pages as a clean one.
"""

from __future__ import annotations

import posixpath
import re
from html import escape as html_escape
from html import unescape as html_unescape
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin
from xml.sax.saxutils import escape

from docutils import nodes
from sphinx.util import logging

from ..pages.frontmatter import FrontMatterInvalid, read_page_front_matter
from ..pages.papers import PAPER_PAGES, paper_shown
from ..pages.posts import post_of
from ..settings import page_url, settings

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

#: Pages that are no place to land from a search engine.
UNLISTED_PAGES = {"404", "search", "genindex"}


def meta_tag(name: str, content: str, attribute: str = "name") -> str:
    return f'<meta {attribute}="{html_escape(name)}" content="{html_escape(content)}">'


def add_metatags(context: dict, tags: list[str]) -> None:
    context["metatags"] = context.get("metatags", "") + "\n".join(tags) + "\n"


def page_description(doctree: nodes.document) -> str:
    for meta in doctree.findall(nodes.meta):
        if meta.get("name") == "description":
            return meta.get("content", "")
    return ""


def front_matter_is_readable(app: Sphinx, pagename: str) -> bool:
    """Whether MyST could read the page's front matter: when it could not, it said so, and that is the line."""
    try:
        myst = read_page_front_matter(app.env.doc2path(pagename)).data.get("myst", {})
    except FrontMatterInvalid:
        return False
    return isinstance(myst, dict) and isinstance(myst.get("html_meta", {}), dict)


def sharing_tags(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """OpenGraph and Twitter card tags, with the page's own description rather than its first lines."""
    if doctree is None:
        return
    description = page_description(doctree)
    if not description and settings(app.config).require_description and pagename not in UNLISTED_PAGES \
            and front_matter_is_readable(app, pagename):
        logger.warning("page has no meta description (front matter myst: html_meta: description)",
                       location=pagename, type="scholar", subtype="description")
    title = html_unescape(re.sub(r"<[^>]*>", "", context.get("title", "")))
    article = paper_shown(app.env, pagename) or post_of(app.env, pagename) is not None
    add_metatags(context, sharing_tags_of(app, pagename, title, description, article=article))


def sharing_tags_of(app: Sphinx, pagename: str, title: str, description: str, *, article: bool) -> list[str]:
    """OpenGraph and Twitter card tags of a page: its title and description as text."""
    properties = {"og:title": title, "og:type": "article" if article else "website",
                  "og:site_name": app.config.html_title}
    if description:
        properties["og:description"] = description
    if url := page_url(app, pagename):
        properties["og:url"] = url
    if (photo := settings(app.config).owner.get("photo")) and (home := page_url(app, app.config.root_doc)):
        # Sphinx publishes an image a page shows in _images/, under its own name; none is drawn for a page.
        properties["og:image"] = urljoin(home, f"_images/{posixpath.basename(photo)}")
    names = {"twitter:card": "summary", "twitter:title": title}
    if description:
        names["twitter:description"] = description
    handle = settings(app.config).owner.get("x_handle")
    if handle:
        names["twitter:site"] = f"@{handle}"
    return [*(meta_tag(key, value, attribute="property") for key, value in properties.items()),
            *(meta_tag(key, value) for key, value in names.items())]


#: docutils writes a viewport tag into a page's meta tags; Sphinx's basic layout, which every theme extends,
#: writes its own.
DOCUTILS_VIEWPORT = re.compile(r'<meta name="viewport"[^>]*>\n?')


def one_viewport_tag(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    context["metatags"] = DOCUTILS_VIEWPORT.sub("", context.get("metatags", ""))


def keep_unlisted_pages_out(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """The 404 and search pages are no page to find: no canonical address, not indexed."""
    if pagename in UNLISTED_PAGES:
        context["pageurl"] = None
        add_metatags(context, [meta_tag("robots", "noindex")])


def site_urls(app: Sphinx) -> list[str]:
    """Every page's address, the paper pages' included, but those of pages no one should land on: 404, search,
    redirects."""
    papers = [docname for docname, (_, moved) in app.env.domains["pub"].data[PAPER_PAGES].items() if not moved]
    return sorted(page_url(app, docname) for docname in [*app.env.found_docs, *papers]
                  if docname not in UNLISTED_PAGES)


def write_sitemap_and_robots(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    base = app.config.html_baseurl.rstrip("/")
    robots = "User-agent: *\nAllow: /\n"
    if base:
        urls = "".join(f"  <url><loc>{escape(url)}</loc></url>\n" for url in site_urls(app))
        (outdir / "sitemap.xml").write_text(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{urls}</urlset>\n',
            encoding="utf-8",
        )
        robots += f"Sitemap: {base}/sitemap.xml\n"
    else:
        (outdir / "sitemap.xml").unlink(missing_ok=True)
        logger.info("no html_baseurl (READTHEDOCS_CANONICAL_URL): sitemap.xml and the Atom feeds skipped")
    (outdir / "robots.txt").write_text(robots, encoding="utf-8")


def setup_seo(app: Sphinx) -> None:
    app.connect("html-page-context", one_viewport_tag)
    app.connect("html-page-context", keep_unlisted_pages_out, priority=600)  # after the theme's canonical fix
    app.connect("html-page-context", sharing_tags)
    app.connect("build-finished", write_sitemap_and_robots)
