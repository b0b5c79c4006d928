"""``sphinx-scholar lint`` (``make lint``): check refs.bib, the pages' front matter and every key they cite,
one line per problem, as the build does; what else a page may get wrong (a directive's options, say)
only the build reads."""

from __future__ import annotations

import argparse
import sys
from contextlib import suppress
from pathlib import Path

from ..bib.bibfile import BibFileInvalid, parse_text
from ..deprecations import front_matter_in_use, settings_in_use
from ..pages.drafts import draft_pages
from ..pages.frontmatter import FrontMatterInvalid, field_problems, read_front_matter, read_page_text
from ..pages.references import key_uses, markdown_pages, unknown_key_message
from ..settings import read_config
from .site import read_site


def problems(srcdir: Path) -> list[str]:
    try:
        config, site, text = read_site(srcdir)
        raw_entries, _ = parse_text(text, site.bibfile)
    except BibFileInvalid as invalid:
        return [str(problem) for problem in invalid.shown]
    keys = {raw.key for raw in raw_entries}
    found = []
    drafts = set(draft_pages(srcdir, config.exclude_patterns))  # as the build, which leaves them out
    for path in markdown_pages(srcdir, config.exclude_patterns):
        page = path.relative_to(srcdir)
        if page in drafts:
            continue
        try:
            text = read_page_text(path)
            found.extend(f"{page}:{line}: {message}" for line, message in field_problems(read_front_matter(text)))
            for line, key in key_uses(text):
                if key not in keys:
                    found.append(f"{page}:{line}: {unknown_key_message(key, keys)}")
        except FrontMatterInvalid as invalid:
            found.append(f"{page}:{invalid.line}: {invalid}")
        except ValueError as error:
            found.append(f"{page}: {error}")
    return found


def papers_google_scholar_skips(srcdir: Path) -> list[str]:
    """Each paper whose page Google Scholar would not index: it wants an abstract or the full text on the page,
    and the .bib file gives neither. Advice, not a problem: the build publishes the page all the same."""
    try:
        _, site, text = read_site(srcdir)
        raw_entries, _ = parse_text(text, site.bibfile)
    except BibFileInvalid:
        return []  # problems() names them
    return [f"{site.bibfile}:{raw.line}: {raw.key} has no abstract: Google Scholar indexes a paper's page only "
            "with its abstract or full text (add an abstract field)"
            for raw in raw_entries if not any(span.name == "abstract" for span in raw.fields)]


def deprecations(srcdir: Path) -> list[str]:
    """Every use of a deprecated setting or front-matter key, with file and line."""
    config = read_config(srcdir)
    uses = settings_in_use(config, srcdir)
    for path in markdown_pages(srcdir, config.exclude_patterns):
        with suppress(FrontMatterInvalid):  # make lint without --deprecations names it
            uses.extend(front_matter_in_use(str(path.relative_to(srcdir)), read_page_text(path)))
    return [str(use) for use in uses]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="sphinx-scholar lint", description=__doc__.splitlines()[0])
    parser.add_argument("--deprecations", action="store_true",
                        help="list every deprecated setting and front-matter key in use, with file and line")
    arguments = parser.parse_args(argv)
    if arguments.deprecations:
        found = deprecations(Path.cwd())
        print("\n".join(found) if found else "No deprecated setting or front-matter key is in use.")
        return 0
    found = problems(Path.cwd())
    for problem in found:
        print(problem, file=sys.stderr)
    if not found:
        for advice in papers_google_scholar_skips(Path.cwd()):
            print(advice)
        print("refs.bib and every cited key are fine.")
    return 1 if found else 0
