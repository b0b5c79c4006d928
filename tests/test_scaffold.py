"""`make project` (tests/roots/test-scaffolder): a page for a paper in one command, never overwriting,
naming unknown keys."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from site_helpers import REPO, page, run_make, sphinx_build
from sphinx_scholar.cli.project import PLACEHOLDERS


def make_project(site: Path, *arguments: str) -> subprocess.CompletedProcess:
    return run_make(site, "project", *arguments)


@pytest.fixture
def site(tmp_path, rootdir) -> Path:
    site = tmp_path / "site"
    shutil.copytree(rootdir / "test-scaffolder", site)
    for name in ("Makefile", "requirements.txt"):
        shutil.copy2(REPO / name, site)  # times kept: make must not think the environment is out of date
    return site


def research_files(site: Path) -> list[str]:
    return sorted(path.name for path in (site / "research").iterdir())


def built(site: Path, *options: str) -> Path:
    result = sphinx_build(site, site / "_build" / "html", "-E", *options)
    assert result.returncode == 0, result.stderr
    return site / "_build" / "html"


def test_writes_a_draft_that_builds_and_is_left_out(site):
    result = make_project(site, "KEY=hollerith1889census")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Wrote research/tabulating.md, a draft")
    text = (site / "research" / "tabulating.md").read_text()
    assert "description:" in text and "paper: hollerith1889census" in text and "\ndraft: true" in text
    assert '\nshort_title: "Tabulating"\n' in text, "the name before the title's colon"
    assert "# Tabulating: An Electric System for the Census" in text
    for section in ("## Overview", "## Key ideas", "## Results", "```{publication} hollerith1889census"):
        assert section in text
    html = built(site)
    assert not (html / "research" / "tabulating.html").exists()
    assert not page(html, "research/index.html").find("a", href="tabulating.html")


def test_a_draft_is_shown_marked_when_drafts_are_shown(site):
    assert make_project(site, "KEY=hollerith1889census").returncode == 0
    html = built(site, "-D", "scholar_show_drafts=1")
    draft = page(html, "research/tabulating.html")
    assert draft.find("p", class_="draft-mark").get_text().startswith("Draft")
    assert page(html, "research/index.html").find("a", href="tabulating.html"), "no card in the research index"
    assert page(html, "publications.html").find("li", id="hollerith1889census").find(
        "a", href="research/tabulating.html"), "no back-link from the entry"


def test_a_published_page_with_placeholders_fails_naming_file_and_line(site):
    assert make_project(site, "KEY=hollerith1889census").returncode == 0
    page_path = site / "research" / "tabulating.md"
    page_path.write_text(page_path.read_text().replace("draft: true  # delete this line to publish the page\n", ""))
    result = sphinx_build(site, site / "_build" / "html", "-E")
    assert result.returncode != 0
    first = result.stderr.splitlines()[0]
    assert "research/tabulating.md:7: ERROR: placeholder text of 'make project' is still here" in first, first


def test_finished_page_publishes(site):
    assert make_project(site, "KEY=hollerith1889census").returncode == 0
    page_path = site / "research" / "tabulating.md"
    text = page_path.read_text().replace("draft: true  # delete this line to publish the page\n", "")
    for number, placeholder in enumerate(PLACEHOLDERS):
        text = text.replace(placeholder, f"Written text {number}.")
    page_path.write_text(text)
    html = built(site)
    card = page(html, "research/index.html").find("a", href="tabulating.html").get_text(strip=True)
    assert card == "Tabulating: An Electric System for the Census", "the research index names a project in full"
    published = page(html, "research/tabulating.html")
    assert published.find("h1").get_text(strip=True).rstrip("#¶") == "Tabulating"
    assert published.find("p", class_="page-subtitle").get_text() == "An Electric System for the Census"


def test_slug_can_be_chosen(site):
    result = make_project(site, "KEY=hollerith1889census", "SLUG=census")
    assert result.returncode == 0, result.stderr
    assert (site / "research" / "census.md").is_file()


def add_entry(site: Path, key: str, title: str) -> None:
    with (site / "refs.bib").open("a", encoding="utf-8") as bib:
        bib.write(f"\n@inproceedings{{{key},\n  title = {{{title}}},\n  author = {{Babbage, Charles}},\n"
                  "  booktitle = {Proceedings of Weaving},\n  year = {1805},\n}\n")


def test_never_overwrites_and_says_how_to_pick_another_name(site):
    add_entry(site, "jacquard1805looms", "Looms, Again")
    page_path = site / "research" / "looms.md"
    before = page_path.read_bytes()
    result = make_project(site, "KEY=jacquard1805looms")
    assert result.returncode != 0
    assert result.stderr == ("research/looms.md already exists and was left untouched; pick another name with "
                             "SLUG=<name>.\n")
    assert page_path.read_bytes() == before


def test_a_paper_with_a_project_page_is_named_and_nothing_written(site):
    before = {path.name: path.read_bytes() for path in (site / "research").iterdir()}
    result = make_project(site, "KEY=jacquard1804looms", "SLUG=looms-again")
    assert result.returncode != 0
    assert result.stderr == ("research/looms.md is already the project page of 'jacquard1804looms' (its front "
                             "matter names it under 'paper'); nothing was written.\n")
    assert {path.name: path.read_bytes() for path in (site / "research").iterdir()} == before


@pytest.mark.parametrize(("title", "name"), [("Über alles", "uber.md"),
                                             ("区域自适应采样", "qu-yu-zi-shi-ying-cai-yang.md")])
def test_a_title_in_another_script_names_its_page_in_ascii(site, title, name):
    add_entry(site, "other1805", title)
    result = make_project(site, "KEY=other1805")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Wrote research/{name}, a draft")
    assert "paper: other1805" in (site / "research" / name).read_text(encoding="utf-8")


def test_a_title_with_no_letter_asks_for_a_slug(site):
    add_entry(site, "signs1805", "?!")
    before = research_files(site)
    result = make_project(site, "KEY=signs1805")
    assert result.returncode != 0
    assert result.stderr == ("the title of 'signs1805' has no letter or digit to name its page after: name the page "
                             "with SLUG=<name> (lowercase letters, digits and hyphens).\n")
    assert research_files(site) == before


@pytest.mark.parametrize("slug", ["../../escape", "Looms", "my page", "a/b", "x;touch pwned", "-x", ".hidden",
                                  "a" * 300])
def test_slugs_are_plain_names(site, slug):
    before = research_files(site)
    result = make_project(site, "KEY=hollerith1889census", f"SLUG={slug}")
    assert result.returncode != 0
    assert result.stderr.startswith(f"SLUG={slug!r} is not a plain name"), result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert research_files(site) == before
    assert not (site.parent / "escape.md").exists() and not (site / "pwned").exists()


@pytest.mark.parametrize("key", ["x; touch pwned", "$(touch pwned)", "`touch pwned`", "x' && touch pwned '"])
def test_no_shell_reads_key_or_slug(site, key):
    result = make_project(site, f"KEY={key}", "SLUG=$(touch pwned2)")
    assert result.returncode != 0
    assert not (site / "pwned").exists() and not (site / "pwned2").exists()
    assert len(result.stderr.splitlines()) == 1, result.stderr


def test_a_title_with_markup_becomes_a_heading_of_text(site):
    bib = site / "refs.bib"
    bib.write_text(bib.read_text().replace("{Tabulating: An Electric System for the Census}",
                                           "{Tabulating <img src=x onerror=alert(1)> *bold* `code` [link](x)}"))
    assert make_project(site, "KEY=hollerith1889census", "SLUG=tabulating").returncode == 0
    html = built(site, "-D", "scholar_show_drafts=1")
    heading = page(html, "research/tabulating.html").find("h1")
    assert heading.get_text().rstrip("#¶") == "Tabulating <img src=x onerror=alert(1)> *bold* `code` [link](x)"
    assert heading.find("img") is None and heading.find("em") is None and heading.find("a", href="x") is None
    assert page(html, "research/looms.html").find("img", src="x") is None, "the navigation shows every title"



def test_unknown_key_is_named_with_close_keys(site):
    before = research_files(site)
    result = make_project(site, "KEY=hollerith1889cenus")
    assert result.returncode != 0
    assert "no entry 'hollerith1889cenus'" in result.stderr and "hollerith1889census" in result.stderr
    assert "Traceback" not in result.stderr
    assert research_files(site) == before
