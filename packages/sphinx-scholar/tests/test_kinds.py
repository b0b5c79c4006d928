"""Every kind of publication, read as BibTeX and biblatex define it, from real exports (tests/exports: one .bib
per source, each entry under a ``% kind:`` line naming what it is): the kind, badge, venue line, metadata
and copied BibTeX of each, and the same paper exported twice."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from engine_helpers import TESTS, page
from sphinx_scholar.bib import catalog
from sphinx_scholar.bib.bibfile import BibFileInvalid, parse_text, protect_case, split_entries
from sphinx_scholar.bib.catalog import build_catalog
from sphinx_scholar.settings import ScholarSettings
from sphinx_scholar.testing import sphinx_build, sphinx_scholar_command

EXPORTS = TESTS / "exports"
SOURCES = sorted(EXPORTS.glob("*.bib"))
KIND_LINE = re.compile(r"% kind: (\S+)\n\s*@\w+\s*\{\s*([^,\s]+)\s*,")
#: The same paper from several sources, as a researcher who pastes them all keeps one: each key named here
#: gets ``version_of`` the key it maps to.
VERSIONS = {
    "DBLP:journals/corr/VaswaniSPUJGKP17": "DBLP:conf/nips/VaswaniSPUJGKP17",
    "arxiv-vaswani2023attentionneed": "DBLP:conf/nips/VaswaniSPUJGKP17",
    "https://doi.org/10.48550/arxiv.1706.03762": "DBLP:conf/nips/VaswaniSPUJGKP17",
    "crossref-LeCun_2012": "bl-lecun2012efficient",
    "gs-lecun2015deep": "crossref-LeCun_2015",
    "gs-he2016deep": "crossref-He_2016",
    "arxiv-kingma2017adammethodstochasticoptimization": "gs-kingma2014adam",
    "arxiv-maldacena1998largenlimitsuperconformal": "Maldacena:1997re",
}
#: Books that papers of the file crossref, with no author of their own: the papers' containers, not listed.
CONTAINERS = {"DBLP:series/lncs/7700"}
CANONICAL = {"READTHEDOCS_CANONICAL_URL": "https://example.org/site/"}


def expected_kinds(text: str) -> dict[str, str]:
    return {key: kind for kind, key in KIND_LINE.findall(text)}


def versions_in(text: str) -> dict[str, str]:
    """The pairs of :data:`VERSIONS` whose entries are both in ``text``."""
    return {key: listed for key, listed in VERSIONS.items() if f"{{{key}," in text and f"{{{listed}," in text}


def with_versions(text: str) -> str:
    for key, listed in versions_in(text).items():
        text = re.sub(rf"(@\w+\s*\{{\s*{re.escape(key)}\s*,)", rf"\1\n  version_of = {{{listed}}},", text)
    return text


def all_exports() -> str:
    return with_versions("\n".join(path.read_text(encoding="utf-8") for path in SOURCES))


@pytest.fixture(scope="module")
def catalogs() -> dict[str, object]:
    """Each source read on its own, as a researcher who pastes one export has it."""
    return {path.name: build_catalog(with_versions(path.read_text(encoding="utf-8")), "refs.bib", ScholarSettings())
            for path in SOURCES}


class RecordedBeside(catalog.WorkBeside):
    answers: list = []

    def result(self):
        self.answers.append(answer := super().result())
        return answer


class LostBeside(RecordedBeside):
    """A forked process that ended without its answer (killed, out of memory)."""

    def result(self):
        self.cancel()
        self.answers.append(self.lost)
        return self.lost


@pytest.mark.parametrize("beside", [RecordedBeside, LostBeside], ids=["forked", "lost"])
def test_a_catalog_made_half_beside_the_build_is_the_one_made_in_it(monkeypatch, beside):
    """Every kind of every export, its versions folded: the same records and formatting, in the same order."""
    text = all_exports()
    alone = build_catalog(text, "refs.bib", ScholarSettings())
    assert len(alone.formatted) > 40 and alone.versions  # enough for a share each, and versions to fold
    monkeypatch.setattr(catalog, "MADE_BESIDE_FROM", 1)
    monkeypatch.setattr(catalog, "WorkBeside", beside)
    monkeypatch.setattr(beside, "answers", [])
    assert build_catalog(text, "refs.bib", ScholarSettings()) == alone
    (answer,) = beside.answers
    if beside is RecordedBeside:
        assert len(answer) == len(alone.formatted) // 2, "every other entry made in the forked process"
    else:
        assert answer is None


@pytest.fixture(scope="module")
def kinds_site(tmp_path_factory) -> tuple[Path, Path]:
    work = tmp_path_factory.mktemp("kinds")
    site = work / "site"
    shutil.copytree(TESTS / "roots" / "test-site", site)
    (site / "refs.bib").write_text(all_exports(), encoding="utf-8")
    with (site / "conf.py").open("a", encoding="utf-8") as conf:  # a lab's list: every entry is a publication
        conf.write("\nscholar_owner_names = []\n")
    for project in (site / "research").glob("*.md"):  # its project pages cite the site's own papers
        if project.name != "index.md":
            project.unlink()
    (site / "research" / "index.md").write_text("# Research\n\n```{project-cards}\n```\n", encoding="utf-8")
    (site / "publications" / "theses.md").write_text(
        "# Theses and software\n\n## Theses\n\n```{publications}\n:type: thesis\n```\n\n"
        "## Software\n\n```{publications}\n:type: software, dataset\n```\n", encoding="utf-8")
    # sphinxcontrib-bibtex's own list formats every kind through the engine's style.
    (site / "publications" / "all.md").write_text("# All\n\n```{bibliography}\n:all:\n```\n", encoding="utf-8")
    home = site / "index.md"  # no export is marked selected: the home lists them all
    home.write_text(home.read_text(encoding="utf-8").replace(":selected:\n", ""), encoding="utf-8")
    with home.open("a", encoding="utf-8") as home:
        home.write("\n```{toctree}\n:hidden:\n\npublications/theses\npublications/all\n```\n")
    result = sphinx_build(site, work / "html", "-E", env=CANONICAL)
    assert result.returncode == 0 and not result.stderr, result.stderr
    return site, work / "html"


@pytest.mark.parametrize("source", [path.name for path in SOURCES])
def test_every_export_reads_as_the_kind_its_source_means(catalogs, source):
    text = (EXPORTS / source).read_text(encoding="utf-8")
    expected, versions = expected_kinds(text), versions_in(text)
    found = {publication.key: publication.kind for publication in catalogs[source].publications}
    listed = {key: kind for key, kind in expected.items() if key not in versions and key not in CONTAINERS}
    assert found == listed


def venue(catalog, key: str) -> str:
    return "".join(text for _, text in catalog.formatted[key].venue)


def test_the_venue_line_says_what_a_reader_of_each_kind_expects(catalogs):
    biblatex, bbt = catalogs["biblatex.bib"], catalogs["zotero-better-bibtex.bib"]
    assert venue(catalogs["crossref.bib"], "crossref-LeCun_2015") == "Nature, 521(7553), 436–444"
    assert venue(biblatex, "bl-lecun2012efficient") == (
        "In Neural Networks: Tricks of the Trade, edited by Grégoire Montavon, Genevieve B. Orr, and "
        "Klaus-Robert Müller, pp. 9–48, Springer")
    assert venue(biblatex, "bl-shannon1940algebra") == "PhD thesis, Massachusetts Institute of Technology"
    assert venue(biblatex, "bl-rivest1983rsa") == "U.S. patent 4405829, Massachusetts Institute of Technology"
    assert venue(bbt, "bbt-pagePageRankCitationRanking1999") == "Technical Report 1999-66, Stanford InfoLab"
    assert venue(catalogs["zenodo-datacite.bib"], "ilharco_gabriel_2021_5143773") == "Version 0.1, Zenodo"
    assert venue(bbt, "bbt-hammingYouYourResearch1986").startswith("Bell Communications Research Colloquium")
    assert venue(catalogs["google-scholar.bib"], "gs-page2001method") == "US Patent 6,285,999"
    assert catalogs["biblatex.bib"].formatted["bl-taub1961vonneumann"].citation_text.startswith("A. H. Taub (Ed.). ")


def test_only_journal_and_conference_papers_are_peer_reviewed(kinds_site):
    _, html = kinds_site
    publications = page(html, "publications/index.html")
    headings = [h.get_text(strip=True).rstrip("#") for h in publications.select("section h2")]
    assert headings == ["Peer-reviewed", "Preprints", "Theses", "Books", "Book chapters", "Reports", "Software",
                        "Datasets", "Talks and posters", "Patents", "Web pages", "Manuscripts"]
    peer_reviewed = next(h2.parent for h2 in publications.select("section h2") if "Peer-reviewed" in h2.get_text())
    assert not peer_reviewed.find(string=re.compile("PhD thesis|Stanford University"))
    badges = {badge.get_text() for badge in publications.select(".pub-badge")}
    assert {"PhD thesis", "Book", "Edited book", "Chapter", "Report", "Software", "Dataset", "Talk", "Patent",
            "Web page", "Manuscript", "Preprint"} <= badges
    theses = page(html, "publications/theses.html")
    lists = theses.select("ul.pub-list")
    assert {badge.get_text() for badge in lists[0].select(".pub-badge")} == {"PhD thesis"}
    assert {badge.get_text() for badge in lists[1].select(".pub-badge")} == {"Software", "Dataset"}


def meta(soup, name: str) -> list[str]:
    return [tag["content"] for tag in soup.find_all("meta", attrs={"name": name})]


def json_ld(soup) -> dict:
    (data,) = [json.loads(script.string) for script in soup.find_all("script", type="application/ld+json")]
    return data


def paper(html: Path, key: str):
    from sphinx_scholar.bib.identifiers import anchor_id

    return page(html, f"publications/papers/{anchor_id(key)}.html")


#: key -> (the tag or DC.type that gives Zotero's Embedded Metadata translator its item type, the item type,
#: schema.org's type)
ZOTERO_TYPES = {
    "bl-shannon1940algebra": ("citation_dissertation_institution", "thesis", "Thesis"),
    "bbt-pagePageRankCitationRanking1999": ("citation_technical_report_institution", "report", "Report"),
    "bl-lecun2012efficient": ("citation_inbook_title", "bookSection", "Chapter"),
    "crossref-He_2016": ("citation_conference_title", "conferencePaper", "ScholarlyArticle"),
    "crossref-LeCun_2015": ("citation_journal_title", "journalArticle", "ScholarlyArticle"),
    "DBLP:books/lib/RasmussenW06": ("DC.type", "book", "Book"),
    "bl-numpy2024": ("DC.type", "computerProgram", "SoftwareSourceCode"),
    "koumar_2024_13382427": ("DC.type", "dataset", "Dataset"),
    "bbt-hammingYouYourResearch1986": ("DC.type", "presentation", "PresentationDigitalDocument"),
    "bl-rivest1983rsa": ("DC.type", "patent", "CreativeWork"),
    "bl-pep8": ("DC.type", "webpage", "WebPage"),
    "bbt-nakamotoBitcoinPeertoPeerElectronic2008": ("DC.type", "manuscript", "CreativeWork"),
    "DBLP:journals/corr/HintonVD15": ("DC.type", "preprint", "ScholarlyArticle"),
}
#: The tags that set an item type in Zotero's Embedded Metadata translator: the last one read wins.
TYPE_TAGS = ("citation_journal_title", "citation_inbook_title", "citation_conference_title",
             "citation_dissertation_institution", "citation_technical_report_institution")


def test_each_kind_tells_google_scholar_zotero_and_schema_org_what_it_is(kinds_site):
    _, html = kinds_site
    for key, (tag, zotero_type, schema_type) in ZOTERO_TYPES.items():
        soup = paper(html, key)
        typed = [name for name in TYPE_TAGS if meta(soup, name)]
        if tag == "DC.type":
            assert not typed and meta(soup, "DC.type") == [zotero_type], key
        else:
            assert typed[-1:] == [tag], key
        assert json_ld(soup)["@type"] == schema_type, key
    thesis = paper(html, "bl-shannon1940algebra")
    assert meta(thesis, "DC.type") == ["PhD thesis"], "Zotero's thesis type"
    assert meta(thesis, "citation_publication_date") == ["1940"]
    report = paper(html, "bbt-pagePageRankCitationRanking1999")
    assert meta(report, "citation_technical_report_number") == ["1999-66"]
    book = paper(html, "DBLP:books/lib/RasmussenW06")
    assert meta(book, "citation_isbn") and meta(book, "citation_publisher") == ["MIT Press"]
    journal = paper(html, "bl-shannon1948mathematical")
    assert meta(journal, "citation_publication_date") == ["1948/07"], "biblatex's date, at its precision"
    assert meta(journal, "citation_journal_title") == ["Bell System Technical Journal"], "journaltitle"
    assert meta(journal, "citation_issue") == ["3"] and meta(journal, "citation_firstpage") == ["379"]


def test_an_organisation_is_one_author_everywhere(kinds_site):
    _, html = kinds_site
    python = paper(html, "bbt-pythonsoftwarefoundationPython2023")
    assert meta(python, "citation_author") == ["Python Software Foundation,"], "Zotero keeps it one name"
    assert json_ld(python)["author"] == [{"@type": "Organization", "name": "Python Software Foundation"}]
    assert python.find("p", class_="pub-authors").get_text().replace("\xa0", " ") == "Python Software Foundation"
    cms = paper(html, "CMS:2012qbp")
    assert json_ld(cms)["contributor"] == {"@type": "Organization", "name": "CMS Collaboration"}
    authors = cms.find("p", class_="pub-authors").get_text().replace("\xa0", " ")
    assert authors == "Serguei Chatrchyan, et al. (CMS Collaboration)"
    listed = page(html, "publications/index.html").find("li", id="cms-2012qbp")
    assert "rft.aucorp" not in str(listed) and "CMS Collaboration" in listed.get_text()


def test_names_go_to_reference_managers_as_bibtex_splits_them(kinds_site):
    _, html = kinds_site
    numpy = paper(html, "crossref-Harris_2020")
    authors = meta(numpy, "citation_author")
    assert len(authors) == 26 and "van der Walt, Stéfan J." in authors and authors[0] == "Harris, Charles R."


def test_the_copied_bibtex_is_each_entry_as_written_and_reads_back_the_same(kinds_site, tmp_path):
    """Every entry copied from the built pages, pasted into a new refs.bib: the same entries, lint-clean."""
    site, html = kinds_site
    original_entries, original = parse_text((site / "refs.bib").read_text(encoding="utf-8"), "refs.bib")
    copied = []
    for raw in original_entries:
        if raw.key in VERSIONS:
            continue
        block = paper(html, raw.key).select_one("section#cite div.highlight-bibtex pre").get_text()
        copied.append(block)
        names = [span.name for span in split_entries(block, "copy")[0][0].fields]
        assert len(names) == len(set(names)), f"{raw.key}: a field twice"
        written = [span.name for span in raw.fields if span.name not in ("crossref", "version_of")]
        assert names[: len(written)] == written, f"{raw.key}: the owner's fields, in the owner's order"
    pasted = tmp_path / "site"
    shutil.copytree(site, pasted)
    (pasted / "refs.bib").write_text("\n\n".join(copied), encoding="utf-8")
    _, again = parse_text((pasted / "refs.bib").read_text(encoding="utf-8"), "refs.bib")
    for key, entry in again.entries.items():
        before = original.entries[key]
        added = {"howpublished", "note"} - set(before.fields.keys())  # the arXiv identifier, for plain.bst
        written = {name: value for name, value in before.fields.items() if name not in ("crossref", "version_of")}
        written["title"] = protect_case(written["title"])  # the title's own capitals kept, for plain.bst
        assert {name: value for name, value in entry.fields.items() if name not in added} == written, key
        assert {role: [str(p) for p in people] for role, people in entry.persons.items()} == {
            role: [str(p) for p in people] for role, people in before.persons.items()}, key
    result = sphinx_scholar_command(pasted, "lint")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_same_paper_twice_is_one_line_naming_both(tmp_path):
    text = (EXPORTS / "dblp.bib").read_text(encoding="utf-8")
    with pytest.raises(BibFileInvalid) as invalid:
        parse_text(text, "refs.bib")
    (problem,) = invalid.value.problems
    assert str(problem).startswith("refs.bib:54: DBLP:journals/corr/VaswaniSPUJGKP17 is the same paper as "
                                   "DBLP:conf/nips/VaswaniSPUJGKP17 (line 25): the same title and first author. ")
    assert "write version_of = {DBLP:conf/nips/VaswaniSPUJGKP17} in DBLP:journals/corr/VaswaniSPUJGKP17" in str(problem)


def test_a_version_is_not_listed_again_and_its_arxiv_link_joins_the_paper(kinds_site):
    _, html = kinds_site
    publications = page(html, "publications/index.html")
    assert publications.find("li", id="dblp-journals-corr-vaswanispujgkp17") is None
    (attention,) = publications.find_all("li", id="dblp-conf-nips-vaswanispujgkp17")
    arxiv = [a["href"] for a in attention.select("a.pub-btn") if a.get_text() == "arXiv"]
    assert arxiv == ["https://arxiv.org/abs/1706.03762"]
    assert len(publications.find_all(string=re.compile("^Attention [Ii]s [Aa]ll [Yy]ou [Nn]eed$"))) == 1
    redirect = (html / "publications" / "papers" / "dblp-journals-corr-vaswanispujgkp17.html").read_text()
    assert 'http-equiv="refresh"' in redirect and "dblp-conf-nips-vaswanispujgkp17.html" in redirect


def test_biblatex_dates_editors_and_types_are_read():
    entry = """@thesis{t, title = {T}, author = {Lovelace, Ada}, date = {2024-03-15/2024-03-17},
  type = {mathesis}, institution = {University of London}}
@book{e, title = {E}, editor = {Babbage, Charles and Lovelace, Ada}, date = {2023}, publisher = {P}}
"""
    catalog = build_catalog(entry, "refs.bib", ScholarSettings())
    thesis, edited = catalog.by_key["t"], catalog.by_key["e"]
    assert (thesis.kind, thesis.year, thesis.date, thesis.venue) == (
        "masters-thesis", 2024, "2024-03-15", "University of London")
    assert edited.kind == "edited-book" and edited.edited and edited.authors == ("Charles Babbage", "Ada Lovelace")
    assert catalog.formatted["e"].citation_text == "Charles Babbage and Ada Lovelace (Eds.). E. P, 2023."
    for bad, line in ((entry.replace("2024-03-15/2024-03-17", "15 March 2024"), "refs.bib:1: t: date must be"),
                      (entry.replace("institution = {University of London}", "note = {x}"),
                       "refs.bib:1: t: masters-thesis (@thesis) needs school or institution")):
        with pytest.raises(BibFileInvalid) as invalid:
            parse_text(bad, "refs.bib")
        assert str(invalid.value.problems[0]).startswith(line)


def test_a_name_bibtex_would_misread_is_one_line_giving_its_bibtex_form():
    entry = ("@article{k,\n  title = {T},\n  author = {Martin Luther King, Jr.},\n  journal = {J},\n"
             "  year = {1963},\n}\n")
    with pytest.raises(BibFileInvalid) as invalid:
        parse_text(entry, "refs.bib")
    assert [str(problem) for problem in invalid.value.problems] == [
        "refs.bib:3: k: author 'Martin Luther King, Jr.' reads as the given name 'Jr.' in BibTeX: write it "
        "'King, Jr., Martin Luther'"]
    fixed = build_catalog(entry.replace("Martin Luther King, Jr.", "King, Jr., Martin Luther"), "refs.bib",
                          ScholarSettings()).by_key["k"]
    assert fixed.authors == ("Martin Luther King Jr.",) and fixed.inverted_name(0) == "King, Martin Luther, Jr."


def test_an_entry_bibtex_reads_after_a_percent_sign_says_so():
    text = "% @article{old, title = {Old}}\n@misc{new, title = {New}, author = {Lovelace, Ada}, year = {2024}}\n"
    with pytest.raises(BibFileInvalid) as invalid:
        parse_text(text, "refs.bib")
    problem = str(invalid.value.problems[0])
    assert problem.endswith("(BibTeX reads an entry after '%' too: delete it, or remove its '@')")
    assert problem.startswith("refs.bib:1: old: ")


def test_a_long_author_list_follows_one_rule_in_lists_and_the_cite_tooltip():
    names = " and ".join(f"Author{number}, Given" for number in range(1, 346)) + " and Lovelace, Ada"
    entry = f"@article{{big, title = {{Big}}, author = {{{names}}}, journal = {{J}}, year = {{2024}}}}\n"
    settings = ScholarSettings(owner_names=("Ada Lovelace",))
    catalog = build_catalog(entry, "refs.bib", settings)
    assert catalog.formatted["big"].citation_text == (
        "Given Author1, Given Author2, Given Author3, Ada Lovelace, +342 authors. Big. J, 2024.")
    collaboration = build_catalog(entry.replace("year =", "collaboration = {ATLAS}, year ="), "refs.bib", settings)
    assert collaboration.formatted["big"].citation_text == (
        "ATLAS Collaboration, Ada Lovelace, +345 authors. Big. J, 2024.")


def test_a_versions_key_leads_to_the_entry_it_names_everywhere(tmp_path):
    """A page that names the CoRR copy's key (a card, a citation, a reference, a project page's paper) gets the
    listed paper; the copy's old paper page redirects to that paper's own page."""
    site = tmp_path / "site"
    shutil.copytree(TESTS / "roots" / "test-site", site)
    with (site / "refs.bib").open("a", encoding="utf-8") as bib:
        bib.write("\n@misc{corr2024engine,\n  title = {EngineNet: the Analytical Engine, Revisited},\n"
                  "  author = {Babbage, Charles and Lovelace, Ada},\n  year = {2024},\n  eprint = {2401.09999},\n"
                  "  version_of = {lovelace2024engine},\n}\n")
    engine = site / "research" / "engine.md"
    engine.write_text(engine.read_text(encoding="utf-8").replace("paper: lovelace2024engine", "paper: corr2024engine")
                      + "\nSee {pub:ref}`corr2024engine` and {cite:p}`corr2024engine`.\n", encoding="utf-8")
    result = sphinx_build(site, tmp_path / "html", "-E", "-W")
    assert result.returncode == 0 and not result.stderr, result.stderr
    project = page(tmp_path / "html", "research/engine.html")
    assert project.find("meta", attrs={"name": "citation_title"})["content"].startswith("EngineNet")
    card = project.select_one("div.pub-card")
    assert [a["href"] for a in card.select("a.pub-btn") if a.get_text() == "arXiv"] == [
        "https://arxiv.org/abs/2401.09999"], "the listed paper carries its version's arXiv link"
    assert project.find("a", class_="reference", string=re.compile("EngineNet")) is not None
    redirect = (tmp_path / "html" / "publications" / "papers" / "corr2024engine.html").read_text(encoding="utf-8")
    assert 'http-equiv="refresh"' in redirect and "research/engine.html" in redirect
    listed = page(tmp_path / "html", "publications/index.html")
    assert listed.find("li", id="corr2024engine") is None and listed.find("li", id="lovelace2024engine")
    again = sphinx_build(site, tmp_path / "html", "-E", "-W")  # a new environment, the stored catalog kept
    assert again.returncode == 0 and not again.stderr, again.stderr


def test_a_new_environment_reads_the_file_as_the_engine_does(tmp_path):
    """sphinxcontrib-bibtex gets the engine's parse (Crossref's bare months, biblatex's date) in every build,
    also when the engine's own catalog was stored by the last one."""
    site = tmp_path / "site"
    shutil.copytree(TESTS / "roots" / "test-site", site)
    with (site / "refs.bib").open("a", encoding="utf-8") as bib:
        bib.write("\n@article{harris2020array, title={Array programming}, author={Harris, Charles R.}, "
                  "journaltitle={Nature}, date={2020-09}, month=Sept}\n")
    for _ in range(2):
        result = sphinx_build(site, tmp_path / "html", "-E", "-W")
        assert result.returncode == 0 and not result.stderr, result.stderr


def test_a_suffix_is_a_suffix_in_every_cite_format():
    from sphinx_scholar.bib.citation_formats import csl_item, formatted_reference

    entry = "@article{k, title = {T}, author = {King, Jr., Martin Luther}, journal = {J}, year = {1963}}\n"
    king = build_catalog(entry, "refs.bib", ScholarSettings()).by_key["k"]
    assert csl_item(king)["author"] == [{"family": "King", "given": "Martin Luther", "suffix": "Jr."}]
    assert formatted_reference(king, "apa").startswith("King, M. L., Jr. (1963)")


def test_what_an_entry_says_in_free_text_never_refuses_it():
    """Words in howpublished are a guess: an address or a "Master class" makes nothing a dataset or a thesis."""
    entries = ("@misc{tools, title = {Tools}, author = {Doe, Jane}, year = {2020},\n"
               "  howpublished = {\\url{https://github.com/doe/data-tools}}}\n"
               "@misc{class, title = {Class}, author = {Doe, Jane}, year = {2021}, howpublished = {Master class}}\n"
               "@misc{xi, title = {X}, author = {Ou Yang, Xi}, year = {2022}, howpublished = {Software},\n"
               "  url = {https://example.org/x}}\n")
    catalog = build_catalog(entries, "refs.bib", ScholarSettings())
    assert [catalog.by_key[key].kind for key in ("tools", "class", "xi")] == ["manuscript", "manuscript", "software"]


def test_a_status_says_whether_a_paper_is_reviewed_yet():
    entries = "".join(f"@inproceedings{{p{number}, title = {{P{number}}}, author = {{Doe, Jane}}, year = {{2024}}, "
                      f"booktitle = {{C}}, status = {{{status}}}}}\n"
                      for number, status in enumerate(("Under review", "Accepted", "To appear", "Submitted")))
    catalog = build_catalog(entries, "refs.bib", ScholarSettings())
    assert [catalog.by_key[f"p{number}"].group for number in range(4)] == [
        "preprint", "peer-reviewed", "peer-reviewed", "preprint"]


def test_distinct_works_may_share_a_title_and_a_date_says_one_year():
    entries = ("@phdthesis{thesis, title = {Engines}, author = {Lovelace, Ada}, school = {London}, year = {2024}}\n"
               "@article{paper, title = {Engines}, author = {Lovelace, Ada}, journal = {J}, year = {2023},\n"
               "  month = mar}\n")
    catalog = build_catalog(entries, "refs.bib", ScholarSettings())
    assert catalog.by_key["paper"].date == "2023-03" and catalog.by_key["thesis"].kind == "phd-thesis"
    with pytest.raises(BibFileInvalid) as invalid:
        parse_text(entries.replace("year = {2023}", "year = {2023}, date = {2022-05}"), "refs.bib")
    assert str(invalid.value.problems[0]) == "refs.bib:2: paper: year 2023 and date 2022-05 disagree: keep one"


BAD_ENTRIES = {
    "year 0000": ("@article{a, title={A}, author={Doe, Jane}, journal={J}, year={0000}}",
                  "refs.bib:1: a: year must be four digits, not '0000'"),
    "impossible day": ("@article{a, title={A}, author={Doe, Jane}, journal={J}, date={2024-02-30}}",
                       "refs.bib:1: a: date must be YYYY"),
    "range backwards": ("@article{a, title={A}, author={Doe, Jane}, journal={J}, date={2024-02-29/2023}}",
                        "refs.bib:1: a: date must be YYYY"),
    "misspelt type": ("@inprocedings{a, title={A}, author={Doe, Jane}, booktitle={C}, year={2024}}",
                      "refs.bib:1: a: @inprocedings is no BibTeX or biblatex entry type: did you mean @inproceedings?"),
    "others alone": ("@article{a, title={A}, author={others}, journal={J}, year={2024}}",
                     "refs.bib:1: a: author names no one"),
    "a comma for a name": ("@article{a, title={A}, author={,}, journal={J}, year={2024}}",
                           "refs.bib:1: a: author names no one"),
    "unrelated version": ("@article{a, title={A}, author={Doe, Jane}, journal={J}, year={2024}, version_of={b}}\n"
                          "@article{b, title={B}, author={Roe, Rick}, journal={K}, year={2023}}",
                          "refs.bib:1: a: version_of names b, which has another first author"),
    "versions of each other": (
        "@article{a, title={A}, author={Doe, Jane}, journal={J}, year={2024}, version_of={b}}\n"
        "@article{b, title={A}, author={Doe, Jane}, journal={J}, year={2024}, version_of={a}}",
        "refs.bib:1: a and b name each other in version_of"),
}


@pytest.mark.parametrize("case", BAD_ENTRIES)
def test_a_careless_entry_is_one_line_naming_it(case):
    text, expected = BAD_ENTRIES[case]
    with pytest.raises(BibFileInvalid) as invalid:
        parse_text(text + "\n", "refs.bib")
    assert str(invalid.value.problems[0]).startswith(expected)
    assert len(invalid.value.problems) == 1 + (case == "versions of each other")


def test_what_exports_write_is_read_as_they_mean_it():
    entries = (
        "@misc{hash, title={C\\# in {\\relax Ch}ristopher's \\href{https://x.org}{words}}, author={Doe, Jane},\n"
        "  year={2024}, url={https://example.com/page#section}, howpublished={\\url{https://github.com/a_b/c}}}\n"
        "@inbook{part, title={The Whole Book}, chapter={3}, author={Doe, Jane}, year={2020}, publisher={P}}\n"
        "@book{ed, title={E}, author={Doe, Jane}, edition={21}, publisher={P}, year={2020}}\n"
        "@article{atlas, title={T}, author={{ATLAS Collaboration}}, collaboration={ATLAS}, journal={J}, year={2012}}\n")
    catalog = build_catalog(entries, "refs.bib", ScholarSettings())
    assert catalog.by_key["hash"].title == "C# in Christopher's words"
    assert catalog.by_key["hash"].venue == "", "an address alone is the link, not the venue"
    assert venue(catalog, "part") == "Chapter 3, P"
    assert venue(catalog, "ed") == "21st edition, P"
    assert catalog.formatted["atlas"].citation_text.startswith("ATLAS Collaboration. T.")


def test_an_entrys_language_reaches_its_title_and_metadata(kinds_site):
    _, html = kinds_site
    listed = page(html, "publications/index.html").find("li", id="bbt-pedregosascikitlearnmachinelearning2011")
    assert listed.select_one("strong.pub-title span[lang='en']") is not None, "langid = {english}"
    paper_page = paper(html, "bbt-pedregosaScikitlearnMachineLearning2011")
    assert meta(paper_page, "citation_language") == ["en"] and json_ld(paper_page)["inLanguage"] == "en"
    assert paper_page.select_one("h1 > span[lang='en']").get_text() == "Scikit-Learn: Machine Learning in Python"
    assert page(html, "publications/index.html").find("li", id="crossref-lecun-2015").select_one("[lang]") is None


def test_language_names_become_language_tags():
    from sphinx_scholar.bib.biblatex import language_tag

    assert [language_tag(name) for name in ("ngerman", "German", "brazilian", "de-AT", "Mandarin", "")] == [
        "de", "de", "pt-BR", "de-AT", "", ""]
