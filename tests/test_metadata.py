"""Metadata for scholars, search engines and sharing on every page of the real site built locally (the
engine's own tests check the tags on tiny sites)."""

from __future__ import annotations

import json

import pytest
from site_helpers import page
from sources import read_sources

SOURCES = read_sources()


def json_ld(document) -> list[dict]:
    return [json.loads(script.string) for script in document.find_all("script", type="application/ld+json")]


def meta_values(document, name: str) -> list[str]:
    return [tag["content"] for tag in document.find_all("meta", attrs={"name": name})]


def test_home_page_describes_the_owner(site):
    people = [item for item in json_ld(page(site, "index.html")) if item["@type"] == "Person"]
    owner = SOURCES.owner
    assert len(people) == 1 and people[0]["name"] == owner["name"]
    if owner.get("email"):
        assert people[0]["email"] == f"mailto:{owner['email']}"
    if owner.get("affiliation"):
        assert people[0]["affiliation"]["name"] == owner["affiliation"]


@pytest.mark.parametrize("docname", SOURCES.pages)
def test_every_page_has_its_own_description_for_search_and_sharing(site, docname):
    document = page(site, f"{docname}.html")
    description = document.find("meta", attrs={"name": "description"})["content"]
    assert len(description) > 30
    assert document.find("meta", property="og:description")["content"] == description
    assert document.find("meta", attrs={"name": "twitter:description"})["content"] == description
    assert document.find("meta", attrs={"name": "twitter:card"})
    assert document.find("meta", property="og:title")


def test_local_build_invents_no_address(site):
    document = page(site, "index.html")
    assert document.find("link", rel="canonical") is None
    assert document.find("meta", property="og:url") is None
    assert not (site / "sitemap.xml").exists()
    assert (site / "robots.txt").read_text() == "User-agent: *\nAllow: /\n"


@pytest.mark.parametrize("name", ["index.html", "search.html"])
def test_favicon_and_deferred_scripts(site, name):
    document = page(site, name)
    icon = document.find("link", rel="icon")
    assert icon and (site / icon["href"].split("?")[0]).is_file()
    scripts = document.find_all("script", src=True)
    for script in scripts:
        assert script.has_attr("defer") or script.has_attr("async"), script["src"]
    assert len(scripts) > 4
    # Inlined, as inline scripts right after it use it at once.
    assert any("const DOCUMENTATION_OPTIONS" in (s.string or "") for s in document.find_all("script", src=False))
