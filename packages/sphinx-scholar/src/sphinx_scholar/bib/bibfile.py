"""Read a .bib file: split it into entries with their own text and line, then parse and check them.

Kept free of Sphinx so that ``make lint`` and the build share it. Every problem becomes one
:class:`BibProblem`, printed as ``refs.bib:<line>: <what is wrong>``.
"""

from __future__ import annotations

import calendar
import difflib
import re
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

import pybtex.errors
from pybtex.database import BibliographyData, Entry
from pybtex.database.input.bibtex import Parser
from pybtex.exceptions import PybtexError
from pybtex.scanner import PybtexSyntaxError

from .biblatex import add_bibtex_names, date_problem, misread_suffix
from .identifiers import anchor_id, is_doi, link_value
from .kinds import ENTRY_TYPES, editors_only, entry_kind, missing_need
from .latex import display_name, is_others, plain
from .versions import VERSION_FIELD, version_problems

ENTRY_START = re.compile(r"@[ \t]*([A-Za-z]+)[ \t]*([{(])")
LINE_START_ENTRY = re.compile(r"^[ \t]*@[ \t]*[A-Za-z]+[ \t]*[{(]", re.MULTILINE)
FIELD_NAME = re.compile(r"\s*([A-Za-z][\w:.+-]*)\s*=\s*")
#: What a key may hold: it becomes an anchor and appears in links, roles and front matter.
KEY = re.compile(r"[\w:./+-]+")
NOT_ENTRIES = {"comment", "string", "preamble"}
STRING_NAME = re.compile(r"@[ \t]*string[ \t]*[{(][ \t]*([A-Za-z][^\s=#{}(),\"]*)[ \t]*=", re.IGNORECASE)
#: BibTeX's own macros, the months, and the spellings of them exports write bare (Crossref's ``month=Sept``),
#: which BibTeX would only warn about.
MONTH_NAMES = {name.lower(): name for name in calendar.month_name if name}
MONTH_MACROS = {**{name[:3]: full for name, full in MONTH_NAMES.items()}, **MONTH_NAMES,
                **{name[:4]: full for name, full in MONTH_NAMES.items()}}
MONTHS = set(MONTH_MACROS)
#: Fields whose value becomes a link; anything but an http(s) address is refused.
URL_FIELDS = ("url", "pdf", "code", "slides", "poster", "video")


@dataclass(frozen=True)
class BibProblem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}" if self.line else f"{self.path}: {self.message}"


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


def split_entries(text: str, path: str) -> tuple[list[RawEntry], list[BibProblem]]:
    """Cut the file into entries by brace matching, from one entry's end to the next '@', as BibTeX reads it
    (so '@' inside a value starts nothing, and two entries may share a line), noting each one's line."""
    entries, problems = [], []
    line, counted_to, position = 1, 0, 0
    while match := ENTRY_START.search(text, position):
        line += text.count("\n", counted_to, match.start())  # counted on from the last entry: linear time
        counted_to = match.start()
        entry_type = match.group(1).lower()
        close = _matching_close(text, match.start(2), match.group(2), len(text))
        key = text[match.end() : match.end() + 300].split(",", 1)[0].split("\n", 1)[0].strip()
        if close < 0:
            problems.append(BibProblem(path, line, f"entry '{key}' is not closed: '}}' expected before the next entry"))
            following = LINE_START_ENTRY.search(text, match.end())  # read on from the next entry
            if following is None:
                break
            position = following.start()
            continue
        position = close + 1
        if entry_type in NOT_ENTRIES:
            continue
        entry_text = text[match.start() : close + 1]
        body_start = match.end() - match.start()
        entries.append(RawEntry(entry_type, key, line, entry_text, _field_spans(entry_text, body_start, line)))
    return entries, problems


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


def macro_problems(raw: RawEntry, macros: set[str], path: str) -> list[BibProblem]:
    """A bare word in a value is an @string macro, and must be defined (pybtex would only say "syntax error")."""
    problems = []
    for span in raw.fields:
        if span.is_literal or not span.value:
            continue
        for part in (part.strip() for part in concatenated(span.value)):
            if part and part[0] not in "{\"" and not part.isdigit() and part.lower() not in macros:
                problems.append(BibProblem(path, span.line, f"{raw.key}: field '{span.name}' uses '{part}', which no "
                                                            "@string defines: write the value in braces"))
    return problems


def shape_problems(raw_entries: list[RawEntry], path: str, macros: set[str] = frozenset()) -> list[BibProblem]:
    """Keys and fields as the file writes them: usable keys, each once, each field once per entry, and no
    macro that is not defined."""
    problems = []
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
        elif raw.key.lower() in seen:
            problems.append(
                BibProblem(path, raw.line, f"duplicate key '{raw.key}' (first defined at line {seen[raw.key.lower()]})")
            )
        seen.setdefault(raw.key.lower(), raw.line)
        problems.extend(macro_problems(raw, macros, path))
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
    raw_entries, problems = split_entries(text, path)
    if problems:
        raise BibFileInvalid(problems)
    macros = MONTHS | {name.lower() for name in STRING_NAME.findall(text)}
    problems = shape_problems(raw_entries, path, macros)
    if problems:
        raise BibFileInvalid(problems)
    pybtex.errors.set_strict_mode(True)
    try:
        data = Parser(macros=MONTH_MACROS).parse_string(text)
        for entry in data.entries.values():
            entry.persons  # noqa: B018 - names are parsed on first use: a malformed one fails here, not later
    except PybtexSyntaxError as error:
        raise BibFileInvalid([BibProblem(path, error.lineno, f"syntax error: {error.args[0]}")]) from None
    except PybtexError as error:
        raise BibFileInvalid([pybtex_problem(error, raw_entries, path)]) from None
    problems = resolve_crossrefs(raw_entries, data, path)
    unresolved = {problem.message.split(":", 1)[0] for problem in problems}
    left_out = containers(raw_entries, data)
    publications = [raw for raw in raw_entries if raw.key not in left_out]
    if not publications:
        problems.append(BibProblem(path, 1, "has no entries: paste your publications into it"))
    for raw in publications:
        if raw.key not in unresolved:
            problems.extend(check_entry(raw, data.entries[raw.key], path))
    problems += [BibProblem(path, line, message) for line, message in version_problems(publications, data.entries)]
    if problems:
        raise BibFileInvalid(problems)
    return [replace(raw, derived=add_bibtex_names(data.entries[raw.key])) for raw in publications], data


def resolve_crossrefs(raw_entries: list[RawEntry], data: BibliographyData, path: str) -> list[BibProblem]:
    """BibTeX's crossref: an entry takes the fields it lacks from the entry it names (DBLP exports papers so,
    with their @proceedings), and a proceedings' title becomes the paper's booktitle."""
    problems = []
    keys = {key.lower(): key for key in data.entries}
    for raw in raw_entries:
        entry = data.entries[raw.key]
        target = entry.fields.get("crossref", "").strip()
        if not target:
            continue
        parent = data.entries.get(keys.get(target.lower(), ""))
        if parent is None:
            problems.append(BibProblem(path, raw.field_line("crossref"), f"{raw.key}: crossref '{target}' names no "
                                                                          "entry of the file"))
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
    return problems


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


def is_web_address(value: str) -> bool:
    address = link_value(value)
    parts = urlsplit(address)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not any(c.isspace() for c in address)


def check_entry(raw: RawEntry, entry: Entry, path: str) -> list[BibProblem]:
    """Everything a publication entry must satisfy to be shown on the site."""
    problems = []

    def problem(field: str, message: str) -> None:
        problems.append(BibProblem(path, raw.field_line(field), f"{raw.key}: {message}"))

    title = entry.fields.get("title")
    if title is None or not plain(title):
        problem("title", "missing required field 'title'" if title is None else "title is empty")
    if raw.type not in ENTRY_TYPES:
        close = difflib.get_close_matches(raw.type, ENTRY_TYPES, n=1)
        problem("", f"@{raw.type} is no BibTeX or biblatex entry type"
                    + (f": did you mean @{close[0]}?" if close else ": use @misc for anything else"))
    kind = entry_kind(raw.type, entry)
    if not entry.persons.get("author") and not (editors_only(entry) and kind.group == "book"):
        problem("author", "missing required field 'author'" if "author" not in entry.fields else "author is empty")
    for role in ("author", "editor"):
        named = [person for person in entry.persons.get(role, ()) if not is_others(person)]
        if role in entry.persons and not (named and all(display_name(p).strip(" ,") and str(p) != "and"
                                                        for p in named)):
            problem(role, f"{role} names no one: write names as 'Family, Given and Family, Given'")
    field, message = date_problem(entry.fields)
    if field:
        problem(field, message)
    if need := missing_need(kind, entry.fields):
        problem("", f"{kind.name} (@{raw.type}) needs {need}")
    for role in ("author", "editor"):
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
        if value is None or is_web_address(value) or (name == "pdf" and is_site_pdf(value)):
            continue
        if name == "pdf":
            problem(name, f"pdf must be an http(s) address or a PDF file of the site (a path from the folder of "
                          f"conf.py), not '{value}'")
        else:
            problem(name, f"{name} must be an http(s) address, not '{value}'")
    doi = entry.fields.get("doi")
    if doi is not None and not is_doi(doi):
        problem("doi", f"doi must be a DOI (10.<registrant>/<suffix>), not '{doi}'")
    return problems
