"""Shared fixtures: Sphinx's test fixtures (make_app), the tiny sites of tests/roots, and one strict build of
the real site."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from site_helpers import REPO, copy_site, sphinx_build
from sphinx_scholar import testing

pytest_plugins = "sphinx.testing.fixtures"


plain_text_output = pytest.fixture(scope="session", autouse=True)(testing.plain_text_output)


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return REPO / "tests" / "roots"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """The real site, built clean and strictly from a copy of the repository (or, where test_fork runs these
    tests on a fork, the fork as it built it a moment ago: its output, and what the build printed)."""
    if (built := os.environ.get("SCHOLAR_SITE_BUILT")) and os.environ.get("SCHOLAR_SITE"):
        return Path(built), subprocess.CompletedProcess([], 0, "", Path(built).with_suffix(".log").read_text())
    work = tmp_path_factory.mktemp("site")
    source = copy_site(work / "src")
    result = sphinx_build(source, work / "html", "-E")
    return work / "html", result


@pytest.fixture(scope="session")
def site(built_site) -> Path:
    html, result = built_site
    assert result.returncode == 0, result.stderr
    return html
