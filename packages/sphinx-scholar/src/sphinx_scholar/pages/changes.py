"""Change detection: which pages to read or write again, beyond the files Sphinx compares by time.

- A page showing .bib content is read again when the file's content changed, whatever its time.
- A page whose output shows other pages (back-links to project pages, project cards) is written again when
  what it shows of them changed.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.addnodes import pending_xref

from ..settings import settings
from .domain import PublicationDomain
from .projects import PROJECT_FIELDS, is_project_page, project_pages

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def pages_showing_changed_entries(app: Sphinx, env: BuildEnvironment, added, changed, removed) -> list[str]:
    if not env.domains["pub"].bib_changed:
        return []
    bib_path = (Path(app.srcdir) / settings(app.config).bibfile).resolve()
    return [docname for docname, files in env.dependencies.items()
            if docname in env.found_docs and any(Path(file).resolve() == bib_path for file in files)]


def read_again_when_bib_changes(app: Sphinx, doctree: nodes.document) -> None:
    """Citations and ``{pub:ref}`` links show text from the .bib file, and lead to a list's entry."""
    if any(node.get("refdomain") in ("cite", "pub") for node in doctree.findall(pending_xref)):
        app.env.note_dependency(settings(app.config).bibfile)
        app.env.domains["pub"].note_crosspage(app.env.docname)  # its links lead to where lists put entries


def crosspage_state(env: BuildEnvironment) -> tuple:
    """What other pages' output reads from this one: listings, citations, paper pages, project pages' front
    matter."""
    domain: PublicationDomain = env.domains["pub"]
    projects = sorted(
        (docname, env.titles[docname].astext() if docname in env.titles else "",
         tuple(env.metadata[docname].get(field, "") for field in PROJECT_FIELDS))
        for docname in env.found_docs
        if is_project_page(docname, env)
    )
    return (sorted((k, sorted(v.items())) for k, v in domain.listed.items()),
            sorted((k, sorted(v)) for k, v in domain.cited.items()),
            sorted(domain.data["paper_pages"].items()),
            projects)


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    domain: PublicationDomain = env.domains["pub"]
    # Kept as a digest: with 4,000 entries the state itself was a quarter of the environment Sphinx loads and
    # saves on every rebuild.
    state = hashlib.sha256(json.dumps(crosspage_state(env), ensure_ascii=False).encode()).hexdigest()
    if state == domain.data["last_state"]:
        return []
    domain.data["last_state"] = state
    return sorted(domain.data["crosspage"])


def navigation_state(env: BuildEnvironment) -> dict[str, list[tuple[str, str]]]:
    """Per folder of project pages, the pages in the navigation's order with their (short) titles."""
    folders = {posixpath.dirname(docname) for docname in env.found_docs if is_project_page(docname, env)}
    return {folder: [(docname, env.titles[docname].astext() if docname in env.titles else "")
                     for docname in project_pages(env, folder)] for folder in sorted(folders)}


def pages_showing_the_navigation(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Every page of a folder whose side navigation lists its project pages, when their order or titles
    changed (an edited ``paper``, ``short_title`` or year): Sphinx writes again only the pages it read."""
    domain: PublicationDomain = env.domains["pub"]
    state = navigation_state(env)
    if state == domain.data["last_navigation"]:
        return []
    domain.data["last_navigation"] = state
    return sorted(docname for docname in env.found_docs
                  if any(docname.startswith(f"{folder}/") or docname == folder for folder in state))


def setup_changes(app: Sphinx) -> None:
    app.connect("env-get-outdated", pages_showing_changed_entries)
    app.connect("doctree-read", read_again_when_bib_changes)
    app.connect("env-updated", pages_to_rewrite)
    app.connect("env-updated", pages_showing_the_navigation)
