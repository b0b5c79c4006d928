"""Posts (tests/roots/test-posts): the index newest first, a page per tag and per year, the date and tags on
each post, the feed, ``make post``; a post citing papers by others, which stay references; a site without posts
has none of it; incremental == clean and -j == serial."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ElementTree
from datetime import date
from pathlib import Path

import pytest
from engine_helpers import TESTS, assert_same_site, page, soup
from sphinx_scholar.cli import post as post_command
from sphinx_scholar.testing import browser_problems, sphinx_build, sphinx_scholar_command

ROOT = TESTS / "roots" / "test-posts"
ATOM = "{http://www.w3.org/2005/Atom}"


def copy_root(destination: Path) -> Path:
    shutil.copytree(ROOT, destination)
    return destination


@pytest.mark.sphinx("html", testroot="posts")
def test_the_index_lists_posts_newest_first_by_year(built):
    index = soup(built, "posts/index.html")
    assert [heading.get_text(strip=True).rstrip("#") for heading in index.select("article h2")] == ["2026", "2025"]
    items = index.select(".post-list li")
    assert [item.find("a")["href"] for item in items] == ["ring-memory.html", "hello.html"]
    first = items[0]
    assert first.find("time")["datetime"] == "2026-01-31" and first.find("time").get_text() == "January 31, 2026"
    assert first.find("a").find("math") is not None, "the title's formula is drawn"
    assert first.select("p")[1].find("math") is not None, "the summary's formula is drawn"
    assert first.find("a").get_text() == "Ring attention at O(n) memory", "the spaces around a formula are kept"
    assert first.select("p")[1].get_text() == "Why ring attention needs O(n) memory per device."
    assert [a["href"] for a in first.select("p")[2].find_all("a")] == ["tags/systems.html", "tags/long-context.html"]
    assert index.find("meta", attrs={"name": "description"})["content"] == "Posts by Ada Example, newest first."


@pytest.mark.sphinx("html", testroot="posts")
def test_a_page_per_tag_and_per_year_below_the_index(built):
    systems = soup(built, "posts/tags/systems.html")
    assert systems.find("h1").get_text(strip=True).rstrip("#") == "Posts tagged “systems”"
    assert [item.find("a")["href"] for item in systems.select(".post-list li")] == ["../ring-memory.html",
                                                                                    "../hello.html"]
    assert [item.find("a")["href"] for item in soup(built, "posts/tags/long-context.html")
            .select(".post-list li")] == ["../ring-memory.html"]
    year = soup(built, "posts/years/2025.html")
    assert [item.find("a")["href"] for item in year.select(".post-list li")] == ["../hello.html"]
    crumbs = [a.get_text(strip=True) for a in year.select(".bd-breadcrumbs a")]
    assert "Posts" in crumbs
    assert sorted(path.name for path in Path(built.srcdir, "posts", "tags").iterdir()) == [
        ".gitignore", "long-context.md", "systems.md"]


@pytest.mark.sphinx("html", testroot="posts")
def test_a_post_shows_its_date_and_tags_and_cites_papers_by_others(built):
    post = soup(built, "posts/ring-memory.html")
    meta = post.select_one("p.post-meta")
    assert meta.find("time")["datetime"] == "2026-01-31"
    assert [(a.get_text(), a["href"]) for a in meta.find_all("a")] == [
        ("systems", "tags/systems.html"), ("Long context", "tags/long-context.html")]
    listed = post.select_one("div.citation, .bibliography, div[role=list].citation-list") or post
    assert "Attention Is All You Need" in listed.get_text(), "a paper by others is in the post's references"
    assert [a.get_text(strip=True) for a in post.select("nav .bd-breadcrumbs a, .bd-breadcrumbs a")][-1] == "Posts"


@pytest.mark.sphinx("html", testroot="posts")
def test_papers_by_others_are_references_only(built):
    out = Path(built.outdir)
    assert "Attention Is All You Need" not in (out / "publications.html").read_text()
    assert "Ring Attention" in (out / "publications.html").read_text()
    assert not (out / "papers" / "vaswani2017attention.html").exists()
    assert (out / "papers" / "example2025ring.html").exists()
    feed = ElementTree.parse(out / "publications.atom").getroot()
    assert [entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")] == ["Ring Attention at O(n) Memory"]


@pytest.mark.sphinx("html", testroot="posts")
def test_the_feed_of_posts_is_linked_from_every_page(built):
    feed = ElementTree.parse(Path(built.outdir, "posts.atom")).getroot()
    entries = list(feed.iter(f"{ATOM}entry"))
    assert [entry.findtext(f"{ATOM}id") for entry in entries] == [
        "https://ada.example.org/posts/ring-memory.html", "https://ada.example.org/posts/hello.html"]
    assert entries[0].findtext(f"{ATOM}summary") == "Why ring attention needs O(n) memory per device."
    assert [category.get("term") for category in entries[0].iter(f"{ATOM}category")] == ["systems", "Long context"]
    for name in ("index.html", "publications.html", "posts/hello.html"):
        links = soup(built, name).find_all("link", rel="alternate", type="application/atom+xml")
        assert any(link["href"].endswith("posts.atom") for link in links), name


@pytest.mark.sphinx("html", testroot="posts")
def test_the_navigation_links_the_posts_after_the_publications(built):
    navigation = [a.get_text(strip=True) for a in soup(built, "index.html").select(".bd-navbar-elements a.nav-link")]
    assert navigation[:2] == ["Publications", "Posts"]


def test_a_site_without_posts_has_no_posts_section(tmp_path):
    site = copy_root(tmp_path / "site")
    shutil.rmtree(site / "posts")
    html = tmp_path / "html"
    result = sphinx_build(site, html, env={"READTHEDOCS_CANONICAL_URL": "https://ada.example.org/"})
    assert result.returncode == 0, result.stderr
    assert not (site / "posts").exists() and not (html / "posts.atom").exists()
    home = page(html, "index.html")
    assert "Posts" not in [a.get_text(strip=True) for a in home.select(".bd-navbar-elements a.nav-link")]
    assert not any(link["href"].endswith("posts.atom") for link in home.find_all("link", rel="alternate"))


def test_posts_incremental_equals_clean_and_parallel_equals_serial(tmp_path):
    site = copy_root(tmp_path / "site")
    posts = site / "posts"
    hello = (posts / "hello.md").read_text(encoding="utf-8")
    shutil.move(posts, tmp_path / "posts-aside")
    incremental = tmp_path / "incremental"
    assert sphinx_build(site, incremental).returncode == 0
    shutil.move(tmp_path / "posts-aside", posts)  # the first posts arrive
    assert sphinx_build(site, incremental).returncode == 0
    assert "Posts" in [a.get_text(strip=True) for a in page(incremental, "index.html").select("a.nav-link")]
    (posts / "hello.md").write_text(hello.replace("# Hello, *world*", "# Hello again").replace(
        "tags: systems", "tags: [systems, notes]"), encoding="utf-8")
    assert sphinx_build(site, incremental).returncode == 0
    assert sphinx_build(site, tmp_path / "clean", "-E").returncode == 0
    assert_same_site(incremental, tmp_path / "clean")
    assert "Hello again" in (incremental / "posts" / "index.html").read_text()
    assert sphinx_build(site, tmp_path / "parallel", "-E", "-j", "2").returncode == 0
    assert_same_site(tmp_path / "parallel", tmp_path / "clean")
    for path in posts.glob("*.md"):
        if path.name != "index.md":
            path.unlink()  # the last post goes: so do its index, tags, years and the link
    result = sphinx_build(site, incremental)
    assert result.returncode == 0, result.stderr
    assert not (posts / "index.md").exists() and not list((posts / "tags").glob("*.md"))
    assert "Posts" not in [a.get_text(strip=True) for a in page(incremental, "index.html").select("a.nav-link")]


@pytest.mark.parametrize(("front_matter", "line", "message"), [
    ("tags: [a]", 1, "a post needs a date: add 'date: "),
    ("date: 31/01/2026", 2, "date must be a day written year-month-day (2026-01-31), not '31/01/2026'"),
    ("date: 2026-01-31\ntags: {a: 1}", 3, "tags must be text or a list of texts"),
])
def test_a_post_that_cannot_be_dated_or_tagged_is_one_line(tmp_path, front_matter, line, message):
    site = copy_root(tmp_path / "site")
    (site / "posts" / "bad.md").write_text(f"---\n{front_matter}\n---\n\n# Bad\n", encoding="utf-8")
    result = sphinx_build(site, tmp_path / "html")
    assert result.returncode != 0
    problems = [text for text in result.stderr.splitlines() if "bad.md" in text]
    assert len(problems) == 1 and f"bad.md:{line}: ERROR: {message}" in problems[0], result.stderr
    assert "Traceback" not in result.stderr


def test_make_post_writes_a_draft_once(tmp_path, monkeypatch, capsys):
    site = copy_root(tmp_path / "site")
    monkeypatch.chdir(site)
    monkeypatch.setenv("TITLE", "Über $O(n)$ attention: a note")
    assert post_command.main([]) == 0
    written = site / "posts" / "uber-on-attention-a-note.md"
    text = written.read_text(encoding="utf-8")
    assert f"date: {date.today().isoformat()}" in text and "draft: true" in text
    assert "# Über \\$O(n)\\$ attention: a note" in text
    assert "Wrote posts/uber-on-attention-a-note.md" in capsys.readouterr().out
    assert post_command.main([]) == 1
    assert "already exists" in capsys.readouterr().err
    assert written.read_text(encoding="utf-8") == text, "never overwrites"
    # a draft is left out of the published site; published with its placeholders, it fails the build
    result = sphinx_build(site, tmp_path / "html")
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "html" / "posts" / "uber-on-attention-a-note.html").exists()
    written.write_text(text.replace("draft: true  # delete this line to publish the post\n", ""), encoding="utf-8")
    result = sphinx_build(site, tmp_path / "html")
    assert result.returncode != 0
    problems = [line for line in result.stderr.splitlines() if "placeholder text of 'make post' is still here" in line]
    assert [line.split(": ERROR")[0].rsplit("/", 1)[1] for line in problems] == [
        "uber-on-attention-a-note.md:6", "uber-on-attention-a-note.md:11"], result.stderr


def test_a_card_of_a_paper_by_others_says_it_is_a_reference(tmp_path):
    site = copy_root(tmp_path / "site")
    (site / "card.md").write_text("---\norphan: true\n---\n# Card\n\n```{publication} vaswani2017attention\n```\n",
                                  encoding="utf-8")
    result = sphinx_build(site, tmp_path / "html")
    assert result.returncode != 0
    assert ("card.md:6: WARNING: vaswani2017attention is a reference, not a publication (no name of "
            "scholar_owner_names among its authors or editors)") in result.stderr, result.stderr


def test_lint_names_a_post_without_a_date(tmp_path):
    site = copy_root(tmp_path / "site")
    (site / "posts" / "undated.md").write_text("---\ntags: [a]\n---\n\n# Undated\n", encoding="utf-8")
    result = sphinx_scholar_command(site, "lint")
    assert result.returncode != 0
    assert "posts/undated.md:1: a post needs a date: add 'date: " in result.stdout + result.stderr


@pytest.mark.browser
def test_pages_with_formulas_ask_no_other_host(tmp_path):
    """Post titles, summaries and a bib title with formulas, drawn as MathML: nothing loads from elsewhere (the
    site's tests run axe on the same pages: tests/test_accessibility.py)."""
    site = copy_root(tmp_path / "site")
    (site / "conf.py").write_text((site / "conf.py").read_text() + 'html_theme = "sphinx_scholar"\n')
    html = tmp_path / "html"
    result = sphinx_build(site, html)
    assert result.returncode == 0, result.stderr
    assert "<math" in (html / "posts" / "index.html").read_text()
    assert browser_problems(html) == []


@pytest.mark.sphinx("html", testroot="posts")
def test_a_post_is_an_article_to_link_previews_and_search_engines(built):
    import json

    post = soup(built, "posts/ring-memory.html")
    assert post.find("meta", property="og:type")["content"] == "article"
    assert post.find("meta", property="article:published_time")["content"] == "2026-01-31"
    assert post.find("meta", attrs={"name": "author"})["content"] == "Ada Example"
    assert [tag["content"] for tag in post.find_all("meta", property="article:tag")] == ["systems", "Long context"]
    (article,) = [json.loads(script.string) for script in post.find_all("script", type="application/ld+json")]
    assert article["@type"] == "BlogPosting" and article["datePublished"] == "2026-01-31"
    assert article["headline"] == "Ring attention at O(n) memory"
    assert article["author"] == {"@type": "Person", "name": "Ada Example", "url": "https://ada.example.org/index.html"}
    assert article["url"] == "https://ada.example.org/posts/ring-memory.html"
    assert soup(built, "posts/index.html").find("meta", property="og:type")["content"] == "website"
