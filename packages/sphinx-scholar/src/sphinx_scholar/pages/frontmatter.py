"""A Markdown page's front matter, read as MyST reads it (YAML between two ``---`` lines), with the line of
each top-level key: one reader for the build and ``make lint``, so they agree on every page."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from docutils import nodes

FENCE = re.compile(r"^---[ \t]*$")
TOP_LEVEL_KEY = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:")


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


def read_front_matter(text: str) -> FrontMatter:
    lines = text.splitlines()
    if not lines or not FENCE.match(lines[0]):
        return FrontMatter()
    end = next((index for index in range(1, len(lines)) if FENCE.match(lines[index])), None)
    if end is None:
        raise FrontMatterInvalid(1, "front matter is not closed: a line '---' must end it")
    block = lines[1:end]
    try:
        data = yaml.safe_load("\n".join(block)) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        raise FrontMatterInvalid(line, f"front matter is not valid YAML: {getattr(error, 'problem', error)}") from None
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


def read_page_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        raise FrontMatterInvalid(line, "is not UTF-8 text: save it as UTF-8") from None


def read_page_front_matter(path: Path) -> FrontMatter:
    return read_front_matter(read_page_text(path))


#: The site's own front-matter keys whose value is shown as text: one text, or a list of texts.
TEXT_KEYS = ("short_title", "summary", "dates")
TEXT_OR_LIST_KEYS = ("advisors", "languages")


def as_text(value: object) -> str | None:
    """A value as the page shows it (a list of texts joined by commas); None where it cannot be text."""
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return str(value).strip()
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return ", ".join(item.strip() for item in value)
    return None


def field_problems(front: FrontMatter) -> list[tuple[int, str]]:
    """(line, message) for each of the site's keys whose value cannot be shown: for the build and make lint."""
    problems = []
    for key in TEXT_KEYS:
        if key in front.data and (isinstance(front.data[key], list) or as_text(front.data[key]) is None):
            problems.append((front.line_of(key), f"{key} must be text, not {front.data[key]!r}"))
    for key in TEXT_OR_LIST_KEYS:
        if key in front.data and as_text(front.data[key]) is None:
            problems.append((front.line_of(key), f"{key} must be text or a list of texts, not {front.data[key]!r}"))
    return problems
