"""`make project`: a page for a paper in one command, never overwriting, naming unknown keys."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import copy_site, page, run_make, sphinx_build


def make_project(site: Path, *arguments: str) -> subprocess.CompletedProcess:
    return run_make(site, "project", *arguments)


@pytest.fixture
def site(tmp_path) -> Path:
    return copy_site(tmp_path / "site")


def test_writes_a_page_that_builds_and_is_listed(site):
    result = make_project(site, "KEY=zhao2024dsp")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Wrote research/dsp.md")
    text = (site / "research" / "dsp.md").read_text()
    assert "description:" in text and "paper: zhao2024dsp" in text
    assert "# DSP: Dynamic Sequence Parallelism for Multi-Dimensional Transformers" in text
    for section in ("## Overview", "## Key ideas", "## Results", "```{publication} zhao2024dsp"):
        assert section in text
    build = sphinx_build(site, site / "_build" / "html", "-E")
    assert build.returncode == 0, build.stderr
    html = site / "_build" / "html"
    assert page(html, "research/index.html").find("a", href="dsp.html"), "no card in the research index"
    assert page(html, "research/hanayo.html").find("nav", class_="bd-docs-nav").find("a", href="dsp.html"), \
        "not in the navigation"
    assert page(html, "publications/index.html").find("li", id="zhao2024dsp").find(
        "a", href="../research/dsp.html"), "no back-link from the entry"


def test_slug_can_be_chosen(site):
    result = make_project(site, "KEY=cheng2022atp", "SLUG=tensor-parallel")
    assert result.returncode == 0, result.stderr
    assert (site / "research" / "tensor-parallel.md").is_file()


def test_never_overwrites(site):
    page_path = site / "research" / "wallfacer.md"
    before = page_path.read_bytes()
    result = make_project(site, "KEY=liu2024wallfacer")
    assert result.returncode != 0
    assert "research/wallfacer.md already exists" in result.stderr
    assert page_path.read_bytes() == before


def test_unknown_key_is_named_with_close_keys(site):
    result = make_project(site, "KEY=liu2024walfacer")
    assert result.returncode != 0
    assert "no entry 'liu2024walfacer'" in result.stderr and "liu2024wallfacer" in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in (site / "research").iterdir()) == [
        "hanayo.md", "index.md", "ras.md", "wallfacer.md", "weipipe.md"]
