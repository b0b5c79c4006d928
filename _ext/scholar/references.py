"""Where Markdown pages name a publication key: cards, references, citations and front matter."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from .frontmatter import read_front_matter

KEY_USES = re.compile(r"```\{publication\}\s+(?P<card>[^\s`]+)|\{(?:pub:ref|cite(?::\w+)?)\}`(?P<role>[^`]+)`")


def key_uses(text: str) -> Iterator[tuple[int, str]]:
    """(line, key) for every publication key the page names; raises :class:`FrontMatterInvalid`."""
    front = read_front_matter(text)
    if "paper" in front.data:
        yield front.line_of("paper"), str(front.data["paper"])
    for match in KEY_USES.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        if line > front.end:
            for key in (match.group("card") or match.group("role")).split(","):
                yield line, key.strip()


def markdown_pages(srcdir: Path, excluded: list[str]) -> Iterator[Path]:
    for path in sorted(srcdir.rglob("*.md")):
        relative = path.relative_to(srcdir)
        if not any(relative.match(pattern) or relative.parts[0] == pattern for pattern in excluded):
            yield path


def close_keys(key: str, known: Iterable[str]) -> list[str]:
    """Up to three known keys that look like a mistyped ``key``."""
    return difflib.get_close_matches(key, list(known), n=3)


def unknown_key_message(key: str, known: Iterable[str]) -> str:
    """What the build and ``make lint`` say of a key the .bib file lacks."""
    close = close_keys(key, known)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    return f"unknown publication key '{key}'{hint}"
