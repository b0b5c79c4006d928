"""The real site, built strictly from a copy of the repository: every page, every entry of refs.bib, every
project page and the owner's contacts in place. Expectations come from conf.py, refs.bib and the pages
(tests/sources.py), so the tests hold for a fork with another researcher's content."""

from __future__ import annotations

import json
import re
from urllib.parse import unquote

import pytest
from conftest import page
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
        marked = [sup.find_previous(string=True).strip(" ,").removeprefix("and ") for sup in citation.find_all("sup")]
        assert marked == [entry.authors[position - 1] for position in entry.equal], key
        owners = [strong.get_text() for strong in citation.find_all("strong", class_="pub-owner")]
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
    assert owner["name"] in home.find("h1").get_text()
    if owner.get("email"):
        assert home.find("a", href=f"mailto:{owner['email']}")
    if owner.get("homepage"):
        assert home.find("a", href=owner["homepage"])
    if owner.get("x_handle"):
        assert home.find("a", href=f"https://x.com/{owner['x_handle']}")
    selected = sorted(li["id"] for li in home.select("li.pub"))
    assert selected == sorted(key for key, entry in SOURCES.entries.items() if entry.selected)


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
