"""LaTeX in .bib fields turned into text and markup, as exports from DBLP, Google Scholar, ACM or arXiv write it.

:func:`rich` gives pybtex rich text: ``\\emph``/``\\textit`` become emphasis, ``\\textbf`` bold, ``\\texttt`` code,
math loses its ``$`` and keeps ``^``/``_`` as superscript and subscript; accents, dashes, quotes and symbols
become their characters (through latexcodec, which pybtex uses); braces that only protect case go. :func:`plain`
gives the same as plain text, with no LaTeX left (for meta tags, JSON-LD, search and headings). Most fields
hold no LaTeX, and for them both are a no-op.
"""

from __future__ import annotations

import codecs
import re

import latexcodec  # noqa: F401 - registers the "ulatex" codec
from pybtex.backends.plaintext import Backend as TextBackend
from pybtex.database import Person
from pybtex.richtext import Tag, Text

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
    "ensuremath": None,
}
#: Commands that print nothing of their own (``{\\relax Ch}ristopher``, ``\\noopsort{a}`` for sorting).
SILENT_COMMANDS = {"relax", "protect", "noopsort", "nocite", "label", "index"}
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
MATH_COMMAND = re.compile(r"\\[A-Za-z]+")
#: An accent on a dotless i or j (\"{\i}) is the accent on i or j.
DOTLESS = re.compile(r"\\([`'^\"~=.])\{\\([ij])\}")
#: Accents written with a symbol (\'e, \"{o}), read whole by latexcodec with their argument.
SYMBOL_ACCENTS = set("'\"^`~=.")


def decode(latex: str, math: bool) -> str:
    """Characters for accents, dashes, quotes and symbols; commands it does not know lose their backslash."""
    if math:  # only the commands are math (\alpha, \leq); the rest is as written, \log as log
        text = MATH_COMMAND.sub(lambda match: math_symbol(match.group(0)), latex)
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


def math_symbol(command: str) -> str:
    symbol = codecs.decode(f"${command}$", "ulatex")
    return command[1:] if "$" in symbol or "\\" in symbol else symbol


class Reader:
    """A small reader of the LaTeX that titles and venues hold, into pybtex rich text parts."""

    def __init__(self, latex: str):
        self.latex = latex
        self.pos = 0

    def parts(self, closing: str = "", math: bool = False) -> list:
        parts: list = []
        pending: list[str] = []

        def flush() -> None:
            if pending:
                parts.append(decode("".join(pending), math))
                pending.clear()

        latex = self.latex
        while self.pos < len(latex):
            char = latex[self.pos]
            if closing and char == closing:
                self.pos += 1
                break
            if char == "{":
                flush()
                self.pos += 1
                parts.extend(self.parts("}", math))
            elif char == "$" and not math:
                flush()
                self.pos += 1
                parts.extend(self.parts("$", math=True))
            elif math and char in "^_":
                flush()
                self.pos += 1
                parts.append(Tag("sup" if char == "^" else "sub", *self.argument(math)))
            elif char == "\\" and (command := COMMAND.match(latex, self.pos)):
                name = command.group(1)
                if name in DECLARATIONS and closing == "}":
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
                elif name in STYLE_COMMANDS and latex.startswith("{", command.end()):
                    flush()
                    self.pos = command.end()
                    argument = self.argument(math or name == "ensuremath")
                    style = STYLE_COMMANDS[name]
                    parts.append(Tag(style, *argument) if style else Text(*argument))
                elif name in ACCENTS and latex.startswith("{", command.end()):
                    close = latex.find("}", command.end())
                    pending.append(latex[self.pos : close + 1 if close > 0 else len(latex)])
                    self.pos = close + 1 if close > 0 else len(latex)
                else:
                    pending.append(command.group(0))
                    self.pos = command.end()
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
        return parts

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


def display_name(person: Person) -> str:
    """First names first, as the plain name style writes them."""
    parts = person.first_names + person.middle_names + person.prelast_names + person.last_names + person.lineage_names
    return " ".join(plain(part) for part in parts)


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
