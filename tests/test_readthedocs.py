"""Read the Docs: the config validates against its schema, and its own build command succeeds."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from site_helpers import REPO, copy_site, page
from sources import read_sources

CANONICAL = "https://ziming-liu.readthedocs.io/en/latest/"


def test_config_validates_against_the_schema():
    schema = json.loads((REPO / "tests" / "data" / "readthedocs-config-schema.json").read_text())
    config = yaml.safe_load((REPO / ".readthedocs.yaml").read_text())
    jsonschema.validate(config, schema)
    # The schema accepts a file without these; Read the Docs does not.
    assert config["sphinx"]["configuration"] == "conf.py"
    assert config["sphinx"]["fail_on_warning"] is True
    assert config["build"]["os"] and config["build"]["tools"]["python"]
    assert {"requirements": "requirements.txt"} in config["python"]["install"]


@pytest.fixture(scope="module")
def rtd_site(tmp_path_factory) -> Path:
    source = copy_site(tmp_path_factory.mktemp("rtd") / "src")
    output = source.parent / "output"
    env = {**os.environ, "READTHEDOCS": "True", "READTHEDOCS_CANONICAL_URL": CANONICAL,
           "READTHEDOCS_OUTPUT": str(output), "READTHEDOCS_VERSION": "latest", "READTHEDOCS_LANGUAGE": "en"}
    # Read the Docs' command, with -W --keep-going as fail_on_warning adds them.
    command = [sys.executable, "-m", "sphinx", "-T", "-W", "--keep-going", "-b", "html", "-d", "_build/doctrees",
               "-D", "language=en", ".", str(output / "html")]
    result = subprocess.run(command, cwd=source, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return output / "html"


def test_build_uses_the_canonical_address(rtd_site):
    for docname in read_sources().pages:
        name = f"{docname}.html"
        document = page(rtd_site, name)
        assert document.find("link", rel="canonical")["href"] == CANONICAL + name
        assert document.find("meta", property="og:url")["content"] == CANONICAL + name


def test_sitemap_and_robots_name_every_page(rtd_site):
    sitemap = (rtd_site / "sitemap.xml").read_text()
    pages = read_sources().pages + read_sources().paper_pages
    for docname in pages:
        assert f"<loc>{CANONICAL}{docname}.html</loc>" in sitemap, docname
    assert sitemap.count("<loc>") == len(pages)
    assert "404.html" not in sitemap
    assert f"Sitemap: {CANONICAL}sitemap.xml" in (rtd_site / "robots.txt").read_text()


def test_404_page_links_from_the_site_root(rtd_site):
    links = [a["href"] for a in page(rtd_site, "404.html").select("article a.reference")]
    assert links and all(link.startswith("/en/latest/") for link in links), links


def test_build_writes_the_cv_pdf_with_links_to_the_site(rtd_site):
    from pypdf import PdfReader

    reader = PdfReader(rtd_site / "cv.pdf")
    targets = {annotation.get_object()["/A"].get("/URI") for sheet in reader.pages
               for annotation in sheet.get("/Annots", [])}
    targets.discard(None)
    assert all(target.startswith(("https://", "http://", "mailto:")) for target in targets), targets
    internal = [target for target in targets if "://" in target and target.split("/")[2] == CANONICAL.split("/")[2]]
    assert all(target.startswith(CANONICAL) for target in internal), internal


def test_the_404_and_search_pages_are_not_indexed_and_name_no_canonical_address(rtd_site):
    for name in ("404.html", "search.html"):
        head = page(rtd_site, name)
        assert head.find("meta", attrs={"name": "robots"})["content"] == "noindex", name
        assert head.find("link", rel="canonical") is None, name
    home = page(rtd_site, "index.html")
    assert home.find("link", rel="canonical")["href"] == f"{CANONICAL}index.html"
    assert len(home.find_all("meta", attrs={"name": "viewport"})) == 1
