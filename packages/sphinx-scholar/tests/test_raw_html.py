"""Raw HTML in a page: markup passes, anything that would run code or load another page fails the build with
one line naming file and line, inline, as a block or in a {raw} html directive, however it is spelled."""

from __future__ import annotations

import pytest
from sphinx_scholar.pages.rawhtml import raw_html_problems
from test_validation import ROOT, problems_of_build, site_with_bib

PAGE = "---\norphan: true\n---\n\n# Page\n\n{html}\n"


@pytest.mark.parametrize(("html", "line", "problem"), [
    ("Inline <script>alert(1)</script> here.", 7, "<script>"),
    ("<script>\nalert(1)\n</script>", 7, "<script>"),
    ("```{raw} html\n<p>Hi</p><SCRIPT src=x></SCRIPT>\n```", 7, "<script>"),
    ("An <img src=x onerror=alert(1)> image.", 7, "an event-handler attribute onerror= on <img>"),
    ('A <a href=" jav&#x61;script:alert(1)">link</a>.', 7, "a 'javascript:alert(1)' address in href= on <a>"),
    ('<iframe src="https://example.com"></iframe>', 7, "<iframe>"),
    ('<object data="x.swf"></object>', 7, "<object>"),
    ('<embed src="x.swf">', 7, "<embed>"),
])
def test_raw_html_that_runs_code_fails_the_build_in_one_line(make_app, tmp_path, html, line, problem):
    source = site_with_bib(tmp_path, (ROOT / "refs.bib").read_text())
    (source / "page.md").write_text(PAGE.format(html=html), encoding="utf-8")
    lines = problems_of_build(make_app, source)
    assert len(lines) == 1 and f"page.md:{line}: ERROR: raw HTML with {problem} is not published" in lines[0], lines


def test_harmless_markup_passes_and_one_setting_allows_everything(make_app, tmp_path):
    source = site_with_bib(tmp_path, (ROOT / "refs.bib").read_text())
    harmless = 'E = mc<sup>2</sup><br><span lang="fr">oui</span> <a href="https://example.com">link</a>'
    (source / "page.md").write_text(PAGE.format(html=harmless), encoding="utf-8")
    app = make_app("html", srcdir=source, warningiserror=True)
    app.build()
    assert app.statuscode == 0
    assert '<span lang="fr">oui</span>' in (app.outdir / "page.html").read_text()


def test_one_setting_publishes_raw_html_as_it_is(make_app, tmp_path):
    source = site_with_bib(tmp_path, (ROOT / "refs.bib").read_text())
    (source / "page.md").write_text(PAGE.format(html='<iframe src="video.html" title="A talk"></iframe>'))
    with (source / "conf.py").open("a") as conf:
        conf.write("scholar_allow_raw_html = True\n")
    app = make_app("html", srcdir=source, warningiserror=True)
    app.build()
    assert app.statuscode == 0 and "<iframe" in (app.outdir / "page.html").read_text()


@pytest.mark.parametrize("html", ['<a href="java\tscript:x">', "<a href='VBScript:x'>", '<img srcdoc="x">',
                                  '<a href="data:text/html,<script>x</script>">', "<body onload=x>"])
def test_every_spelling_of_code_is_found(html):
    assert raw_html_problems(html)
