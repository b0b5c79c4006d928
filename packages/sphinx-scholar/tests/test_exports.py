"""Real-world BibTeX (tests/roots/test-exports): invented papers written as DBLP, Google Scholar, the ACM Digital
Library, arXiv and Semantic Scholar export them build as pasted, show right, and are read right by clients that
follow Google Scholar's tags, as Zotero's Embedded Metadata translator does."""

from __future__ import annotations

import json

import pytest
from engine_helpers import soup
from sphinx_scholar.bib.catalog import build_catalog
from sphinx_scholar.bib.latex import latex_problems, plain
from sphinx_scholar.settings import ScholarSettings
from sphinx_scholar.testing import sphinx_scholar_command
from sphinx_scholar.web.metadata import scholar_tags

pytestmark = pytest.mark.sphinx("html", testroot="exports")

PEER_REVIEWED = ["dblp-conf-hpdc-anderseno24", "pub-10-1145-5555555-5555557", "andersen2023tides",
                 "okonkwo2021storage", "andersen2020journal"]
PREPRINTS = ["dblp-journals-corr-abs-2509-01234", "okonkwo2025sparse", "okonkwo2024reef", "okonkwo2022waveletsft"]
BUTTONS = {
    "dblp-conf-hpdc-anderseno24": ["https://doi.org/10.1145/5555555.5555501"],
    "pub-10-1145-5555555-5555557": ["https://doi.org/10.1145/5555555.5555557"],
    "andersen2023tides": [],
    "okonkwo2021storage": ["https://doi.org/10.5555/storage.2021"],
    "andersen2020journal": ["https://doi.org/10.5555/jio.2020.12"],
    "dblp-journals-corr-abs-2509-01234": ["https://arxiv.org/abs/2509.01234"],
    "okonkwo2025sparse": ["https://arxiv.org/abs/2501.09876"],
    "okonkwo2024reef": ["https://arxiv.org/abs/2403.05678"],
    "okonkwo2022waveletsft": ["https://arxiv.org/abs/2204.04321", "https://api.semanticscholar.org/CorpusID:123456789"],
}


def entry(app, anchor: str):
    return soup(app, "publications.html").find("li", id=anchor)


def test_each_export_lands_in_its_section(built):
    page = soup(built, "publications.html")
    sections = {h.get_text(strip=True).rstrip("¶#"): [li["id"] for li in h.find_next("ul").select("li.pub")]
                for h in page.find_all("h2")}
    assert sections == {"Peer-reviewed": PEER_REVIEWED, "Preprints": PREPRINTS}


def test_one_button_per_address(built):
    for anchor, expected in BUTTONS.items():
        links = [a["href"] for a in entry(built, anchor).select("a.pub-arxiv, a.pub-btn:not(.pub-btn-project)")]
        assert links == expected, anchor


def test_latex_becomes_text_and_markup(built):
    corr = entry(built, "dblp-journals-corr-abs-2509-01234").find("strong", class_="pub-title")
    assert corr.get_text() == "Scaling O(n2) Attention to Long Sequences"
    assert corr.find("math")["alttext"] == "O(n²)" and corr.find("math").find("msup") is not None, "drawn as MathML"
    sparse = entry(built, "okonkwo2025sparse").find("strong", class_="pub-title")
    assert sparse.find("math")["alttext"] == "O(log n)" and sparse.get_text().startswith("Sparse Reefs: Counting in")
    reef = entry(built, "okonkwo2024reef").find("strong", class_="pub-title")
    assert reef.get_text() == "Reef Counting with Été Priors and Bold Claims"
    assert reef.find("strong").get_text() == "Bold"
    edge = entry(built, "dblp-conf-hpdc-anderseno24").find("strong", class_="pub-title")
    assert edge.find("em").get_text() == "Edge"
    citations = " ".join(p.get_text() for p in soup(built, "publications.html").select("div.pub-citation"))
    for latex in ("\\emph", "\\textbf", "$", "{\\'", "--"):
        assert latex not in citations, latex
    bibtex = entry(built, "dblp-conf-hpdc-anderseno24").find("details", class_="pub-bibtex").find("pre").get_text()
    assert "\\emph{Edge}" in bibtex and "{12--24}" in bibtex, "the BibTeX block keeps the entry's own LaTeX"


def test_and_others_is_et_al_never_a_person(built):
    authors = entry(built, "okonkwo2024reef").find("p", class_="pub-authors").get_text()
    assert authors == "Mira\xa0Okonkwo, Tove\xa0Andersen, et al.", "each name kept on one line"
    page = soup(built, "research/scholar-preprint.html")
    assert [m["content"] for m in page.find_all("meta", attrs={"name": "citation_author"})] == [
        "Okonkwo, Mira", "Andersen, Tove"]
    (article,) = [json.loads(s.string) for s in page.find_all("script", type="application/ld+json")]
    assert [author["name"] for author in article["author"]] == ["Mira Okonkwo", "Tove Andersen"]


def test_crossref_gives_the_paper_its_proceedings(built):
    found = entry(built, "dblp-conf-hpdc-anderseno24")
    venue = found.find("p", class_="pub-venue").get_text()
    assert venue == "In Proceedings of the 33rd Invented Symposium on Parallel Computing, IPC\xa02024, pp. 12–24, 2024"
    bibtex = found.find("details", class_="pub-bibtex").find("pre").get_text()
    assert "crossref" not in bibtex
    assert "booktitle    = {Proceedings of the 33rd Invented Symposium on Parallel Computing, {IPC} 2024}," in bibtex
    assert "year         = {2024}," in bibtex
    assert "biburl" in bibtex, "fields the site does not use stay in the BibTeX block"
    assert soup(built, "publications.html").find(id="dblp-conf-hpdc-2024") is None, "proceedings are no paper"


def test_bibtex_block_spells_out_macros(built):
    bibtex = entry(built, "okonkwo2021storage").find("details", class_="pub-bibtex").find("pre").get_text()
    assert "booktitle = {Proceedings of the Invented Symposium on Storage 2021}," in bibtex
    assert "month     = {January}," in bibtex and "ISS" not in bibtex


def zotero_item(page) -> dict:
    """What Zotero's Embedded Metadata translator saves from a page's tags (its rules, as its translation server
    applies them): the item type from the last type-giving citation_* tag, else from DC.type, else a web page
    named after og:site_name; the container from citation_journal_title or citation_inbook_title; a report's
    institution and number; a preprint's repository (citation_publisher) and archive ID (the report number)."""
    type_of = {"citation_journal_title": "journalArticle", "citation_technical_report_institution": "report",
               "citation_conference_title": "conferencePaper", "citation_inbook_title": "bookSection",
               "citation_dissertation_institution": "thesis"}
    metas = [(meta.get("name", ""), meta.get("content", "")) for meta in page.find_all("meta")]
    given = [type_of[name] for name, _ in metas if name in type_of]
    dc_type = next((content for name, content in metas if name == "DC.type"), "")
    item: dict = {"itemType": given[-1] if given else dc_type or "webpage"}
    preprint = item["itemType"] == "preprint"
    for name, content in metas:
        if name in ("citation_journal_title", "citation_inbook_title"):
            item["publicationTitle"] = content
        if name == "citation_conference_title":
            item["conferenceName"] = content
        if name == "citation_technical_report_institution":
            item["institution"] = content
        if name == "citation_technical_report_number":
            item["archiveID" if preprint else "reportNumber"] = content
        if name == "citation_publisher" and preprint:
            item["repository"] = content
        if name == "citation_doi":
            item["DOI"] = content
    if item["itemType"] == "webpage" and (site := page.find("meta", property="og:site_name")):
        item["publicationTitle"] = site["content"]
    return item


@pytest.mark.parametrize(("page", "expected"), [
    ("conference", {"itemType": "conferencePaper", "DOI": "10.1145/5555555.5555501",
                    "publicationTitle": "Proceedings of the 33rd Invented Symposium on Parallel Computing, IPC 2024",
                    "conferenceName": "Proceedings of the 33rd Invented Symposium on Parallel Computing, IPC 2024"}),
    ("acm", {"itemType": "conferencePaper", "DOI": "10.1145/5555555.5555557",
             "publicationTitle": "Proceedings of the Invented Symposium on Systems",
             "conferenceName": "Proceedings of the Invented Symposium on Systems"}),
    ("journal", {"itemType": "journalArticle", "publicationTitle": "Journal of Invented Oceanography",
                 "DOI": "10.5555/jio.2020.12"}),
    ("corr", {"itemType": "preprint", "repository": "arXiv", "archiveID": "arXiv:2509.01234",
              "DOI": "10.48550/ARXIV.2509.01234"}),
    ("scholar-preprint", {"itemType": "preprint", "repository": "arXiv", "archiveID": "arXiv:2403.05678",
                          "DOI": "10.48550/arXiv.2403.05678"}),
])
def test_read_right_by_a_reference_manager(built, page, expected):
    document = soup(built, f"research/{page}.html")
    assert zotero_item(document) == expected
    assert document.find("meta", property="og:type")["content"] == "article"
    assert document.find("meta", property="og:site_name"), "every page names the site; the item's type keeps it out"


def test_preprints_keep_their_arxiv_identifier(built):
    page = soup(built, "research/arxiv.html")
    assert page.find("meta", attrs={"name": "citation_arxiv_id"})["content"] == "2501.09876"
    assert page.find("meta", attrs={"name": "citation_technical_report_number"})["content"] == "arXiv:2501.09876"
    assert page.find("meta", attrs={"name": "citation_pdf_url"}) is None
    title = page.find("meta", attrs={"name": "citation_title"})["content"]
    assert title == "Sparse Reefs: Counting in O(log n) Time"


def test_list_pages_stay_web_pages(built):
    page = soup(built, "publications.html")
    assert page.find("meta", property="og:type")["content"] == "website"
    assert page.find("meta", attrs={"name": "citation_title"}) is None


def test_lint_agrees_with_the_build(rootdir):
    result = sphinx_scholar_command(rootdir / "test-exports", "lint")
    assert result.returncode == 0, result.stderr


def test_addresses_pasted_from_dblp_lead_where_the_publisher_put_them():
    """DBLP escapes addresses for LaTeX (NeurIPS' paper\\_files): the link and the DOI are the real ones, and the
    BibTeX visitors copy stays as written."""
    text = r"""@inproceedings{DBLP:conf/nips/OkonkwoA23,
  author    = {Mira Okonkwo and Lars Andersen},
  title     = {Invented Attention at Scale},
  booktitle = {Advances in Neural Information Processing Systems 36},
  year      = {2023},
  url       = {http://papers.nips.cc/paper\_files/paper/2023/hash/0a1b-Abstract-Conference.html},
  doi       = {10.5555/nips\_2023.1},
}
"""
    (paper,) = build_catalog(text, "refs.bib", ScholarSettings()).publications
    assert {link.label: link.url for link in paper.links} == {
        "DOI": "https://doi.org/10.5555/nips_2023.1",
        "Proceedings": "http://papers.nips.cc/paper_files/paper/2023/hash/0a1b-Abstract-Conference.html"}
    assert r"paper\_files" in paper.bibtex


#: LaTeX that DBLP, Google Scholar, the ACM, arXiv and Zotero write in titles and names, and the text it is.
EXPORTED_LATEX = [
    (r"G\"{o}del, \"o, {\"u}", "Gödel, ö, ü"), (r"Caf\'e, {\'{e}}", "Café, é"),
    (r"Fran\c{c}ois, {\c C}", "François, Ç"),
    (r"Stra\ss e, \ss{}", "Straße, ß"), (r"\v{S}ime\v{c}ek \L{}ukasz {\o}", "Šimeček Łukasz ø"),
    (r"R\&D at 50\% in C\#", "R&D at 50% in C#"), (r"\textit{a} \emph{b} \textbf{c} {\em d} {\bf e}", "a b c d e"),
    (r"\url{https://x.org/a_b}", "https://x.org/a_b"), (r"\href{https://x.org}{Click} here", "Click here"),
    (r"\LaTeX{} and \TeX", "LaTeX and TeX"), ("1--2, a---b, a~b", "1–2, a—b, a b"),
    (r"{\relax Ch}ristopher", "Christopher"),
    (r"x\textsuperscript{2} H\textsubscript{2}O", "x² H₂O"), (r"it\textquoteright s \enquote{so}\dots", "it’s “so”…"),
    (r"\textbackslash{} \{x\} a\slash b", r"\ {x} a/b"), ("$O(n^2)$ in $\\mathcal{O}(\\log n)$", "O(n²) in O(log n)"),
    (r"$\alpha \leq \beta \to \infty$", "α ≤ β → ∞"), (r"\noopsort{a}Zed", "Zed"),
]


@pytest.mark.parametrize(("latex", "text"), EXPORTED_LATEX)
def test_latex_exports_write_is_text_and_no_problem(latex, text):
    assert plain(latex) == text
    assert latex_problems(latex) == []


def test_a_formula_with_a_command_it_cannot_render_stays_as_written():
    """Never glued ("fracab"): a formula whose commands this reader has no character for is kept whole,
    dollars and all, as arXiv's own citation_title keeps a title's TeX."""
    assert plain(r"On $\frac{a}{b}$ and $\sqrt{n}$ things") == r"On $\frac{a}{b}$ and $\sqrt{n}$ things"
    assert latex_problems(r"On $\frac{a}{b}$ things") == []


def test_a_link_command_shows_its_text_in_the_title_its_metadata_and_the_citation():
    entry = ("@misc{linked,\n  title = {\\href{https://x.org/paper}{Click} Here},\n  author = {Doe, Jane},\n"
             "  year = {2024},\n}\n")
    catalog = build_catalog(entry, "refs.bib", ScholarSettings())
    assert catalog.by_key["linked"].title == "Click Here"
    assert '<meta name="citation_title" content="Click Here">' in scholar_tags(catalog.by_key["linked"])
    assert "Click Here" in catalog.formatted["linked"].citation_text
    assert "href" not in catalog.formatted["linked"].citation_text



def test_months_are_read_in_english_whatever_the_machines_language(monkeypatch):
    """Sphinx sets the machine's locale, which ``calendar.month_name`` follows (German: Mai, Oktober): BibTeX's
    months, as every service exports them, are English."""
    import calendar

    from sphinx_scholar.bib.biblatex import month_number

    monkeypatch.setattr(calendar, "month_name", ["", "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli",
                                                 "August", "September", "Oktober", "November", "Dezember"])
    written = ["may", "Mar", "october", 'sep # "~4"', "September~4", "Dec.", "3", "13", "ma", ""]
    assert [month_number(value) for value in written] == [5, 3, 10, 9, 9, 12, 3, 0, 0, 0]
