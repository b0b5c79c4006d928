"""The published output: a 404 page that works at any depth, and no page left behind after its source went."""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

from ._compat import absolute_links


def absolute_links_on_404(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """The 404 page is served at any depth, so its links must not be relative."""
    if "notfound_pagename" in app.config and docname == app.config.notfound_pagename:
        absolute_links(app, doctree)


def note_removed_pages(app: Sphinx, env, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    # Kept on the builder: it lives for exactly one build and is never pickled.
    app.builder.scholar_removed_pages = set(removed)
    return []


def delete_removed_pages(app: Sphinx, exception: Exception | None) -> None:
    """Sphinx leaves a deleted page's HTML behind; an incremental build must publish what a clean one does."""
    if exception is not None or app.builder.format != "html":
        return
    for docname in getattr(app.builder, "scholar_removed_pages", ()):
        (Path(app.outdir) / app.builder.get_target_uri(docname)).unlink(missing_ok=True)


def setup_output(app: Sphinx) -> None:
    app.connect("doctree-resolved", absolute_links_on_404)
    app.connect("env-get-outdated", note_removed_pages)
    app.connect("build-finished", delete_removed_pages)
