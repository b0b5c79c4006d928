"""``make project KEY=<bibkey> [SLUG=<name>]``: write a project page for a paper of refs.bib, as a draft.

Like ablog's ``post`` command: one template, never overwrites, prints what it made.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path

from ..bib.bibfile import BibFileInvalid
from ..bib.catalog import build_catalog
from ..bib.record import Publication
from ..pages.drafts import PLACEHOLDERS
from ..pages.papers import as_markdown_text
from ..pages.references import close_keys
from .site import read_site

TEMPLATE = """\
---
myst:
  html_meta:
    description: {description}
{short_title}paper: {key}
summary: "{placeholders[0]}"
draft: true  # delete this line to publish the page
---

# {title}

## Overview

{placeholders[1]}

## Key ideas

- {placeholders[2]}
- {placeholders[3]}

## Results

{placeholders[4]}

## Paper

```{{publication}} {key}
```
"""
#: A name before a title's colon longer than this is no short name.
SHORT_TITLE_LENGTH = 40
SLUG = re.compile(r"(?=.{1,64}$)[a-z0-9]+(?:-[a-z0-9]+)*")


def default_slug(title: str) -> str:
    first_word = title.split()[0] if title.split() else "project"
    return re.sub(r"[^a-z0-9-]", "", first_word.lower()).strip("-") or "project"


def short_title(title: str) -> str:
    """The name before a title's colon ("EngineNet" of "EngineNet: the Analytical Engine, Revisited"), or nothing."""
    name, colon, rest = title.partition(":")
    return name.strip() if colon and rest.strip() and 0 < len(name.strip()) <= SHORT_TITLE_LENGTH else ""


def page_text(publication: Publication) -> str:
    venue = f"{publication.badge} {publication.year}".strip()
    short = short_title(publication.title)
    return TEMPLATE.format(
        description=json.dumps(f"{publication.title} ({venue}): project page.", ensure_ascii=False),
        short_title=f"short_title: {json.dumps(short, ensure_ascii=False)}\n" if short else "",
        key=publication.key,
        title=as_markdown_text(publication.title),
        placeholders=PLACEHOLDERS,
    )


class ScaffoldRefused(Exception):
    """Nothing was written; the message says why, in one line."""


def scaffold(srcdir: Path, key: str, slug: str | None, folder: str = "research") -> Path:
    """Write the page and return its path; raise :class:`ScaffoldRefused` on any refusal."""
    try:
        _, settings, text = read_site(srcdir)
        bibfile = settings.bibfile
        catalog = build_catalog(text, bibfile, settings)
    except BibFileInvalid as invalid:
        raise ScaffoldRefused(str(invalid)) from None
    publication = catalog.by_key.get(key)
    if publication is None:
        close = close_keys(key, catalog.by_key)
        hint = f" Close keys: {', '.join(close)}." if close else ""
        raise ScaffoldRefused(f"{bibfile} has no entry '{key}'.{hint}")
    if slug is not None and not SLUG.fullmatch(slug):
        raise ScaffoldRefused(f"SLUG={slug!r} is not a plain name: use up to 64 lowercase letters, digits and "
                              "hyphens (SLUG=my-project)")
    path = srcdir / folder / f"{slug or default_slug(publication.title)}.md"
    if path.exists():
        how = "; pick another name with SLUG=<name>" if slug is None else ""
        raise ScaffoldRefused(f"{path.relative_to(srcdir)} already exists and was left untouched{how}.")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as page:  # "x": never over a page made meanwhile
            page.write(page_text(publication))
    except OSError as error:
        raise ScaffoldRefused(f"{path.relative_to(srcdir)} could not be written: {error.strerror}") from None
    return path


def main(argv: list[str] | None = None) -> int:
    """``make project`` hands KEY and SLUG over in the environment, so no shell ever reads them."""
    parser = argparse.ArgumentParser(prog="make project", description=__doc__.splitlines()[0])
    parser.add_argument("key", nargs="?", default=os.environ.get("KEY"), help="the paper's key in refs.bib")
    parser.add_argument("--slug", default=os.environ.get("SLUG") or None,
                        help="file name of the page, without .md (default: the title's first word)")
    arguments = parser.parse_args(argv)
    if not arguments.key:
        print("usage: make project KEY=<bibkey> [SLUG=<name>]", file=sys.stderr)
        return 2
    srcdir = Path.cwd()
    try:
        path = scaffold(srcdir, arguments.key, arguments.slug)
    except ScaffoldRefused as refused:
        print(refused, file=sys.stderr)
        return 1
    print(f"Wrote {path.relative_to(srcdir)}, a draft: fill in its TODOs, then delete its 'draft: true' line to "
          "publish it (make serve shows drafts).")
    return 0
