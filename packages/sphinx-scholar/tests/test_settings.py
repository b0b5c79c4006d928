"""One settings object: every ``scholar_*`` value declared once, read alike by the build and the tools."""

from __future__ import annotations

import dataclasses

import pytest
from sphinx_scholar.settings import ScholarSettings, read_config, settings, settings_from


@pytest.mark.sphinx("html", testroot="lists")
def test_every_setting_is_a_config_value_with_the_dataclass_default(app):
    defaults = ScholarSettings()
    for setting in dataclasses.fields(ScholarSettings):
        assert f"scholar_{setting.name}" in app.config
    built = settings(app.config)
    assert built.owner_names == ("Ada Lovelace", "A. Lovelace")  # set in the root's conf.py
    assert built.publications_page == "publications"
    assert built.private_fields == defaults.private_fields and built.bibfile == defaults.bibfile


@pytest.mark.sphinx("html", testroot="lists")
def test_tools_read_the_settings_the_build_reads(app, rootdir):
    assert settings_from(read_config(rootdir / "test-lists")) == settings(app.config)


@pytest.mark.sphinx("html", testroot="lists")
def test_sphinxcontrib_bibtex_reads_the_same_file(app):
    assert app.config.bibtex_bibfiles == [settings(app.config).bibfile]
