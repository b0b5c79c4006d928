"""Publication lists (tests/roots/test-lists): every feature of an entry, filters, grouping, anchors, search
objects, and lists in other builders (text, link checker)."""

from __future__ import annotations

import gc
import json
import pickle
import re
import shutil
import weakref
from pathlib import Path

import pytest
from docutils import nodes
from engine_helpers import soup
from sphinx_scholar.pages import written_entries
from sphinx_scholar.pages.nodes import written_entry
from sphinx_scholar.pages.written_entries import WRITTEN_PER_DOCUMENT

pytestmark = pytest.mark.sphinx("html", testroot="lists")


def entry(app, page: str, key: str):
    found = soup(app, page).find("li", id=key)
    assert found is not None, f"no entry with anchor {key} on {page}"
    return found


def keys_of(element) -> list[str]:
    return [li.get("id") for li in element.select("li.pub")]


def test_authors_in_order_with_owner_highlighted_and_equal_marks(built):
    citation = entry(built, "publications.html", "lovelace2024engine").find("p", class_="pub-authors")
    text = citation.get_text(" ", strip=True).replace("\xa0", " ")
    assert text.index("Charles Babbage") < text.index("Ada Lovelace") < text.index("Mary Somerville")
    assert [s.get_text() for s in citation.find_all("strong", class_="pub-owner")] == ["Ada\xa0Lovelace"]
    marked = [s.find_previous(string=True) for s in citation.find_all("sup")]
    assert [m.strip(" ,").replace("\xa0", " ") for m in marked] == ["Charles Babbage", "Ada Lovelace"]
    # An initial counts as the owner too, through the name variants in config.
    other = entry(built, "publications.html", "lovelace2022notes").find("strong", class_="pub-owner")
    assert other.get_text().replace("\xa0", " ") == "A. Lovelace"


def test_equal_contribution_legend_only_under_lists_with_marks(built):
    page = soup(built, "publications.html")
    legends = [p.find_previous("ul", class_="pub-list") for p in page.find_all("p", class_="pub-legend")]
    assert len(legends) == 1 and legends[0].find("li", id="lovelace2024engine")
    assert "Equal contribution" in page.find("p", class_="pub-legend").get_text()


def test_titles_exactly_as_written(built):
    titles = [t.get_text() for t in soup(built, "publications.html").find_all("strong", class_="pub-title")]
    assert "EngineNet: the Analytical Engine, Revisited" in titles
    assert "TIDES: Mechanism of the Heavens" in titles


def test_venue_badge_and_year(built):
    first = entry(built, "publications.html", "lovelace2024engine")
    assert first.find(class_="pub-badge").get_text() == "CE\xa0'24", "a badge never breaks"
    venue = first.find("p", class_="pub-venue")
    assert venue.get_text() == "In Proceedings of the Conference on Engines, 2024"
    assert venue.find(class_="pub-year").get_text() == "2024"
    preprint = entry(built, "publications.html", "somerville2025tides")
    assert preprint.find(class_="pub-badge").get_text() == "Preprint"
    assert preprint.find("p", class_="pub-venue").get_text() == "arXiv:2503.01234, 2025 · Under review"


def test_entry_reads_title_then_authors_then_venue(built):
    citation = entry(built, "publications.html", "lovelace2024engine").find("div", class_="pub-citation")
    assert [p["class"][0] for p in citation.find_all("p")] == ["pub-title-line", "pub-authors", "pub-venue"]
    title = citation.find("p", class_="pub-title-line")
    assert title.find("a")["href"] == "papers/lovelace2024engine.html", "the paper's own page"
    assert title.find("a").find("strong", class_="pub-title")
    preprint = entry(built, "publications.html", "somerville2025tides").find("p", class_="pub-title-line")
    assert preprint.find("a")["href"] == "papers/somerville2025tides.html"
    notes = entry(built, "publications.html", "lovelace2022notes").find("p", class_="pub-title-line")
    assert notes.find("a")["href"] == "papers/lovelace2022notes.html", "a page even without a link of its own"


def test_badges_and_buttons_do_not_repeat_each_other(built):
    for key in ("somerville2025tides", "lovelace2024engine", "babbage2025older"):
        found = entry(built, "publications.html", key)
        found.find("details", class_="pub-bibtex").decompose()
        shown = [found.find("p", class_="pub-meta").get_text(), found.find("p", class_="pub-venue").get_text(),
                 *(a.get_text() for a in found.select("a.pub-btn"))]
        for word in ("arXiv", "2024", "2025"):
            assert sum(word in text for text in shown) <= 1, (key, word, shown)


def test_long_author_list_shows_first_authors_and_owner_then_a_control(built):
    authors = entry(built, "publications.html", "babbage2025older").find("p", class_="pub-authors")
    names = [span.get_text().replace("\xa0", " ").lstrip(", ").removeprefix("and ")
             for span in authors.select("span.pub-author")]
    assert len(names) == 11, "every name stays in the page, for search and metadata readers"
    shown = [span.get_text().replace("\xa0", " ").lstrip(", ")
             for span in authors.select("span.pub-author:not(.pub-author-more)")]
    assert shown == ["Charles Babbage", "John Herschel", "George Peacock", "Ada Lovelace"]
    button = authors.find("button", class_="pub-authors-toggle")
    assert button.get_text() == "+7 authors" and button["aria-expanded"] == "false"
    assert button["type"] == "button"
    assert len(authors.select("span.pub-authors-gap")) == 2
    short = entry(built, "publications.html", "lovelace2024engine").find("p", class_="pub-authors")
    assert not short.select(".pub-author-more, button"), "eight names or fewer show whole"


def test_author_control_script_only_where_a_long_list_is(built):
    html = (Path(built.outdir) / "publications.html").read_text(encoding="utf-8")
    assert re.search(r'<script defer="defer" src="_static/authors\.js', html)
    assert "authors.js" not in (Path(built.outdir) / "index.html").read_text(encoding="utf-8")


def test_link_buttons_from_fields(built):
    buttons = {a.get_text(): a["href"] for a in entry(built, "publications.html", "lovelace2024engine")
               .select("a.pub-btn")}
    assert buttons["PDF"] == "https://example.org/engine.pdf"
    assert buttons["Code"] == "https://example.org/engine-code"
    assert buttons["DOI"] == "https://doi.org/10.1000/engine.2024"
    assert buttons["Slides"] == "https://example.org/engine-slides"
    preprint = entry(built, "publications.html", "somerville2025tides")
    assert preprint.find("a", class_="pub-arxiv")["href"] == "https://arxiv.org/abs/2503.01234"
    assert not entry(built, "publications.html", "lovelace2022notes").select("a.pub-btn")


def test_bibtex_block_collapsed_and_without_site_fields(built):
    details = entry(built, "publications.html", "lovelace2024engine").find("details", class_="pub-bibtex")
    assert details is not None and not details.has_attr("open")
    assert details.find("summary").get_text() == "BibTeX"
    code = details.find("pre").get_text()
    assert code.startswith("@inproceedings{lovelace2024engine,")
    assert "doi         = {10.1000/engine.2024}," in code
    for private in ("venue_short", "equal", "selected", "status"):
        assert private not in code
    assert code.rstrip().endswith("}")
    assert details.select_one("div.highlight pre span"), "highlighted, where sphinx-copybutton looks"


def test_abstract_toggle_only_with_an_abstract_field(built):
    with_abstract = entry(built, "publications.html", "lovelace2024engine").find("details", class_="pub-abstract")
    assert with_abstract.find("p").get_text() == "We revisit the <b>engine</b> & its notes."
    assert entry(built, "publications.html", "somerville2025tides").find("details", class_="pub-abstract") is None


def test_markup_in_fields_is_text(built):
    html = (Path(built.outdir) / "publications.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>engine</b>" not in html


def test_grouped_by_type_newest_first_then_arxiv_month(built):
    page = soup(built, "publications.html")
    groups = {h.get_text(strip=True).rstrip("#¶"): keys_of(h.find_next("ul")) for h in page.find_all("h2")}
    assert groups == {
        "Peer-reviewed": ["lovelace2024engine", "lovelace2022notes"],
        "Preprints": ["somerville2025tides", "babbage2025older"],
    }


def test_selected_filter_on_home_page(built):
    assert keys_of(soup(built, "index.html")) == ["somerville2025tides", "lovelace2024engine"]


def test_year_keyword_type_filters_grouping_and_order(built):
    page = soup(built, "filters.html")
    sections = {s["id"]: s for s in page.find_all("section")}
    assert keys_of(sections["by-year"]) == ["lovelace2022notes", "lovelace2024engine"]
    assert keys_of(sections["by-keyword"]) == [None]  # anchors are once per page: the entry is above already
    assert "EngineNet" in sections["by-keyword"].select_one("li.pub").get_text()
    years = [h.get_text(strip=True).rstrip("#¶") for h in sections["preprints-by-year"].find_all("h3")]
    assert years == ["2025"]


def test_two_grouped_lists_on_one_page_keep_ids_unique(built):
    ids = [tag["id"] for tag in soup(built, "filters.html").find_all(id=True)]
    assert "publications-2025" in ids and "publications-2025-2" in ids
    assert len(ids) == len(set(ids))


def test_anchor_is_the_key_once_per_page(built):
    html = (Path(built.outdir) / "filters.html").read_text(encoding="utf-8")
    for key in ("lovelace2024engine", "lovelace2022notes", "somerville2025tides"):
        assert len(re.findall(f'id="{key}"', html)) == 1


def search_index(app) -> dict:
    script = (Path(app.outdir) / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(script[script.index("(") + 1 : script.rindex(")")])


def test_search_finds_entries_by_title_coauthor_and_venue(built):
    index = search_index(built)
    engine = next(objects for objects in index["objects"][""] if objects[4].startswith("EngineNet"))
    doc, _, _, anchor, name = engine
    assert name.startswith("EngineNet: the Analytical Engine, Revisited · ")
    assert "Mary Somerville" in name and name.endswith("; CE ’24"), "the badge names the year once"
    assert (index["docnames"][doc], anchor) == ("papers/lovelace2024engine", "lovelace2024engine"), "its own page"
    for word in ("menabrea", "bernoulli", "engin"):
        assert word in index["terms"], word


def test_bibtex_source_stays_out_of_the_search_index(built):
    assert "venue_short" not in search_index(built)["terms"]
    assert "booktitl" not in search_index(built)["terms"]


@pytest.mark.sphinx("text", testroot="lists")
def test_text_builder_shows_each_citation(app, warning):
    app.build()
    assert not warning.getvalue(), warning.getvalue()
    text = (Path(app.outdir) / "publications.txt").read_text(encoding="utf-8")
    assert "EngineNet: the Analytical Engine, Revisited" in text
    assert "**Ada Lovelace**" in text
    assert "arXiv:2503.01234, 2025" in text
    assert "**Difference Engines at Scale**\n\n  Charles Babbage, John Herschel," in text, "every author, no control"
    assert "…" not in text and "+7" not in text


@pytest.mark.sphinx("linkcheck", testroot="lists", confoverrides={"linkcheck_ignore": [".*"]})
def test_link_checker_sees_every_button(app):
    app.build()
    checked = {json.loads(line)["uri"] for line in (Path(app.outdir) / "output.json").read_text().splitlines()}
    assert {"https://example.org/engine.pdf", "https://example.org/engine-code", "https://doi.org/10.1000/engine.2024",
            "https://example.org/engine-slides", "https://arxiv.org/abs/2503.01234"} <= checked


def test_an_entry_with_editors_only_names_them_and_others_alone_names_no_one():
    from pybtex.database import parse_string
    from sphinx_scholar.bib.formatting import format_entry
    from sphinx_scholar.bib.style import ScholarStyle

    data = parse_string("""@book{edited, title = {Collected Notes}, editor = {Itor, Ed and Ward, Ed}, year = {2020},
                                 publisher = {Press}}
                           @misc{nobody, title = {Anonymous}, author = {others}, year = {2021}}""", "bibtex")
    style = ScholarStyle()
    edited = format_entry("edited", data.entries["edited"], style, "")
    assert "".join(text for spans in edited.authors for _, text in spans) == "Ed ItorEd Ward (Eds.)"
    assert edited.citation_text == "Ed Itor and Ed Ward (Eds.). Collected Notes. Press, 2020."
    nobody = format_entry("nobody", data.entries["nobody"], style, "")
    assert nobody.authors == () and nobody.citation_text == "Anonymous. 2021."


def freed_once_the_next_page_starts(app, pagename: str, node_class: type[nodes.Node], *,
                                    collected: bool) -> list[bool]:
    """Builds ``app``: whether the first ``node_class`` of ``pagename``, as handed to its template, is gone when
    the next page's tree is resolved (after a full collection, if ``collected``)."""
    kept, freed = {}, []

    def keep(app, name, templatename, context, doctree):
        if doctree is not None and name == pagename:
            kept["node"] = weakref.ref(next(doctree.findall(node_class)))

    def check(app, doctree, docname):
        if "node" in kept and not freed:
            if collected:
                gc.collect()
            freed.append(kept["node"]() is None)

    app.connect("html-page-context", keep, priority=900)
    app.connect("doctree-resolved", check)
    app.build()
    return freed


def test_a_list_pages_nodes_are_freed_once_it_is_written(app):
    """A page of 4,000 entries is thousands of nodes even written as they are made: they are freed when the next
    page starts, not kept to the end of the build (pages.collector)."""
    assert freed_once_the_next_page_starts(app, "filters", written_entry, collected=False) == [True]


#: Sites whose lists are written both ways: a root, and what is added to its conf.py, its refs.bib and its pages.
WRITTEN_BOTH_WAYS = {
    "lists": ("test-lists", "", "", {}),
    "exports": ("test-exports", "", "", {}),
    # MathJax's script is loaded only by a page whose translator saw a formula.
    "formula": ("test-lists", 'html_math_renderer = "mathjax"\n',
                "@article{lovelace2023fast, title = {Sorting in $O(n \\log n)$ Time}, author = {Lovelace, Ada},"
                " journal = {Journal of Notes}, year = {2023}}\n", {}),
    # Sphinx's Japanese splitter reads words by their context: each text of an entry is split on its own.
    "Japanese": ("test-lists", 'language = "ja"\n',
                 "@article{yamada2023, title = {深層学習の\\emph{高速化}に関する研究}, author = {山田, 太郎 and"
                 " Lovelace, Ada}, journal = {情報処理学会論文誌}, year = {2023}}\n", {}),
    # The 404 page's links are made absolute once it is resolved.
    "404 page": ("test-lists", "", "", {"404.md": "---\norphan: true\n---\n# Page not found\n\n```{publications}\n"
                                                ":selected:\n```\n"}),
}


@pytest.mark.parametrize("site", WRITTEN_BOTH_WAYS)
def test_entries_written_as_they_are_made_are_those_their_nodes_write(make_app, rootdir, tmp_path, monkeypatch, site):
    """On a page of HTML each entry is written as it is made (pages.written_entries): every page and the search
    index are, byte for byte, those the entries' nodes give when the page is written."""
    root, conf, bib, pages = WRITTEN_BOTH_WAYS[site]
    outputs, written = {}, {}
    for way, builders in (("as made", WRITTEN_PER_DOCUMENT), ("as nodes", ())):
        monkeypatch.setattr(written_entries, "WRITTEN_PER_DOCUMENT", builders)
        shutil.copytree(rootdir / root, tmp_path / way)
        for name, added in (("conf.py", conf), ("refs.bib", bib), *pages.items()):
            path = tmp_path / way / name
            path.write_text((path.read_text() if path.exists() else "") + added, encoding="utf-8")
        app = make_app("html", srcdir=tmp_path / way)
        app.connect("html-page-context", lambda app, name, template, context, doctree, way=way: written.update(
            {way: written.get(way, 0) + (len(list(doctree.findall(written_entry))) if doctree else 0)}))
        app.build()
        assert app.statuscode == 0 and not app._warning.getvalue()
        output = Path(app.outdir)
        outputs[way] = {str(file.relative_to(output)): file.read_bytes() for file in sorted(output.rglob("*"))
                        if file.suffix in (".html", ".js") and "_static" not in file.parts}
        app.cleanup()  # its nodes and roles leave docutils' registry, for the next build's
    assert written["as made"] >= 4 and written.get("as nodes", 0) == 0
    assert "searchindex.js" in outputs["as made"]
    assert outputs["as made"] == outputs["as nodes"]


@pytest.mark.sphinx("html", testroot="site", srcdir="freed-after-a-list")  # built afresh: every page is written
def test_a_page_written_after_a_list_is_freed(app):
    """Pages read in the same build and written after a page of entries (a project page after the publications
    page) are freed once written: nothing they hang from is set aside from collection."""
    assert freed_once_the_next_page_starts(app, "research/engine", nodes.paragraph,
                                           collected=True) == [True]


@pytest.mark.sphinx("html", testroot="site")
def test_the_collector_pauses_while_the_environment_loads_and_runs_for_the_pages(make_app, app, monkeypatch):
    """Sphinx's saved environment loads with the cycle collector paused (pages.collector), and is set aside from
    collection while pages are read and written; all is collectable again once the build ends."""
    app.build()
    loading, running = [], []
    load = pickle.load
    monkeypatch.setattr(pickle, "load", lambda *args, **kwargs: loading.append(gc.isenabled()) or load(*args, **kwargs))
    again = make_app("html", srcdir=app.srcdir)
    assert again.env.all_docs and loading == [False], "the saved environment was loaded, the collector paused"
    again.connect("env-before-read-docs", lambda *args: running.append((gc.isenabled(), gc.get_freeze_count() > 0)))
    again.build(force_all=True)
    assert running == [(True, True)] and gc.isenabled() and gc.get_freeze_count() == 0
