"""Formulas as MathML, by latex2mathml, checked: what comes out is XML of MathML's own elements and attributes,
so nothing in a formula reaches a page as markup (``\\text{<script>}``) or as a link (``\\href{javascript:…}``),
and a command latex2mathml does not know is named rather than shown as ``\\foo``. Pages (:mod:`.pages.formulas`)
and ``refs.bib`` fields (:mod:`.bib.latex`) both draw through here.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from html import escape

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


def to_mathml(latex: str, *, display: bool, text_form: str = "") -> str:
    """MathML for a formula, with its text form (``O(n²)``) as ``alttext``, which the CV's PDF prints (WeasyPrint
    draws no MathML)."""
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
    alternative = escape(without_dollars(text_form) or formula_text(latex), quote=True)
    return mathml.replace("<math ", f'<math alttext="{alternative}" ', 1)


def formula_text(latex: str) -> str:
    from .bib.latex import plain

    return without_dollars(plain(f"${latex}$"))


def without_dollars(text: str) -> str:
    """A formula's text form kept as written (``$\\frac{a}{b}$``), without its dollars: an ``alttext`` is math."""
    return text[1:-1] if len(text) > 1 and text.startswith("$") and text.endswith("$") else text
