"""Drafts: a page whose front matter says ``draft: true`` (as ``make project`` writes it) is left out of the
published site, with one line saying so, and shown with a visible mark by ``make serve``
(``scholar_show_drafts``). A page that is no draft but still holds the scaffold's placeholder text fails the
build, naming file and line.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util import logging

from ..errors import report_error
from ..settings import settings
from .frontmatter import FrontMatterInvalid, read_front_matter, read_page_front_matter, read_page_text
from .references import has_engine_mark, markdown_pages

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)
DRAFT_NOTE = "Draft: not published until its front matter loses 'draft: true'."
#: What a scaffolded page says where the researcher has to write; a page that still holds any of these is
#: not finished, and only a draft may hold them (see refuse_placeholders).
PLACEHOLDERS = (
    "TODO: one sentence for this project's card on the research page.",
    "TODO: the problem this project solves, for whom, and why it matters.",
    "TODO: the main idea, in one sentence.",
    "TODO: what makes it work, in one sentence.",
    "TODO: the headline results, with the paper's own numbers and hedges (\"up to\", \"about\").",
)
#: The same for a post ``make post`` writes.
POST_PLACEHOLDERS = (
    "TODO: one sentence about this post, for search engines and the list of posts.",
    "TODO: write the post.",
)



def is_draft(front_matter_data: dict) -> bool:
    """``draft: true``, as YAML reads it (a bool) and as Sphinx keeps page metadata (text)."""
    return str(front_matter_data.get("draft", "")).strip().lower() == "true"


def draft_pages(srcdir: Path, excluded: list[str]) -> list[Path]:
    """The pages marked as drafts, as paths relative to ``srcdir``."""
    drafts = []
    for path in markdown_pages(srcdir, excluded):
        try:
            text = read_page_text(path)
            if "draft" in text and is_draft(read_front_matter(text).data):  # YAML only where it may say so
                drafts.append(path.relative_to(srcdir))
        except FrontMatterInvalid:
            continue  # MyST reports it when it reads the page
    return drafts


def leave_out_drafts(app: Sphinx, config: Config) -> None:
    """Each draft left out is one line, kept on the application for a command that builds quietly."""
    app.scholar_drafts_left_out = []
    if settings(config).show_drafts:
        return
    for draft in draft_pages(Path(app.srcdir), config.exclude_patterns):
        line = f"{draft}: a draft, left out of the site (delete its 'draft: true' line to publish it)"
        logger.info(line)
        app.scholar_drafts_left_out.append(line)
        config.exclude_patterns = [*config.exclude_patterns, draft.as_posix()]


def mark_drafts(app: Sphinx, doctree: nodes.document) -> None:
    """With drafts shown, a draft says so at its top."""
    if not is_draft(app.env.metadata.get(app.env.docname, {})):
        return
    note = nodes.paragraph(DRAFT_NOTE, DRAFT_NOTE, classes=["draft-mark"])
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is not None and section.children and isinstance(section[0], nodes.title):
        section.insert(1, note)
    else:
        doctree.insert(0, note)


def refuse_placeholders(app: Sphinx, docname: str, source: list[str]) -> None:
    """A published page must not hold the scaffold's placeholder text."""
    text = source[0]
    if "TODO:" not in text or has_engine_mark(text):  # a listing of posts quotes them: the post is the one to name
        return
    try:
        draft = is_draft(read_page_front_matter(app.env.doc2path(docname)).data)
    except FrontMatterInvalid:
        draft = False
    if draft:
        return
    for number, line in enumerate(text.splitlines(), start=1):
        for command, placeholders in (("make project", PLACEHOLDERS), ("make post", POST_PLACEHOLDERS)):
            if any(placeholder in line for placeholder in placeholders):
                report_error(app, f"placeholder text of '{command}' is still here: write the page, or mark it "
                             "'draft: true'", location=(docname, number))


def setup_drafts(app: Sphinx) -> None:
    app.connect("config-inited", leave_out_drafts)
    app.connect("doctree-read", mark_drafts)
    app.connect("source-read", refuse_placeholders)
