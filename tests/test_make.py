"""This site's own checks through make and the engine's command: lint passes on it, and a failed make html
leaves the last good site published."""

from __future__ import annotations

import subprocess
from pathlib import Path

from site_helpers import REPO, copy_site, run_make, sphinx_scholar_command


def test_lint_passes_the_real_site():
    result = sphinx_scholar_command(REPO, "lint")
    assert result.returncode == 0, result.stderr


def make_html(site: Path) -> subprocess.CompletedProcess:
    return run_make(site, "html")


def test_failed_make_html_keeps_the_last_good_site(tmp_path):
    site = copy_site(tmp_path / "site")
    assert make_html(site).returncode == 0
    published = site / "_build" / "html" / "publications" / "index.html"
    good = published.read_bytes()
    bib = site / "refs.bib"
    bib.write_text(bib.read_text().replace("title       = {Hanayo", "title       = {Hanayo: NEW", 1)
                   .replace("  selected    = {true},\n}", "  selected    = {true},\n", 1))
    result = make_html(site)
    assert result.returncode != 0
    assert result.stderr.splitlines()[0].startswith("refs.bib:"), result.stderr
    assert "Traceback" not in result.stderr
    assert published.read_bytes() == good
    assert not (site / "_build" / "html.staging").exists()
    # Once fixed, the next build publishes the edit.
    bib.write_text(bib.read_text().replace("  selected    = {true},\n\n", "  selected    = {true},\n}\n\n", 1))
    assert make_html(site).returncode == 0, make_html(site).stderr
    assert b"Hanayo: NEW" in published.read_bytes()
