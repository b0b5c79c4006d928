"""Read a .bib file: split it into entries with their own text and line, then parse and check them.

Kept free of Sphinx so that ``make lint`` and the build share it. Every problem becomes one
:class:`BibProblem`, printed as ``refs.bib:<line>: <what is wrong>``, and one run finds them all: each entry and
@string is read on its own, so one that cannot be read leaves the others to be read and checked, and what
depends on it (an entry using a broken @string, a crossref to an unreadable entry) waits silently for it.
"""

from __future__ import annotations

import bisect
import calendar
import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import pybtex.errors
from pybtex.database.input.bibtex import Parser, UndefinedMacro
from pybtex.exceptions import PybtexError
from pybtex.scanner import PybtexSyntaxError

from .biblatex import add_bibtex_names, date_problem, misread_suffix
from .identifiers import NOT_WEB_ADDRESS, anchor_id, is_arxiv_id, is_doi, web_address_problem
from .kinds import ENTRY_TYPES, editors_only, entry_kind, missing_need
from .latex import display_name, is_others, latex_problems, name_parts, plain
from .versions import VERSION_FIELD, version_problems

if TYPE_CHECKING:
    from pybtex.database import BibliographyData, Entry

ENTRY_START = re.compile(r"@\s*([A-Za-z]+)\s*([{(])")  # BibTeX allows any space, line ends too
AT_SIGN = re.compile("@")
LINE_START_ENTRY = re.compile(r"^[ \t]*@\s*[A-Za-z]+\s*[{(]", re.MULTILINE)
FIELD_NAME = re.compile(r"\s*([A-Za-z][\w:.+-]*)\s*=\s*")
#: What a key may hold: it becomes an anchor and appears in links, roles and front matter.
KEY = re.compile(r"[\w:./+-]+")
STRING_NAME = re.compile(r"@\s*string\s*[{(]\s*([A-Za-z][^\s=#{}(),\"]*)\s*=", re.IGNORECASE)
#: BibTeX's own macros, the months, and the spellings of them exports write bare (Crossref's ``month=Sept``),
#: which BibTeX would only warn about.
MONTH_NAMES = {name.lower(): name for name in calendar.month_name if name}
MONTH_MACROS = {**{name[:3]: full for name, full in MONTH_NAMES.items()}, **MONTH_NAMES,
                **{name[:4]: full for name, full in MONTH_NAMES.items()}}
MONTHS = set(MONTH_MACROS)
#: Fields whose value becomes a link; anything but an http(s) address is refused.
URL_FIELDS = ("url", "pdf", "code", "slides", "poster", "video")
#: Fields the site shows as text, read through latex.py (names too): LaTeX it cannot render there is a problem.
#: The others are addresses, identifiers, dates or fields it does not show; the BibTeX block keeps them as written.
SHOWN_TEXT_FIELDS = frozenset({
    "title", "journal", "journaltitle", "booktitle", "eventtitle", "series", "publisher", "school", "institution",
    "organization", "howpublished", "note", "address", "location", "venue", "holder", "assignee", "edition",
    "chapter", "type", "version", "volume", "number", "issue", "pages", "abstract", "keywords", "status",
    "venue_short", "collaboration", "language"})
NAME_FIELDS = ("author", "editor")
#: At most this many problems are printed, then one line saying how many more there are.
MOST_PROBLEMS_SHOWN = 50


@dataclass(frozen=True)
class BibProblem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}" if self.line else f"{self.path}: {self.message}"


class BibFileInvalid(Exception):
    """The .bib file has problems; ``problems`` holds one line for each, and ``shown`` what to print: the first
    :data:`MOST_PROBLEMS_SHOWN`, then a line saying how many more there are (a file pasted in the wrong format
    would otherwise bury the terminal)."""

    def __init__(self, problems: list[BibProblem]):
        self.problems = problems
        self.shown = problems[:MOST_PROBLEMS_SHOWN]
        if len(problems) > MOST_PROBLEMS_SHOWN:
            more = len(problems) - MOST_PROBLEMS_SHOWN
            self.shown.append(BibProblem(problems[0].path, 0, f"{more} more problem{'s' if more > 1 else ''} not "
                                                              "shown: fix those above and run again"))
        super().__init__("\n".join(map(str, self.shown)))


@dataclass(frozen=True)
class FieldSpan:
    name: str
    start: int  # offset of the field name in the entry text
    end: int  # offset just past the value and its trailing comma
    line: int  # line of the field in the .bib file
    value: str = ""  # the value as written: braced, quoted, or macros joined by #
    value_start: int = 0  # offset of the value in the entry text

    @property
    def is_literal(self) -> bool:
        """A single braced or quoted value (or a number), which needs no @string to be read."""
        value = self.value
        return bool(value) and "#" not in value and (value[0] in "{\"" or value.isdigit())


@dataclass(frozen=True)
class RawEntry:
    """One entry as it stands in the file: its type, key, first line and exact text."""

    type: str
    key: str
    line: int
    text: str
    fields: tuple[FieldSpan, ...]
    derived: frozenset[str] = frozenset()  # fields read from others (biblatex's date gives year), not written

    def field_line(self, name: str) -> int:
        return next((span.line for span in self.fields if span.name == name), self.line)

    def rewritten(self, dropped: frozenset[str], values: dict[str, str] | None = None) -> str:
        """The entry's text with the ``dropped`` fields cut out, whole lines at a time, and the fields named in
        ``values`` given those values instead of what the file writes."""
        text, cut_from = self.text, 0
        kept = []
        for span in self.fields:
            if span.name in dropped:
                line_start = text.rfind("\n", 0, span.start) + 1
                alone = not text[line_start : span.start].strip()  # nothing of another field before it
                kept.append(text[cut_from : line_start if alone else span.start])
                line_end = text.find("\n", span.end)
                rest_of_line = text[span.end : line_end if line_end >= 0 else len(text)]
                cut_from = line_end + 1 if alone and line_end >= 0 and not rest_of_line.strip() else span.end
            elif values and span.name in values:
                kept.append(text[cut_from : span.value_start] + values[span.name])
                cut_from = span.value_start + len(span.value)
        kept.append(text[cut_from:])
        return "".join(kept)


@dataclass(frozen=True)
class StringMacro:
    """An @string: the macro it defines, its line, its text, and its value as written."""

    name: str
    line: int
    text: str
    value: str


@dataclass(frozen=True)
class Passage:
    """Other text BibTeX reads (an @preamble, an @string it cannot name): for pybtex alone to read."""

    line: int
    text: str


Piece = RawEntry | StringMacro | Passage

DELIMITERS = {"{": re.compile(r"[{}]"), "(": re.compile(r"[{}()]")}


def _matching_close(text: str, start: int, opener: str, stop: int) -> int:
    """Offset of the delimiter closing the one at ``start``, or -1 if none comes before ``stop``."""
    depth = 0
    for match in DELIMITERS[opener].finditer(text, start, stop):
        if match.group() in "{(":
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return match.start()
    return -1


def _value_end(text: str, start: int) -> int:
    """Offset just past a field value (braced, quoted or bare, joined by #) and its comma."""
    offset = start
    while offset < len(text):
        char = text[offset]
        if char == "{":
            offset = _matching_close(text, offset, "{", len(text)) + 1 or len(text)
        elif char == '"':
            close = offset + 1
            depth = 0
            while close < len(text) and not (text[close] == '"' and depth == 0):
                depth += {"{": 1, "}": -1}.get(text[close], 0)
                close += 1
            offset = close + 1
        else:
            match = re.compile(r"[^,#}\s)]*").match(text, offset)
            offset = match.end()
        rest = re.compile(r"\s*(#)?\s*").match(text, offset)
        if rest.group(1):
            offset = rest.end()
            continue
        offset = rest.end()
        if offset < len(text) and text[offset] == ",":
            offset += 1
        return offset
    return offset


def _field_spans(text: str, body_start: int, first_line: int) -> tuple[FieldSpan, ...]:
    spans = []
    offset = text.find(",", body_start)
    while 0 <= offset < len(text):
        match = FIELD_NAME.match(text, offset + 1 if text[offset] == "," else offset)
        if not match:
            break
        end = _value_end(text, match.end())
        line = first_line + text.count("\n", 0, match.start(1))
        value = text[match.end() : end].rstrip().removesuffix(",").rstrip()
        spans.append(FieldSpan(match.group(1).lower(), match.start(1), end, line, value, match.end()))
        if end <= match.end():
            break
        offset = end
    return tuple(spans)


def split_file(text: str, path: str) -> tuple[list[Piece], list[BibProblem]]:
    """Cut the file into what BibTeX reads, in order: entries, @string macros and @preamble, by brace matching
    from one entry's end to the next '@' (so '@' inside a value starts nothing, and two entries may share a
    line), noting each one's line. An '@' between entries that starts none is a problem, as it is to BibTeX."""
    pieces: list[Piece] = []
    problems = []
    line_ends = [match.start() for match in re.finditer("\n", text)]

    def line_at(offset: int) -> int:
        return bisect.bisect_left(line_ends, offset) + 1

    def stray_at_signs(start: int, end: int) -> None:
        problems.extend(BibProblem(path, line_at(at), "'@' outside an entry: BibTeX reads it as the start of one; "
                                                      "delete it, or move the text into a field")
                        for at in (match.start() for match in AT_SIGN.finditer(text, start, end)))

    position = 0
    while match := ENTRY_START.search(text, position):
        stray_at_signs(position, match.start())
        line = line_at(match.start())
        entry_type = match.group(1).lower()
        close = _matching_close(text, match.start(2), match.group(2), len(text))
        key = text[match.end() : match.end() + 300].split(",", 1)[0].split("\n", 1)[0].strip()
        if close < 0:
            problems.append(BibProblem(path, line, f"entry '{key}' is not closed: '}}' expected before the next entry"))
            following = LINE_START_ENTRY.search(text, match.end())  # read on from the next entry
            if following is None:
                return pieces, problems
            position = following.start()
            continue
        position = close + 1
        piece_text = text[match.start() : position]
        if entry_type == "string" and (name := STRING_NAME.match(piece_text)):
            pieces.append(StringMacro(name.group(1), line, piece_text, piece_text[name.end() : -1].strip()))
        elif entry_type in ("string", "preamble"):
            pieces.append(Passage(line, piece_text))
        elif entry_type != "comment":
            body_start = match.end() - match.start()
            pieces.append(RawEntry(entry_type, key, line, piece_text, _field_spans(piece_text, body_start, line)))
    stray_at_signs(position, len(text))
    return pieces, problems


def split_entries(text: str, path: str) -> tuple[list[RawEntry], list[BibProblem]]:
    """The entries of the file, as :func:`split_file` cuts them."""
    pieces, problems = split_file(text, path)
    return [piece for piece in pieces if isinstance(piece, RawEntry)], problems


def read_bib(path: Path, display_path: str, named_at: tuple[str, int]) -> str:
    """The .bib file's text; a file that is not there is reported where the setting naming it is."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise BibFileInvalid([BibProblem(*named_at, f"{display_path} not found: scholar_bibfile names it")]) from None
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        raise BibFileInvalid([BibProblem(display_path, line, "is not UTF-8 text: save it as UTF-8")]) from None
    except OSError as error:
        raise BibFileInvalid([BibProblem(*named_at, f"{display_path} cannot be read: {error.strerror}")]) from None


def concatenated(value: str) -> list[str]:
    """The parts of a value BibTeX joins with ``#``; a ``#`` inside braces or quotes is text (``C\\#``, an
    address's ``#fragment``)."""
    parts, depth, quoted, start = [], 0, False, 0
    for position, character in enumerate(value):
        if character == "{":
            depth += 1
        elif character == "}":
            depth -= 1
        elif character == '"' and depth == 0:
            quoted = not quoted
        elif character == "#" and depth == 0 and not quoted:
            parts.append(value[start:position])
            start = position + 1
    return [*parts, value[start:]]


def macro_names(value: str) -> list[str]:
    """The @string macros a value as written uses: its bare words (``jan``, ``ISS # " 2021"``)."""
    return [part for part in (part.strip() for part in concatenated(value))
            if part and part[0] not in "{\"" and not part.isdigit()]


def macro_uses(piece: Piece) -> Iterator[tuple[FieldSpan | None, str]]:
    """(field, macro) for each macro an entry's field uses, (None, macro) for each an @string's value uses."""
    if isinstance(piece, StringMacro):
        yield from ((None, name) for name in macro_names(piece.value))
    elif isinstance(piece, RawEntry):
        yield from ((span, name) for span in piece.fields if not span.is_literal for name in macro_names(span.value))


@dataclass(frozen=True)
class MacroCheck:
    """What a piece's macros say: its problems, the macros it uses that are not known where it stands (read as
    their own names, so that the rest of an entry is still read and checked), and the lines of the fields that
    use one (they do not say what the file means there: no other problem is reported on those lines)."""

    problems: list[BibProblem]
    stand_ins: frozenset[str]
    lines: frozenset[int]


class MacroScope:
    """The @string macros as BibTeX knows them at each point of the file: each from its own @string on. A
    macro used where it is not known is named as such (pybtex would only say "syntax error")."""

    def __init__(self, pieces: list[Piece]):
        self.known = set(MONTHS)
        self.broken: set[str] = set()  # macros whose @string has a problem of its own, reported there
        self.defined_at: dict[str, int] = {}
        for piece in pieces:
            if isinstance(piece, StringMacro):
                self.defined_at.setdefault(piece.name.lower(), piece.line)

    def check(self, piece: Piece, path: str) -> MacroCheck:
        """What the macros a piece uses say, where it stands in the file."""
        problems, stand_ins, lines = [], set(), set()
        for span, name in macro_uses(piece):
            if name.lower() in self.known:
                continue
            stand_ins.add(name)
            lines.add(span.line if span else piece.line)
            if name.lower() in self.broken:
                continue  # its @string's problem is the one to fix
            user = f"{piece.key}: field '{span.name}'" if span else f"@string {piece.name}"
            if isinstance(piece, StringMacro) and name.lower() == piece.name.lower():
                message = f"@string {piece.name} refers to itself: write its value in braces"
            elif name.lower() in self.defined_at:
                message = (f"{user} uses '{name}', which the @string at line {self.defined_at[name.lower()]} "
                           "defines only further down: move that @string up")
            else:
                message = f"{user} uses '{name}', which no @string defines: write the value in braces"
            problems.append(BibProblem(path, span.line if span else piece.line, message))
        return MacroCheck(problems, frozenset(stand_ins), frozenset(lines))

    def read(self, piece: Piece, readable: bool) -> None:
        """Note an @string as read: from here on its macro is known, or broken when it could not be read."""
        if isinstance(piece, StringMacro):
            (self.known if readable else self.broken).add(piece.name.lower())


def shape_problems(raw_entries: list[RawEntry], path: str) -> tuple[list[BibProblem], set[RawEntry]]:
    """Keys and fields as the file writes them: usable keys, each once, each field once per entry; and the
    entries pybtex is not to read for it (a key it cannot use, a key or field given again)."""
    problems = []
    unreadable = set()
    seen: dict[str, int] = {}
    anchors: dict[str, str] = {}
    for raw in raw_entries:
        anchor = anchor_id(raw.key)
        if KEY.fullmatch(raw.key) and anchor in anchors and anchors[anchor].lower() != raw.key.lower():
            problems.append(BibProblem(path, raw.line, f"key '{raw.key}' gives the same anchor as '{anchors[anchor]}' "
                                                       f"(#{anchor}): rename one"))
        anchors.setdefault(anchor, raw.key)
        if not KEY.fullmatch(raw.key):
            problems.append(BibProblem(path, raw.line, f"key '{raw.key}' has characters a key cannot use: "
                                                       "use letters, digits and - _ : . / +"))
            unreadable.add(raw)
        elif raw.key.lower() in seen:
            problems.append(
                BibProblem(path, raw.line, f"duplicate key '{raw.key}' (first defined at line {seen[raw.key.lower()]})")
            )
            unreadable.add(raw)
        seen.setdefault(raw.key.lower(), raw.line)
        fields: dict[str, int] = {}
        for span in raw.fields:
            if span.name in fields:
                problems.append(BibProblem(path, span.line, f"{raw.key}: field '{span.name}' is given twice "
                                                            f"(first at line {fields[span.name]})"))
                unreadable.add(raw)
            fields.setdefault(span.name, span.line)
    return problems, unreadable


def pybtex_problem(error: PybtexError, piece: Piece, path: str) -> BibProblem:
    """pybtex's complaint about one piece, at the line it names, or else at the line of the field it quotes."""
    label = (f"{piece.key}: " if isinstance(piece, RawEntry) else
             f"@string {piece.name}: " if isinstance(piece, StringMacro) else "")
    if isinstance(error, UndefinedMacro):  # one MacroScope did not see: name it all the same
        message = f"macro '{error.args[0]}' is not defined by any @string"
    elif isinstance(error, PybtexSyntaxError):
        message = f"syntax error: {error.args[0]}"
        if isinstance(piece, RawEntry) and error.args[0] in ("'}' expected", "')' expected"):
            message += ": is a ',' missing before this field?"  # the fields went on where pybtex saw an end
    else:
        message = str(error)
    if isinstance(error, PybtexSyntaxError) and error.lineno:
        return BibProblem(path, piece.line + error.lineno - 1, label + message)
    quoted = re.search(r"'(.+)'", message)
    line = piece.line
    if quoted and isinstance(piece, RawEntry) and quoted.group(1) in piece.text:
        offset = piece.text.index(quoted.group(1))
        line = next((span.line for span in piece.fields if span.start <= offset < span.end), piece.line)
    return BibProblem(path, line, label + message)


def read_piece(parser: Parser, piece: Piece, path: str, stand_ins: frozenset[str]) -> list[BibProblem]:
    """Have pybtex read one piece into the parser's data (an entry's names included: it splits them as it reads
    them, and leaves out an entry it cannot read whole), with each of ``stand_ins`` read as its own name; its
    complaint, if it has one."""
    parser.macros.update({name: name for name in stand_ins})
    try:
        parser.parse_string(piece.text)
    except PybtexError as error:
        return [pybtex_problem(error, piece, path)]
    finally:
        for name in stand_ins:
            del parser.macros[name]
    return []


@dataclass(frozen=True)
class Reading:
    """pybtex's reading of the file, the entries it read, the problems met, and the lines where no other
    problem is to be reported (see :class:`MacroCheck`)."""

    data: BibliographyData
    entries: list[RawEntry]
    problems: list[BibProblem]
    quiet_lines: frozenset[int]


def read_pieces(pieces: list[Piece], unreadable: set[RawEntry], path: str) -> Reading:
    """Read the file a piece at a time and in order (an @string before the entries below it, as BibTeX reads
    it), so that a piece pybtex cannot read is one problem and every other is still read."""
    pybtex.errors.set_strict_mode(True)
    parser = Parser(macros=MONTH_MACROS)  # one parser: its macros grow with each @string read
    scope = MacroScope(pieces)
    read, problems, quiet_lines = [], [], set()
    for piece in pieces:
        if piece in unreadable:
            continue
        check = scope.check(piece, path)
        problems.extend(check.problems)
        quiet_lines |= check.lines
        if isinstance(piece, StringMacro) and check.stand_ins:
            scope.read(piece, readable=False)  # its value is not what the file means: what uses it waits
            continue
        complaint = read_piece(parser, piece, path, check.stand_ins)
        problems.extend(complaint)
        scope.read(piece, readable=not complaint)
        if isinstance(piece, RawEntry) and not complaint:
            read.append(piece)
    return Reading(parser.data, read, problems, frozenset(quiet_lines))


COMMENTED_ENTRY = re.compile(r"[ \t]*%.*@")


def commented_out(problems: list[BibProblem], text: str) -> list[BibProblem]:
    """Each problem on a line that starts with '%' before an '@' says that BibTeX reads the entry all the same."""
    lines = text.splitlines()
    return [replace(problem, message=f"{problem.message} (BibTeX reads an entry after '%' too: delete it, or "
                                     "remove its '@')")
            if 0 < problem.line <= len(lines) and COMMENTED_ENTRY.match(lines[problem.line - 1]) else problem
            for problem in problems]


def parse_text(text: str, path: str) -> tuple[list[RawEntry], BibliographyData]:
    """Parse and check a .bib file's text; raise :class:`BibFileInvalid` listing every problem."""
    try:
        return checked_entries(text, path)
    except BibFileInvalid as invalid:
        raise BibFileInvalid(commented_out(invalid.problems, text)) from None


def checked_entries(text: str, path: str) -> tuple[list[RawEntry], BibliographyData]:
    pieces, problems = split_file(text, path)
    raw_entries = [piece for piece in pieces if isinstance(piece, RawEntry)]
    shape, unreadable = shape_problems(raw_entries, path)
    reading = read_pieces(pieces, unreadable, path)
    problems += shape + reading.problems
    data, read = reading.data, reading.entries
    unread = {raw.key.lower() for raw in raw_entries} - {raw.key.lower() for raw in read}
    found, waiting = resolve_crossrefs(read, data, unread, path)
    left_out = containers(read, data)
    publications = [raw for raw in read if raw.key not in left_out and raw.key not in waiting
                    and data.entries[raw.key].fields.get(VERSION_FIELD, "").strip().lower() not in unread]
    for raw in read:
        found += unrenderable_latex(raw, data.entries[raw.key], path)
    for raw in publications:
        found += check_entry(raw, data.entries[raw.key], path)
    found += [BibProblem(path, line, message) for line, message in version_problems(publications, data.entries)]
    problems += [problem for problem in found if problem.line not in reading.quiet_lines]
    if not publications and not problems:
        problems.append(BibProblem(path, 1, "has no entries: paste your publications into it"))
    if problems:
        raise BibFileInvalid(sorted(problems, key=lambda problem: problem.line))
    return [replace(raw, derived=add_bibtex_names(data.entries[raw.key])) for raw in publications], data


def resolve_crossrefs(raw_entries: list[RawEntry], data: BibliographyData, unread: set[str],
                      path: str) -> tuple[list[BibProblem], set[str]]:
    """BibTeX's crossref: an entry takes the fields it lacks from the entry it names (DBLP exports papers so,
    with their @proceedings), and a proceedings' title becomes the paper's booktitle. The problems, and the keys
    of the entries whose crossref names no entry read: they are not checked further."""
    problems = []
    waiting = set()
    keys = {key.lower(): key for key in data.entries}
    for raw in raw_entries:
        entry = data.entries[raw.key]
        target = entry.fields.get("crossref", "").strip()
        if not target:
            continue
        parent = data.entries.get(keys.get(target.lower(), ""))
        if parent is None:
            waiting.add(raw.key)
            if target.lower() not in unread:
                problems.append(BibProblem(path, raw.field_line("crossref"), f"{raw.key}: crossref '{target}' names "
                                                                              "no entry of the file"))
            continue
        inherited = dict(parent.fields)
        if parent.type in ("proceedings", "book") and "title" in parent.fields:
            inherited.setdefault("booktitle", parent.fields["title"])
        for name, value in inherited.items():
            if name not in ("title", "crossref", "key") and name not in entry.fields:
                entry.fields[name] = value
        if "booktitle" not in entry.fields and "booktitle" in inherited:
            entry.fields["booktitle"] = inherited["booktitle"]
        for role, persons in parent.persons.items():
            if role != "author" and role not in entry.persons:
                entry.persons[role] = persons
    return problems, waiting


def containers(raw_entries: list[RawEntry], data: BibliographyData) -> set[str]:
    """Proceedings and books that papers of the file crossref, with no author of their own: no publications."""
    referenced = {entry.fields.get("crossref", "").strip().lower() for entry in data.entries.values()}
    return {raw.key for raw in raw_entries
            if raw.key.lower() in referenced and "author" not in data.entries[raw.key].persons}


#: A word of a title with a capital after its first letter (WallFacer, DSP, EnergonAI), not a LaTeX command.
CASED_WORD = re.compile(r"(?<![\\\w])([A-Za-z0-9]*[A-Za-z0-9][A-Z][A-Za-z0-9]*)")


def protect_case(title: str) -> str:
    """The title with each word whose capitals are its own (WallFacer, DSP) in braces, where no braces keep
    them already, so that a style that lowercases titles (BibTeX's plain.bst) keeps their case."""
    parts, depth, start = [], 0, 0
    for position, character in enumerate(title + "{"):  # a last "{" closes the last stretch at depth 0
        if character in "{}" and (position == 0 or title[position - 1] != "\\"):
            if depth == 0 and character == "{":
                parts.append(CASED_WORD.sub(r"{\1}", title[start:position]))
                start = position
            depth += 1 if character == "{" else -1
            if depth == 0 and character == "}":
                parts.append(title[start : position + 1])
                start = position + 1
    parts.append(title[start:])
    return "".join(parts)


def standalone_bibtex(raw: RawEntry, entry: Entry, private_fields: frozenset[str],
                      added: dict[str, str] | None = None) -> str:
    """The entry as a visitor copies it: its own text, with @string macros spelled out, the fields it takes
    through crossref written in (and crossref dropped), the site-only fields left out, the case of the
    title's own capitals kept in braces, and the ``added`` fields (which the entry lacks) at its end."""
    dropped = private_fields | {"crossref", VERSION_FIELD}
    spelled_out = {span.name: "{" + entry.fields[span.name] + "}" for span in raw.fields
                   if span.name not in dropped and not span.is_literal and span.name in entry.fields}
    title_span = next((span for span in raw.fields if span.name == "title"), None)
    if title_span is not None and protect_case(entry.fields["title"]) != entry.fields["title"]:
        spelled_out["title"] = "{" + protect_case(entry.fields["title"]) + "}"
    text = raw.rewritten(dropped, spelled_out)
    own = {span.name for span in raw.fields} | dropped | raw.derived  # span names are lower case, as pybtex's
    taken = {name: entry.fields[name] for name in entry.fields if name.lower() not in own}
    taken |= {role: " and ".join(map(str, persons)) for role, persons in entry.persons.items() if role not in own}
    taken.update(added or {})
    if taken:
        first = raw.fields[0] if raw.fields else None
        width = raw.text.index("=", first.start) - first.start if first else 0  # the file's own alignment
        close = text.rstrip().rstrip("})").rstrip()
        separator = "" if close.endswith(",") else ","
        lines = "".join(f"\n  {name.ljust(width)}= {{{value}}}," for name, value in taken.items())
        text = f"{close}{separator}{lines}\n}}"
    return text


def equal_positions(value: str) -> tuple[int, ...]:
    return tuple(int(part) for part in value.replace(" ", "").split(",") if part)


#: A PDF file of the site, as a path from the folder of conf.py: no scheme, no way out of the folder.
SITE_PDF = re.compile(r"(?!/)(?!.*(?:^|/)\.\.(?:/|$))[\w./-]+\.pdf", re.IGNORECASE)


def is_site_pdf(value: str) -> bool:
    return bool(SITE_PDF.fullmatch(value.strip()))


def names_problem(role: str, persons: list | None) -> str:
    """What keeps a list of names, as BibTeX split it, from naming people, or ''."""
    if persons is None:
        return ""
    if any(part.lower() == "and" for person in persons for part in name_parts(person)):
        return f"{role} has an 'and' with no name on one side: write names as 'Family, Given and Family, Given'"
    named = [person for person in persons if not is_others(person)]
    if not named or not all(str(person).strip(" ,") for person in named):
        return f"{role} names no one: write names as 'Family, Given and Family, Given'"
    empty = [person for person in named if not display_name(person).strip(" ,")]
    if len(empty) == len(named):
        return f"{role} is empty once its LaTeX is read"
    return f"{role} '{empty[0]}' is empty once its LaTeX is read" if empty else ""


def unrenderable_latex(raw: RawEntry, entry: Entry, path: str) -> list[BibProblem]:
    """One line for each thing latex.py cannot render in a field the site shows, as the entry writes it."""
    problems = []
    for span in raw.fields:
        if span.name in NAME_FIELDS:
            values = [str(person) for person in entry.persons.get(span.name, ())]
        elif span.name in SHOWN_TEXT_FIELDS:
            values = [entry.fields.get(span.name, "")]
        else:
            continue
        phrases = dict.fromkeys(phrase for value in values for phrase in latex_problems(value))
        problems.extend(BibProblem(path, span.line, f"{raw.key}: {span.name}: {phrase}") for phrase in phrases)
    return problems


def check_entry(raw: RawEntry, entry: Entry, path: str) -> list[BibProblem]:
    """Everything a publication entry must satisfy to be shown on the site."""
    problems = []

    def problem(field: str, message: str) -> None:
        problems.append(BibProblem(path, raw.field_line(field), f"{raw.key}: {message}"))

    title = entry.fields.get("title")
    if title is None:
        problem("title", "missing required field 'title'")
    elif not plain(title):
        problem("title", "title is empty once its LaTeX is read" if title.strip() else "title is empty")
    if raw.type not in ENTRY_TYPES:
        close = difflib.get_close_matches(raw.type, ENTRY_TYPES, n=1)
        problem("", f"@{raw.type} is no BibTeX or biblatex entry type"
                    + (f": did you mean @{close[0]}?" if close else ": use @misc for anything else"))
    kind = entry_kind(raw.type, entry)
    if not entry.persons.get("author") and not (editors_only(entry) and kind.group == "book"):
        written = any(span.name == "author" for span in raw.fields)
        problem("author", "author is empty" if written else "missing required field 'author'")
    for role in NAME_FIELDS:
        if message := names_problem(role, entry.persons.get(role)):
            problem(role, message)
    field, message = date_problem(entry.fields)
    if field:
        problem(field, message)
    if need := missing_need(kind, entry.fields):
        problem("", f"{kind.name} (@{raw.type}) needs {need}")
    for role in NAME_FIELDS:
        for person in entry.persons.get(role, ()):
            if written := misread_suffix(person):
                problem(role, f"{role} '{person}' reads as the given name '{person.first_names[0]}' in BibTeX: "
                              f"write it '{written}'")
    equal = entry.fields.get("equal", "")
    if equal:
        try:
            positions = equal_positions(equal)
        except ValueError:
            problem("equal", f"equal must list author positions like '1,2', not '{equal}'")
        else:
            authors = len(entry.persons.get("author", ()))
            beyond = [position for position in positions if not 1 <= position <= authors]
            if beyond:
                problem("equal", f"equal names author {beyond[0]}, but the entry lists {authors} authors")
    for name in URL_FIELDS:
        value = entry.fields.get(name)
        if value is None or not (wrong := web_address_problem(value)) or (name == "pdf" and is_site_pdf(value)):
            continue
        if wrong != NOT_WEB_ADDRESS:
            problem(name, f"{name} '{value}' {wrong}")
        elif name == "pdf":
            problem(name, f"pdf must be an http(s) address or a PDF file of the site (a path from the folder of "
                          f"conf.py), not '{value}'")
        else:
            problem(name, f"{name} must be an http(s) address, not '{value}'")
    doi = entry.fields.get("doi")
    if doi is not None and not is_doi(doi):
        problem("doi", f"doi must be a DOI (10.<registrant>/<suffix>), not '{doi}'")
    eprint = entry.fields.get("eprint")
    archive = (entry.fields.get("archiveprefix") or entry.fields.get("eprinttype") or "").strip().lower()
    if eprint is not None and archive == "arxiv" and not is_arxiv_id(eprint):
        problem("eprint", f"eprint must be an arXiv identifier (2401.00001 or hep-th/9901001), not '{eprint}'")
    return problems
