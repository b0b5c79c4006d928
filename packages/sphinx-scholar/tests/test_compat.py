"""Pins for every use of another package's internals (sphinx_scholar/_compat.py): each test fails when the
upstream shape it relies on changes, instead of the site silently going wrong."""

from __future__ import annotations

import shutil
from functools import cached_property
from pathlib import Path

import pytest
import sphinxcontrib.bibtex.bibfile
from engine_helpers import soup
from sphinx.util.docutils import new_document
from sphinx_scholar import _compat


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



def test_pdf_page_references_are_kept_while_the_pages_are_the_same():
    import pydyf
    from sphinx_scholar._compat import keep_pdf_page_references

    keep_pdf_page_references()
    pdf = pydyf.PDF()
    for _ in range(3):
        pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    kept = pdf.page_references
    assert kept == tuple(f"{number} 0 R".encode() for number in pdf.pages["Kids"][::3]) and len(kept) == 3
    assert pdf.page_references is kept, "asked again, kept"
    pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    assert pdf.page_references[:3] == kept and len(pdf.page_references) == 4, "a page added is listed"


@pytest.mark.sphinx("html", testroot="cards")
def test_post_transforms_reach_the_builder(app):
    assert _compat.builder_of(app.env) is app.builder


@pytest.mark.sphinx("html", testroot="cards", confoverrides={"html_theme": "pydata_sphinx_theme"})
def test_theme_files_and_icon_rules_are_where_the_icon_font_subset_reads_them(app):
    import pydata_sphinx_theme

    theme = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme"
    stylesheet = (theme / "static" / "styles" / "pydata-sphinx-theme.css").read_text(encoding="utf-8")
    rules = _compat.FONTAWESOME_ICON_RULE.findall(stylesheet)
    assert len(rules) > 1000 and ".fa-magnifying-glass" in {name for group, _ in rules for name in group.split(",")}
    app.build()
    for name in (_compat.THEME_STYLESHEET, _compat.THEME_SCRIPT):
        assert (Path(app.outdir) / name).is_file(), name
    assert sorted(path.name for path in (Path(app.outdir) / _compat.FONTAWESOME_FONTS).glob("*.woff2")) == [
        "fa-brands-400.woff2", "fa-regular-400.woff2", "fa-solid-900.woff2"]


def test_theme_head_assets_are_link_lines():
    """layout.html keeps the theme's stylesheet links but its theme.css (an @import of basic.css), line by line."""
    import pydata_sphinx_theme

    macros = (Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"
              / "webpack-macros.html").read_text(encoding="utf-8")
    head = macros[macros.index("macro head_pre_assets"):macros.index("endmacro")]
    links = [line for line in head.splitlines() if "<link" in line]
    assert len(links) == 2 and "styles/theme.css" in links[0] and "pydata-sphinx-theme.css" in links[1]
    assert all(line.strip().endswith(">") for line in links), "one tag per line"



def test_citeproc_style_lookups_are_kept_and_answer_as_before():
    from citeproc.model import CitationStylesElement
    from sphinx_scholar.bib.citation_formats import style

    apa = style("apa")
    assert getattr(CitationStylesElement.xpath_search, "kept", False), "citeproc-py's lookup was not replaced"
    layout = apa.root.bibliography.layout
    first = layout.xpath_search("./ancestor::*[self::cs:bibliography]")
    assert first == layout.xpath("./ancestor::*[self::cs:bibliography]", namespaces=layout.nsmap) and first
    assert layout.xpath_search("./ancestor::*[self::cs:bibliography]") is first, "asked again, kept"


def test_citeproc_items_find_their_reference_once_and_the_same_one():
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source import CitationItem as SourceItem
    from citeproc.source.json import CiteProcJSON
    from sphinx_scholar.bib.citation_formats import style

    apa = style("apa")
    assert isinstance(vars(SourceItem).get("reference"), cached_property), "citeproc-py's lookup was not replaced"
    source = CiteProcJSON([{"id": "ada", "type": "book", "title": "Notes", "issued": {"date-parts": [[1843]]}}])
    bibliography = CitationStylesBibliography(apa, source, formatter.plain)
    item = CitationItem("ada")
    bibliography.register(Citation([item]))
    assert item.reference is source["ada"] and item.reference is item.reference
    assert apa.root.bibliography.layout.get_root() is apa.root


@pytest.mark.sphinx("html", testroot="cards")
def test_highlighters_keep_lexers_and_formatters_and_highlight_as_before(app):
    highlighter = app.builder.highlighter
    first = highlighter.get_lexer("@misc{a,}", "bibtex")
    assert highlighter.get_lexer("@misc{b,}", "bibtex") is first, "Sphinx's lookup was not replaced"
    assert highlighter.get_formatter(nowrap=False) is highlighter.get_formatter(nowrap=False)
    assert highlighter.get_lexer("x", "python") is not highlighter.get_lexer("x", "python"), "chosen by the code"
    assert highlighter.get_lexer("x", "no-such-language").aliases != highlighter.get_lexer("x", "bibtex").aliases
    block = highlighter.highlight_block("@misc{a, title = {T}}", "bibtex")
    assert block.startswith('<div class="highlight"><pre><span></span><span class="nc">@misc</span>')


@pytest.mark.sphinx("html", testroot="cards")
def test_the_search_index_keeps_pages_fed_outside_the_documents(app):
    kept = {"outside"}
    _compat.keep_in_search_index(app.builder, kept)
    app.builder.indexer = None
    app.build()  # the builder makes its indexer, loads nothing, and prunes to the documents
    indexer = app.builder.indexer
    indexer.feed("outside", "outside.md", "Outside", new_document("outside.md"))
    indexer.feed("gone", "gone.md", "Gone", new_document("gone.md"))
    indexer.prune(app.env.all_docs)  # as Sphinx's dump_search_index does
    assert _compat.missing_from_search_index(app.builder, {"outside", "gone", "index"}) == {"gone"}


def test_docutils_settings_from_a_kept_parser_are_those_a_new_parser_gives(tmp_path, monkeypatch):
    import warnings

    import myst_parser.mdit_to_docutils.base as myst_renderer
    import sphinx.util.docutils as sphinx_docutils
    from docutils.frontend import OptionParser
    from docutils.parsers.rst import Parser as RSTParser
    from docutils.readers import standalone
    from myst_parser.parsers.sphinx_ import MystParser

    def made_afresh(*components, defaults=None, read_config_files=False):
        with warnings.catch_warnings(action="ignore", category=DeprecationWarning):
            return OptionParser(components, defaults=defaults, read_config_files=read_config_files) \
                .get_default_values()

    def settings(values) -> dict:
        """The settings, each page's own list of the files it read as what it holds (no two pages share one)."""
        dependencies = values.record_dependencies
        return {**vars(values), "record_dependencies": (type(dependencies), dependencies.list)}

    monkeypatch.chdir(tmp_path)
    cases = [((standalone.Reader, MystParser()), {"traceback": True, "tab_width": 4}, True),
             ((RSTParser,), None, False), ((standalone.Reader, RSTParser(), None), {"report_level": 4}, True)]
    for config in ("", "[general]\ntab_width: 2\nreport_level: 3\nstrip_classes: a, b\n"):
        (tmp_path / "docutils.conf").write_text(config)
        for components, defaults, read_config_files in cases:
            kept = _compat.docutils_settings(*components, defaults=defaults, read_config_files=read_config_files)
            afresh = made_afresh(*components, defaults=defaults, read_config_files=read_config_files)
            assert settings(kept) == settings(afresh), (components, config)
            assert kept.record_dependencies is not _compat.docutils_settings(*components).record_dependencies
    assert (settings(_compat.docutils_settings(RSTParser, defaults={"_disable_config": True}, read_config_files=True))
            == settings(made_afresh(RSTParser, defaults={"_disable_config": True}, read_config_files=True)))
    (tmp_path / "docutils.conf").write_text("[general]\ntab_width: many\n")
    for make in (_compat.docutils_settings, made_afresh):
        with pytest.raises(SystemExit) as stopped:
            make(RSTParser, defaults={}, read_config_files=True)
        assert stopped.value.code == 2, "a docutils.conf docutils cannot read is its one line, as before"
    _compat.make_docutils_settings_once()
    assert sphinx_docutils._get_settings.kept and myst_renderer.get_default_settings.kept, \
        "what Sphinx and MyST call for each page read: sphinx.util.docutils._get_settings, MyST's get_default_settings"


@pytest.mark.sphinx("html", testroot="site", srcdir="page-state")  # a copy of its own, built afresh
def test_a_page_written_outside_write_doc_sets_the_builder_as_write_doc_does_and_puts_it_back(app):
    """A list's entries and the paper pages are written with the builder's state of the page (its folder, its
    numbers), as Sphinx's ``write_doc`` sets it for the page's own writing."""
    page, seen = "publications/index", {}

    def note_state(app, name, *args) -> None:
        seen.setdefault(name, {state: getattr(app.builder, state) for state in _compat.PAGE_STATE})

    app.connect("html-page-context", note_state)
    app.build()
    assert seen[page]["imgpath"] == "../_images" and seen[page]["current_docname"] == page
    before = {state: getattr(app.builder, state) for state in _compat.PAGE_STATE}
    with _compat.page_written(app.builder, page):
        assert {state: getattr(app.builder, state) for state in _compat.PAGE_STATE} == seen[page]
    assert {state: getattr(app.builder, state) for state in _compat.PAGE_STATE} == before


def test_languages_that_find_words_by_a_pattern_give_joined_texts_the_words_each_gives():
    from types import SimpleNamespace

    from sphinx.search.en import SearchEnglish
    from sphinx.search.ja import SearchJapanese

    english, japanese = SimpleNamespace(lang=SearchEnglish({})), SimpleNamespace(lang=SearchJapanese({}))
    texts = ["Scal", "able Method", " for ", "O(n)", "Ada Lovelace", "'24"]
    assert _compat.words_found_apart(english)
    assert english.lang.split(" ".join(texts)) == [word for text in texts for word in english.lang.split(text)]
    assert not _compat.words_found_apart(japanese), "TinySegmenter reads words by their context"
