"""Upgrades that never break a strict build: the engine's defaults give way to conf.py, a site's own template
keeps the engine's look, a renamed setting or front-matter key keeps working with a suppressed
``scholar.deprecated`` warning that ``sphinx-scholar lint --deprecations`` lists, and an error is never
suppressed (tests/roots/test-upgrades)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest
import sphinx_scholar
from engine_helpers import soup
from sphinx_scholar import defaults, deprecations
from sphinx_scholar.deprecations import Rename

pytestmark = pytest.mark.sphinx("html", testroot="upgrades")


def test_list_settings_are_merged_and_single_values_set_only_where_conf_sets_none(app):
    config = app.config
    assert config.myst_enable_extensions[0] == "tasklist" and "colon_fence" in config.myst_enable_extensions
    assert config.suppress_warnings[0] == "myst.header" and "scholar.deprecated" in config.suppress_warnings
    assert "_build" in config.exclude_patterns and "packages" in config.exclude_patterns
    assert config.html_theme == "sphinx_scholar" and config.bibtex_default_style == "scholar"
    assert config.html_title == "Ada Lovelace" and config.smartquotes is False
    assert config.nitpicky is True, "Read the Docs adds -W, not -n: the engine makes every build nitpicky"


@pytest.mark.sphinx("html", testroot="upgrades", confoverrides={"smartquotes": True, "html_title": "Mine"})
def test_a_value_conf_sets_is_kept(app):
    assert app.config.smartquotes is True and app.config.html_title == "Mine"


def test_a_sites_own_layout_extends_the_engines(built):
    home = soup(built, "index.html")
    assert home.find("meta", attrs={"name": "site-own-template"}), "the site's block"
    assert home.find("meta", attrs={"name": "color-scheme"}), "the engine's block, kept by super()"
    assert home.select_one("style"), "the engine's inlined stylesheets"


@pytest.fixture
def renamed(monkeypatch):
    """A release that renamed a setting and a front-matter key (none is renamed yet in 2.x)."""
    monkeypatch.setitem(deprecations.SETTINGS, "scholar_pubs_page",
                        Rename("scholar_pubs_page", "scholar_publications_page", "2.1.0"))
    monkeypatch.setitem(deprecations.FRONT_MATTER, "blurb", Rename("blurb", "summary", "2.1.0"))


@pytest.fixture
def old_site(tmp_path, rootdir):
    site = tmp_path / "old"
    shutil.copytree(rootdir / "test-upgrades", site)
    conf = (site / "conf.py").read_text()
    (site / "conf.py").write_text(conf.replace("scholar_publications_page", "scholar_pubs_page"))
    page = site / "publications.md"
    page.write_text(page.read_text().replace("summary:", "blurb:"))
    return site


def test_a_renamed_setting_and_key_keep_working_and_warn_as_deprecated(renamed, old_site, make_app,
                                                                      monkeypatch):
    monkeypatch.setitem(defaults.LISTS, "suppress_warnings", [])  # shown, as without the engine's suppression
    app = make_app("html", srcdir=old_site)
    app.build()
    assert app.config.scholar_publications_page == "publications"
    assert app.env.metadata["publications"]["summary"] == "Every paper."
    lines = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue()).strip().splitlines()
    assert len(lines) == 2, lines
    assert "conf.py:5: WARNING: the setting 'scholar_pubs_page' is deprecated since sphinx-scholar 2.1.0" in lines[0]
    assert lines[0].endswith("rename it 'scholar_publications_page' [scholar.deprecated]")
    assert "publications.md:2: WARNING: the front-matter key 'blurb' is deprecated" in lines[1]


def test_a_strict_build_suppresses_deprecations(renamed, old_site, make_app):
    app = make_app("html", srcdir=old_site, warningiserror=True)
    app.build()
    assert app.statuscode == 0 and not app.warning.getvalue(), app.warning.getvalue()


def test_lint_lists_every_deprecation_with_file_and_line(renamed, old_site, monkeypatch, capsys):
    from sphinx_scholar.cli import lint

    monkeypatch.chdir(old_site)
    assert lint.main(["--deprecations"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "conf.py:5: the setting 'scholar_pubs_page' is deprecated since sphinx-scholar 2.1.0: "
        "rename it 'scholar_publications_page'",
        "publications.md:2: the front-matter key 'blurb' is deprecated since sphinx-scholar 2.1.0: rename it 'summary'",
    ]


def test_without_renames_lint_says_so(old_site, monkeypatch, capsys):
    from sphinx_scholar.cli import lint

    monkeypatch.chdir(old_site)
    assert lint.main(["--deprecations"]) == 0
    assert "No deprecated setting" in capsys.readouterr().out


def test_an_error_is_never_suppressed(tmp_path, rootdir):
    site = tmp_path / "broken"
    shutil.copytree(rootdir / "test-upgrades", site)
    (site / "conf.py").write_text((site / "conf.py").read_text() + 'suppress_warnings += ["scholar", "scholar.*"]\n')
    (site / "refs.bib").write_text("@inproceedings{broken,\n  title = {Unclosed,\n")
    command = [sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", str(site), str(tmp_path / "out")]
    result = subprocess.run(command, capture_output=True, text=True)
    assert result.returncode != 0
    assert "refs.bib:" in result.stderr and "ERROR" in result.stderr, result.stderr


def test_version_is_written_once():
    from importlib.metadata import version

    from sphinx_scholar.cli import main

    assert version("sphinx-scholar") == sphinx_scholar.__version__
    result = subprocess.run([sys.executable, "-m", "sphinx_scholar", "--version"], capture_output=True, text=True)
    assert result.stdout.strip() == f"sphinx-scholar {sphinx_scholar.__version__}"
    assert main(["--version"]) == 0
