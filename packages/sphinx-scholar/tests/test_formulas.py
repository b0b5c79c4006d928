"""Formulas are drawn as MathML when the site is built: no script, no other host; a formula that cannot be
drawn, or would publish markup or a link, is one line naming file and line."""

from __future__ import annotations

import pytest
from test_validation import ROOT, lint, problems_of_build, site_with_bib

PAGE = "---\norphan: true\n---\n\n# Page\n\n{text}\n"
FORMULAS = r"""The cost is $O(n^2)$ and the ratio {math}`\frac{p-1}{m}`.

$$
B = \frac{p - 1}{m + p - 1}
$$ (bubble)

By {eq}`bubble`, and by {eq}`volume`:

```{math}
:label: volume
V = 2 (p - 1) \frac{N}{p}
```

\begin{equation}
T = \sum_{i=1}^{p} t_i
\end{equation}
"""


def test_formulas_are_mathml_in_the_page_with_no_script(make_app, tmp_path):
    source = site_with_bib(tmp_path, (ROOT / "refs.bib").read_text())
    (source / "page.md").write_text(PAGE.format(text=FORMULAS), encoding="utf-8")
    app = make_app("html", srcdir=source, warningiserror=True)
    app.build()
    assert app.statuscode == 0 and lint(source).returncode == 0
    html = (app.outdir / "page.html").read_text(encoding="utf-8")
    assert html.count('<math alttext="O(n²)" xmlns="http://www.w3.org/1998/Math/MathML" display="inline">') == 1
    assert html.count('xmlns="http://www.w3.org/1998/Math/MathML" display="inline">') == 2
    assert html.count('xmlns="http://www.w3.org/1998/Math/MathML" display="block">') == 3
    assert '<msup><mi>n</mi><mn>2</mn></msup>' in html
    assert 'class="eqno">(1)' in html and 'class="eqno">(2)' in html and 'href="#equation-bubble"' in html
    assert "mathjax" not in html.lower() and "$" not in html.split("<article")[1]


@pytest.mark.parametrize(("formula", "problem"), [
    (r"$\frac{a}{$", "cannot be read: it ends before a brace or a command is complete"),
    (r"$\text{<script>alert(1)</script>}$", "holds markup"),
    (r"$\href{javascript:alert(1)}{x}$", "links somewhere (href=)"),
    (r"$\foo{x}$", r"uses \foo, a command latex2mathml does not know"),
])
def test_a_formula_that_cannot_be_drawn_safely_is_one_line(make_app, tmp_path, formula, problem):
    source = site_with_bib(tmp_path, (ROOT / "refs.bib").read_text())
    (source / "page.md").write_text(PAGE.format(text=f"A formula: {formula}."), encoding="utf-8")
    lines = problems_of_build(make_app, source)
    assert len(lines) == 1 and "page.md:7: ERROR: the formula" in lines[0] and problem in lines[0], lines
    linted = lint(source)
    assert linted.returncode == 1 and linted.stderr.splitlines() == [lines[0].split(" ERROR: ")[0].rsplit("/", 1)[1]
                                                                     + " " + lines[0].split(" ERROR: ")[1]]


def test_a_formula_in_a_bib_title_is_drawn_and_prints_as_text(tmp_path):
    import shutil

    from engine_helpers import TESTS, page
    from pypdf import PdfReader
    from sphinx_scholar.testing import sphinx_build

    site = tmp_path / "site"
    shutil.copytree(TESTS / "roots" / "test-site", site)
    bib = site / "refs.bib"
    bib.write_text(bib.read_text().replace("{Notes on the Sketch of the Analytical Engine},", "{Notes on the "
                                           r"$\mathcal{O}(n^2)$ Sketch of the Analytical Engine}, abstract = {"
                                           r"It runs in $\Theta(n \log n)$ steps.},"))
    result = sphinx_build(site, tmp_path / "html")
    assert result.returncode == 0, result.stderr
    title = page(tmp_path / "html", "publications/index.html").find("math").parent
    assert title.get_text().startswith("Notes on the") and title.find("math")["alttext"] == "O(n²)"
    assert title.find("math").find("msup") is not None, "drawn, not glued into text"
    paper = page(tmp_path / "html", "publications/papers/lovelace2022notes.html")
    text_form = "Notes on the O(n²) Sketch of the Analytical Engine"
    assert paper.find("meta", attrs={"name": "citation_title"})["content"] == text_form
    abstract = paper.select_one("section#abstract p")
    assert abstract.find("math") is not None and abstract.get_text().startswith("It runs in")
    assert paper.find("meta", attrs={"name": "citation_abstract"})["content"] == "It runs in Θ(n log n) steps."
    printed = "\n".join(sheet.extract_text() for sheet in PdfReader(tmp_path / "html" / "cv.pdf").pages)
    assert text_form in printed


def test_a_bib_formula_that_cannot_be_drawn_is_one_line_naming_entry_and_field(tmp_path):
    source = site_with_bib(tmp_path, (ROOT / "refs.bib").read_text().replace(
        "title         = {TIDES: Mechanism of the Heavens}", r"title         = {TIDES: $\foo{x}$ of the Heavens}"))
    result = lint(source)
    found = [line for line in (result.stdout + result.stderr).splitlines() if "somerville2025tides" in line]
    assert found == [r"refs.bib:26: somerville2025tides: title: the formula '\foo{x}' uses \foo, a command "
                     "latex2mathml does not know"], found


@pytest.mark.parametrize(("summary", "problem"), [
    ("In $O(n \\log n)$ steps.", None),
    ("In $\\foo{n}$ steps.", "summary: the formula '\\foo{n}' uses \\foo"),
])
def test_a_summary_formula_is_drawn_on_the_cards_or_is_one_line(tmp_path, summary, problem):
    import shutil

    from engine_helpers import TESTS, page
    from sphinx_scholar.testing import sphinx_build

    site = tmp_path / "site"
    shutil.copytree(TESTS / "roots" / "test-site", site)
    engine = site / "research" / "engine.md"
    engine.write_text(engine.read_text().replace("summary: An engine that computes Bernoulli numbers.",
                                                 f"summary: '{summary}'"))
    result = sphinx_build(site, tmp_path / "html")
    if problem is None:
        assert result.returncode == 0, result.stderr
        card = page(tmp_path / "html", "research/index.html").select_one("p.project-card-summary math")
        assert card is not None and card["alttext"] == "O(n log n)"
    else:
        lines = [line for line in result.stderr.splitlines() if "engine.md" in line]
        assert len(lines) == 1 and f"engine.md:3: ERROR: {problem}" in lines[0], result.stderr
