"""Text the engine writes into Markdown (posts' pages, a new project page, a new site's pages) as text."""

from __future__ import annotations

import re

#: Characters Markdown or MyST would read as markup in a heading, escaped so a title stays text.
MARKUP = re.compile(r"([\\`*_{}\[\]<>#!|~$&%])")


def as_markdown_text(text: str) -> str:
    """``text`` as a Markdown heading or paragraph shows it: every markup character escaped, on one line."""
    return markdown_escaped(" ".join(text.split()))


def markdown_escaped(text: str) -> str:
    """``text`` with every character Markdown or MyST reads as markup escaped, its spaces as they are."""
    return MARKUP.sub(r"\\\1", text)
