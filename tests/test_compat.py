"""Pins for every use of another package's internals (_ext/scholar/_compat.py): each test fails when the
upstream shape it relies on changes, instead of the site silently going wrong."""

from __future__ import annotations

import shutil

import pytest
import sphinxcontrib.bibtex.bibfile
from conftest import soup
from scholar import _compat


@pytest.mark.sphinx("html", testroot="citations")
def test_sphinxcontrib_bibtex_uses_the_parse_it_is_handed(make_app, rootdir, tmp_path, monkeypatch):
    def parse_again(*args, **kwargs):
        raise AssertionError("sphinxcontrib-bibtex parsed the .bib file again")

    monkeypatch.setattr(sphinxcontrib.bibtex.bibfile, "parse_bibdata", parse_again)
    source = tmp_path / "src"
    shutil.copytree(rootdir / "test-citations", source)
    app = make_app("html", srcdir=source)
    app.build()
    assert set(app.env.domains["cite"].bibdata.data.entries) == {"somerville2025tides", "menabrea1842notes",
                                                                  "babbage1837engine"}


def test_citation_keys_of_a_role_target():
    assert _compat.citation_keys("somerville2025tides,menabrea1842notes") == ["somerville2025tides",
                                                                               "menabrea1842notes"]


@pytest.mark.sphinx("html", testroot="citations")
def test_keys_listed_by_a_bibliography_stay_with_sphinxcontrib_bibtex(make_app, rootdir, tmp_path, warning):
    source = tmp_path / "src"
    shutil.copytree(rootdir / "test-citations", source)
    (source / "local.md").write_text("---\norphan: true\n---\n\n# Local\n\nSee {cite:p}`menabrea1842notes`.\n\n"
                                     "```{bibliography}\n:filter: docname in docnames\n```\n", encoding="utf-8")
    app = make_app("html", srcdir=source, warning=warning)
    app.build()
    assert _compat.keys_in_bibliographies(app.env.domains["cite"]) == {"menabrea1842notes"}
    page = soup(app, "local.html")
    assert page.find(class_="bibtex-citation"), "sphinxcontrib-bibtex's own citation"
    assert page.find(class_="pub-cite") is None
    assert soup(app, "cites.html").find(class_="pub-cite"), "elsewhere, the publication list's"


def test_scripts_are_deferred_or_inlined():
    from sphinx.builders.html._assets import _JavaScript

    scripts = [_JavaScript("_static/a.js?v=1", priority=500, id="a"), _JavaScript("_static/b.js", **{"async": "async"}),
               _JavaScript("_static/inline.js?v=2"), _JavaScript(None, body="var x;")]
    deferred = _compat.deferred_scripts(scripts, {"_static/inline.js": "var inlined;"})
    assert deferred[0].filename == "_static/a.js?v=1" and deferred[0].attributes == {"id": "a", "defer": "defer"}
    assert deferred[0].priority == 500
    assert "defer" not in deferred[1].attributes
    assert deferred[2].filename is None and deferred[2].attributes["body"] == "var inlined;"
    assert deferred[3] is scripts[3]



@pytest.mark.sphinx("html", testroot="cards")
def test_post_transforms_reach_the_builder(app):
    assert _compat.builder_of(app.env) is app.builder
