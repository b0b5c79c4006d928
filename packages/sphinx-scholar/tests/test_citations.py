"""Citations (tests/roots/test-citations): ``{cite}`` and ``{pub:ref}`` link to the list's entry, with the
reference as tooltip, on a page that only cites."""

from __future__ import annotations

import pytest
from engine_helpers import soup

pytestmark = pytest.mark.sphinx("html", testroot="citations")


def test_parenthetical_and_narrative_citations(built):
    parenthetical, narrative = soup(built, "cites.html").find_all("span", class_="pub-cite")
    assert parenthetical.get_text() == "(Somerville and Lovelace, 2025; Menabrea, 1842)"
    first = parenthetical.find("a")
    assert first["href"] == "publications.html#somerville2025tides"
    assert first["title"].startswith("Mary Somerville and Ada Lovelace. TIDES: Mechanism of the Heavens.")
    assert narrative.get_text() == "Babbage et al. (1837)"
    assert narrative.find("a")["href"] == "publications.html#babbage1837engine"


def test_pub_ref_shows_the_title(built):
    title = soup(built, "cites.html").find("span", class_="pub-ref")
    assert title.get_text() == "Sketch of the Analytical Engine"
    assert title.parent["href"] == "papers/menabrea1842notes.html", "the paper's own page"
