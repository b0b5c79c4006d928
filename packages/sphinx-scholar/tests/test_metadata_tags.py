"""Metadata for Google Scholar and reference managers: citation tags and JSON-LD on the project pages of a tiny
site (tests/roots/test-cards)."""

from __future__ import annotations

import json

import pytest
from engine_helpers import soup


def json_ld(document) -> list[dict]:
    return [json.loads(script.string) for script in document.find_all("script", type="application/ld+json")]


def meta_values(document, name: str) -> list[str]:
    return [tag["content"] for tag in document.find_all("meta", attrs={"name": name})]


@pytest.mark.sphinx("html", testroot="cards")
def test_project_page_of_a_conference_paper_has_google_scholar_tags(built):
    engine = soup(built, "research/engine.html")
    assert meta_values(engine, "citation_title") == ["EngineNet: the Analytical Engine, Revisited"]
    assert meta_values(engine, "citation_author") == ["Babbage, Charles", "Lovelace, Ada"]
    assert meta_values(engine, "citation_publication_date") == ["2024"]
    assert meta_values(engine, "citation_conference_title") == ["Proceedings of the Conference on Engines"]
    assert meta_values(engine, "citation_pdf_url") == [], "Scholar takes only a PDF the site itself serves"
    (article,) = json_ld(engine)
    assert article["@type"] == "ScholarlyArticle" and article["headline"].startswith("EngineNet")
    assert [author["name"] for author in article["author"]] == ["Charles Babbage", "Ada Lovelace"]


@pytest.mark.sphinx("html", testroot="cards")
def test_project_page_of_a_preprint_has_its_arxiv_identifier(built):
    tides = soup(built, "research/tides.html")
    assert meta_values(tides, "citation_arxiv_id") == ["2503.01234"]
    assert meta_values(tides, "citation_pdf_url") == [], "arxiv.org's PDF is not on this site"
    assert meta_values(tides, "citation_conference_title") == []
    # As Zotero saves the paper from arxiv.org: a preprint, repository arXiv, archive ID, arXiv's DOI.
    assert meta_values(tides, "DC.type") == ["preprint"]
    assert meta_values(tides, "citation_publisher") == ["arXiv"]
    assert meta_values(tides, "citation_technical_report_number") == ["arXiv:2503.01234"]
    assert meta_values(tides, "citation_technical_report_institution") == []
    assert meta_values(tides, "citation_doi") == ["10.48550/arXiv.2503.01234"]


@pytest.mark.sphinx("html", testroot="cards")
def test_pages_without_a_paper_have_no_scholar_tags(built):
    assert meta_values(soup(built, "publications.html"), "citation_title") == []
