"""The published output: a 404 page that works at any depth, and no page left behind after its source went."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from .._compat import absolute_links
from ..pages.papers import PAPER_PAGES
from ..settings import served_at_any_depth

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx


def absolute_links_on_404(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """The 404 page is served at any depth, so its links must not be relative."""
    if served_at_any_depth(app.config, docname):
        absolute_links(app, doctree)


def written_pages(outdir: Path, suffix: str = ".html") -> Iterator[str]:
    """Each page in the output (a file ending in the builder's ``suffix``, ``html_file_suffix``), as a path from
    it ("/" between folders). Strings, not paths: with a page per paper there are thousands, and a Path each cost
    more than the rest of the work done with them."""
    for folder, _, files in os.walk(outdir):
        relative = os.path.relpath(folder, outdir)
        prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
        yield from (prefix + name for name in files if name.endswith(suffix))


def output_files(builder, docnames: list[str]) -> dict[str, str]:
    """Each page's file, as a path from the output folder ("/" between folders), where the builder writes it
    (which is not always where links lead: ``html_link_suffix``). Worked out once from the first page where the
    builder writes a file per page: a ``Path`` each cost a tenth of a second with 4,000 paper pages."""
    if not docnames:
        return {}
    outdir = os.fspath(builder.outdir)
    sample = os.path.relpath(builder.get_outfilename(docnames[0]), outdir).replace(os.sep, "/")
    if sample.startswith(docnames[0]):  # a file (or a folder's index) per docname
        ending = sample[len(docnames[0]):]
        return {docname: docname + ending for docname in docnames}
    return {docname: os.path.relpath(builder.get_outfilename(docname), outdir).replace(os.sep, "/")
            for docname in docnames}


#: Pages the HTML builder writes that are no document of the site.
GENERATED_PAGES = {"search", "genindex", "py-modindex"}


def delete_pages_without_source(app: Sphinx, exception: Exception | None) -> None:
    """Sphinx leaves a deleted page's HTML behind (as it would a paper page whose entry left the .bib file): an
    output folder that started as a copy of the last site (make html), or outlived a lost environment, must hold
    only what a clean build writes. Folders whose name starts with ``_`` hold assets and are left alone."""
    if exception is not None or app.builder.name != "html" or app.statuscode != 0:
        return  # (dirhtml writes every page as index.html: it would need a rule of its own)
    builder = app.builder
    papers = app.env.domains["pub"].data[PAPER_PAGES]
    pages = set(output_files(builder, [*app.env.found_docs, *papers]).values())
    pages |= set(output_files(builder, sorted(GENERATED_PAGES | set(app.config.html_additional_pages))).values())
    for extra in app.config.html_extra_path:  # copied as they are
        folder = Path(app.confdir) / extra
        pages |= {path.relative_to(folder).as_posix() for path in folder.rglob(f"*{builder.out_suffix}")} \
            if folder.is_dir() else {folder.name}
    for page in written_pages(Path(app.outdir), builder.out_suffix):
        if not page.startswith("_") and page not in pages:
            Path(app.outdir, page).unlink()


def setup_output(app: Sphinx) -> None:
    app.connect("doctree-resolved", absolute_links_on_404)
    app.connect("build-finished", delete_pages_without_source)
