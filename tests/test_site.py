"""The real site, built strictly from a copy of the repository: every page, every entry of refs.bib, every
project page and the owner's contacts in place. Expectations come from conf.py, refs.bib and the pages
(tests/sources.py), so the tests hold for a fork with another researcher's content."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from site_helpers import page
from sources import read_sources

PREPRINT_TYPES = {"misc", "unpublished", "techreport", "online"}

SOURCES = read_sources()


def text_of(site, name: str) -> str:
    return " ".join(page(site, name).get_text(" ").split())


def html_name(docname: str) -> str:
    return f"{docname}.html"


def test_builds_strictly_without_a_warning(built_site):
    _, result = built_site
    assert result.returncode == 0
    assert "WARNING" not in result.stderr and "ERROR" not in result.stderr, result.stderr


@pytest.mark.parametrize("docname", SOURCES.pages)
def test_every_page_is_built_with_a_title(site, docname):
    assert page(site, html_name(docname)).find("h1")


def test_publications_page_lists_every_entry_once_with_its_title(site):
    publications = page(site, "publications/index.html")
    for key, entry in SOURCES.entries.items():
        found = publications.find("li", id=key)
        assert found is not None, key
        assert found.find("strong", class_="pub-title").get_text() == entry.title
    assert len(publications.select("li.pub")) == len(SOURCES.entries)


def test_preprints_after_peer_reviewed_papers_newest_first(site):
    sections = {h.get_text(strip=True).rstrip("#¶"): h.find_next("ul") for h in
                page(site, "publications/index.html").find_all("h2")}
    preprints = {key for key, entry in SOURCES.entries.items()
                 if entry.type in PREPRINT_TYPES or (entry.type == "article" and entry.arxiv_journal)}
    listed = {li["id"] for li in sections["Preprints"].select("li.pub")} if "Preprints" in sections else set()
    assert listed == preprints
    for section in sections.values():
        years = [int(li.find(class_="pub-year").get_text()) for li in section.select("li.pub")]
        assert years == sorted(years, reverse=True)


def test_authors_in_order_with_equal_marks_and_the_owner_highlighted(site):
    publications = page(site, "publications/index.html")
    for key, entry in SOURCES.entries.items():
        citation = publications.find("li", id=key).find("div", class_="pub-citation")
        text = citation.get_text().replace("\xa0", " ")
        positions = [text.index(author) for author in entry.authors]
        assert positions == sorted(positions), key
        marked = [sup.find_previous(string=True).replace("\xa0", " ").strip(" ,").removeprefix("and ")
                  for sup in citation.find_all("sup")]
        assert marked == [entry.authors[position - 1] for position in entry.equal], key
        owners = [strong.get_text().replace("\xa0", " ") for strong in citation.find_all("strong", class_="pub-owner")]
        assert owners and all(name in SOURCES.owner_names for name in owners), key


def test_every_link_of_an_entry_is_a_button_or_a_preprints_identifier(site):
    publications = page(site, "publications/index.html")
    for key, entry in SOURCES.entries.items():
        links = publications.find("li", id=key).select("a.pub-arxiv, a.pub-btn:not(.pub-btn-project)")
        assert [a["href"] for a in links] == list(entry.links), key


@pytest.mark.parametrize("docname", sorted(SOURCES.projects))
def test_project_page_shows_its_papers_card_linked_to_the_list(site, docname):
    key = SOURCES.projects[docname]
    card = page(site, html_name(docname)).find("div", class_="pub-card")
    assert card.find("strong", class_="pub-title").get_text() == SOURCES.entries[key].title
    assert card.find("a", href=re.compile(rf"publications/index\.html#{key}$"))
    back = page(site, "publications/index.html").find("li", id=key).find("a", string="Project page")
    assert back["href"] == "../" + html_name(docname)


def test_research_index_has_a_card_per_project_page(site):
    cards = page(site, "research/index.html").select("li.project-card a")
    assert sorted(a["href"] for a in cards) == sorted(f"{docname.split('/')[-1]}.html" for docname in SOURCES.projects)


def test_home_page_names_the_owner_with_contacts_and_selected_papers(site):
    home = page(site, "index.html")
    owner = SOURCES.owner
    assert owner["name"] in home.find("h1").get_text().replace("\xa0", " ")
    if owner.get("email"):
        assert home.find("a", href=f"mailto:{owner['email']}")
    if owner.get("homepage"):
        assert home.find("a", href=owner["homepage"])
    if owner.get("x_handle"):
        assert home.find("a", href=f"https://x.com/{owner['x_handle']}")
    selected = sorted(li["id"] for li in home.select("li.pub"))
    assert selected == sorted(key for key, entry in SOURCES.entries.items() if entry.selected)


def owner_links(owner: dict) -> list[str]:
    """Every way to reach the owner the owner section sets, email first, as profile_links builds them."""
    links = [f"mailto:{owner['email']}"] if owner.get("email") else []
    links += [owner["homepage"]] if owner.get("homepage") else []
    links += [f"https://x.com/{owner['x_handle']}"] if owner.get("x_handle") else []
    return links + list(owner.get("profiles", {}).values())


def test_home_profile_links_every_profile_the_owner_sets_and_the_cv(site):
    home = page(site, "index.html")
    profile = home.find("div", class_="profile")
    assert profile is not None and profile.find_previous("h1") is not None
    links = [unquote(a["href"]) for a in profile.select("ul.profile-links a")]
    assert links == [*owner_links(SOURCES.owner), "cv.html", "cv.pdf"]
    for link in profile.select("ul.profile-links a"):
        assert link.find("svg", attrs={"aria-hidden": "true"}), "an icon beside each link's text"
        assert link.get_text(strip=True), "each link names itself in text"


def test_home_photo_only_when_the_owner_section_gives_one(site):
    photos = page(site, "index.html").select("div.profile img")
    photo = SOURCES.owner.get("photo")
    if not photo:
        assert not photos, "no placeholder without a photo"
        return
    (image,) = photos
    assert image["alt"] == f"Photo of {SOURCES.owner['name']}" and "profile-photo" in image["class"]
    assert (site / image["src"]).is_file() and image["src"].endswith(Path(photo).name)


def test_header_has_an_icon_per_profile_and_nothing_unset(site):
    expected = [link for link in owner_links(SOURCES.owner) if link != SOURCES.owner.get("homepage")]
    for name in SOURCES.pages:
        header = page(site, html_name(name)).find("header")
        icons = header.select("ul.profile-icon-links")[0].select("a") if expected else []
        assert [unquote(a["href"]) for a in icons] == expected, name
        for link in icons:
            assert link.find("span", class_="visually-hidden").get_text(), "screen readers hear the profile's name"


def news_items(docname: str) -> list[str]:
    """The items of the page's {news} list, as written."""
    text = (SOURCES.srcdir / f"{docname}.md").read_text(encoding="utf-8")
    block = re.search(r"```\{news\}\n(.*?)```", text, re.DOTALL)
    return re.findall(r"^- ", block.group(1), re.MULTILINE) if block else []


def test_news_has_a_date_column_and_older_items_behind_more(site):
    home = page(site, "index.html")
    written = len(news_items("index"))
    items = home.select("li.news-item")
    assert len(items) == written
    for item in items:
        assert item.find("span", class_="news-date").get_text(strip=True), item.get_text()[:60]
        assert not item.find("div", class_="news-text").get_text().startswith(":")
    if written:
        assert len(home.select("ul.news")[0].select("li.news-item")) == min(5, written), "the newest five in view"
    more = home.find("details", class_="news-more")
    assert (more is not None) == (written > 5)
    if more:
        summary = more.find("summary")
        assert summary.find(class_="summary-closed").get_text() == f"More news ({written - 5})"
        assert summary.find(class_="summary-open").get_text() == "Show less news", "says what it does once open"


SHORT_TITLES = {docname: front["short_title"] for docname, front in SOURCES.project_front_matter.items()
                if front.get("short_title")}


@pytest.mark.parametrize(("docname", "short"), sorted(SHORT_TITLES.items()))
def test_project_page_short_name_on_the_page_and_full_title_below_and_on_its_card(site, docname, short):
    project = page(site, html_name(docname))
    heading = re.sub(r"[#¶]$", "", project.find("h1").get_text(strip=True))
    assert heading == short
    subtitle = project.find("h1").find_next_sibling("p", class_="page-subtitle")
    assert subtitle and subtitle.get_text(strip=True) and not subtitle.get_text().startswith(short + ":")
    assert project.find("title").get_text().startswith(f"{short} ")
    assert project.select("ul.bd-breadcrumbs li.active")[0].get_text(strip=True) == short
    card = page(site, "research/index.html").find("a", href=f"{Path(docname).name}.html")
    written = next(line[2:] for line in (SOURCES.srcdir / f"{docname}.md").read_text().splitlines()
                   if line.startswith("# "))
    assert card.get_text(strip=True) == written, "the research index names the project in full"


def test_one_page_frame(site):
    """No page has a left sidebar, so every heading starts at one place; breadcrumbs only below a section;
    "On this page" only where a page has three sections or more, never on the home page."""
    for docname in ("index", "publications/index", "cv", "research/index", *sorted(SOURCES.projects)):
        built = page(site, html_name(docname))
        assert built.select_one("nav.bd-docs-nav") is None, docname
        breadcrumbs = built.select_one("ul.bd-breadcrumbs")
        below_a_section = docname.startswith("research/") and docname != "research/index"
        assert (breadcrumbs is not None) == below_a_section, docname
        toc = built.select_one("#pst-page-toc-nav, nav.page-toc")
        title_section = built.select_one("article.bd-article section")
        sections = len(title_section.find_all("section", recursive=False)) if title_section else 0
        assert (toc is not None) == (docname != "index" and sections >= 3), docname


@pytest.mark.parametrize("docname", sorted(SOURCES.projects))
def test_project_facts_in_one_block(site, docname):
    front = SOURCES.project_front_matter[docname]
    facts = page(site, html_name(docname)).find("dl", class_="project-facts")
    shown = {dt.get_text(): dt.find_next_sibling("dd").get_text(strip=True).replace("\xa0", " ")  # units kept together
             for dt in facts.find_all("dt")}
    if front.get("dates"):
        assert shown["Dates"] == front["dates"]
    advisors = front.get("advisors")
    if advisors:
        label = "Advisors" if isinstance(advisors, list) and len(advisors) > 1 else "Advisor"
        assert shown[label] == (", ".join(advisors) if isinstance(advisors, list) else advisors)
    assert "Venue" in shown
    assert list(shown) == sorted(shown, key=["Dates", "Advisor", "Advisors", "Venue", "Status", "Language",
                                             "Languages"].index)


def test_cv_page_lists_every_publication(site):
    assert len(page(site, "cv.html").select("li.pub")) == len(SOURCES.entries)


def search_index(site) -> dict:
    script = (site / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(script[script.index("(") + 1 : script.rindex(")")])


def test_search_index_holds_every_title_word_and_author(site):
    from sphinx.search.en import SearchEnglish

    english = SearchEnglish({})
    terms = search_index(site)["terms"]
    for entry in SOURCES.entries.values():
        for word in re.findall(r"[A-Za-z]{4,}", " ".join((entry.title, *entry.authors))):
            if word.lower() not in english.stopwords:
                assert english.stem(word.lower()) in terms, (entry.key, word)


def test_no_outside_link_but_the_owners_the_entries_and_the_themes(site):
    """Every outside link comes from conf.py's owner section or refs.bib, or is the theme's credit."""
    owner = SOURCES.owner
    allowed = {link for entry in SOURCES.entries.values() for link in entry.links}
    allowed |= {owner.get("homepage"), f"mailto:{owner.get('email')}", f"https://x.com/{owner.get('x_handle')}",
                *owner.get("profiles", {}).values()}
    theme = re.compile(r"^https://(www\.sphinx-doc\.org|pydata-sphinx-theme\.readthedocs\.io)/")
    for html in site.rglob("*.html"):
        for link in page(site, str(html.relative_to(site))).find_all("a", href=re.compile("^(https?|mailto):")):
            href = unquote(link["href"])
            assert href in allowed or theme.match(href), (html.name, href)


def transferred(site: Path, html: Path) -> int:
    """Bytes a first visit to a page downloads, gzip-compressed as a static host sends them: the page, its
    stylesheets (but print), scripts and images, and the icon fonts (all of them, at most what it needs)."""
    import gzip

    document = page(site, str(html.relative_to(site)))
    assets = {link["href"] for link in document.select("link[rel=stylesheet]") if link.get("media") != "print"}
    assets |= {script["src"] for script in document.select("script[src]")}
    assets |= {image["src"] for image in document.select("img[src]")}
    files = [html, *((html.parent / asset.split("?")[0]).resolve() for asset in assets)]
    files += list((site / "_static" / "vendor" / "fontawesome" / "webfonts").glob("*.woff2"))
    return sum(len(gzip.compress(path.read_bytes())) for path in files)


def test_a_page_weighs_under_200_kb(site):
    for name in [*SOURCES.pages, "search"]:
        size = transferred(site, site / html_name(name))
        assert size < 200_000, (name, size)


def test_cv_dates_stand_in_a_column_of_their_own(site):
    from sphinx_scholar.cv.dates import DATES

    cv = page(site, "cv.html")
    dates = [span.get_text() for span in cv.select("article dt > span.cv-dates")]
    written = re.findall(rf"^: .*{DATES}", (SOURCES.srcdir / "cv.md").read_text(), re.MULTILINE)
    assert len(dates) >= len(written) and all(re.fullmatch(DATES, date) for date in dates), dates
    for definition in cv.select("article dd"):
        text = definition.get_text(" ", strip=True)
        assert not re.search(rf"(^|· ){DATES}( ·|$)", text), f"dates left in the text: {text}"
