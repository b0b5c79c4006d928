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
from ..pages.markdown import as_markdown_text
from ..pages.papers import claimed_papers
from ..pages.references import close_keys
from ..slugs import SLUG_LENGTH, default_slug
from .site import read_site, write_new_page

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
SLUG = re.compile(rf"(?=.{{1,{SLUG_LENGTH}}}$)[a-z0-9]+(?:-[a-z0-9]+)*")


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
        config, settings, text = read_site(srcdir)
        bibfile = settings.bibfile
        catalog = build_catalog(text, bibfile, settings)
    except BibFileInvalid as invalid:
        raise ScaffoldRefused(str(invalid)) from None
    publication = catalog.by_key.get(key)
    if publication is None:
        close = close_keys(key, catalog.by_key)
        hint = f" Close keys: {', '.join(close)}." if close else ""
        raise ScaffoldRefused(f"{bibfile} has no entry '{key}'.{hint}")
    # Read before any draft is left out (config-inited does that): a draft made earlier is this paper's page too.
    claims = {catalog.canonical(claimed): page for claimed, page in
              claimed_papers(srcdir, config.exclude_patterns).items()}
    if publication.key in claims:
        raise ScaffoldRefused(f"{claims[publication.key]}.md is already the project page of '{key}' (its front "
                              "matter names it under 'paper'); nothing was written.")
    if slug is not None and not SLUG.fullmatch(slug):
        raise ScaffoldRefused(f"SLUG={slug!r} is not a plain name: use up to {SLUG_LENGTH} lowercase letters, "
                              "digits and hyphens (SLUG=my-project)")
    name = slug or default_slug(publication.title)
    if not name:
        raise ScaffoldRefused(f"the title of '{key}' has no letter or digit to name its page after: name the page "
                              "with SLUG=<name> (lowercase letters, digits and hyphens).")
    path = srcdir / folder / f"{name}.md"
    if path.exists():
        how = "; pick another name with SLUG=<name>" if slug is None else ""
        raise ScaffoldRefused(f"{path.relative_to(srcdir)} already exists and was left untouched{how}.")
    if problem := write_new_page(srcdir, path, page_text(publication)):
        raise ScaffoldRefused(problem)
    return path


def main(argv: list[str] | None = None) -> int:
    """``make project`` hands KEY and SLUG over in the environment, so no shell ever reads them."""
    parser = argparse.ArgumentParser(prog="make project", description=__doc__.splitlines()[0])
    parser.add_argument("key", nargs="?", default=os.environ.get("KEY"), help="the paper's key in refs.bib")
    parser.add_argument("--slug", default=os.environ.get("SLUG") or None,
                        help="file name of the page, without .md (default: the title's first word, in ASCII)")
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
