"""A Markdown page's front matter, read as MyST reads it (YAML between two ``---`` lines), with the line of
each top-level key: one reader for the build and ``make lint``, so they agree on every page."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import yaml
from docutils import nodes

from .formulas import line_formula_problems

FENCE = re.compile(r"^---[ \t]*$")
#: libyaml's safe loader where PyYAML has it (several times faster: every page's front matter is read on each
#: build), else PyYAML's own; a block it refuses is read again by PyYAML's, for its message.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
TOP_LEVEL_KEY = re.compile(r"^([A-Za-z_][\w.-]*)[ \t]*:")


class FrontMatterInvalid(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class FrontMatter:
    data: dict = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)  # top-level key -> its line in the file
    end: int = 0  # the line of the closing ``---``; the body starts after it

    def line_of(self, key: str) -> int:
        return self.lines.get(key, 1)


def yaml_problem(error: yaml.YAMLError) -> tuple[int, str]:
    """The line of the file and what is wrong. A quote or bracket left open is found where the block ends or
    the next key starts: the line that opened it is the one to name."""
    problem, context = getattr(error, "problem", None) or str(error), getattr(error, "context", None)
    mark, opened = getattr(error, "problem_mark", None), getattr(error, "context_mark", None)
    if opened is not None and (mark is None or mark.line != opened.line or "end of stream" in problem):
        return opened.line + 2, f"front matter is not valid YAML: {context}, not closed ({problem})"
    return (mark.line + 2 if mark is not None else 1), f"front matter is not valid YAML: {problem}"


def read_front_matter(text: str) -> FrontMatter:
    lines = text.splitlines()
    if not lines or not FENCE.match(lines[0]):
        return FrontMatter()
    end = next((index for index in range(1, len(lines)) if FENCE.match(lines[index])), None)
    if end is None:
        raise FrontMatterInvalid(1, "front matter is not closed: a line '---' must end it")
    block = lines[1:end]
    try:
        data = yaml.load("\n".join(block), Loader=SAFE_LOADER) or {}
    except yaml.YAMLError:
        # PyYAML's own loader says what is wrong in the words the README and the tests use (libyaml's differ)
        try:
            data = yaml.safe_load("\n".join(block)) or {}
        except yaml.YAMLError as error:
            raise FrontMatterInvalid(*yaml_problem(error)) from None
    if not isinstance(data, dict):
        raise FrontMatterInvalid(2, "front matter must be 'key: value' lines")
    keys = {}
    for number, line in enumerate(block, start=2):
        if match := TOP_LEVEL_KEY.match(line):
            keys.setdefault(match.group(1), number)
    return FrontMatter(data, keys, end + 1)


def docinfo_fields(doctree: nodes.document) -> dict[str, str]:
    """The front matter of a doctree being read, as text, where MyST leaves it before Sphinx moves it to
    ``env.metadata`` (handlers that change a page before Sphinx's collectors read it from here)."""
    return {item[0].astext(): item[1].astext().strip()
            for docinfo in doctree.findall(nodes.docinfo) for item in docinfo.findall(nodes.field)}


def docinfo_value(doctree: nodes.document, name: str) -> str:
    return docinfo_fields(doctree).get(name, "")


NOT_UTF8 = "is not UTF-8 text: save it as UTF-8 (in your editor: 'Save with encoding', UTF-8)"


def first_bad_line(data: bytes) -> int:
    """The line of the first bytes that are not UTF-8, or 0 for UTF-8 text."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        return data[: error.start].count(b"\n") + 1
    return 0


def read_page_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise FrontMatterInvalid(first_bad_line(path.read_bytes()), NOT_UTF8) from None


def read_page_front_matter(path: Path) -> FrontMatter:
    return read_front_matter(read_page_text(path))


#: The site's own front-matter keys whose value is shown as text: one text, or a list of texts.
TEXT_KEYS = ("short_title", "summary", "dates")
TEXT_OR_LIST_KEYS = ("advisors", "languages", "tags")
#: Keys that take true or false, as YAML writes them: the engine's and Sphinx's.
TRUE_OR_FALSE_KEYS = ("draft", "orphan", "nosearch", "nocomments")
#: Every top-level key a page may set, and who reads it. A key not here is a mistake (``drafts: true`` would
#: publish a draft without a word), unless it starts with a prefix below or conf.py allows it.
KNOWN_KEYS = {
    "paper": "sphinx-scholar", **dict.fromkeys((*TEXT_KEYS, *TEXT_OR_LIST_KEYS, "draft", "date"), "sphinx-scholar"),
    "orphan": "Sphinx", "nosearch": "Sphinx", "nocomments": "Sphinx", "tocdepth": "Sphinx",
    "myst": "MyST", "html_meta": "MyST", "substitutions": "MyST",
}
#: Keys by prefix: pydata-sphinx-theme's per-page options (``html_theme.sidebar_secondary.remove``).
KNOWN_PREFIXES = ("html_theme.",)
#: Keys other sites use for something this site does another way.
INSTEAD = {
    "title": "the page's title is its first heading ('# Title')",
    "description": "a page's description goes under 'myst:', 'html_meta:', 'description:'",
}


def as_text(value: object) -> str | None:
    """A value as the page shows it (a list of texts joined by commas); None where it cannot be text."""
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return str(value).strip()
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return ", ".join(item.strip() for item in value)
    return None


def day_of(value: object) -> date | None:
    """A ``date`` as YAML reads ``2026-12-05`` (a date), or as text in that form; None for anything else."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value.strip()) if isinstance(value, str) else None
    except ValueError:
        return None


def listed_texts(value: object) -> tuple[str, ...]:
    """A text-or-list key's texts: each item of a list, or the parts of a text between commas."""
    items = value if isinstance(value, list) else str(value or "").split(",")
    return tuple(dict.fromkeys(text for item in items if (text := " ".join(str(item).split()))))


def unknown_key_problem(key: str, allowed: Iterable[str] = ()) -> str:
    """What is wrong with a key no one reads, with the key it may have meant; "" for a known key."""
    known = {*KNOWN_KEYS, *allowed}
    if key in known or key.startswith(KNOWN_PREFIXES):
        return ""
    if key in INSTEAD:
        return f"front-matter key {key!r} is not read by this site: {INSTEAD[key]}"
    meant = [name for name in known if name.lower() == key.lower()] or close_matches(key, known)
    hint = f": did you mean {meant[0]!r}?" if meant else (
        " (allow a key of your own in conf.py: scholar_front_matter_keys)")
    return f"front-matter key {key!r} is not one this site reads{hint}"


def close_matches(key: str, known: Iterable[str]) -> list[str]:
    return difflib.get_close_matches(key.lower(), sorted(known), n=1, cutoff=0.75)


def field_problems(front: FrontMatter, allowed: Iterable[str] = ()) -> list[tuple[int, str]]:
    """(line, message) for each key of a page's front matter that no one reads or whose value cannot be
    used: for the build and make lint alike."""
    problems = []
    for key in front.data:
        if problem := unknown_key_problem(str(key), allowed):
            problems.append((front.line_of(str(key)), problem))
    for key in TRUE_OR_FALSE_KEYS:
        if key in front.data and not isinstance(front.data[key], bool):
            problems.append((front.line_of(key), f"{key} takes true or false, not {front.data[key]!r}"))
    for key in TEXT_KEYS:
        if key in front.data and (isinstance(front.data[key], list) or as_text(front.data[key]) is None):
            problems.append((front.line_of(key), f"{key} must be text, not {front.data[key]!r}"))
        elif key in front.data:
            problems.extend((front.line_of(key), f"{key}: {problem}")
                            for problem in line_formula_problems(as_text(front.data[key]) or ""))
    for key in TEXT_OR_LIST_KEYS:
        if key in front.data and as_text(front.data[key]) is None:
            problems.append((front.line_of(key), f"{key} must be text or a list of texts, not {front.data[key]!r}"))
    if "date" in front.data and day_of(front.data["date"]) is None:
        problems.append((front.line_of("date"), f"date must be a day written year-month-day (2026-01-31), not "
                         f"{front.data['date']!r}"))
    if "tocdepth" in front.data and (isinstance(front.data["tocdepth"], bool)
                                     or not isinstance(front.data["tocdepth"], int)):
        problems.append((front.line_of("tocdepth"), f"tocdepth must be a number, not {front.data['tocdepth']!r}"))
    if "myst" in front.data and not isinstance(front.data["myst"], dict):
        problems.append((front.line_of("myst"), "myst must hold 'key: value' lines (html_meta: ...)"))
    return sorted(problems)
