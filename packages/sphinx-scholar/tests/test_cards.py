"""Cards (tests/roots/test-cards): a project page shows its paper's card, the list links back, and the
research index finds every project page by itself."""

from __future__ import annotations

import pytest
from engine_helpers import soup

pytestmark = pytest.mark.sphinx("html", testroot="cards")


def test_card_shows_the_entry_and_links_to_the_list(built):
    card = soup(built, "research/engine.html").find("div", class_="pub-card")
    assert card.find("strong", class_="pub-title").get_text() == "EngineNet: the Analytical Engine, Revisited"
    assert card.find("a", string="Publication list")["href"] == "../publications.html#lovelace2024engine"
    assert card.find("a", class_="pub-btn", string="PDF")["href"] == "https://example.org/engine.pdf"
    assert card.find("p", class_="pub-legend"), "equal marks need their note on the card too"
    assert card.find(id="lovelace2024engine") is None, "the anchor is the list's entry, not the card"


def test_list_entry_links_to_the_project_page_that_shows_it(built):
    entry = soup(built, "publications.html").find("li", id="lovelace2024engine")
    assert entry.find("a", string="Project page")["href"] == "research/engine.html"


def test_pub_ref_links_by_title(built):
    inline = soup(built, "research/engine.html").find("span", class_="pub-ref")
    assert inline.get_text() == "EngineNet: the Analytical Engine, Revisited"
    assert inline.parent["href"] == "#", "the paper's own page: this project page"


def test_research_index_has_a_card_per_project_page_newest_first(built):
    cards = soup(built, "research/index.html").select("li.project-card")
    assert [card.find("a")["href"] for card in cards] == ["tides.html", "engine.html"]
    engine = cards[1]
    assert engine.find("h2", class_="project-card-title").get_text(strip=True) == "EngineNet project"
    assert engine.find("p", class_="project-card-meta").get_text() == "CE\xa0'24 · Jan.\xa02024 – May\xa02024"
    summary = engine.find("p", class_="project-card-summary").get_text()
    assert summary == "An engine that computes <b>Bernoulli</b> numbers."
    assert cards[0].find("p", class_="project-card-meta").get_text() == "arXiv preprint, 2025 · Under review"
