"""``make post TITLE="…"``: write a new post, dated today, as a draft in the posts folder.

Like ablog's ``post`` command: one template, never overwrites, prints what it made.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path

from sphinx.errors import ConfigError

from ..errors import first_and_last_line
from ..pages.drafts import POST_PLACEHOLDERS
from ..pages.markdown import as_markdown_text
from ..settings import read_config, settings_from
from ..slugs import ascii_slug
from .site import write_new_page

TEMPLATE = """\
---
date: {today}
tags: []  # a list, like [systems, training]
myst:
  html_meta:
    description: "{placeholders[0]}"
draft: true  # delete this line to publish the post
---

# {title}

{placeholders[1]}
"""


class PostRefused(Exception):
    """Nothing was written; the message says why, in one line."""


def write_post(srcdir: Path, title: str, today: date) -> Path:
    """Write the post and return its path; raise :class:`PostRefused` on any refusal."""
    title = " ".join(title.split())
    name = ascii_slug("-".join(title.split()))
    if not name:
        raise PostRefused(f"TITLE={title!r} has no letter or digit to name the post's file after")
    try:
        folder = srcdir / settings_from(read_config(srcdir)).posts_folder.strip("/")
    except ConfigError as error:
        raise PostRefused(f"conf.py: {first_and_last_line(str(error))}") from None
    path = folder / f"{name}.md"
    if path.exists():
        raise PostRefused(f"{path.relative_to(srcdir)} already exists and was left untouched: pick another title")
    text = TEMPLATE.format(today=today.isoformat(), title=as_markdown_text(title), placeholders=POST_PLACEHOLDERS)
    if problem := write_new_page(srcdir, path, text):
        raise PostRefused(problem)
    return path


def main(argv: list[str] | None = None) -> int:
    """``make post`` hands TITLE over in the environment, so no shell ever reads it."""
    parser = argparse.ArgumentParser(prog="make post", description=__doc__.splitlines()[0])
    parser.add_argument("title", nargs="?", default=os.environ.get("TITLE"), help="the post's title")
    arguments = parser.parse_args(argv)
    if not (arguments.title or "").strip():
        print('usage: make post TITLE="The post\'s title"', file=sys.stderr)
        return 2
    srcdir = Path.cwd()
    try:
        path = write_post(srcdir, arguments.title, date.today())
    except PostRefused as refused:
        print(refused, file=sys.stderr)
        return 1
    print(f"Wrote {path.relative_to(srcdir)}, a draft dated today: write it, then delete its 'draft: true' line "
          "to publish it (make serve shows drafts).")
    return 0
