"""Formulas drawn when the site is built: ``$O(n^2)$``, ``$$…$$`` (with labels and numbers), the ``{math}`` role
and directive become MathML in the page, which browsers draw with no script, no other host and no layout shift
(Sphinx's default loads MathJax from a CDN).

Each formula is converted by latex2mathml as its page is read, so a formula that cannot be drawn is one line
naming file, line and why, in the build; what comes out is checked (:mod:`..mathml`). Formulas that lists of
publications show (a title in refs.bib) are drawn as their page is written, their text form standing in for
one that cannot be.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.locale import _
from sphinx.util.math import get_node_equation_number

from ..errors import report_error
from ..mathml import FormulaError, formula_text, to_mathml

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator

RENDERER = "sphinx_scholar_mathml"
KEY = "mathml"


#: An amsmath environment MyST passes whole; latex2mathml reads what is inside.
EQUATION = re.compile(r"^\s*\\begin\{(equation\*?)\}(.*)\\end\{\1\}\s*$", re.DOTALL)
#: A ``{math}`` directive's options, before its formula.
OPTION = re.compile(r"^:[\w-]+:.*$")


def latex_of(text: str) -> str:
    equation = EQUATION.match(text)
    return equation[2] if equation else text


def formulas_in(tokens: list) -> Iterator[tuple[int, str, bool]]:
    """(line, LaTeX, shown on its own line) for each formula of a page, as MyST's parser finds them."""
    for token in tokens:
        line = token.map[0] + 1 if token.map else 1
        if token.type in ("math_block", "math_block_label", "math_block_eqno", "amsmath"):
            yield line, token.content, True
        elif token.type == "fence" and token.info.strip() == "{math}":
            yield line, "\n".join(row for row in token.content.splitlines() if not OPTION.match(row)), True
        for child in token.children or []:
            if child.type == "math_inline" or (child.type == "myst_role" and child.meta.get("name") == "math"):
                yield line, child.content, False


def formula_problems(tokens: list) -> list[tuple[int, str]]:
    """(line, message) for each formula of a page that cannot be drawn: ``make lint``, as the build says it."""
    problems = []
    for line, latex, display in formulas_in(tokens):
        try:
            to_mathml(latex_of(latex), display=display)
        except FormulaError as problem:
            problems.append((line, formula_message(latex, problem)))
    return problems


def formula_message(latex: str, problem: FormulaError) -> str:
    return f"the formula '{shorten(latex)}' {problem}"


#: A formula within a line of Markdown (front matter's summary): ``$…$``, not an escaped ``\$``.
INLINE_FORMULA = re.compile(r"(?<![\\$])\$(?!\$)([^$\n]+?)(?<!\\)\$")


def formulas_as_text(markdown: str) -> str:
    """A line with its formulas in the text form a feed, a meta tag or a PDF shows (``O(n²)``)."""
    return INLINE_FORMULA.sub(lambda formula: formula_text(formula[1]), markdown)


def formula_runs(text: str) -> Iterator[tuple[str, str]]:
    """A line as runs of (text, the LaTeX of the ``$…$`` formula after it); the last run's formula is ""."""
    position = 0
    for formula in INLINE_FORMULA.finditer(text):
        yield text[position:formula.start()], formula[1]
        position = formula.end()
    yield text[position:], ""


def text_with_formulas(text: str) -> list[nodes.Node]:
    """A line of front matter (a summary) as text and drawn formulas; one that cannot be drawn stays as written
    (the page's front matter is reported: :func:`line_formula_problems`)."""
    parts: list[nodes.Node] = []
    for before, latex in formula_runs(text):
        parts.append(nodes.Text(before))
        if not latex:
            continue
        try:
            mathml = to_mathml(latex, display=False)
        except FormulaError:
            parts.append(nodes.Text(f"${latex}$"))
            continue
        drawn = nodes.math(latex, latex)
        drawn[KEY] = mathml
        parts.append(drawn)
    return [part for part in parts if not isinstance(part, nodes.Text) or part.astext()]


def line_formula_problems(text: str) -> list[str]:
    """Why each formula of a line of front matter cannot be drawn."""
    problems = []
    for formula in INLINE_FORMULA.finditer(text):
        try:
            to_mathml(formula[1], display=False)
        except FormulaError as problem:
            problems.append(formula_message(formula[1], problem))
    return problems


def draw_formulas(app: Sphinx, doctree: nodes.document) -> None:
    """Each formula of the page, drawn once as it is read (the MathML is kept in the doctree)."""
    for node in list(doctree.findall(lambda node: isinstance(node, (nodes.math, nodes.math_block)))):
        try:
            node[KEY] = to_mathml(latex_of(node.astext()), display=isinstance(node, nodes.math_block))
        except FormulaError as problem:
            report_error(app, formula_message(node.astext(), problem), location=node)


def shorten(latex: str) -> str:
    latex = " ".join(latex.split())
    return latex if len(latex) <= 60 else latex[:60] + "…"


def drawn(node: nodes.math) -> str:
    """The MathML of a formula: drawn as its page was read, or now for one a list of publications holds (a
    title in refs.bib), whose text form stands where it cannot be drawn."""
    if KEY not in node:
        try:
            node[KEY] = to_mathml(node.astext(), display=False, text_form=node.get("text_form", ""))
        except FormulaError:
            node[KEY] = ""
    return node[KEY]


def visit_inline_html(translator: HTML5Translator, node: nodes.math) -> None:
    translator.body.append(drawn(node) or translator.encode(node.get("text_form") or node.astext()))
    raise nodes.SkipNode


def visit_block_html(translator: HTML5Translator, node: nodes.math_block) -> None:
    translator.body.append(translator.starttag(node, "div", CLASS="math notranslate nohighlight"))
    if node["number"]:
        translator.body.append(f'<span class="eqno">({get_node_equation_number(translator, node)})')
        translator.add_permalink_ref(node, _("Link to this equation"))
        translator.body.append("</span>")
    translator.body.append(node.get(KEY) or f"<pre>{translator.encode(node.astext())}</pre>")
    translator.body.append("</div>\n")
    raise nodes.SkipNode


def setup_formulas(app: Sphinx) -> None:
    app.add_html_math_renderer(RENDERER, inline_renderers=(visit_inline_html, None),
                               block_renderers=(visit_block_html, None))
    app.connect("doctree-read", draw_formulas)
