"""One address per paper (a site of the engine's shape, tests/roots/test-site, with papers added): a paper page
for each paper no project page claims, a redirect where one does; lists and search lead there; Google
Scholar's tags on it."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from engine_helpers import TESTS, page
from sphinx_scholar._compat import FONTAWESOME_FONTS, THEME_STYLESHEET
from sphinx_scholar.pages import papers, reference_texts
from sphinx_scholar.pages.references import ENGINE_MARK
from sphinx_scholar.testing import sphinx_build, sphinx_scholar_command
from sphinx_scholar.web import iconfont, paper_pages
from sphinx_scholar.web.paper_pages import paper_document

pytestmark = pytest.mark.slow

SITE = TESTS / "roots" / "test-site"
CANONICAL = {"READTHEDOCS_CANONICAL_URL": "https://example.org/site/"}
#: A journal paper with everything Scholar reads, and a title a Markdown heading would read as markup.
ADDED = """
@article{herschel2021stars,
  title    = {Double *Stars* <script>alert(1)</script> & [Nebulae] `one`},
  author   = {Herschel, Caroline and Lovelace, Ada},
  journal  = {Memoirs of the Astronomical Society},
  volume   = {12},
  number   = {3},
  pages    = {101--112},
  year     = {2021},
  doi      = {10.5555/mas.2021.3},
  pdf      = {files/stars.pdf},
  abstract = {We count double stars. Every one of them.},
}
"""
CITING = "\n```{publication} lovelace2022notes\n```\n"
NEWS = """
## News

```{news}
- **2025-03-14**: EngineNet's code is out.
- **May 2024**: Talk at the <Royal> Society & friends.
- **2024**: Two papers.
```
"""
#: The start of a PDF file, as far as anything here reads it.
PDF = b"%PDF-1.4\n% the paper\n"
#: A photo of one pixel.
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082")


def copy_site(destination: Path) -> Path:
    shutil.copytree(SITE, destination)
    with (destination / "refs.bib").open("a", encoding="utf-8") as bib:
        bib.write(ADDED)
    with (destination / "research" / "engine.md").open("a", encoding="utf-8") as page:
        page.write(CITING)
    (destination / "_static" / "ada.png").write_bytes(PNG)
    (destination / "files").mkdir()
    (destination / "files" / "stars.pdf").write_bytes(PDF)
    with (destination / "index.md").open("a", encoding="utf-8") as home:
        home.write(NEWS)
    with (destination / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('\nscholar_owner["photo"] = "_static/ada.png"\nhtml_favicon = "_static/ada.png"\n')
        # No CV and so no PDF: a paper page shows neither, and drawing it was a third of each build's work.
        conf.write('scholar_cv_page = ""\n')
    return destination


@pytest.fixture(scope="module")
def paper_site(tmp_path_factory) -> tuple[Path, Path]:
    work = tmp_path_factory.mktemp("papers")
    site = copy_site(work / "site")
    result = sphinx_build(site, work / "html", "-E", env=CANONICAL)
    assert result.returncode == 0 and not result.stderr, result.stderr
    return site, work / "html"


def search_index(html: Path) -> dict:
    text = (html / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1: text.rindex(")")])


def documents(found: int | list[int]) -> list[int]:
    """The documents a term of the search index leads to (one is written as a number)."""
    return found if isinstance(found, list) else [found]


def test_every_paper_has_one_page_of_its_own(paper_site):
    site, html = paper_site
    assert sorted(path.name for path in (html / "publications" / "papers").glob("*.html")) == [
        "herschel2021stars.html", "lovelace2022notes.html", "lovelace2024engine.html", "somerville2025tides.html"]
    assert not (site / "publications" / "papers").exists(), "nothing is written into the site's sources"
    sitemap = (html / "sitemap.xml").read_text()
    assert "publications/papers/herschel2021stars.html" in sitemap
    assert "publications/papers/lovelace2024engine.html" not in sitemap, "a redirect is no page to land on"


def test_a_paper_page_shows_the_paper_and_the_project_pages_that_cite_it(paper_site):
    _, html = paper_site
    notes = page(html, "publications/papers/lovelace2022notes.html")
    assert notes.find("h1").get_text(strip=True).rstrip("#") == "Notes on the Sketch of the Analytical Engine"
    assert notes.find(class_="pub-owner").get_text() == "Ada\xa0Lovelace", "a name kept on one line"
    assert notes.find("p", class_="pub-venue").get_text() == "Scientific Memoirs, 2022"
    project = notes.find("a", class_="pub-btn-project")
    assert project.get_text() == "Project page" and project["href"] == "../../research/engine.html"
    assert "@article{lovelace2022notes," in notes.find("section", id="cite").get_text()
    crumbs = notes.select("nav[aria-label=Breadcrumb] li.breadcrumb-item a")
    assert [(crumb.get_text(strip=True), crumb["href"]) for crumb in crumbs][-1] == ("Publications",
                                                                                   "../index.html"), crumbs


def test_the_abstract_shows_in_full_and_a_title_stays_text(paper_site):
    _, html = paper_site
    raw = (html / "publications" / "papers" / "herschel2021stars.html").read_text()
    stars = page(html, "publications/papers/herschel2021stars.html")
    title = "Double *Stars* <script>alert(1)</script> & [Nebulae] `one`"
    assert stars.find("h1").get_text().rstrip("#") == title
    assert "<script>alert" not in raw
    abstract = stars.find("section", id="abstract")
    assert abstract.find("p").get_text() == "We count double stars. Every one of them."
    assert abstract.find_parent("details") is None, "no click needed"
    description = stars.find("meta", attrs={"name": "description"})["content"]
    assert description == "We count double stars. Every one of them."


def test_a_paper_without_an_abstract_shows_none_and_describes_none(paper_site):
    _, html = paper_site
    notes = page(html, "publications/papers/lovelace2022notes.html")
    assert notes.find("section", id="abstract") is None
    assert notes.find("meta", attrs={"name": "description"}) is None, "Zotero would take it for the abstract"
    assert notes.find("meta", attrs={"name": "citation_abstract"}) is None


def meta_values(document, name: str) -> list[str]:
    return [tag["content"] for tag in document.find_all("meta", attrs={"name": name})]


def test_a_paper_page_meets_google_scholars_rules(paper_site):
    _, html = paper_site
    stars = page(html, "publications/papers/herschel2021stars.html")
    expected = {
        "citation_title": ["Double *Stars* <script>alert(1)</script> & [Nebulae] `one`"],
        "citation_author": ["Herschel, Caroline", "Lovelace, Ada"],
        "citation_publication_date": ["2021"],
        "citation_journal_title": ["Memoirs of the Astronomical Society"],
        "citation_volume": ["12"], "citation_issue": ["3"],
        "citation_firstpage": ["101"], "citation_lastpage": ["112"],
        "citation_doi": ["10.5555/mas.2021.3"],
        "citation_abstract": ["We count double stars. Every one of them."],
        "citation_pdf_url": ["https://example.org/site/publications/papers/herschel2021stars.pdf"],
    }
    assert {name: meta_values(stars, name) for name in expected} == expected
    assert stars.find("link", rel="canonical")["href"] == \
        "https://example.org/site/publications/papers/herschel2021stars.html"


def test_a_paper_a_project_page_claims_keeps_its_address_as_a_redirect(paper_site):
    _, html = paper_site
    moved = page(html, "publications/papers/lovelace2024engine.html")
    assert moved.find("link", rel="canonical")["href"] == "https://example.org/site/research/engine.html"
    refresh = moved.find("meta", attrs={"http-equiv": "refresh"})["content"]
    assert refresh == "0; url=../../research/engine.html"
    assert moved.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert moved.find("meta", attrs={"name": "citation_title"}) is None
    assert moved.find("link", rel="icon") is not None, "no request for /favicon.ico"


def test_lists_and_search_lead_to_each_papers_own_page(paper_site):
    _, html = paper_site
    listing = page(html, "publications/index.html")
    links = {link["href"] for link in listing.select("a.pub-title-link")}
    assert links == {"../research/engine.html", "../research/tides.html", "papers/lovelace2022notes.html",
                     "papers/herschel2021stars.html"}
    index = search_index(html)
    places = [(index["docnames"][doc], anchor) for doc, _, _, anchor, _ in index["objects"][""]]
    assert sorted(places) == [("publications/papers/herschel2021stars", "herschel2021stars"),
                              ("publications/papers/lovelace2022notes", "lovelace2022notes"),
                              ("research/engine", "lovelace2024engine"),
                              ("research/tides", "somerville2025tides")], "each paper once, at its page"
    assert "publications/papers/lovelace2024engine" not in index["docnames"], "a redirect is not searched"
    stars = index["docnames"].index("publications/papers/herschel2021stars")
    assert index["titles"][stars] == "Double *Stars* <script>alert(1)</script> & [Nebulae] `one`"
    assert stars in documents(index["terms"]["memoir"]) and documents(index["titleterms"]["nebula"]) == [stars], \
        "its words are searched"


def test_a_page_whose_paper_leaves_the_bib_file_leaves_the_site(tmp_path):
    site = copy_site(tmp_path / "site")
    assert sphinx_build(site, tmp_path / "html").returncode == 0
    bib = site / "refs.bib"
    bib.write_text(bib.read_text().replace(ADDED, ""))
    result = sphinx_build(site, tmp_path / "html")
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "html" / "publications" / "papers" / "herschel2021stars.html").exists()
    index = search_index(tmp_path / "html")
    assert "publications/papers/herschel2021stars" not in index["docnames"], "nor is it searched"
    assert not documents(index["titleterms"]["nebula"])


def test_a_project_page_that_takes_a_paper_over_turns_its_page_into_a_redirect(tmp_path):
    site = copy_site(tmp_path / "site")
    assert sphinx_build(site, tmp_path / "html").returncode == 0
    (site / "research" / "notes.md").write_text("---\npaper: lovelace2022notes\n---\n# Notes\n\nThe notes.\n")
    result = sphinx_build(site, tmp_path / "html")
    assert result.returncode == 0, result.stderr
    moved = page(tmp_path / "html", "publications/papers/lovelace2022notes.html")
    assert moved.find("meta", attrs={"http-equiv": "refresh"})["content"] == "0; url=../../research/notes.html"
    listing = page(tmp_path / "html", "publications/index.html")
    assert listing.find("a", href="../research/notes.html", class_="pub-title-link")


def test_paper_pages_are_written_only_when_what_they_show_changed(make_app, tmp_path, monkeypatch):
    site = copy_site(tmp_path / "site")
    make_app("html", srcdir=site).build()
    written = []
    monkeypatch.setattr(paper_pages, "paper_document",
                        lambda app, docname, *args: written.append(docname) or paper_document(app, docname, *args))
    make_app("html", srcdir=site).build()
    assert written == [], "nothing changed: the paper pages are left as they are"
    (site / "index.md").write_text((site / "index.md").read_text() + "\nAn edit.\n")
    make_app("html", srcdir=site).build()
    assert written == [], "a page's edit leaves the paper pages as they are"
    bib = site / "refs.bib"
    bib.write_text(bib.read_text().replace("We count double stars.", "We count pairs of stars."))
    make_app("html", srcdir=site).build()
    assert written == ["publications/papers/herschel2021stars"], "an entry's edit writes its page, and no other"
    (site / "research" / "tides.md").write_text((site / "research" / "tides.md").read_text() + CITING)
    make_app("html", srcdir=site).build()
    assert written[1:] == ["publications/papers/lovelace2022notes"], "a new page citing it is shown on its page"
    (site / "research" / "notes.md").write_text("---\npaper: herschel2021stars\n---\n# Notes\n\nThe notes.\n")
    make_app("html", srcdir=site).build()
    assert written[2:] == [], "a project page's new claim turns its page into a redirect, written whole"
    assert page(Path(site / "_build" / "html"), "publications/papers/herschel2021stars.html").find(
        "meta", attrs={"http-equiv": "refresh"})


def test_paper_pages_written_beside_the_build_are_those_it_writes_itself(make_app, tmp_path, monkeypatch):
    written, forks = {}, []

    class Recorded(paper_pages.WorkBeside):
        def result(self):
            forks.append(answer := super().result())
            return answer

    monkeypatch.setattr(paper_pages, "WorkBeside", Recorded)
    for beside_from in (10_000, 1):
        monkeypatch.setattr(paper_pages, "WRITTEN_BESIDE_FROM", beside_from)
        site = copy_site(tmp_path / f"site-{beside_from}")
        app = make_app("html", srcdir=site)
        app.build()
        assert app.statuscode == 0
        html = Path(app.outdir)
        written[beside_from] = {path.name: path.read_bytes() for path in (html / "publications" / "papers").iterdir()}
        written[beside_from]["searchindex.js"] = (html / "searchindex.js").read_bytes()
        for name in (THEME_STYLESHEET, *(f"{FONTAWESOME_FONTS}/{font.name}" for font in
                                         (html / FONTAWESOME_FONTS).glob("*.woff2"))):
            written[beside_from][name] = (html / name).read_bytes()  # the icons the pages show
    assert [pages for pages, _, _ in forks] == [["publications/papers/lovelace2022notes"]], "one of two, beside"
    assert list(forks[0][1]["_titles"]) == ["publications/papers/lovelace2022notes"], "its words found there"
    assert {page: icons for page, (icons, _, _) in forks[0][2].items()} == {
        "publications/papers/lovelace2022notes.html": iconfont.icons_in(str(html / "publications" / "papers" /
                                                                            "lovelace2022notes.html"))}
    assert written[1] == written[10_000] and len(written[1]) == 10  # 4 pages, a PDF, the search index, 4 of icons


@pytest.mark.parametrize("beside_from", [10_000, 1])
def test_the_icons_of_a_paper_page_are_found_as_it_is_written_not_read_again(make_app, tmp_path, monkeypatch,
                                                                            beside_from):
    """Read again only where something else wrote over the page since (here a site's additional page)."""
    monkeypatch.setattr(paper_pages, "WRITTEN_BESIDE_FROM", beside_from)
    read = []
    original = iconfont.icons_in
    monkeypatch.setattr(iconfont, "icons_in", lambda path: read.append(path) or original(path))
    site = copy_site(tmp_path / "site")
    (site / "_templates").mkdir(exist_ok=True)
    (site / "_templates" / "over.html").write_text('<p><i class="fa-solid fa-rocket"></i> Moved.</p>\n')
    with (site / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('templates_path = ["_templates"]\n'
                   'html_additional_pages = {"publications/papers/herschel2021stars": "over.html"}\n')
    app = make_app("html", srcdir=site)
    app.build()
    assert app.statuscode == 0
    assert "fa-rocket" in (Path(app.outdir) / THEME_STYLESHEET).read_text(), "the page written over is read"
    read = [path for path in read if not path.endswith("herschel2021stars.html")]
    papers = [Path(path) for path in read if "/papers/" in path]
    assert read and all('http-equiv="refresh"' in path.read_text() for path in papers), \
        "the site's own pages and the redirects are read, the paper pages' icons were noted as they were written"
    assert len(list(Path(app.outdir, "publications", "papers").glob("*.html"))) > len(papers)
    noted = json.loads((Path(app.doctreedir) / "scholar" / "iconfont" / "icons.json").read_text())
    pages = [f"publications/papers/{path.name}" for path in Path(app.outdir, "publications", "papers").glob("*.html")]
    assert {page: noted[page] for page in pages} == {page: original(str(Path(app.outdir, page))) for page in pages}


def test_a_paper_page_put_in_its_frame_is_the_page_sphinx_makes_of_it_whole(make_app, tmp_path, monkeypatch):
    """The frame's marks are filled as the theme's templates would write each part; a site whose templates use
    a part otherwise gets each page made whole."""
    written = {}
    for fits in (True, False):
        monkeypatch.setattr(paper_pages.Frame, "fits", lambda frame, fits=fits: fits)
        site = copy_site(tmp_path / f"site-{fits}")
        app = make_app("html", srcdir=site)
        app.build()
        assert app.statuscode == 0
        written[fits] = {path.name: path.read_text() for path in Path(app.outdir, "publications", "papers").iterdir()
                         if path.suffix == ".html"}
    assert written[True] == written[False] and len(written[True]) == 4


@pytest.mark.parametrize("shown", ["{{ title|upper }}", "{{ title|length }}", "{{ title|striptags|truncate(30) }}",
                                   "{{ title|striptags }}", "{{ title|e }}"])
def test_a_sites_template_that_shows_the_title_otherwise_gets_each_page_made_whole(make_app, tmp_path, monkeypatch,
                                                                                 shown):
    written = {}
    for fits in (None, False):
        if fits is False:
            monkeypatch.setattr(paper_pages.Frame, "fits", lambda frame: False)
        site = copy_site(tmp_path / f"site-{fits}")
        (site / "_templates").mkdir(exist_ok=True)
        (site / "_templates" / "layout.html").write_text(
            '{% extends "!layout.html" %}{% block footer %}<p class="shown">' + shown
            + "</p>{{ super() }}{% endblock %}")
        with (site / "conf.py").open("a") as conf:
            conf.write('\ntemplates_path = ["_templates"]\n')
        app = make_app("html", srcdir=site)
        app.build()
        assert app.statuscode == 0
        written[fits] = {path.name: path.read_text() for path in Path(app.outdir, "publications", "papers").iterdir()
                         if path.suffix == ".html"}
    assert written[None] == written[False]
    stars = page(Path(tmp_path / "site-None" / "_build" / "html"), "publications/papers/herschel2021stars.html")
    assert stars.select_one("p.shown").text and "zqx" not in str(stars).lower()


def test_a_frame_fits_only_where_each_part_has_its_one_place():
    marks = [paper_pages.TITLE_MARK, paper_pages.STRIPPED_TITLE_MARK, paper_pages.METATAGS_MARK,
             paper_pages.BODY_MARK, paper_pages.PAGE_MARK]
    assert paper_pages.Frame("<title>{1}</title><p>{0}</p>{2}<main>{3}</main><a href='{4}.html'>".format(*marks)).fits()
    assert not paper_pages.Frame(f"<title>{marks[1]}</title>{marks[2]}").fits(), "no body"
    assert not paper_pages.Frame(f"{marks[2]}{marks[3]}{marks[3]}").fits(), "the body twice"
    assert not paper_pages.Frame(f"{marks[2]}{marks[3]}<h1>zqxtitle&lt;i&gt;&lt;/i&gt;zqx</h1>").fits(), \
        "the title escaped otherwise"
    page = paper_pages.Frame("<title>{1}</title><p>{0}</p>{2}<main>{3}</main><a href='{4}.html'>".format(*marks))
    assert page.page("ada", "A &amp; <em>B</em>", "<meta>", "zqxbody") == \
        "<title>A &amp; B</title><p>A &amp; <em>B</em></p><meta><main>zqxbody</main><a href='ada.html'>", \
        "each part once, in one pass: a body that holds a mark is left as it is"


STOPPED_AT_THE_HOME_PAGE = """
import os


def setup(app):
    def stop(app, pagename, *args):
        if pagename == "index" and os.environ.get("STOP_AT_HOME"):
            raise KeyboardInterrupt
    app.connect("html-page-context", stop)
"""


def test_a_build_stopped_before_the_paper_pages_are_written_leaves_them_to_the_next(tmp_path):
    """Sphinx keeps its environment before it writes a page: the next build must not take them for written."""
    site = copy_site(tmp_path / "site")
    with (site / "conf.py").open("a") as conf:
        conf.write(STOPPED_AT_THE_HOME_PAGE)
    assert sphinx_build(site, tmp_path / "html").returncode == 0
    bib = site / "refs.bib"
    bib.write_text(bib.read_text().replace("Double *Stars*", "Triple *Stars*"))
    assert sphinx_build(site, tmp_path / "html", env={"STOP_AT_HOME": "1"}).returncode != 0
    for _ in range(2):
        assert sphinx_build(site, tmp_path / "html").returncode == 0
        assert page(tmp_path / "html", "publications/papers/herschel2021stars.html").find("h1").text.startswith(
            "Triple")


def test_a_setting_of_the_pages_output_writes_the_paper_pages_again(tmp_path):
    site = copy_site(tmp_path / "site")
    assert sphinx_build(site, tmp_path / "html").returncode == 0
    with (site / "conf.py").open("a") as conf:
        conf.write('\nhtml_permalinks_icon = "§"\n')
    assert sphinx_build(site, tmp_path / "html").returncode == 0
    heading = page(tmp_path / "html", "publications/papers/herschel2021stars.html").find("h1")
    assert heading.find("a", class_="headerlink").text == "§"


def test_links_without_a_suffix_keep_every_page_and_lead_to_them(tmp_path):
    """The output keeps only the files a clean build writes: where the builder writes them, not where links
    lead (``html_link_suffix``)."""
    site = copy_site(tmp_path / "site")
    with (site / "conf.py").open("a") as conf:
        conf.write('\nhtml_link_suffix = ""\n')
    for _ in range(2):
        assert sphinx_build(site, tmp_path / "html").returncode == 0
        assert (tmp_path / "html" / "index.html").is_file()
        listing = page(tmp_path / "html", "publications/index.html")
        assert listing.find("a", href="papers/herschel2021stars", class_="pub-title-link")
        assert (tmp_path / "html" / "publications" / "papers" / "herschel2021stars.html").is_file()


def test_a_paper_page_deleted_from_the_output_is_written_again(tmp_path):
    site = copy_site(tmp_path / "site")
    assert sphinx_build(site, tmp_path / "html").returncode == 0
    paper_page = tmp_path / "html" / "publications" / "papers" / "herschel2021stars.html"
    written = paper_page.read_text()
    paper_page.unlink()
    result = sphinx_build(site, tmp_path / "html")
    assert result.returncode == 0, result.stderr
    assert paper_page.read_text() == written


def test_paper_pages_an_older_engine_wrote_into_the_sources_are_removed_unread(tmp_path):
    site = copy_site(tmp_path / "site")
    folder = site / "publications" / "papers"
    folder.mkdir()
    (folder / ".gitignore").write_text(papers.OLD_IGNORE_FILE)
    written = ("---\norphan: true\npaper_page: \"herschel2021stars\"\n---\n"
               f"{ENGINE_MARK}\n\n# Double\n\n```{{paper-page}} herschel2021stars\n```\n")
    (folder / "herschel2021stars.md").write_text(written)
    result = sphinx_build(site, tmp_path / "html")
    assert result.returncode == 0 and not result.stderr, result.stderr
    assert not folder.exists()
    assert page(tmp_path / "html", "publications/papers/herschel2021stars.html").find("h1")


def test_a_pdf_file_removed_since_the_last_build_is_one_line(tmp_path):
    site = copy_site(tmp_path / "site")
    assert sphinx_build(site, tmp_path / "html").returncode == 0
    (site / "files" / "stars.pdf").unlink()
    result = sphinx_build(site, tmp_path / "html")
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.returncode != 0 and len(lines) == 1 and "'files/stars.pdf' is not a file of the site" in lines[0], \
        lines


def test_a_paper_pages_problem_is_found_again_when_an_earlier_problem_failed_the_build_too(tmp_path):
    site = copy_site(tmp_path / "site")
    (site / "files" / "stars.pdf").unlink()
    (site / "_static" / "ada.png").unlink()  # the owner's photo: found before the paper pages are written
    for _ in range(2):
        result = sphinx_build(site, tmp_path / "html")
        assert result.returncode != 0 and "'files/stars.pdf' is not a file of the site" in result.stderr, \
            result.stderr


def test_a_page_of_the_sites_own_where_a_paper_page_goes_is_one_line(tmp_path):
    site = copy_site(tmp_path / "site")
    (site / "publications" / "papers").mkdir()
    (site / "publications" / "papers" / "lovelace2022notes.md").write_text("# My own notes page\n")
    result = sphinx_build(site, tmp_path / "html")
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.returncode != 0 and len(lines) == 1, lines
    assert re.search(r"lovelace2022notes\.md:1: ERROR: a page of the site's own is where the paper page of "
                     r"'lovelace2022notes' goes", lines[0]), lines
    assert (site / "publications" / "papers" / "lovelace2022notes.md").read_text() == "# My own notes page\n"


def test_every_page_has_the_site_name_and_the_owners_photo_for_link_previews(paper_site):
    _, html = paper_site
    for name in ("index.html", "publications/papers/herschel2021stars.html", "research/engine.html"):
        head = page(html, name)
        assert head.find("meta", property="og:site_name"), name
        assert head.find("meta", property="og:image")["content"] == "https://example.org/site/_images/ada.png", name
    assert (html / "_images" / "ada.png").is_file()
    assert len(page(html, "index.html").find_all("meta", attrs={"name": "viewport"})) == 1


def context_objects(document) -> list[dict[str, list[str]]]:
    return [parse_qs(span["title"]) for span in document.select("span.Z3988")]


def test_lists_offer_every_paper_to_a_reference_manager_and_a_paper_page_only_its_own(paper_site):
    """COinS on list pages, one per entry, as Zotero's COinS translator reads them (checked with its translation
    server); none where a page is about one paper (COinS would override its own tags)."""
    _, html = paper_site
    listed = {objects["rft.atitle" if "rft.atitle" in objects else "rft.title"][0]: objects
              for objects in context_objects(page(html, "publications/index.html"))}
    assert len(listed) == 4
    engine = listed["EngineNet: the Analytical Engine, Revisited"]
    assert engine["rft_val_fmt"] == ["info:ofi/fmt:kev:mtx:book"] and engine["rft.genre"] == ["proceeding"]
    assert engine["rft.btitle"] == ["Proceedings of the Conference on Engines"]
    assert engine["rft.au"] == ["Babbage, Charles", "Lovelace, Ada"] and engine["rft.date"] == ["2024"]
    assert engine["rft_id"] == ["https://example.org/site/research/engine.html"]
    stars = listed["Double *Stars* <script>alert(1)</script> & [Nebulae] `one`"]
    assert stars["rft.jtitle"] == ["Memoirs of the Astronomical Society"]
    assert (stars["rft.volume"], stars["rft.issue"], stars["rft.spage"], stars["rft.epage"]) == \
        (["12"], ["3"], ["101"], ["112"])
    assert stars["rft_id"][0] == "info:doi/10.5555/mas.2021.3"
    tides = listed["TIDES: Mechanism of the Heavens"]
    assert tides["rft.type"] == ["preprint"] and tides["rft.publisher"] == ["arXiv"]
    assert tides["rft_id"][0] == "info:doi/10.48550/arXiv.2503.01234"
    cards = context_objects(page(html, "research/index.html"))
    assert sorted(objects["rft_id"][-1] for objects in cards) == [
        "https://example.org/site/research/engine.html", "https://example.org/site/research/tides.html"]
    for name in ("research/engine.html", "publications/papers/herschel2021stars.html"):
        assert context_objects(page(html, name)) == [], name


def test_feeds_of_the_publications_and_the_news_are_atom_with_absolute_addresses(paper_site):
    from xml.etree import ElementTree

    _, html = paper_site
    atom = "{http://www.w3.org/2005/Atom}"
    papers = ElementTree.parse(html / "publications.atom").getroot()
    entries = papers.findall(f"{atom}entry")
    assert [entry.find(f"{atom}title").text for entry in entries] == [
        "TIDES: Mechanism of the Heavens", "EngineNet: the Analytical Engine, Revisited",
        "Notes on the Sketch of the Analytical Engine", "Double *Stars* <script>alert(1)</script> & [Nebulae] `one`"]
    assert [entry.find(f"{atom}id").text for entry in entries][:2] == [
        "https://example.org/site/research/tides.html", "https://example.org/site/research/engine.html"]
    news = ElementTree.parse(html / "news.atom").getroot()
    items = [(entry.find(f"{atom}id").text, entry.find(f"{atom}updated").text, entry.find(f"{atom}title").text)
             for entry in news.findall(f"{atom}entry")]
    assert items == [
        ("https://example.org/site/index.html#news-2025-03-14", "2025-03-14T00:00:00+00:00",
         "2025-03-14: EngineNet's code is out."),
        ("https://example.org/site/index.html#news-2024-05", "2024-05-01T00:00:00+00:00",
         "May 2024: Talk at the <Royal> Society & friends."),
        ("https://example.org/site/index.html#news-2024", "2024-01-01T00:00:00+00:00", "2024: Two papers.")]
    home = page(html, "index.html")
    assert home.find("li", id="news-2024-05"), "each item has an address of its own"
    feeds = {link["title"]: link["href"] for link in home.find_all("link", rel="alternate",
                                                                   type="application/atom+xml")}
    assert feeds == {"Ada Lovelace: publications": "publications.atom", "Ada Lovelace: news": "news.atom"}
    deep = page(html, "publications/papers/herschel2021stars.html")
    assert deep.find("link", rel="alternate", type="application/atom+xml")["href"] == "../../publications.atom"


def test_a_feed_reader_reads_both_feeds_whole(paper_site):
    import feedparser

    _, html = paper_site
    for name, count in (("publications.atom", 4), ("news.atom", 3)):
        feed = feedparser.parse((html / name).read_bytes())
        assert not feed.bozo, (name, feed.get("bozo_exception"))
        assert feed.version == "atom10" and len(feed.entries) == count, name
        assert all(entry.id.startswith("https://example.org/site/") and entry.link == entry.id
                   for entry in feed.entries), name
    stars = feedparser.parse((html / "publications.atom").read_bytes()).entries[-1]
    assert stars.title == "Double *Stars* <script>alert(1)</script> & [Nebulae] `one`"
    assert [author.name for author in stars.authors] == ["Caroline Herschel", "Ada Lovelace"]
    assert stars.summary == "We count double stars. Every one of them."


def test_a_local_build_has_no_feeds_and_links_none(tmp_path):
    site = copy_site(tmp_path / "site")
    assert sphinx_build(site, tmp_path / "html").returncode == 0
    assert not (tmp_path / "html" / "publications.atom").exists()
    assert page(tmp_path / "html", "index.html").find("link", type="application/atom+xml") is None


def test_the_bibtex_copied_keeps_the_titles_own_capitals_in_plain_bibtex(paper_site):
    """BibTeX's plain style lowercases titles but what braces hold (pybtex's plain style does as plain.bst)."""
    from pybtex.database import parse_string
    from pybtex.plugin import find_plugin

    _, html = paper_site
    copied = page(html, "research/engine.html").select_one("details.pub-bibtex div.highlight-bibtex pre").get_text()
    assert "title       = {{EngineNet}: the Analytical Engine, Revisited}," in copied
    style = find_plugin("pybtex.style.formatting", "plain")()
    (formatted,) = style.format_entries(parse_string(copied, "bibtex").entries.values())
    assert "EngineNet: the analytical engine, revisited" in formatted.text.render_as("text")


def test_the_bibtex_copied_names_a_preprints_arxiv_identifier_in_plain_bibtex(paper_site):
    """plain.bst reads no eprint: a @misc preprint gets it as howpublished, the rest of the entry as written."""
    from pybtex.database import parse_string
    from pybtex.plugin import find_plugin

    _, html = paper_site
    bibtex = page(html, "research/tides.html").select_one("details.pub-bibtex div.highlight-bibtex pre").get_text()
    assert bibtex.rstrip().endswith("  archiveprefix = {arXiv},\n  howpublished  = {arXiv:2503.01234},\n}")
    assert "eprint        = {2503.01234}," in bibtex
    style = find_plugin("pybtex.style.formatting", "plain")()
    (formatted,) = style.format_entries(parse_string(bibtex, "bibtex").entries.values())
    assert "arXiv:2503.01234" in formatted.text.render_as("text")
    journal = cite_blocks(page(html, "publications/papers/herschel2021stars.html").find("section", id="cite"))
    assert "arXiv" not in journal["BibTeX"], "a paper that is no preprint gets nothing"


def test_lint_lists_the_papers_google_scholar_would_skip_without_failing(tmp_path):
    site = copy_site(tmp_path / "site")
    result = sphinx_scholar_command(site, "lint")
    assert result.returncode == 0, result.stderr
    advice = [line for line in result.stdout.splitlines() if "has no abstract" in line]
    assert [line.split(":")[2].split()[0] for line in advice] == [
        "lovelace2024engine", "somerville2025tides", "lovelace2022notes"], "not herschel2021stars, which has one"
    assert advice[0].startswith("refs.bib:1: lovelace2024engine has no abstract: Google Scholar indexes")


def cite_blocks(section) -> dict[str, str]:
    labels = [label.get_text() for label in section.select("p.pub-cite-label")]
    blocks = [block.get_text().strip() for block in section.select("pre")]
    return dict(zip(labels, blocks, strict=True))


def test_a_papers_own_page_cites_it_in_apa_ieee_bibtex_and_ris(paper_site):
    _, html = paper_site
    formats = cite_blocks(page(html, "publications/papers/herschel2021stars.html").find("section", id="cite"))
    assert list(formats) == ["APA", "IEEE", "BibTeX", "RIS"]
    title = "Double *Stars* <script>alert(1)</script> & [Nebulae] `one`"
    assert formats["APA"] == (f"Herschel, C., & Lovelace, A. (2021). {title}. Memoirs of the Astronomical Society, "
                              "12(3), 101–112. https://doi.org/10.5555/mas.2021.3")
    assert formats["IEEE"].startswith(f"C. Herschel and A. Lovelace, “{title}”, Memoirs of the Astronomical Society")
    ris = formats["RIS"].splitlines()
    assert ris[0] == "TY  - JOUR" and ris[-1].startswith("ER  -")
    for line in ("AU  - Herschel, Caroline", "AU  - Lovelace, Ada", "SP  - 101", "EP  - 112", "VL  - 12",
                 "DO  - 10.5555/mas.2021.3", "UR  - https://example.org/site/publications/papers/herschel2021stars.html"):
        assert line in ris, line
    preprint = cite_blocks(page(html, "research/tides.html").select_one("details.pub-cite"))
    assert list(preprint) == ["APA", "IEEE", "BibTeX", "RIS"], "a project page cites its own paper every way"
    assert "TY  - UNPB" in preprint["RIS"] and "PB  - arXiv" in preprint["RIS"]
    listing = page(html, "publications/index.html")
    assert not listing.select("details.pub-cite"), "a list keeps its BibTeX light"


RECORDING = """
import os
from sphinx_scholar.pages import reference_texts

formatted_item = reference_texts.formatted_item


def recording(item, style):
    with open({record!r}, "a") as lines:
        lines.write(f"{{os.getpid()}} {{item['id']}} {{style}}\\n")
    return formatted_item(item, style)


reference_texts.formatted_item = recording
"""


def in_every_python(monkeypatch, folder: Path, code: str) -> None:
    """``code`` run as every Python started from now on in the test starts (a sitecustomize module): the ones
    formatting references beside the build."""
    folder.mkdir()
    (folder / "sitecustomize.py").write_text(code)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(folder), os.environ.get("PYTHONPATH")])))


def formatting_recorded(monkeypatch, record: Path) -> None:
    """Each reference formatted, in the build or beside it, adds a line to ``record``: the process that formatted
    it, and its style."""
    monkeypatch.setattr(reference_texts, "formatted_item", reference_texts.formatted_item)  # put back afterwards
    exec(RECORDING.format(record=str(record)), {"__name__": "recording"})  # in this process
    in_every_python(monkeypatch, record.parent / "recording", RECORDING.format(record=str(record)))
    monkeypatch.setattr(reference_texts, "AHEAD_FROM", 1)


def recorded(record: Path) -> list[tuple[int, str, str]]:
    lines = record.read_text().split("\n") if record.exists() else []
    record.unlink(missing_ok=True)
    return [(int(pid), key, style) for pid, key, style in (line.split() for line in lines if line)]


def apa_of(outdir: Path, key: str) -> str:
    return cite_blocks(page(outdir, f"publications/papers/{key}.html").find("section", id="cite"))["APA"]


def test_references_are_formatted_beside_the_build_and_kept_until_their_entry_changes(make_app, tmp_path,
                                                                                      monkeypatch):
    site = copy_site(tmp_path / "site")
    record = tmp_path / "formatted"
    formatting_recorded(monkeypatch, record)
    app = make_app("html", srcdir=site)
    app.build()
    formatted = recorded(record)
    papers_listed = len(app.env.domains["pub"].catalog.publications)
    assert app.statuscode == 0 and len(formatted) == 2 * papers_listed
    assert {pid for pid, _, _ in formatted} != {os.getpid()}, "formatted in the build's own process"
    assert apa_of(Path(app.outdir), "herschel2021stars").startswith("Herschel, C., & Lovelace, A. (2021). Double")
    (site / "index.md").write_text((site / "index.md").read_text() + "\nAn edit.\n")
    make_app("html", srcdir=site).build()
    assert recorded(record) == [], "kept: the .bib file did not change"
    bib = site / "refs.bib"
    bib.write_text(bib.read_text().replace("Double *Stars*", "Triple *Stars*"))
    app = make_app("html", srcdir=site)
    app.build()
    assert sorted((key, style) for _, key, style in recorded(record)) == [
        ("herschel2021stars", "apa"), ("herschel2021stars", "ieee")], "only the edited entry is formatted again"
    assert apa_of(Path(app.outdir), "herschel2021stars").startswith("Herschel, C., & Lovelace, A. (2021). Triple")
    for kept in (Path(app.doctreedir) / "scholar").glob("references-*.pickle"):
        kept.unlink()  # as an upgrade of citeproc-py or of the engine leaves them, with every paper page to write
    shutil.rmtree(Path(app.outdir) / "publications" / "papers")
    (site / "index.md").write_text((site / "index.md").read_text() + "\nAnother edit.\n")
    make_app("html", srcdir=site).build()
    formatted = recorded(record)
    assert len(formatted) == 2 * papers_listed and os.getpid() not in {pid for pid, _, _ in formatted}, \
        "none kept: all formatted beside the build, though the .bib file did not change"


def test_a_formatting_process_that_ends_without_an_answer_leaves_the_build_to_format_them(make_app, tmp_path,
                                                                                          monkeypatch):
    site = copy_site(tmp_path / "site")
    record = tmp_path / "formatted"
    formatting_recorded(monkeypatch, record)
    in_every_python(monkeypatch, tmp_path / "ending", "from sphinx_scholar.pages import reference_texts\n"
                    "reference_texts.formatted_all = lambda wanted: __import__('os')._exit(1)\n")
    app = make_app("html", srcdir=site)
    app.build()
    assert app.statuscode == 0 and not app._warning.getvalue()
    assert {pid for pid, _, _ in recorded(record)} == {os.getpid()}
    assert apa_of(Path(app.outdir), "herschel2021stars").startswith("Herschel, C., & Lovelace, A. (2021). Double")


def test_work_beside_killed_in_the_middle_of_its_answer_gives_what_was_lost():
    """A large answer (4,000 papers' references) fills the pipe long before the build reads it: the process can
    end in the middle of sending it, out of memory say."""
    import signal

    from sphinx_scholar.processes import WorkBeside

    beside = WorkBeside(lambda: {"reference": "x" * 1_000_000}, lost={})
    assert beside.answer.poll(30), "the answer has started"
    os.kill(beside.process.pid, signal.SIGKILL)
    assert beside.result() == {}


def test_work_beside_never_walks_the_builds_objects():
    import gc

    from sphinx_scholar.processes import WorkBeside

    assert WorkBeside(gc.get_freeze_count, lost=0).result() > 0, "what the build holds is frozen in the process"


def test_kept_references_are_only_those_the_bib_file_needs_once_it_has_changed_enough(tmp_path):
    from sphinx_scholar.bib.catalog import build_catalog
    from sphinx_scholar.settings import ScholarSettings

    publications = build_catalog((SITE / "refs.bib").read_text() + ADDED, "refs.bib",
                                 ScholarSettings()).publications
    texts = reference_texts.ReferenceTexts(tmp_path)
    texts.of(publications[0])
    texts.known.update({f"gone{number}": "An entry edited since." for number in range(2 * 2 * len(publications))})
    texts.keep(publications)
    assert len(reference_texts.ReferenceTexts(tmp_path).known) == 2, "the one paper asked for, in two styles"


def test_a_pdf_file_of_the_site_is_published_beside_the_papers_page_for_google_scholar(paper_site):
    _, html = paper_site
    assert (html / "publications" / "papers" / "herschel2021stars.pdf").read_bytes() == PDF
    stars = page(html, "publications/papers/herschel2021stars.html")
    assert stars.find("a", class_="pub-btn", string="PDF")["href"] == "herschel2021stars.pdf"
    assert meta_values(stars, "citation_pdf_url") == [
        "https://example.org/site/publications/papers/herschel2021stars.pdf"]
    listing = page(html, "publications/index.html")
    assert listing.find("a", class_="pub-btn", string="PDF", href="papers/herschel2021stars.pdf")


@pytest.mark.parametrize(("pdf", "expected"), [
    ("files/missing.pdf",
     r"refs\.bib:\d+: ERROR: herschel2021stars: pdf 'files/missing\.pdf' is not a file of the site"),
    ("../outside.pdf", r"refs\.bib:\d+: ERROR: herschel2021stars: pdf must be an http\(s\) address or a PDF file of "
                       r"the site"),
    ("/etc/passwd.pdf", r"refs\.bib:\d+: ERROR: herschel2021stars: pdf must be an http\(s\) address or a PDF file"),
])
def test_a_pdf_that_is_no_file_of_the_site_is_one_line(tmp_path, pdf, expected):
    site = copy_site(tmp_path / "site")
    bib = site / "refs.bib"
    bib.write_text(bib.read_text().replace("files/stars.pdf", pdf))
    result = sphinx_build(site, tmp_path / "html")
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.returncode != 0 and len(lines) == 1 and re.search(expected, lines[0]), lines


def test_a_pdf_linked_out_of_the_site_is_not_published(tmp_path):
    site = copy_site(tmp_path / "site")
    (site / "files" / "stars.pdf").unlink()
    (site / "files" / "stars.pdf").symlink_to("/etc/hostname")
    result = sphinx_build(site, tmp_path / "html")
    assert result.returncode != 0 and "is not a file of the site" in result.stderr
    assert not (tmp_path / "html" / "publications" / "papers" / "herschel2021stars.pdf").exists()


def test_references_formatted_beside_the_build_are_shared_by_paper(tmp_path, monkeypatch):
    """Two processes share many references, each paper's in one: an APA reference takes twice an IEEE one's time,
    so sharing the list one reference each (APA, IEEE, APA…) gave one process all the APA, and the build waited
    for it alone."""
    from collections import Counter

    from sphinx_scholar.bib.catalog import build_catalog
    from sphinx_scholar.settings import ScholarSettings

    bib = "".join(f"@article{{paper{number}, title = {{Paper {number}}}, author = {{Liu, Ziming}},"
                  f" journal = {{Journal}}, year = {{2024}}}}\n" for number in range(reference_texts.SHARED_FROM))
    publications = build_catalog(bib, "refs.bib", ScholarSettings()).publications
    shares = []
    monkeypatch.setattr(reference_texts, "WorkInPython", lambda function, job, lost: shares.append(job))
    reference_texts.ReferenceTexts(tmp_path).format_ahead(publications)
    assert len(shares) == 2
    papers = [{item for _, item, _ in share} for share in shares]
    assert not papers[0] & papers[1] and len(papers[0]) + len(papers[1]) == len(publications)
    styles = [Counter(style for _, _, style in share) for share in shares]
    assert styles[0] == styles[1] == {"apa": len(publications) // 2, "ieee": len(publications) // 2}
