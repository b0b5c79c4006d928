"""LaTeX in .bib fields turned into text and markup, as exports from DBLP, Google Scholar, ACM or arXiv write it.

:func:`rich` gives pybtex rich text: ``\\emph``/``\\textit`` become emphasis, ``\\textbf`` bold, ``\\texttt`` code,
math loses its ``$`` and keeps ``^``/``_`` as superscript and subscript; accents, dashes, quotes and symbols
become their characters (through latexcodec, which pybtex uses); braces that only protect case go. :func:`plain`
gives the same as plain text, with no LaTeX left (for meta tags, JSON-LD, search and headings). Most fields
hold no LaTeX, and for them both are a no-op.

:func:`latex_problems` names what the reader cannot render instead of mangling it: a command outside math that
no table here nor latexcodec knows, a ``$`` that opens math and never closes it, and a formula latex2mathml
cannot draw (:mod:`..mathml`). A formula is tagged with its LaTeX, which a page draws as MathML; its text form
(``O(n²)``, or the formula as written, dollars and all, as arXiv's own ``citation_title`` keeps a title's TeX,
where a command has no character here: never "fracab") is what meta tags, search, feeds and the CV's PDF carry.
"""

from __future__ import annotations

import codecs
import re
from functools import cache
from typing import TYPE_CHECKING

import latexcodec  # noqa: F401 - registers the "ulatex" codec
from pybtex.backends.plaintext import Backend as TextBackend
from pybtex.richtext import Tag, Text

from ..mathml import FormulaError, to_mathml

if TYPE_CHECKING:
    from pybtex.database import Person

#: pybtex looks a backend up by entry point on every ``render_as``, which is slow with many packages installed.
TEXT_BACKEND = TextBackend()
LATEX_MARKS = re.compile(r"[\\{}$~%`'^_&#]|--|``")
COMMAND = re.compile(r"\\([A-Za-z]+)\s*")
#: Commands whose argument is text with a style; None keeps the text without one.
STYLE_COMMANDS = {
    "emph": "em", "textit": "em", "textsl": "em", "mathit": "em", "textbf": "strong", "mathbf": "strong",
    "texttt": "tt", "mathtt": "tt", "textsuperscript": "sup", "textsubscript": "sub",
    "textrm": None, "textsf": None, "textsc": None, "textup": None, "textnormal": None, "mbox": None,
    "text": None, "mathrm": None, "mathsf": None, "mathcal": None, "mathbb": None, "url": None, "path": None,
    "ensuremath": None, "hbox": None, "NoCaseChange": None,
    # biblatex's own
    "mkbibemph": "em", "mkbibitalic": "em", "mkbibbold": "strong",
}
#: The tag of a formula's text form, followed by its LaTeX.
FORMULA_TAG = "formula:"
#: Commands whose argument is a quotation (biblatex's, csquotes').
QUOTE_COMMANDS = {"enquote", "mkbibquote"}
#: Commands that print nothing of their own (``{\\relax Ch}ristopher``, ``\\noopsort{a}`` for sorting).
SILENT_COMMANDS = {"relax", "protect", "noopsort", "nocite", "label", "index", "xspace", "hspace", "vspace"}
#: Text commands latexcodec does not decode: characters as exports escape them (quotes, symbols), the TeX logos.
TEXT_SYMBOLS = {
    "LaTeX": "LaTeX", "LaTeXe": "LaTeX2e", "TeX": "TeX", "BibTeX": "BibTeX", "textbackslash": "\\",
    "textquoteleft": "\u2018", "textquoteright": "\u2019", "textquotedblleft": "\u201c",
    "textquotedblright": "\u201d", "textquotesingle": "'", "quotedblbase": "\u201e", "guilsinglleft": "\u2039",
    "guilsinglright": "\u203a", "dots": "\u2026", "textellipsis": "\u2026", "textunderscore": "_", "textless": "<",
    "textgreater": ">", "textbar": "|", "textbraceleft": "{", "textbraceright": "}", "textdollar": "$",
    "textpercent": "%", "textasciicircum": "^", "textasciigrave": "`", "textsection": "\u00a7",
    "textparagraph": "\u00b6", "euro": "\u20ac", "texteuro": "\u20ac", "textcent": "\u00a2",
    "textdagger": "\u2020", "textdaggerdbl": "\u2021", "textmu": "\u00b5", "texttimes": "\u00d7",
    "textdiv": "\u00f7", "textminus": "\u2212", "textexclamdown": "\u00a1", "textquestiondown": "\u00bf",
    "textonehalf": "\u00bd", "textonequarter": "\u00bc", "textthreequarters": "\u00be", "textnumero": "\u2116",
    "textcelsius": "\u2103", "textordfeminine": "\u00aa", "textordmasculine": "\u00ba",
    "textperthousand": "\u2030", "checkmark": "\u2713", "ng": "\u014b", "NG": "\u014a", "j": "\u0237", "slash": "/",
    "nobreakspace": "\u00a0", "space": " ", "quad": " ", "qquad": " ", "enspace": " ", "thinspace": " ",
    "newline": " ", "linebreak": " ",
}
#: Math commands latexcodec does not decode, and operators, which show as their names (``\\log n``).
MATH_SYMBOLS = {
    "to": "\u2192", "ge": "\u2265", "le": "\u2264", "mapsto": "\u21a6", "equiv": "\u2261", "propto": "\u221d",
    "hbar": "\u210f", "star": "\u22c6", "circ": "\u2218", "oplus": "\u2295", "otimes": "\u2297",
    "langle": "\u27e8", "rangle": "\u27e9", "lfloor": "\u230a", "rfloor": "\u230b", "lceil": "\u2308",
    "rceil": "\u2309", "mid": "\u2223", "vert": "|", "Vert": "\u2016", "prime": "\u2032", "top": "\u22a4",
    "perp": "\u22a5", "varepsilon": "\u03b5", "cdots": "\u22ef", "dots": "\u2026", "colon": ":",
    **{name: name for name in ("log", "ln", "lg", "exp", "sin", "cos", "tan", "cot", "sec", "csc", "arcsin",
                               "arccos", "arctan", "sinh", "cosh", "tanh", "max", "min", "sup", "inf", "lim",
                               "limsup", "liminf", "det", "dim", "ker", "deg", "gcd", "hom", "arg", "Pr")},
}
#: Commands of one sign that are no accent: spacing, a brace, a line break, and what only guides TeX's layout
#: (italic correction ``\\/``, ``\\@``, a negative space ``\\!``).
SIGN_COMMANDS = {" ": " ", ",": " ", ";": " ", ":": " ", ">": " ", "\\": " ", "{": "{", "}": "}",
                 "/": "", "@": "", "!": ""}
#: Commands whose first argument is an address and second the text shown (``\\href{url}{text}``).
LINK_COMMANDS = {"href"}
#: Old-style declarations, ``{\bf bold}``: they style the rest of their group.
DECLARATIONS = {"bf": "strong", "bfseries": "strong", "em": "em", "it": "em", "itshape": "em", "sl": "em",
                "tt": "tt", "ttfamily": "tt", "sc": None, "rm": None, "sf": None, "normalfont": None}
#: Accents whose argument latexcodec reads itself: ``\c{c}``, ``\v{s}``.
ACCENTS = {"c", "v", "u", "H", "k", "r", "d", "b", "t"}
SUPERSCRIPTS = str.maketrans("0123456789+-=()n", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿ")
SUBSCRIPTS = str.maketrans("0123456789+-=()", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎")
LEFTOVER_COMMAND = re.compile(r"\\([A-Za-z]+)\s?|\\(.)")
MATH_COMMAND = re.compile(r"\\([A-Za-z]+)")
#: An accent on a dotless i or j (\"{\i}) is the accent on i or j.
DOTLESS = re.compile(r"\\([`'^\"~=.])\{\\([ij])\}")
#: Accents written with a symbol (\'e, \"{o}), read whole by latexcodec with their argument.
SYMBOL_ACCENTS = set("'\"^`~=.")


def decode(latex: str, math: bool) -> str:
    """Characters for accents, dashes, quotes and symbols; commands it does not know lose their backslash."""
    if math:  # only the commands are math (\alpha, \leq); the rest is as written, \log as log
        text = MATH_COMMAND.sub(lambda match: math_symbol(match.group(1)) or match.group(0), latex)
    else:
        core = DOTLESS.sub(r"\\\1{\2}", latex.strip())
        text = latex[: len(latex) - len(latex.lstrip())] + latex_to_text(core) if core else latex
        text += latex[len(latex.rstrip()) :] if core else ""
    text = LEFTOVER_COMMAND.sub(lambda match: match.group(1) or (" " if match.group(2) in ",;: " else
                                                                   match.group(2)), text)
    return text.replace("{", "").replace("}", "")


def latex_to_text(latex: str) -> str:
    try:
        return codecs.decode(latex, "ulatex")
    except (UnicodeDecodeError, ValueError):  # a stray backslash, say: keep the text without it
        return latex.replace("\\", "")


@cache
def math_symbol(name: str) -> str:
    """The character of a math command (``alpha`` gives α), an operator's name (``log``), or '' for one it
    cannot render."""
    symbol = codecs.decode(f"$\\{name}$", "ulatex").strip("$ ")
    return MATH_SYMBOLS.get(name, "") if "\\" in symbol or not symbol else symbol


@cache
def is_text_symbol(name: str) -> bool:
    """Whether latexcodec reads the text command ``\\name`` as a character (``\\ss``, ``\\textendash``)."""
    return "\\" not in codecs.decode(f"\\{name}", "ulatex")


class Reader:
    """A small reader of the LaTeX that titles and venues hold, into pybtex rich text parts; what it cannot
    render it keeps in :attr:`problems`, one phrase each."""

    def __init__(self, latex: str, decoding: bool = True):
        self.latex = latex
        self.pos = 0
        self.decoding = decoding  # without, it only finds problems: latexcodec is the slow part of reading
        self.problems: list[str] = []
        self.formula_unreadable = False  # the formula being read has a command this reader cannot render

    def parts(self, closing: str = "", math: bool = False) -> list:
        parts: list = []
        pending: list[str] = []

        def flush() -> None:
            if pending and self.decoding:
                parts.append(decode("".join(pending), math))
            pending.clear()

        latex = self.latex
        while self.pos < len(latex):
            char = latex[self.pos]
            if closing and char == closing:
                self.pos += 1
                flush()
                return parts
            if char == "{":
                flush()
                self.pos += 1
                parts.extend(self.parts("}", math))
            elif char == "$" and not math:
                flush()
                parts.extend(self.formula())
            elif math and char in "^_":
                flush()
                self.pos += 1
                parts.append(Tag("sup" if char == "^" else "sub", *self.argument(math)))
            elif char == "\\" and (command := COMMAND.match(latex, self.pos)):
                name = command.group(1)
                if name in DECLARATIONS:
                    flush()
                    self.pos = command.end()
                    style = DECLARATIONS[name]
                    rest = self.parts(closing, math)
                    parts.append(Tag(style, *rest) if style else Text(*rest))
                    return parts
                if name in SILENT_COMMANDS or name in LINK_COMMANDS:
                    flush()
                    self.pos = command.end()
                    if name in LINK_COMMANDS or (name != "relax" and latex.startswith("{", self.pos)):
                        self.argument(math)  # the address, or what a silent command takes
                    if name in LINK_COMMANDS:
                        parts.extend(self.argument(math))
                elif name in STYLE_COMMANDS or name in QUOTE_COMMANDS:
                    flush()
                    self.pos = command.end()
                    argument = self.argument(math or name == "ensuremath")
                    style = STYLE_COMMANDS.get(name)
                    if name in QUOTE_COMMANDS:
                        argument = ["\u201c", *argument, "\u201d"]
                    parts.append(Tag(style, *argument) if style else Text(*argument))
                elif name in ACCENTS and not math and latex.startswith("{", command.end()):
                    close = latex.find("}", command.end())
                    pending.append(latex[self.pos : close + 1 if close > 0 else len(latex)])
                    self.pos = close + 1 if close > 0 else len(latex)
                elif name in TEXT_SYMBOLS and not math:
                    flush()  # not through latexcodec: the symbol may be one of its marks ($, %)
                    parts.append(TEXT_SYMBOLS[name])
                    self.pos = command.end()
                elif self.is_unknown(name, math):
                    flush()
                    parts.append(command.group(0))  # as written: its name glued to its argument reads as a word
                    self.pos = command.end()
                else:
                    pending.append(command.group(0))
                    self.pos = command.end()
            elif char == "\\" and latex[self.pos + 1 : self.pos + 2] in SIGN_COMMANDS:
                flush()
                parts.append(SIGN_COMMANDS[latex[self.pos + 1]])
                self.pos += 2
            elif char == "\\" and latex[self.pos + 1 : self.pos + 2] in SYMBOL_ACCENTS and not math \
                    and latex.startswith("{", self.pos + 2):
                close = latex.find("}", self.pos + 2)
                end = close + 1 if close > 0 else len(latex)
                pending.append(latex[self.pos : end])
                self.pos = end
            elif char == "\\":
                pending.append(latex[self.pos : self.pos + 2])
                self.pos += 2
            else:
                pending.append(char)
                self.pos += 1
        flush()
        if closing == "$":
            self.problems.append("unclosed $: close the formula with a second $, or write \\$ for a dollar sign")
        return parts

    def formula(self) -> list:
        """The formula starting at the ``$`` at the reading position: as text and markup where every command
        in it has a character here, else as written (rendering formulas is not this reader's job)."""
        start = self.pos
        self.pos += 1
        self.formula_unreadable = False
        parts = self.parts("$", math=True)
        latex = self.latex[start + 1 : self.pos - 1]
        if not self.decoding:
            try:
                to_mathml(latex, display=False)
            except FormulaError as problem:
                self.problems.append(f"the formula '{latex}' {problem}")
            return parts
        text_form = self.latex[start : self.pos] if self.formula_unreadable else plain_text(Text(*parts))
        # A page draws it from its LaTeX (formatting.citation_nodes); any other reader keeps the text form.
        return [Tag(FORMULA_TAG + latex, text_form)]

    def is_unknown(self, name: str, math: bool) -> bool:
        """Whether a command outside a formula is one nothing here renders, noted then in :attr:`problems`; one
        inside a formula marks the formula to be kept as written instead."""
        if math:
            self.formula_unreadable = self.formula_unreadable or not math_symbol(name)
            return False
        if name in ACCENTS or is_text_symbol(name):
            return False
        problem = f"unknown LaTeX command \\{name}: write what it stands for as text"
        if problem not in self.problems:
            self.problems.append(problem)
        return True

    def argument(self, math: bool) -> list:
        """A command's argument: a braced group, or the next character."""
        while self.pos < len(self.latex) and self.latex[self.pos] == " ":
            self.pos += 1
        if self.latex.startswith("{", self.pos):
            self.pos += 1
            return self.parts("}", math)
        char = self.latex[self.pos : self.pos + 1]
        self.pos += len(char)
        return [decode(char, math)] if char else []


def rich(latex: str) -> Text:
    """A field as pybtex rich text (see the module's docstring)."""
    if not LATEX_MARKS.search(latex):
        return Text(latex)
    return Text(*Reader(latex).parts())


def latex_problems(latex: str) -> list[str]:
    """What :func:`rich` and :func:`plain` cannot render in a field, one phrase each (see the module's
    docstring); none for a field they read whole."""
    if not LATEX_MARKS.search(latex):
        return []
    reader = Reader(latex, decoding=False)
    reader.parts()
    return reader.problems


def plain_text(text: Text) -> str:
    """Rich text as plain text: superscript and subscript digits as their Unicode forms."""
    pieces = []
    for part in text.parts:
        if isinstance(part, Tag) and part.name in ("sup", "sub"):
            inner = plain_text(Text(*part.parts))
            table, mark = (SUPERSCRIPTS, "^") if part.name == "sup" else (SUBSCRIPTS, "_")
            converted = inner.translate(table)
            pieces.append(converted if all(ord(c) > 127 for c in converted.replace(" ", "")) else f"{mark}{inner}")
        elif isinstance(part, (Text, Tag)):
            pieces.append(plain_text(Text(*part.parts)))
        else:
            pieces.append(str(part.render(TEXT_BACKEND)) if hasattr(part, "render") else str(part))
    return "".join(pieces)


def plain(latex: str) -> str:
    """A field's text without LaTeX markup."""
    if not LATEX_MARKS.search(latex):
        return latex.strip()
    return " ".join(plain_text(rich(latex)).split())


def name_parts(person: Person) -> list[str]:
    """The words of a name as BibTeX split it, first names first."""
    return person.first_names + person.middle_names + person.prelast_names + person.last_names + person.lineage_names


def display_name(person: Person) -> str:
    """First names first, as the plain name style writes them."""
    return " ".join(plain(part) for part in name_parts(person))


def person_key(person: Person) -> str:
    """A name in one comparable form: 'Lovelace, Ada' and 'Ada Lovelace' give 'ada lovelace'."""
    return display_name(person).lower()


def surname(person: Person) -> str:
    return " ".join(plain(part) for part in person.prelast_names + person.last_names)


def given_name(person: Person) -> str:
    return " ".join(plain(part) for part in person.first_names + person.middle_names)


def suffix(person: Person) -> str:
    """What BibTeX calls a name's lineage: "Jr.", "III"."""
    return " ".join(plain(part) for part in person.lineage_names)


def is_others(person: Person) -> bool:
    """BibTeX's ``and others``: the list goes on, and no one is named."""
    return str(person).strip().lower() == "others"
