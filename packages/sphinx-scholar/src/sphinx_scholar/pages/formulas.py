"""Formulas drawn when the site is built: ``$O(n^2)$``, ``$$…$$`` (with labels and numbers), the ``{math}`` role
and directive become MathML in the page, which browsers draw with no script, no other host and no layout shift
(Sphinx's default loads MathJax from a CDN).

Each formula is converted by latex2mathml as its page is read, so a formula that cannot be drawn is one line
naming file, line and why, in the build. What comes out is checked as XML against MathML's own elements and
attributes: nothing in a formula reaches the page as markup (``\\text{<script>}``) or as a link
(``\\href{javascript:…}``), and a command latex2mathml does not know is named rather than shown as ``\\foo``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.locale import _
from sphinx.util.math import get_node_equation_number
from sphinx.writers.html5 import HTML5Translator

from ..errors import report_error

RENDERER = "sphinx_scholar_mathml"
MATHML = "{http://www.w3.org/1998/Math/MathML}"
#: MathML's presentation elements: anything else in the output came from the formula's text.
ELEMENTS = {
    "math", "mrow", "mi", "mo", "mn", "ms", "mtext", "mspace", "msup", "msub", "msubsup", "mfrac", "msqrt",
    "mroot", "mover", "munder", "munderover", "mtable", "mtr", "mtd", "mlabeledtr", "mstyle", "mpadded",
    "mphantom", "menclose", "merror", "mmultiscripts", "mprescripts", "none", "semantics", "annotation", "mfenced",
    "maligngroup", "malignmark",
}
#: Attributes that load or link something, or run code.
REFUSED_ATTRIBUTE = re.compile(r"^(href|src|xlink:href|.*:href|on.*|actiontype)$", re.IGNORECASE)
KEY = "mathml"
#: What latex2mathml's exceptions mean, in the writer's terms.
MISTAKES = {
    "NoAvailableTokensError": "it ends before a brace or a command is complete",
    "MissingEndError": "a \\begin{…} has no \\end{…}",
    "ExtraLeftOrMissingRightError": "a \\left has no \\right",
    "MissingSuperScriptOrSubscriptError": "a ^ or _ has nothing after it",
    "DoubleSuperscriptsError": "two ^ in a row (group them with braces)",
    "DoubleSubscriptsError": "two _ in a row (group them with braces)",
    "DenominatorNotFoundError": "a fraction has no denominator",
    "NumeratorNotFoundError": "a fraction has no numerator",
}


class FormulaError(ValueError):
    """Why a formula cannot be drawn, in a phrase."""


def to_mathml(latex: str, *, display: bool) -> str:
    from latex2mathml.converter import convert

    try:
        mathml = convert(latex, display="block" if display else "inline")
    except Exception as error:  # latex2mathml raises its own kinds for each mistake of the LaTeX
        name = type(error).__name__
        reason = MISTAKES.get(name) or str(error) or re.sub(r"(?<!^)(?=[A-Z])", " ", name).lower()
        raise FormulaError(f"cannot be read: {reason}") from None
    try:
        root = ElementTree.fromstring(mathml)
    except ElementTree.ParseError:
        raise FormulaError("holds text latex2mathml cannot write as MathML (markup, or an '&' outside an "
                           "alignment it knows)") from None
    for element in root.iter():
        name = element.tag.removeprefix(MATHML)
        if name not in ELEMENTS:
            raise FormulaError(f"holds markup (<{name}>), which a formula does not publish")
        for attribute in element.attrib:
            if REFUSED_ATTRIBUTE.match(attribute.rpartition("}")[2]):
                raise FormulaError(f"links somewhere ({attribute.rpartition('}')[2]}=), which a formula does not")
        if name in ("mi", "mo") and (element.text or "").startswith("\\"):
            raise FormulaError(f"uses {element.text}, a command latex2mathml does not know")
    return mathml


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
    return f"the formula {shorten(latex)!r} {problem}"


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


def visit_inline_html(translator: HTML5Translator, node: nodes.math) -> None:
    translator.body.append(node.get(KEY) or translator.encode(node.astext()))
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
