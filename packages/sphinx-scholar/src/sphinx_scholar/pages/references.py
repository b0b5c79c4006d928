"""Where Markdown pages name a publication key: cards, references, citations and front matter."""

from __future__ import annotations

import difflib
import json
import os
import re
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util.matching import Matcher

from .._compat import citation_keys
from ..store import write_whole
from .frontmatter import read_front_matter

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

#: In reading order: code (fenced blocks that are no directive, inline code), where a role is an example; a
#: card; a role. One pattern, so a role's backticks are never read as the edges of inline code.
KEY_USES = re.compile(
    r"^(?P<fence>```+|~~~+)(?!\{)[^\n]*\n.*?^(?P=fence)[ \t]*$"
    r"|(?:```|~~~|:::)\{publication\}[ \t]+(?P<card>\S+)"
    r"|\{(?P<kind>pub:ref|cite(?::\w+)?)\}`(?P<role>[^`]+)`"
    r"|(?P<ticks>`+)[^`\n]+(?P=ticks)",
    re.MULTILINE | re.DOTALL,
)


def paper_key(value: object) -> str:
    """A project page's ``paper``, as the build and lint read it: one key, as text."""
    return "" if value is None else str(value).strip()


def key_uses(text: str) -> Iterator[tuple[int, str]]:
    """(line, key) for every publication key the page names; raises :class:`FrontMatterInvalid` and
    ValueError (a citation that cannot be read)."""
    front = read_front_matter(text)
    if "paper" in front.data:
        yield front.line_of("paper"), paper_key(front.data["paper"])
    for match in KEY_USES.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        if line <= front.end or match.group("fence") or match.group("ticks"):
            continue
        if match.group("card"):
            yield line, match.group("card")
        elif match.group("kind") == "pub:ref":
            yield line, match.group("role").strip()
        else:
            for key in citation_keys(match.group("role")):
                yield line, key


#: The line after the front matter of the paper pages engines before 2.8 wrote into the sources: the engine
#: removes only pages that carry it (or the posts' line), and nothing that reads the researcher's pages reads these.
ENGINE_MARK = "% Written by sphinx-scholar from the .bib file on every build: edit the entry there, not this page."


#: The same line on the pages that list the posts.
POSTS_MARK = "% Written by sphinx-scholar from the posts on every build: edit the posts, not this page."


def has_engine_mark(text: str) -> bool:
    """Whether a page's text is one the engine wrote (its mark is among the first lines)."""
    return not {ENGINE_MARK, POSTS_MARK}.isdisjoint(text[:4096].splitlines())


def read_engine_mark(path: Path) -> bool:
    try:
        with path.open(encoding="utf-8") as page:
            return has_engine_mark(page.read(4096))
    except (OSError, UnicodeDecodeError):
        return False


#: Path -> (what identifies the file's version, whether the engine wrote it). A site with thousands of paper
#: pages has each opened once, not by each of the checks that look for the researcher's pages in every build;
#: the file's version keeps the answer right in a process that builds again (make serve, the tests).
_WRITTEN_BY_ENGINE: dict[str, tuple[tuple[int, ...], bool]] = {}


#: Where :data:`_WRITTEN_BY_ENGINE` is kept between builds, in the doctrees: a new process would open every
#: paper page again (half a second with 4,000).
ENGINE_PAGES_FILE = "scholar/engine-pages.json"
#: The pages asked about, and those opened, since the answers were last kept (a page gone is not kept).
_ASKED: set[str] = set()
_OPENED: set[str] = set()


def recall_engine_pages(app: Sphinx, config: Config | None = None) -> None:
    """What the last build found of the pages the engine wrote (each answer holds only while its file is the
    one it was found in)."""
    try:
        kept = json.loads(Path(app.doctreedir, ENGINE_PAGES_FILE).read_text(encoding="utf-8"))
        for path, (*version, written) in kept.items():
            _WRITTEN_BY_ENGINE.setdefault(path, (tuple(version), bool(written)))
    except (OSError, ValueError, TypeError, AttributeError):
        pass


def keep_engine_pages(app: Sphinx, exception: Exception | None) -> None:
    srcdir = f"{os.path.abspath(app.srcdir)}{os.sep}"
    asked, opened = set(_ASKED), set(_OPENED)
    _ASKED.clear()
    _OPENED.clear()
    if not opened:
        return  # nothing new since they were recalled
    answers = {path: [*_WRITTEN_BY_ENGINE[path][0], _WRITTEN_BY_ENGINE[path][1]] for path in asked
               if path.startswith(srcdir)}
    write_whole(Path(app.doctreedir, ENGINE_PAGES_FILE), json.dumps(answers))


def is_written_by_engine(path: str | Path, status: os.stat_result | None = None) -> bool:
    """Whether the engine wrote the page at ``path`` (a regular file: see :func:`markdown_pages`)."""
    try:
        status = status or os.stat(path)
    except OSError:
        return False
    if not stat.S_ISREG(status.st_mode):  # a pipe would never answer
        return False
    version = (status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)
    _ASKED.add(str(path))
    known = _WRITTEN_BY_ENGINE.get(str(path))
    if known is None or known[0] != version:
        known = _WRITTEN_BY_ENGINE[str(path)] = (version, read_engine_mark(Path(path)))
        _OPENED.add(str(path))
    return known[1]


def markdown_pages(srcdir: Path, excluded: list[str], under: str = "") -> Iterator[Path]:
    """The researcher's pages Sphinx reads (those in the folder ``under`` only, if given), by name:
    ``exclude_patterns`` matched as Sphinx matches them, a folder's pattern excluding what it holds (and its
    folders are never walked: a site's node_modules or .venv holds thousands of Markdown files); not the pages
    the engine writes."""
    matcher = Matcher(excluded)
    under_parts = Path(under).parts
    if any(matcher("/".join(under_parts[:depth])) for depth in range(1, len(under_parts) + 1)):
        return
    found = []
    for folder, folders, files in os.walk(srcdir / under):
        relative = os.path.relpath(folder, srcdir)
        prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
        folders[:] = [name for name in folders if not matcher(prefix + name)]
        for name in files:
            if not name.endswith(".md"):
                continue
            path = os.path.join(folder, name)  # a Path each would cost more than the rest, with 4,000 paper pages
            try:
                status = os.stat(path)
            except OSError:
                continue
            # not a pipe or a device: opening one would wait for ever (pages.sources reports it)
            if stat.S_ISREG(status.st_mode) and not is_written_by_engine(path, status) and not matcher(prefix + name):
                found.append(path)
    yield from sorted(map(Path, found))


def close_keys(key: str, known: Iterable[str]) -> list[str]:
    """Up to three known keys that look like a mistyped ``key``."""
    return difflib.get_close_matches(key, list(known), n=3)


def unknown_key_message(key: str, known: Iterable[str]) -> str:
    """What the build and ``make lint`` say of a key the .bib file lacks."""
    close = close_keys(key, known)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    return f"unknown publication key '{key}'{hint}"
