"""Read a .bib file: split it into entries with their own text and line, then parse and check them.

Kept free of Sphinx so that ``make lint`` and the build share it. Every problem becomes one
:class:`BibProblem`, printed as ``refs.bib:<line>: <what is wrong>``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pybtex.errors
from pybtex.database import BibliographyData, Entry
from pybtex.database.input.bibtex import Parser
from pybtex.exceptions import PybtexError
from pybtex.scanner import PybtexSyntaxError

ENTRY_START = re.compile(r"^[ \t]*@[ \t]*([A-Za-z]+)[ \t]*([{(])", re.MULTILINE)
FIELD_NAME = re.compile(r"\s*([A-Za-z][\w:.+-]*)\s*=\s*")
YEAR = re.compile(r"\d{4}")
#: What a key may hold: it becomes an anchor and appears in links, roles and front matter.
KEY = re.compile(r"[\w:./+-]+")
NOT_ENTRIES = {"comment", "string", "preamble"}
VENUE_FIELDS = ("booktitle", "journal", "publisher", "school", "institution", "howpublished", "eprint")
REQUIRED_FIELDS = ("title", "author", "year")
#: Fields whose value becomes a link; anything but an http(s) address is refused.
URL_FIELDS = ("url", "pdf", "code", "slides", "poster", "video", "website")


@dataclass(frozen=True)
class BibProblem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class BibFileInvalid(Exception):
    """The .bib file has problems; ``problems`` holds one line for each."""

    def __init__(self, problems: list[BibProblem]):
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


@dataclass(frozen=True)
class FieldSpan:
    name: str
    start: int  # offset of the field name in the entry text
    end: int  # offset just past the value and its trailing comma
    line: int  # line of the field in the .bib file


@dataclass(frozen=True)
class RawEntry:
    """One entry as it stands in the file: its type, key, first line and exact text."""

    type: str
    key: str
    line: int
    text: str
    fields: tuple[FieldSpan, ...]

    def field_line(self, name: str) -> int:
        return next((span.line for span in self.fields if span.name == name), self.line)

    def without_fields(self, names: frozenset[str]) -> str:
        """The entry's text with the named fields cut out, whole lines at a time."""
        text, cut_from = self.text, 0
        kept = []
        for span in self.fields:
            if span.name in names:
                line_start = text.rfind("\n", 0, span.start) + 1
                kept.append(text[cut_from:line_start])
                line_end = text.find("\n", span.end)
                rest_of_line = text[span.end : line_end if line_end >= 0 else len(text)]
                cut_from = line_end + 1 if line_end >= 0 and not rest_of_line.strip() else span.end
        kept.append(text[cut_from:])
        return "".join(kept)


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
        spans.append(FieldSpan(match.group(1).lower(), match.start(1), end, line))
        if end <= match.end():
            break
        offset = end
    return tuple(spans)


def split_entries(text: str, path: str) -> tuple[list[RawEntry], list[BibProblem]]:
    """Cut the file into entries by brace matching, noting each one's line."""
    entries, problems = [], []
    starts = list(ENTRY_START.finditer(text))
    line, counted_to = 1, 0
    for index, match in enumerate(starts):
        entry_type = match.group(1).lower()
        line += text.count("\n", counted_to, match.start())  # counted on from the last entry: linear time
        counted_to = match.start()
        next_start = starts[index + 1].start() if index + 1 < len(starts) else len(text)
        close = _matching_close(text, match.start(2), match.group(2), next_start)
        key = text[match.end() : next_start].split(",", 1)[0].strip()
        if entry_type in NOT_ENTRIES:
            continue
        if close < 0:
            problems.append(BibProblem(path, line, f"entry '{key}' is not closed: '}}' expected before the next entry"))
            continue
        entry_text = text[match.start() : close + 1].strip("\n")
        body_start = match.end() - match.start()
        entries.append(RawEntry(entry_type, key, line, entry_text, _field_spans(entry_text, body_start, line)))
    return entries, problems


def read_bib(path: Path, display_path: str, named_at: tuple[str, int]) -> str:
    """The .bib file's text; a missing file is reported where the setting naming it is (``named_at``)."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise BibFileInvalid([BibProblem(*named_at, f"{display_path} not found: scholar_bibfile names it")]) from None
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        raise BibFileInvalid([BibProblem(display_path, line, "is not UTF-8 text: save it as UTF-8")]) from None


def shape_problems(raw_entries: list[RawEntry], path: str) -> list[BibProblem]:
    """Keys and fields as the file writes them: usable keys, each once, and each field once per entry."""
    problems = []
    seen: dict[str, int] = {}
    for raw in raw_entries:
        if not KEY.fullmatch(raw.key):
            problems.append(BibProblem(path, raw.line, f"key '{raw.key}' has characters a key cannot use: "
                                                       "use letters, digits and - _ : . / +"))
        elif raw.key.lower() in seen:
            problems.append(
                BibProblem(path, raw.line, f"duplicate key '{raw.key}' (first defined at line {seen[raw.key.lower()]})")
            )
        seen.setdefault(raw.key.lower(), raw.line)
        fields: dict[str, int] = {}
        for span in raw.fields:
            if span.name in fields:
                problems.append(BibProblem(path, span.line, f"{raw.key}: field '{span.name}' is given twice "
                                                            f"(first at line {fields[span.name]})"))
            fields.setdefault(span.name, span.line)
    return problems


def pybtex_problem(error: PybtexError, raw_entries: list[RawEntry], path: str) -> BibProblem:
    """pybtex's complaint, at the line of the field it quotes (it names no line itself)."""
    message = str(error)
    quoted = re.search(r"'(.+)'", message)
    for raw in raw_entries:
        if quoted and quoted.group(1) in raw.text:
            offset = raw.text.index(quoted.group(1))
            field = next((span for span in raw.fields if span.start <= offset < span.end), None)
            return BibProblem(path, field.line if field else raw.line, f"{raw.key}: {message}")
    return BibProblem(path, 1, message)


def parse_text(text: str, path: str) -> tuple[list[RawEntry], BibliographyData]:
    """Parse and check a .bib file's text; raise :class:`BibFileInvalid` listing every problem."""
    raw_entries, problems = split_entries(text, path)
    if problems:
        raise BibFileInvalid(problems)
    problems = shape_problems(raw_entries, path)
    if problems:
        raise BibFileInvalid(problems)
    pybtex.errors.set_strict_mode(True)
    try:
        data = Parser().parse_string(text)
        for entry in data.entries.values():
            entry.persons  # noqa: B018 - names are parsed on first use: a malformed one fails here, not later
    except PybtexSyntaxError as error:
        raise BibFileInvalid([BibProblem(path, error.lineno, f"syntax error: {error.args[0]}")]) from None
    except PybtexError as error:
        raise BibFileInvalid([pybtex_problem(error, raw_entries, path)]) from None
    for raw in raw_entries:
        problems.extend(check_entry(raw, data.entries[raw.key], path))
    if problems:
        raise BibFileInvalid(problems)
    return raw_entries, data


def equal_positions(value: str) -> tuple[int, ...]:
    return tuple(int(part) for part in value.replace(" ", "").split(",") if part)


def is_web_address(value: str) -> bool:
    parts = urlsplit(value.strip())
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def check_entry(raw: RawEntry, entry: Entry, path: str) -> list[BibProblem]:
    """Everything a publication entry must satisfy to be shown on the site."""
    problems = []

    def problem(field: str, message: str) -> None:
        problems.append(BibProblem(path, raw.field_line(field), f"{raw.key}: {message}"))

    for name in REQUIRED_FIELDS:
        if name not in entry.fields and name not in entry.persons:
            problem("", f"missing required field '{name}'")
    if not any(name in entry.fields for name in VENUE_FIELDS):
        problem("", "needs a venue (booktitle or journal) or an eprint")
    year = entry.fields.get("year", "")
    if year and not YEAR.fullmatch(year.strip()):
        problem("year", f"year must be four digits, not '{year}'")
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
        if value is not None and not is_web_address(value):
            problem(name, f"{name} must be an http(s) address, not '{value}'")
    return problems
