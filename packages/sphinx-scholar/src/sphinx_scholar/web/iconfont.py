"""The theme's icon font, cut down to the icons the site shows.

pydata-sphinx-theme ships FontAwesome: about 2,000 icon classes (a third of its stylesheet, which holds up the
first paint) and fonts of some 110 KB each, of which a page downloads the solid one for a handful of icons.
After a build, the output's copy of the theme stylesheet keeps only the icon classes named in a page or in the
theme's script (which adds ``fa-xmark``), and the fonts keep only their glyphs and those the stylesheet draws
itself (admonitions, external links). Sphinx copies the theme's files afresh on every build, so each build
starts from the whole set and a newly used icon is kept.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import stat
import time
import weakref
from pathlib import Path
from typing import TYPE_CHECKING

from .._compat import FONTAWESOME_FONTS, FONTAWESOME_ICON_RULE, THEME_SCRIPT, THEME_STYLESHEET
from ..store import content_digest
from .output import written_pages

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: An icon's class, where no letter, digit or underscore comes before it (``\b`` in the pattern itself would
#: test for a word's edge at every character of a page: 1 ms a page instead of 0.05).
ICON_NAME = re.compile(r"fa-[\w-]+")
PRIVATE_USE_ESCAPE = re.compile(r"\\([ef][0-9a-f]{3})\b")


#: Application -> when its build started: pages written since (by any worker process) are read for icons.
STARTED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


#: Application -> the icons of pages whose text the build had in hand as it wrote them (the paper pages), by
#: path from the output, with the file's time and size as written: while those hold, the page is not read again
#: (4,000 paper pages took a second at the build's end); a page written over since (``html_additional_pages``) is.
SHOWN: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def note_start(app: Sphinx) -> None:
    STARTED[app] = time.time() - 1  # file times may be rounded down to the second
    SHOWN.pop(app, None)  # what a build that failed before its end noted


def note_icons(app: Sphinx, shown: dict[str, tuple[list[str], int, int]]) -> None:
    """What :func:`icons_in_text` found in pages this build wrote, by path from the output ("/" between
    folders), with each file's ``st_mtime_ns`` and ``st_size`` once written (:func:`written_icons`)."""
    SHOWN.setdefault(app, {}).update(shown)


def written_icons(path: os.PathLike[str], text: str) -> tuple[list[str], int, int]:
    """The icons of ``text``, just written to ``path``, for :func:`note_icons`."""
    written = os.stat(path)
    return icons_in_text(text), written.st_mtime_ns, written.st_size


def icons_in(path: str) -> list[str]:
    with open(path, encoding="utf-8") as page:
        return icons_in_text(page.read())


def icons_in_text(text: str) -> list[str]:
    found, position = set(), 0
    while match := ICON_NAME.search(text, position):
        if match.start() and is_word_character(text[match.start() - 1]):
            position = match.start() + 1  # "sofa-fa-couch" still shows fa-couch
            continue
        found.add(match.group())
        position = match.end()
    return sorted(found)


def is_word_character(character: str) -> bool:
    return character.isalnum() or character == "_"


def icons_by_page(app: Sphinx, outdir: Path, kept: Path) -> dict[str, list[str]]:
    """The icons each page shows (and the theme's script): pages written in this build are read, the others
    keep what the last build found; a page that is gone no longer counts. Every page is read when there is no
    last build's list."""
    pages = [page for page in written_pages(outdir, app.builder.out_suffix)
             if "_static" not in page.split("/")] + [THEME_SCRIPT]
    try:
        before = json.loads((kept / "icons.json").read_text())
        before = before if isinstance(before, dict) else {}
    except (OSError, ValueError):
        before = {}
    started, shown = STARTED.get(app, 0), SHOWN.pop(app, {})
    found = {}
    for page in pages:
        path = os.path.join(outdir, page)
        try:
            written = os.stat(path)
        except OSError:
            continue
        if not stat.S_ISREG(written.st_mode):
            continue
        noted = shown.get(page)
        if noted is not None and (written.st_mtime_ns, written.st_size) == (noted[1], noted[2]):
            found[page] = noted[0]
        else:
            found[page] = before[page] if page in before and written.st_mtime < started else icons_in(path)
    return found


def keep_used_rules(css: str, used: set[str]) -> str:
    def kept(rule: re.Match) -> str:
        return rule.group(0) if any(name[1:] in used for name in rule.group(1).split(",")) else ""

    return FONTAWESOME_ICON_RULE.sub(kept, css)


def drawn_codepoints(css: str) -> set[int]:
    """Every glyph the stylesheet can still draw: icon classes and the theme's own ``content`` rules."""
    codepoints = {ord(char) for char in css if 0xE000 <= ord(char) <= 0xF8FF}
    return codepoints | {int(code, 16) for code in PRIVATE_USE_ESCAPE.findall(css)}


def cut_down(outdir: Path, css: str, used: set[str]) -> None:
    from fontTools import subset  # imported on use: a build that reuses the last cut never loads it

    css = keep_used_rules(css, used)
    (outdir / THEME_STYLESHEET).write_text(css, encoding="utf-8")
    options = subset.Options(flavor="woff2", layout_features=[], notdef_outline=True)
    # fontTools logs each table it prunes at INFO; where logging shows INFO, that would be build output.
    fonttools_log = logging.getLogger("fontTools")
    level = fonttools_log.level
    fonttools_log.setLevel(logging.WARNING)
    codepoints = drawn_codepoints(css)
    try:
        for path in (outdir / FONTAWESOME_FONTS).glob("*.woff2"):
            font = subset.load_font(str(path), options)
            subsetter = subset.Subsetter(options)
            subsetter.populate(unicodes=codepoints)
            subsetter.subset(font)
            subset.save_font(font, str(path), options)
    finally:
        fonttools_log.setLevel(level)


#: Digest of what was cut -> the files it made, in this process: a process that builds many sites (the tests,
#: make serve's first build of a site of its own) cuts each set of icons once.
CUTS: dict[str, dict[str, bytes]] = {}


def subset_icon_font(app: Sphinx, exception: Exception | None) -> None:
    """Cut down the theme's copies in the output; the last cut is kept beside the doctrees and reused while
    the theme's files and the icons shown are the same (cutting takes about 0.2 s)."""
    outdir = Path(app.outdir)
    stylesheet = outdir / THEME_STYLESHEET
    if exception or app.builder.format != "html" or not stylesheet.is_file():
        return
    css = stylesheet.read_text(encoding="utf-8")
    kept = Path(app.doctreedir) / "scholar" / "iconfont"
    by_page = icons_by_page(app, outdir, kept)
    used = {name for names in by_page.values() for name in names}
    digest = content_digest(css, *sorted(used))
    fonts = (outdir / FONTAWESOME_FONTS).glob("*.woff2")
    files = [THEME_STYLESHEET, *(str(path.relative_to(outdir)) for path in fonts)]
    stored = kept / "digest"
    if stored.is_file() and stored.read_text() == digest and all((kept / name).is_file() for name in files):
        for name in files:
            shutil.copyfile(kept / name, outdir / name)
    else:
        if digest in CUTS and set(CUTS[digest]) == set(files):
            for name, content in CUTS[digest].items():
                (outdir / name).write_bytes(content)
        else:
            cut_down(outdir, css, used)
            CUTS[digest] = {name: (outdir / name).read_bytes() for name in files}
        shutil.rmtree(kept, ignore_errors=True)
        for name in files:
            (kept / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(outdir / name, kept / name)
        (kept / "digest").write_text(digest)
    (kept / "icons.json").write_text(json.dumps(by_page))  # which page shows what, for the next build


def setup_iconfont(app: Sphinx) -> None:
    app.connect("builder-inited", note_start)
    app.connect("build-finished", subset_icon_font)
