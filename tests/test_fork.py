"""A site anyone can fork: another researcher who changes only conf.py's owner section, refs.bib and the pages
(tests/roots/test-fork, an invented researcher) gets a site that shows them and nothing of this one, and the
real-site tests pass on it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from site_helpers import REPO, fork, page, sphinx_build
from sources import read_sources
from sphinx_scholar.icons import ICONS

pytestmark = pytest.mark.slow

FIXTURE = REPO / "tests" / "roots" / "test-fork"


@pytest.fixture(scope="module")
def forked(tmp_path_factory) -> tuple[Path, Path]:
    work = tmp_path_factory.mktemp("fork")
    site = fork(work / "src", FIXTURE)
    result = sphinx_build(site, work / "html", "-E")
    assert result.returncode == 0 and not result.stderr, result.stderr
    (work / "html.log").write_text(result.stderr)  # for the real-site tests run on this build
    return site, work / "html"


def test_fork_shows_its_researcher(forked):
    _, html = forked
    home = page(html, "index.html")
    assert "Mira Okonkwo" in home.find("h1").get_text().replace("\xa0", " ")
    assert home.find("title").get_text().startswith("Mira Okonkwo")
    assert home.find("a", href="https://github.example.org/mira")
    assert home.find("img", class_="profile-photo")["src"] == "_images/mira.png"
    spoken = [hidden.extract().get_text() for hidden in home.select("ul.profile-links .visually-hidden")]
    assert spoken == ["Email: "], "an address alone does not say what it is"
    labels = [a.get_text(strip=True) for a in home.select("ul.profile-links a")]
    assert labels == ["mira@example.org", "Homepage", "GitHub", "Google Scholar", "ORCID", "LinkedIn",
                      "Semantic Scholar", "DBLP", "Mastodon", "CV", "CV (PDF)"]
    icons = {a.get_text(strip=True): a.find("svg").find("path")["d"] for a in home.select("ul.profile-links a")}
    assert len(set(icons.values())) == len(icons), "an icon of its own for each known profile"
    assert icons["Mastodon"] == ICONS["link"][1], "a generic link icon for a profile without one"
    assert not home.find("a", href=lambda href: href and "x.com" in href), "no X without an X handle"
    assert page(html, "research/index.html").find("a", href="reefs.html")
    assert page(html, "publications/index.html").find("li", id="okonkwo2026reefs")


def traces_of_this_site() -> set[str]:
    this = read_sources(REPO)
    traces = {this.owner["name"], this.owner.get("email", ""), this.owner.get("x_handle", ""),
              this.owner.get("alternate_name", ""), *this.entries, *(entry.title for entry in this.entries.values())}
    traces.discard("")
    return traces


def test_the_engine_holds_nothing_of_this_site():
    """The package is anyone's: its code, templates and tests name no one of this site."""
    traces = traces_of_this_site()
    engine = REPO / "packages" / "sphinx-scholar"
    for path in (path for path in engine.rglob("*") if path.is_file() and "__pycache__" not in path.parts):
        if path.name == "test_new.py":  # lists these very traces, to look for them in a new site
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        assert not [trace for trace in traces if trace in text], path.relative_to(engine)


def test_fork_shows_nothing_of_this_site(forked):
    _, html = forked
    traces = traces_of_this_site()
    for path in [*html.rglob("*.html"), html / "searchindex.js"]:
        if "_static" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        assert not [trace for trace in traces if trace in text], path.relative_to(html)


def test_real_site_tests_pass_on_the_fork(forked):
    site, html = forked
    tests = [str(REPO / "tests" / name) for name in ("test_site.py", "test_metadata.py", "test_readthedocs.py")]
    environment = {**os.environ, "SCHOLAR_SITE": str(site), "SCHOLAR_SITE_BUILT": str(html)}
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", *tests], env=environment, cwd=REPO,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]
