"""Shared fixtures: Sphinx's test fixtures (make_app), the tiny sites of tests/roots, and one strict build of
the real site."""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import tempfile
from pathlib import Path

import pytest
from site_helpers import REPO, copy_site, sphinx_build
from sphinx_scholar import testing
from sphinx_scholar.store import write_whole

pytest_plugins = "sphinx.testing.fixtures"


plain_text_output = pytest.fixture(scope="session", autouse=True)(testing.plain_text_output)


def pytest_collection_modifyitems(items):
    testing.slow_modules_first(items)


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return REPO / "tests" / "roots"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """The real site, built clean and strictly from a copy of the repository (or, where test_fork runs these
    tests on a fork, the fork as it built it a moment ago: its output, and what the build printed)."""
    if (built := os.environ.get("SCHOLAR_SITE_BUILT")) and os.environ.get("SCHOLAR_SITE"):
        return Path(built), subprocess.CompletedProcess([], 0, "", Path(built).with_suffix(".log").read_text())
    # One build for all of pytest-xdist's workers (their temporary folders share a parent, this run's own): the
    # first to need it builds, the others wait for it and read what it printed.
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent
    # A worker that died building leaves its folder, never the record: the next builds in a folder of its own.
    record = shared / "real-site.json"
    with open(shared / "real-site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not record.is_file():
            work = Path(tempfile.mkdtemp(prefix="real-site-", dir=shared))
            result = sphinx_build(copy_site(work / "src"), work / "html", "-E")
            write_whole(record, json.dumps([str(work / "html"), result.returncode, result.stdout, result.stderr]))
    html, returncode, stdout, stderr = json.loads(record.read_text())
    return Path(html), subprocess.CompletedProcess([], returncode, stdout, stderr)


@pytest.fixture(scope="session")
def site(built_site) -> Path:
    html, result = built_site
    assert result.returncode == 0, result.stderr
    return html
