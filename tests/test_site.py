"""The real site: built strictly from a copy of the repository, every page and CV fact in place."""

from __future__ import annotations

import json
import re

import pytest
from conftest import page

TITLES = {
    "liu2023hanayo": "Hanayo: Harnessing Wave-like Pipeline Parallelism for Enhanced Large Model Training Efficiency",
    "lin2025weipipe": "WeiPipe: Weight Pipeline Parallelism for Communication-Effective Long-Context Large Model "
                      "Training",
    "cheng2025concerto": "Concerto: Automatic Communication Optimization and Scheduling for Large-Scale Deep Learning",
    "zhao2024hetegen": "HeteGen: Efficient Heterogeneous Parallel Inference for Large Language Models on "
                       "Resource-Constrained Devices",
    "liu2024wallfacer": "WallFacer: Harnessing Multi-dimensional Ring Parallelism for Efficient Long Sequence Model "
                        "Training",
    "liu2025ras": "Region-Adaptive Sampling for Diffusion Transformers",
    "du2023energonai": "EnergonAI: An Inference System for 10-100 Billion Parameter Transformer Models",
    "cheng2022atp": "ATP: Adaptive Tensor Parallelism for Foundation Models",
    "zhao2024dsp": "DSP: Dynamic Sequence Parallelism for Multi-Dimensional Transformers",
}
PROJECTS = {
    "wallfacer": ("liu2024wallfacer", ["up to 77.12%", "Ring Attention", "Dec. 2023 – June 2024",
                                       "Prof. James Demmel", "Preliminary results"]),
    "hanayo": ("liu2023hanayo", ["up to a 30.4% performance improvement", "SC '23"]),
    "weipipe": ("lin2025weipipe", ["about 30%–80%", "Apr. 2024 – Nov. 2024", "Prof. Rong Zhao", "PPoPP '25"]),
    "ras": ("liu2025ras", ["up to 2.36x and 2.51x", "Stable Diffusion 3", "May 2024 – Dec. 2024",
                           "Dr. Yuqing Yang"]),
}


def text_of(site, name: str) -> str:
    return " ".join(page(site, name).get_text(" ").split())


def test_builds_strictly_without_a_warning(built_site):
    _, result = built_site
    assert result.returncode == 0
    assert "WARNING" not in result.stderr and "ERROR" not in result.stderr, result.stderr


@pytest.mark.parametrize("name", ["index.html", "research/index.html", "publications/index.html", "cv.html",
                                  *[f"research/{slug}.html" for slug in PROJECTS]])
def test_page_exists_with_a_title(site, name):
    assert page(site, name).find("h1")


@pytest.mark.parametrize("slug", PROJECTS)
def test_project_page_gives_results_and_cites_its_paper(site, slug):
    key, facts = PROJECTS[slug]
    text = text_of(site, f"research/{slug}.html")
    for fact in facts:
        assert fact in text, fact
    card = page(site, f"research/{slug}.html").find("div", class_="pub-card")
    assert card.find("span", class_="pub-title").get_text() == TITLES[key]
    assert card.find("a", href=f"../publications/index.html#{key}")


def test_publications_page_lists_all_nine_titles_verbatim_in_cv_order(site):
    publications = page(site, "publications/index.html")
    keys = {h.get_text(strip=True).rstrip("#¶"): [li["id"] for li in h.find_next("ul").find_all("li")]
            for h in publications.find_all("h2")}
    assert keys == {
        "Peer-reviewed": ["lin2025weipipe", "cheng2025concerto", "zhao2024hetegen", "liu2023hanayo"],
        "Preprints": ["liu2025ras", "liu2024wallfacer", "zhao2024dsp", "du2023energonai", "cheng2022atp"],
    }
    for key, title in TITLES.items():
        assert publications.find("li", id=key).find("span", class_="pub-title").get_text() == title


def test_equal_contribution_as_in_the_cv(site):
    publications = page(site, "publications/index.html")
    for key, marked in {"liu2023hanayo": ["Ziming Liu", "Shenggan Cheng"],
                        "lin2025weipipe": ["Junfeng Lin", "Ziming Liu"]}.items():
        sups = publications.find("li", id=key).find("p", class_="pub-citation").find_all("sup")
        assert [s.find_previous(string=True).strip(" ,") for s in sups] == marked


def test_full_author_lists(site):
    concerto = page(site, "publications/index.html").find("li", id="cheng2025concerto").get_text(" ")
    authors = ["Shenggan Cheng", "Shengjie Lin", "Lansong Diao", "Hao Wu", "Siyu Wang", "Chang Si", "Ziming Liu",
               "Xuanlei Zhao", "Jiangsu Du", "Wei Lin", "Yang You"]
    positions = [concerto.index(author) for author in authors]
    assert positions == sorted(positions)


def test_home_page_has_name_position_contacts_news_and_selected_papers(site):
    home = page(site, "index.html")
    text = text_of(site, "index.html")
    assert "Ziming Liu (刘子铭)" in home.find("h1").get_text()
    assert "School of Computing, National University of Singapore (since Jan. 2023)" in text
    assert home.find("a", href="mailto:liuziming@comp.nus.edu.sg")
    assert home.find("a", href="https://maruyamaaya.github.io/")
    assert home.find("a", href="https://x.com/lzm_mlsys")
    for news in ("Star of Tomorrow", "PPoPP '25", "ASPLOS 2025", "MLSys 2024", "SC '23", "Jan. 2023", "May 2022",
                 "Aug. 2021", "Aug. 2020"):
        assert news in home.find("section", id="news").get_text(), news
    selected = [li["data-key"] for li in home.select("li.pub")]
    assert sorted(selected) == sorted(["liu2024wallfacer", "liu2023hanayo", "lin2025weipipe", "liu2025ras"])


def test_cv_page(site):
    text = text_of(site, "cv.html")
    for fact in ("Ph.D. in Computer Science", "Jan. 2023 – present", "Aug. 2021 – Jan. 2023",
                 "Sep. 2016 – Jul. 2020", "Peking University", "Microsoft Research Asia", "Star of Tomorrow",
                 "top 10% intern", "HPC-AI Tech", "May 2022 – Dec. 2022", "ByteDance", "Aug. 2020 – Jul. 2021",
                 "SGLang", "Megatron"):
        assert fact in text, fact
    assert len(page(site, "cv.html").select("li.pub")) == 9


def test_research_index_has_a_card_per_project(site):
    cards = page(site, "research/index.html").select("li.project-card a")
    assert sorted(a["href"] for a in cards) == sorted(f"{slug}.html" for slug in PROJECTS)


def search_index(site) -> dict:
    script = (site / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(script[script.index("(") + 1 : script.rindex(")")])


def test_search_index_holds_project_names_and_coauthors(site):
    from sphinx.search.en import SearchEnglish

    stem = SearchEnglish({}).stem
    terms = search_index(site)["terms"]
    for word in ("WallFacer", "Hanayo", "WeiPipe", "Demmel", "Shenggan", "Xuanlei", "ASPLOS", "PPoPP"):
        assert stem(word.lower()) in terms, word
    titles = search_index(site)["titles"]
    assert any(title.startswith("WallFacer") for title in titles)


def test_no_fact_outside_the_cv_in_links(site):
    """Every outside link is the owner's, an arXiv record from refs.bib, or the theme's."""
    allowed = re.compile(r"^(mailto:liuziming(@|%40)comp\.nus\.edu\.sg|https://maruyamaaya\.github\.io/|"
                         r"https://x\.com/lzm_mlsys|https://arxiv\.org/abs/\d{4}\.\d{5}|https://www\.sphinx-doc\.org/|"
                         r"https://pydata-sphinx-theme\.readthedocs\.io/.*)$")
    for html in site.rglob("*.html"):
        for link in page(site, str(html.relative_to(site))).find_all("a", href=re.compile("^(https?|mailto):")):
            assert allowed.match(link["href"]), (html.name, link["href"])
