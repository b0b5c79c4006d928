"""`make project` (tests/roots/test-scaffolder): a page for a paper in one command, never overwriting,
naming unknown keys."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import REPO, page, run_make, sphinx_build


def make_project(site: Path, *arguments: str) -> subprocess.CompletedProcess:
    return run_make(site, "project", *arguments)


@pytest.fixture
def site(tmp_path, rootdir) -> Path:
    site = tmp_path / "site"
    shutil.copytree(rootdir / "test-scaffolder", site)
    for name in ("Makefile", "requirements.txt"):
        shutil.copy2(REPO / name, site)  # times kept: make must not think the environment is out of date
    (site / "_ext").symlink_to(REPO / "_ext")
    return site


def research_files(site: Path) -> list[str]:
    return sorted(path.name for path in (site / "research").iterdir())


def test_writes_a_page_that_builds_and_is_listed(site):
    result = make_project(site, "KEY=hollerith1889census")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Wrote research/tabulating.md")
    text = (site / "research" / "tabulating.md").read_text()
    assert "description:" in text and "paper: hollerith1889census" in text
    assert "# Tabulating: An Electric System for the Census" in text
    for section in ("## Overview", "## Key ideas", "## Results", "```{publication} hollerith1889census"):
        assert section in text
    build = sphinx_build(site, site / "_build" / "html", "-E")
    assert build.returncode == 0, build.stderr
    html = site / "_build" / "html"
    assert page(html, "research/index.html").find("a", href="tabulating.html"), "no card in the research index"
    assert page(html, "research/looms.html").find("nav", class_="bd-docs-nav").find("a", href="tabulating.html"), \
        "not in the navigation"
    assert page(html, "publications.html").find("li", id="hollerith1889census").find(
        "a", href="research/tabulating.html"), "no back-link from the entry"


def test_slug_can_be_chosen(site):
    result = make_project(site, "KEY=hollerith1889census", "SLUG=census")
    assert result.returncode == 0, result.stderr
    assert (site / "research" / "census.md").is_file()


def test_never_overwrites(site):
    page_path = site / "research" / "looms.md"
    before = page_path.read_bytes()
    result = make_project(site, "KEY=jacquard1804looms")
    assert result.returncode != 0
    assert "research/looms.md already exists" in result.stderr
    assert page_path.read_bytes() == before


def test_unknown_key_is_named_with_close_keys(site):
    before = research_files(site)
    result = make_project(site, "KEY=hollerith1889cenus")
    assert result.returncode != 0
    assert "no entry 'hollerith1889cenus'" in result.stderr and "hollerith1889census" in result.stderr
    assert "Traceback" not in result.stderr
    assert research_files(site) == before
