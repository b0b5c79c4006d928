"""Atom feeds of the publications (newest first), of the news and of the posts, written with feedgen and linked
from every page's head, for feed readers and for anyone who follows the researcher's work.

A feed needs absolute addresses: it is written only where the site has one (``html_baseurl``, which Read the
Docs sets); a local build leaves it out, and says so with the sitemap. Atom dates are instants: a paper's or a
news item's is the start of the day, month or year it gives, and a news item's title begins with the date as
written.
"""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from ..pages.formulas import formulas_as_text
from ..pages.news import NewsItem
from ..pages.posts import index_docname, posts_of
from ..settings import page_url, settings
from .seo import add_metatags

if TYPE_CHECKING:
    from sphinx.application import Sphinx

PUBLICATIONS_FEED, NEWS_FEED, POSTS_FEED = "publications.atom", "news.atom", "posts.atom"


def instant(year: int, month: int = 0, day: int = 0) -> datetime:
    return datetime(year, month or 1, day or 1, tzinfo=UTC)


def new_feed(app: Sphinx, name: str, title: str, alternate: str):
    from feedgen.feed import FeedGenerator  # only where a feed is written

    owner = settings(app.config).owner.get("name", "") or app.config.project
    address = f"{app.config.html_baseurl.rstrip('/')}/{name}"
    feed = FeedGenerator()
    feed.id(address)
    feed.title(f"{owner}: {title}")
    feed.author({"name": owner})
    feed.link(href=address, rel="self", type="application/atom+xml")
    feed.link(href=alternate, rel="alternate", type="text/html")
    feed.language(app.config.language or "en")
    return feed


def publications_feed(app: Sphinx, path: Path) -> None:
    domain = app.env.domains["pub"]
    listing = settings(app.config).publications_page
    home = listing if listing in app.env.found_docs else app.config.root_doc
    feed = new_feed(app, PUBLICATIONS_FEED, "publications", page_url(app, home))
    newest = None
    for publication in domain.catalog.publications:
        address = page_url(app, domain.own_page(publication.key) or home)
        entry = feed.add_entry(order="append")
        entry.id(address)
        entry.title(publication.title)
        entry.link(href=address)
        for author in publication.authors:
            entry.author({"name": author})
        when = instant(*map(int, publication.date.split("-")))
        entry.published(when)
        entry.updated(when)
        newest = max(newest or when, when)
        venue = ", ".join(part for part in (publication.venue, str(publication.year)) if part)
        entry.summary(publication.abstract or venue)
    feed.updated(newest or instant(1970))
    feed.atom_file(str(path), pretty=True)


def news_feed(app: Sphinx, path: Path) -> bool:
    """Written where some page has news; returns whether it was."""
    pages: dict[str, list[NewsItem]] = {docname: items for docname, items in app.env.scholar_news.items()
                                        if items and docname in app.env.found_docs}
    if not pages:
        path.unlink(missing_ok=True)
        return False
    docname = min(pages, key=lambda name: (name != app.config.root_doc, name))
    address = page_url(app, docname)
    feed = new_feed(app, NEWS_FEED, "news", address)
    items = pages[docname]  # in the page's order, as the researcher wrote them
    for item in items:
        entry = feed.add_entry(order="append")
        entry.id(f"{address}#{item.anchor}")
        entry.link(href=f"{address}#{item.anchor}")
        entry.title(f"{item.written}: {item.text}")
        entry.content(item.text)
        entry.updated(instant(*item.date))
    feed.updated(max(instant(*item.date) for item in items))
    feed.atom_file(str(path), pretty=True)
    return True


def posts_feed(app: Sphinx, path: Path) -> bool:
    """Written where there are posts; returns whether it was."""
    posts = [post for post in posts_of(app.env).values() if post.docname in app.env.titles]
    if not posts:
        path.unlink(missing_ok=True)
        return False
    feed = new_feed(app, POSTS_FEED, "posts", page_url(app, index_docname(app.config)))
    for post in posts:  # newest first
        address = page_url(app, post.docname)
        entry = feed.add_entry(order="append")
        entry.id(address)
        entry.link(href=address)
        entry.title(formulas_as_text(post.title))
        when = instant(post.day.year, post.day.month, post.day.day)
        entry.published(when)
        entry.updated(when)
        if post.summary:
            entry.summary(formulas_as_text(post.summary))
        for tag in post.tags:
            entry.category(term=tag)
    feed.updated(instant(posts[0].day.year, posts[0].day.month, posts[0].day.day))
    feed.atom_file(str(path), pretty=True)
    return True


def write_feeds(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html" or app.statuscode:
        return
    outdir = Path(app.outdir)
    if not app.config.html_baseurl or app.env.domains["pub"].bib_invalid:
        for name in (PUBLICATIONS_FEED, NEWS_FEED, POSTS_FEED):
            (outdir / name).unlink(missing_ok=True)
        return
    publications_feed(app, outdir / PUBLICATIONS_FEED)
    news_feed(app, outdir / NEWS_FEED)
    posts_feed(app, outdir / POSTS_FEED)


def link_feeds(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Every page names the feeds, so a feed reader finds them from any page."""
    if not app.config.html_baseurl:
        return
    owner = settings(app.config).owner.get("name", "") or app.config.project
    feeds = [(PUBLICATIONS_FEED, "publications")]
    if any(items for items in app.env.scholar_news.values()):
        feeds.append((NEWS_FEED, "news"))
    if posts_of(app.env):
        feeds.append((POSTS_FEED, "posts"))
    add_metatags(context, [f'<link rel="alternate" type="application/atom+xml" title="{escape(owner)}: {title}" '
                           f'href="{escape(context["pathto"](name, 1))}">' for name, title in feeds])


def setup_feeds(app: Sphinx) -> None:
    app.connect("html-page-context", link_feeds)
    app.connect("build-finished", write_feeds)
