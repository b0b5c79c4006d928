"""``make project KEY=<bibkey> [SLUG=<name>]``: write a project page for a paper of refs.bib.

Like ablog's ``post`` command: one template, never overwrites, prints what it made.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from .bibfile import BibFileInvalid, read_bib
from .catalog import build_catalog
from .record import Publication
from .references import close_keys
from .settings import conf_line, read_config, settings_from

TEMPLATE = """\
---
myst:
  html_meta:
    description: {description}
paper: {key}
summary: "TODO: one sentence for this project's card on the research page."
---

# {title}

## Overview

TODO: the problem this project solves, for whom, and why it matters: two or three sentences a visitor from
another field can follow.

## Key ideas

- TODO: the main idea, in one sentence.
- TODO: what makes it work, in one sentence.

## Results

TODO: the headline results, with the paper's own numbers and hedges ("up to", "about").

## Paper

```{{publication}} {key}
```
"""


def default_slug(title: str) -> str:
    first_word = title.split()[0] if title.split() else "project"
    return re.sub(r"[^a-z0-9-]", "", first_word.lower()).strip("-") or "project"


def page_text(publication: Publication) -> str:
    venue = f"{publication.badge} {publication.year}".strip()
    return TEMPLATE.format(
        description=json.dumps(f"{publication.title} ({venue}): project page.", ensure_ascii=False),
        key=publication.key,
        title=publication.title,
    )


class ScaffoldRefused(Exception):
    """Nothing was written; the message says why, in one line."""


def scaffold(srcdir: Path, key: str, slug: str | None, folder: str = "research") -> Path:
    """Write the page and return its path; raise :class:`ScaffoldRefused` on any refusal."""
    settings = settings_from(read_config(srcdir))
    bibfile = settings.bibfile
    try:
        text = read_bib(srcdir / bibfile, bibfile, conf_line(srcdir, "scholar_bibfile"))
        catalog = build_catalog(text, bibfile, settings)
    except BibFileInvalid as invalid:
        raise ScaffoldRefused(str(invalid)) from None
    publication = catalog.by_key.get(key)
    if publication is None:
        close = close_keys(key, catalog.by_key)
        hint = f" Close keys: {', '.join(close)}." if close else ""
        raise ScaffoldRefused(f"{bibfile} has no entry '{key}'.{hint}")
    path = srcdir / folder / f"{slug or default_slug(publication.title)}.md"
    if path.exists():
        raise ScaffoldRefused(f"{path.relative_to(srcdir)} already exists; it was left untouched.")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page_text(publication), encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make project", description=__doc__.splitlines()[0])
    parser.add_argument("key", help="the paper's key in refs.bib")
    parser.add_argument("--slug", help="file name of the page, without .md (default: the title's first word)")
    arguments = parser.parse_args(argv)
    srcdir = Path.cwd()
    try:
        path = scaffold(srcdir, arguments.key, arguments.slug)
    except ScaffoldRefused as refused:
        print(refused, file=sys.stderr)
        return 1
    print(f"Wrote {path.relative_to(srcdir)}: fill in its TODOs, then run make html.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
