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
from conftest import REPO, copy_site, page

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
    home = page(rtd_site, "research/wallfacer.html")
    assert home.find("link", rel="canonical")["href"] == CANONICAL + "research/wallfacer.html"
    assert home.find("meta", property="og:url")["content"] == CANONICAL + "research/wallfacer.html"


def test_sitemap_and_robots_name_every_page(rtd_site):
    sitemap = (rtd_site / "sitemap.xml").read_text()
    for name in ("index.html", "cv.html", "publications/index.html", "research/index.html",
                 "research/wallfacer.html", "research/hanayo.html", "research/weipipe.html", "research/ras.html"):
        assert f"<loc>{CANONICAL}{name}</loc>" in sitemap, name
    assert "404.html" not in sitemap
    assert f"Sitemap: {CANONICAL}sitemap.xml" in (rtd_site / "robots.txt").read_text()


def test_404_page_links_from_the_site_root(rtd_site):
    links = [a["href"] for a in page(rtd_site, "404.html").select("article a.reference")]
    assert links and all(link.startswith("/en/latest/") for link in links), links
