"""Every source file read the same way by the build, Read the Docs and ``make lint``: one line naming file, line
and reason for a page that is not UTF-8, front matter that is not YAML or sets a key no one reads, a page without
a heading, a second page claiming a paper, and a file that leads out of the site's folder.

The build reports these itself rather than letting Sphinx or MyST meet them: Sphinx stops on a page that is
not UTF-8 with a traceback, MyST names line 1 for any YAML mistake, and a page without a heading brings one
warning per page that links to it, naming those pages instead.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util.matching import Matcher

from ..deprecations import FRONT_MATTER
from ..errors import report_error
from ..settings import settings
from .frontmatter import FENCE, NOT_UTF8, FrontMatterInvalid, field_problems, first_bad_line, read_front_matter
from .papers import paper_claims
from .references import has_engine_mark, keep_engine_pages, markdown_pages, recall_engine_pages

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

# -- Reading pages ------------------------------------------------------------------------------------------------

# -- What a page may get wrong ------------------------------------------------------------------------------------

def allowed_keys(config: Config) -> tuple[str, ...]:
    """Front-matter keys beyond those the engine, Sphinx, MyST and the theme read: the site's own, and the old
    names of renamed keys (they warn as deprecated)."""
    return (*settings(config).front_matter_keys, *FRONT_MATTER)


def without_front_matter(text: str) -> str:
    """The page with its front matter emptied, its lines kept, so MyST reads on after the build reported it."""
    lines = text.split("\n")
    end = next((index for index in range(1, len(lines)) if FENCE.match(lines[index].rstrip("\r"))), len(lines))
    # An orphan: the lines that might have said so are gone, and the build fails already without a cascade.
    emptied = ["orphan: true", *[""] * (end - 2)] if end > 1 else []
    return "\n".join(["---", *emptied, "---", *lines[end + 1:]])


def check_page_source(app: Sphinx, docname: str, source: list[str]) -> None:
    text = source[0]
    if has_engine_mark(text) or app.env.doc2path(docname).suffix != ".md":
        return
    try:
        problems = field_problems(read_front_matter(text), allowed_keys(app.config))
    except FrontMatterInvalid as invalid:
        report_error(app, str(invalid), location=(docname, invalid.line))
        source[0] = without_front_matter(text)
        return
    for line, message in problems:
        report_error(app, message, location=(docname, line))


NO_HEADING = "the page has no heading: start it with a line '# Title' (its title on the site and in searches)"


def page_tokens(text: str) -> list:
    """A page as MyST's Markdown parser reads it (``make lint``; the build asks the doctree)."""
    from markdown_it.renderer import RendererHTML
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    extensions = {"colon_fence", "dollarmath", "amsmath"}  # the engine turns them on for every site
    return create_md_parser(MdParserConfig(enable_extensions=extensions), RendererHTML).parse(text)


def has_heading(tokens: list) -> bool:
    """Whether a page opens a section. Headings inside a directive's fence do not count: they head no page."""
    return any(token.type == "heading_open" and token.level == 0 for token in tokens)


def has_title(doctree: nodes.document) -> bool:
    return any(isinstance(section[0], nodes.title) for section in doctree.findall(nodes.section) if section.children)


def check_heading(app: Sphinx, doctree: nodes.document) -> None:
    """Once, naming the page; the page gets its file's name as a heading so that no page linking to it
    warns again (the build fails already)."""
    if has_title(doctree):
        return
    report_error(app, NO_HEADING, location=(app.env.docname, 1))
    name = Path(app.env.docname).name
    section = nodes.section("", nodes.title(name, name), ids=[nodes.make_id(name) or "page"], names=[name])
    content = [child for child in doctree.children if not isinstance(child, (nodes.docinfo, nodes.meta))]
    for child in content:
        doctree.remove(child)
    section.extend(content)
    doctree += section


def second_claims(srcdir: Path, excluded: list[str]) -> list[tuple[str, int, str]]:
    """(page, line, message) for each published project page that claims a paper another page claimed first."""
    first: dict[str, str] = {}
    found = []
    for claim in paper_claims(srcdir, excluded):
        if claim.draft:
            continue
        if claim.key in first:
            found.append((claim.page, claim.line, f"paper {claim.key!r} has a project page already: "
                                                  f"{first[claim.key]} (one page per paper: merge the two)"))
        else:
            first[claim.key] = claim.page
    return found


# -- Files that lead out of the site ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Escape:
    path: str  # relative to the site's folder
    message: str


def escapes(srcdir: Path, excluded: list[str]) -> list[Escape]:
    """Each file or folder of the site's source tree that is a link leading out of it, or no regular file
    (a device, a pipe): the build would publish what lies outside the repository. Folders the build
    excludes, and hidden ones, are not its business."""
    root = srcdir.resolve()
    matcher = Matcher(excluded)
    found = []
    folders = [""]
    while folders:  # depth first, by name, as os.walk goes
        folder = folders.pop(0)
        try:
            entries = sorted(os.scandir(srcdir / folder), key=lambda entry: entry.name)
        except OSError:
            continue
        # A folder (or a link to one) before the files, as os.walk lists them. The type comes with the folder's
        # listing: a regular file (thousands of paper pages) costs no call of its own.
        entries = [entry for entry in entries if not entry.name.startswith(".") and not matcher(folder + entry.name)]
        entries.sort(key=lambda entry: not entry.is_dir())
        plain = {entry.name: entry.is_file(follow_symlinks=False) or entry.is_dir(follow_symlinks=False)
                 for entry in entries}  # a regular file or a folder, and no link
        found += [Escape(folder + entry.name, problem) for entry in entries
                  if not plain[entry.name] and (problem := escape_problem(Path(entry.path), root))]
        folders[0:0] = [f"{folder}{entry.name}/" for entry in entries if plain[entry.name] and entry.is_dir()]
    return found


def escape_problem(path: Path, root: Path) -> str:
    if path.is_symlink():
        target = os.readlink(path)
        resolved = path.resolve()
        if not resolved.is_relative_to(root):
            return (f"is a link to {target}, outside the site's folder: the build would publish it (copy the "
                    "file into the site instead)")
        if resolved.exists() and not (resolved.is_file() or resolved.is_dir()):
            return f"is a link to {target}, which is no file"
        return ""
    mode = path.lstat().st_mode
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        return "is no regular file (a device, a pipe or a socket): remove it"
    return ""


def refuse_escapes(app: Sphinx) -> None:
    """Pages that lead out are not read; what Sphinx copies from the static and extra folders is deleted from
    the output after the build (see delete_escaped_copies), which fails."""
    config = app.config
    found = escapes(Path(app.srcdir), config.exclude_patterns)
    for escape in found:
        report_error(app, f"{escape.path}: {escape.message}", location=None)  # no page: a file or a folder
    app.scholar_escapes = found  # main process only: read at build-finished
    config.exclude_patterns = [*config.exclude_patterns,
                               *(escape.path for escape in found if escape.path.endswith(".md"))]


def leave_out_pages_not_utf8(app: Sphinx) -> None:
    """Sphinx stops with a traceback on a page that is not UTF-8: the page is named and left out instead."""
    srcdir, config = Path(app.srcdir), app.config
    for path in markdown_pages(srcdir, config.exclude_patterns):
        if line := first_bad_line(path.read_bytes()):
            page = path.relative_to(srcdir).as_posix()
            report_error(app, NOT_UTF8, location=(page.removesuffix(".md"), line))
            config.exclude_patterns = [*config.exclude_patterns, page]


def copies_of(relative: str, config: Config) -> list[str]:
    """Where the HTML builder copies a file or folder of the site: the static and extra folders' contents."""
    copies = []
    for folders, into in ((config.html_static_path, "_static"), (config.html_extra_path, "")):
        for folder in folders:
            folder = Path(folder).as_posix().strip("/")
            if relative.startswith(folder + "/"):
                copies.append(os.path.join(into, relative[len(folder) + 1:]))
    copies.append(os.path.join("_images", os.path.basename(relative)))
    return copies


def delete_escaped_copies(app: Sphinx, exception: Exception | None) -> None:
    outdir = Path(app.outdir)
    for escape in getattr(app, "scholar_escapes", []):
        for copy in copies_of(escape.path, app.config):
            path = outdir / copy
            if path.is_dir() and not path.is_symlink():
                for folder, _, files in os.walk(path, topdown=False):
                    for name in files:
                        (Path(folder) / name).unlink()
                    Path(folder).rmdir()
            elif path.exists() or path.is_symlink():
                path.unlink()


def refuse_second_claims(app: Sphinx) -> None:
    for page, line, message in second_claims(Path(app.srcdir), app.config.exclude_patterns):
        report_error(app, message, location=(page.removesuffix(".md"), line))


def setup_sources(app: Sphinx) -> None:
    app.connect("config-inited", recall_engine_pages, priority=100)  # before the first look for pages (drafts)
    app.connect("build-finished", keep_engine_pages)
    # At builder-inited, when messages can name pages, and before Sphinx looks for the pages it reads.
    app.connect("builder-inited", refuse_escapes)
    app.connect("builder-inited", leave_out_pages_not_utf8)  # after the pages that lead out: they are not read
    app.connect("builder-inited", refuse_second_claims)
    app.connect("source-read", check_page_source, priority=400)  # before a deprecated key is renamed (500)
    app.connect("doctree-read", check_heading, priority=300)  # before Sphinx collects titles (500)
    app.connect("build-finished", delete_escaped_copies)
