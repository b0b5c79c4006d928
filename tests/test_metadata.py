"""Metadata for scholars, search engines and sharing, on the real site built locally."""

from __future__ import annotations

import json

import pytest
from conftest import page


def json_ld(soup) -> list[dict]:
    return [json.loads(script.string) for script in soup.find_all("script", type="application/ld+json")]


def test_home_page_describes_the_person(site):
    people = [item for item in json_ld(page(site, "index.html")) if item["@type"] == "Person"]
    assert people == [{
        "@context": "https://schema.org", "@type": "Person", "name": "Ziming Liu", "alternateName": "刘子铭",
        "jobTitle": "Ph.D. student",
        "affiliation": {"@type": "CollegeOrUniversity", "name": "National University of Singapore"},
        "email": "mailto:liuziming@comp.nus.edu.sg", "url": "https://maruyamaaya.github.io/",
        "sameAs": ["https://maruyamaaya.github.io/", "https://x.com/lzm_mlsys"],
    }]


def test_project_page_has_google_scholar_tags(site):
    soup = page(site, "research/hanayo.html")

    def values(name):
        return [tag["content"] for tag in soup.find_all("meta", attrs={"name": name})]

    assert values("citation_title") == [
        "Hanayo: Harnessing Wave-like Pipeline Parallelism for Enhanced Large Model Training Efficiency"]
    assert values("citation_author") == ["Ziming Liu", "Shenggan Cheng", "Haotian Zhou", "Yang You"]
    assert values("citation_publication_date") == ["2023"]
    assert values("citation_conference_title") == [
        "Proceedings of the International Conference for High Performance Computing, Networking, Storage and "
        "Analysis"]
    preprint = page(site, "research/wallfacer.html")
    assert preprint.find("meta", attrs={"name": "citation_arxiv_id"})["content"] == "2407.00611"
    assert preprint.find("meta", attrs={"name": "citation_pdf_url"})["content"] == "https://arxiv.org/pdf/2407.00611"
    assert preprint.find("meta", attrs={"name": "citation_conference_title"}) is None


def test_project_page_has_scholarly_article_json_ld(site):
    (article,) = json_ld(page(site, "research/weipipe.html"))
    assert article["@type"] == "ScholarlyArticle"
    assert article["headline"].startswith("WeiPipe: Weight Pipeline Parallelism")
    assert [a["name"] for a in article["author"]][:2] == ["Junfeng Lin", "Ziming Liu"]
    assert article["datePublished"] == "2025"


@pytest.mark.parametrize("name", ["index.html", "cv.html", "publications/index.html", "research/index.html",
                                  "research/ras.html"])
def test_every_page_has_its_own_description_for_search_and_sharing(site, name):
    soup = page(site, name)
    description = soup.find("meta", attrs={"name": "description"})["content"]
    assert len(description) > 50
    assert soup.find("meta", property="og:description")["content"] == description
    assert soup.find("meta", attrs={"name": "twitter:description"})["content"] == description
    assert soup.find("meta", attrs={"name": "twitter:card"})
    assert soup.find("meta", property="og:title")


def test_local_build_invents_no_address(site):
    soup = page(site, "index.html")
    assert soup.find("link", rel="canonical") is None
    assert soup.find("meta", property="og:url") is None
    assert not (site / "sitemap.xml").exists()
    assert (site / "robots.txt").read_text() == "User-agent: *\nAllow: /\n"


@pytest.mark.parametrize("name", ["index.html", "search.html"])
def test_favicon_and_deferred_scripts(site, name):
    soup = page(site, name)
    icon = soup.find("link", rel="icon")
    assert icon and (site / icon["href"].split("?")[0]).is_file()
    scripts = soup.find_all("script", src=True)
    for script in scripts:
        assert script.has_attr("defer") or script.has_attr("async"), script["src"]
    assert len(scripts) > 4
    # Inlined, as inline scripts right after it use it at once.
    assert any("const DOCUMENTATION_OPTIONS" in (s.string or "") for s in soup.find_all("script", src=False))
