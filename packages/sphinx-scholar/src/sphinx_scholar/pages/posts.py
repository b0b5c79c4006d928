"""Posts: dated pages in the posts folder (``scholar_posts_folder``, ``posts/``), each with a ``date`` and, if it
likes, ``tags`` and a ``summary`` in its front matter; ``make post TITLE="…"`` writes one as a draft. The site
lists them: an index, newest first by year; a page per tag and per year; each post's date and tags under its
heading; and an Atom feed (:mod:`..web.feeds`). A post cites ``refs.bib`` keys as any page does.

The listing pages are Markdown files the engine writes before Sphinx looks for pages, as it writes the paper
pages, in a folder git ignores. Each holds what it lists (titles, dates, summaries, tags), so it is written
again, and read again, only when that changes: an edit elsewhere reads none of them, and ``-j`` reads them as
any page. With no post there is no listing page, no feed and no link to either: the index joins the home
page's table of contents only while a post exists.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes

from ..errors import report_error
from ..settings import settings
from ..slugs import ascii_slug
from ..store import remove_written_page, write_if_changed
from .formulas import formula_runs
from .frontmatter import (
    FrontMatterInvalid,
    as_text,
    day_of,
    field_problems,
    listed_texts,
    read_front_matter,
    read_page_text,
)
from .markdown import as_markdown_text, markdown_escaped
from .nodes import written_date
from .papers import place_below
from .references import POSTS_MARK, is_written_by_engine, markdown_pages
from .sources import page_tokens

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

INDEX, TAGS, YEARS = "index", "tags", "years"
IGNORE_FILE = "# Pages sphinx-scholar writes from the posts on every build: not for git.\n*\n"
INDEX_IGNORE_FILE = "# The posts' index sphinx-scholar writes on every build: not for git.\n/index.md\n/.gitignore\n"
NEEDS_DATE = "a post needs a date: add 'date: {today}' to its front matter, or move the page out of {folder}/"


@dataclass(frozen=True)
class Post:
    docname: str
    day: date
    tags: tuple[str, ...]
    title: str  # the heading as text, its formulas as written
    summary: str  # front matter's summary, else the page's description: text, its formulas as written
    description: str  # the page's description, as text (the feed's summary)

    @property
    def newest_first(self) -> tuple:
        return (-self.day.toordinal(), self.docname)


def posts_folder(config) -> str:
    return settings(config).posts_folder.strip("/")


def index_docname(config) -> str:
    return f"{posts_folder(config)}/{INDEX}"


def tag_slug(tag: str) -> str:
    """A tag's file name; a tag with no letter or digit in any script gets one from its digest."""
    return "-".join(filter(None, map(ascii_slug, tag.split()))) or "tag-" + hashlib.sha256(tag.encode()).hexdigest()[:8]


def heading_text(text: str) -> str:
    """The page's first heading as text, its formulas as written (``Training at $O(n)$ cost``), or ""."""
    tokens = page_tokens(text)
    for position, token in enumerate(tokens[:-1]):
        if token.type == "heading_open" and token.level == 0:
            parts = {"text": "{}", "code_inline": "{}", "math_inline": "${}$", "softbreak": " "}
            return "".join(parts[child.type].format(child.content) for child in tokens[position + 1].children or ()
                           if child.type in parts).strip()
    return ""


def listed_markdown(text: str) -> str:
    """A title or summary as a listing page shows it: text with its formulas drawn, nothing else read as
    Markdown or HTML (a project card shows a summary the same way)."""
    return "".join(markdown_escaped(before) + (f"${latex}$" if latex else "")
                   for before, latex in formula_runs(" ".join(text.split())))


def description_of(front_matter: dict) -> str:
    myst = front_matter.get("myst")
    meta = myst.get("html_meta") if isinstance(myst, dict) else None
    return (as_text(meta.get("description")) or "") if isinstance(meta, dict) else ""


def undated(front_matter: dict, docname: str) -> str:
    """What is wrong with a post without a date, or ""."""
    if "date" in front_matter:
        return ""
    return NEEDS_DATE.format(today=date.today().isoformat(), folder=posixpath.dirname(docname))


def is_post_page(docname: str, config) -> bool:
    """Whether a page of the researcher's is in the posts folder, where every page is a post."""
    return docname.startswith(f"{posts_folder(config)}/") and docname != index_docname(config)


def read_post(path: Path, docname: str) -> tuple[Post | None, tuple[int, str] | None]:
    """The post a page is, or why it is none: the line and the problem (None where the page's front matter
    cannot be read, which is reported where the page is read)."""
    try:
        text = read_page_text(path)
        front = read_front_matter(text)
    except FrontMatterInvalid:
        return None, None
    if problem := undated(front.data, docname):
        return None, (1, problem)
    day = day_of(front.data["date"])
    if day is None:
        return None, next(problem for problem in field_problems(front) if problem[0] == front.line_of("date"))
    tags = front.data.get("tags")
    description = description_of(front.data)
    return Post(docname, day, listed_texts(tags) if as_text(tags) is not None else (),
                heading_text(text) or posixpath.basename(docname),
                as_text(front.data.get("summary")) or description, description), None


def read_posts(app: Sphinx) -> list[Post]:
    """Every post the build reads, newest first. A page of the folder that is no post is one line naming it,
    and is left out (it would be in no table of contents)."""
    srcdir, folder = Path(app.srcdir), posts_folder(app.config)
    posts = []
    if not folder:  # scholar_posts_folder = "": a site without posts
        return posts
    for path in markdown_pages(srcdir, app.config.exclude_patterns, under=folder):
        docname = path.relative_to(srcdir).with_suffix("").as_posix()
        if docname == index_docname(app.config):
            problem = (1, f"the posts' index is written here by the engine: move this page out of {folder}/ (or "
                       "rename it)")
        else:
            post, problem = read_post(path, docname)
            if post is not None:
                posts.append(post)
        if problem is not None:
            report_error(app, problem[1], location=f"{path}:{problem[0]}")
            app.config.exclude_patterns = [*app.config.exclude_patterns, f"{docname}.md"]
    return sorted(posts, key=lambda post: post.newest_first)


def written_day(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


# -- The listing pages ---------------------------------------------------------------------------------------------

PAGE = """---
{front_matter}nosearch: true
myst:
  html_meta:
    description: {description}
---
{mark}

# {title}
{body}"""
TOCTREE = """
```{{toctree}}
:hidden:

{entries}
```
"""


def link(here: str, docname: str) -> str:
    return posixpath.relpath(docname, posixpath.dirname(here)) + ".md"


def post_list(posts: Iterable[Post], here: str, folder: str) -> str:
    """Each post with its date, title, summary and tags, as Markdown links from the page ``here``."""
    items = []
    for post in posts:
        item = f"- {{post-date}}`{post.day.isoformat()}` [{listed_markdown(post.title)}]({link(here, post.docname)})"
        if post.summary:
            item += "\n\n  " + listed_markdown(post.summary)
        if post.tags:
            tags = ", ".join(f"[{as_markdown_text(tag)}]({link(here, f'{folder}/{TAGS}/{tag_slug(tag)}')})"
                             for tag in post.tags)
            item += f"\n\n  Tags: {tags}"
        items.append(item)
    return "\n```{container} post-list\n" + "\n".join(items) + "\n```\n"


def by_tag(posts: list[Post]) -> dict[str, tuple[str, list[Post]]]:
    """Tag slug -> (the tag as first written, its posts newest first); "ML" and "ml" are one tag."""
    tags: dict[str, tuple[str, list[Post]]] = {}
    for post in posts:
        for tag in post.tags:
            tags.setdefault(tag_slug(tag), (tag, []))[1].append(post)
    return dict(sorted(tags.items(), key=lambda item: item[1][0].lower()))


def by_year(posts: list[Post]) -> dict[int, list[Post]]:
    years: dict[int, list[Post]] = defaultdict(list)
    for post in posts:
        years[post.day.year].append(post)
    return years


def navigation(here: str, folder: str, posts: list[Post]) -> str:
    """The tags (with how many posts each has) and the years, as links from ``here``."""
    tags = " · ".join(f"[{as_markdown_text(tag)}]({link(here, f'{folder}/{TAGS}/{slug}')}) ({len(tagged)})"
                      for slug, (tag, tagged) in by_tag(posts).items())
    years = " · ".join(f"[{year}]({link(here, f'{folder}/{YEARS}/{year}')})" for year in by_year(posts))
    lines = [f"All posts: [newest first]({link(here, f'{folder}/{INDEX}')})"] if not here.endswith(f"/{INDEX}") else []
    lines += [f"By year: {years}"] + ([f"By tag: {tags}"] if tags else [])
    return "\n" + "\\\n".join(lines) + "\n"


def listing_page(title: str, description: str, body: str, orphan: bool) -> str:
    return PAGE.format(front_matter="orphan: true\n" if orphan else "", description=json.dumps(description),
                       mark=POSTS_MARK, title=as_markdown_text(title), body=body)


def listing_pages(app: Sphinx, posts: list[Post]) -> dict[str, str]:
    """Docname -> text of the index, each tag's page and each year's page."""
    folder = posts_folder(app.config)
    owner = settings(app.config).owner.get("name") or app.config.project
    index = index_docname(app.config)
    toctree = TOCTREE.format(entries="\n".join(posixpath.relpath(post.docname, folder) for post in posts))
    years = "".join(f"\n## {year}\n{post_list(dated, index, folder)}" for year, dated in by_year(posts).items())
    pages = {index: listing_page("Posts", f"Posts by {owner}, newest first.",
                                 toctree + navigation(index, folder, posts) + years, orphan=False)}
    for slug, (tag, tagged) in by_tag(posts).items():
        here = f"{folder}/{TAGS}/{slug}"
        pages[here] = listing_page(f"Posts tagged “{tag}”", f"Posts by {owner} tagged “{tag}”, newest first.",
                                   navigation(here, folder, posts) + post_list(tagged, here, folder), orphan=True)
    for year, dated in by_year(posts).items():
        here = f"{folder}/{YEARS}/{year}"
        pages[here] = listing_page(f"Posts of {year}", f"Posts by {owner} in {year}, newest first.",
                                   navigation(here, folder, posts) + post_list(dated, here, folder), orphan=True)
    return pages


def write_listing_pages(app: Sphinx) -> None:
    """Before Sphinx looks for pages: the posts' listing pages, none where there is no post."""
    posts = read_posts(app)
    app.env.scholar_posts = {post.docname: post for post in posts}
    srcdir, folder = Path(app.srcdir), posts_folder(app.config)
    wanted = {Path(srcdir, f"{docname}.md"): text for docname, text in listing_pages(app, posts).items()} \
        if posts else {}
    try:
        for sub in (TAGS, YEARS):
            listing = srcdir / folder / sub
            for path in listing.glob("*.md") if listing.is_dir() else ():
                if path not in wanted and is_written_by_engine(path):
                    remove_written_page(path)
        index = srcdir / f"{index_docname(app.config)}.md"
        if index not in wanted and is_written_by_engine(index):
            remove_written_page(index)
        for path, text in wanted.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            if path.parent.name in (TAGS, YEARS):
                write_if_changed(path.parent / ".gitignore", IGNORE_FILE)
            elif not (path.parent / ".gitignore").exists():
                write_if_changed(path.parent / ".gitignore", INDEX_IGNORE_FILE)
            write_if_changed(path, text)
    except OSError as error:
        report_error(app, f"the posts' pages could not be written: {error.strerror}",
                     location=f"{error.filename or srcdir / folder}:1")


# -- On the site -----------------------------------------------------------------------------------------------

def posts_of(env: BuildEnvironment) -> dict[str, Post]:
    """This build's posts by docname, newest first (none before the posts are read)."""
    return getattr(env, "scholar_posts", {})


def post_of(env: BuildEnvironment, docname: str) -> Post | None:
    return posts_of(env).get(docname)


def show_date_and_tags(app: Sphinx, doctree: nodes.document) -> None:
    """Under a post's heading: its date, and its tags linking to their pages."""
    post = post_of(app.env, app.env.docname)
    section = next(iter(doctree.findall(nodes.section)), None)
    if post is None or section is None or not isinstance(section[0], nodes.title):
        return
    line = nodes.paragraph(classes=["post-meta"])
    line += written_date(written_day(post.day), written_day(post.day), datetime=post.day.isoformat())
    folder = posts_folder(app.config)
    for position, tag in enumerate(post.tags):
        line += nodes.Text(" · " if position == 0 else ", ")
        reference = addnodes.pending_xref("", refdomain="std", reftype="doc", refexplicit=True,
                                          reftarget=f"/{folder}/{TAGS}/{tag_slug(tag)}", refdoc=app.env.docname)
        reference += nodes.inline(tag, tag)
        line += reference
    section.insert(1, line)


def date_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """``{post-date}`2026-01-31``` as "January 31, 2026" in a ``<time>`` element (the listing pages use it)."""
    day = day_of(text)
    if day is None:
        message = inliner.reporter.error(f"post-date takes a day written 2026-01-31, not {text!r}", line=lineno)
        return [inliner.problematic(rawtext, rawtext, message)], [message]
    return [written_date(rawtext, written_day(day), datetime=day.isoformat())], []


def join_home_toctree(app: Sphinx, doctree: nodes.document) -> None:
    """While a post exists, the posts' index follows the publications page in the home page's table of
    contents (the site's navigation bar), or ends it."""
    env = app.env
    index = index_docname(app.config)
    if env.docname != app.config.root_doc or not posts_of(env):
        return
    toctrees = list(doctree.findall(addnodes.toctree))
    if any(index in toctree["includefiles"] for toctree in toctrees):
        return
    if not toctrees:
        toctree = addnodes.toctree(parent=env.docname, entries=[], includefiles=[], maxdepth=-1, glob=False,
                                   hidden=True, caption=None, titlesonly=False, numbered=0, includehidden=False)
        doctree += nodes.compound("", toctree, classes=["toctree-wrapper"])
        toctrees = [toctree]
    toctree = toctrees[0]
    publications = settings(app.config).publications_page
    after = toctree["includefiles"].index(publications) + 1 if publications in toctree["includefiles"] \
        else len(toctree["includefiles"])
    toctree["includefiles"].insert(after, index)
    entries = [entry for entry in toctree["entries"] if entry[1] != "self"]
    position = next((number + 1 for number, entry in enumerate(entries) if entry[1] == publications), len(entries))
    toctree["entries"].insert(position, (None, index))


def home_follows_posts(app: Sphinx, env: BuildEnvironment, added, changed, removed) -> list[str]:
    """The home page is read again when posts come or go, so its table of contents links the index or not."""
    root = app.config.root_doc
    linked = index_docname(app.config) in env.toctree_includes.get(root, ())
    return [root] if root in env.found_docs and linked != bool(posts_of(env)) else []


def pages_showing_the_posts(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Every page, when the posts' titles or order changed: Sphinx writes again only the pages it read, and
    every page links the posts (the navigation bar, the head's feed) and its neighbours by title (previous and
    next)."""
    state = [(post.docname, env.titles[post.docname].astext() if post.docname in env.titles else "")
             for post in posts_of(env).values()]
    if state == getattr(env, "scholar_posts_shown", []):
        return []
    env.scholar_posts_shown = state
    return sorted(env.found_docs)


def posts_above(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """A tag's or a year's page sits below the posts' index: its breadcrumbs say so."""
    folder = posts_folder(app.config)
    if pagename.startswith((f"{folder}/{TAGS}/", f"{folder}/{YEARS}/")):
        place_below(app, pagename, context, index_docname(app.config))


def setup_posts(app: Sphinx) -> None:
    app.connect("builder-inited", write_listing_pages, priority=160)  # after the paper pages (150)
    app.add_role("post-date", date_role)
    app.connect("doctree-read", join_home_toctree, priority=400)  # before Sphinx's collectors read the toctree
    app.connect("doctree-read", show_date_and_tags)
    app.connect("env-get-outdated", home_follows_posts)
    app.connect("env-updated", pages_showing_the_posts)
    app.connect("html-page-context", posts_above)
