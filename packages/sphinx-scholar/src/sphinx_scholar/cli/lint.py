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
from ..pages.formulas import formula_problems
from ..pages.frontmatter import FrontMatterInvalid, field_problems, read_front_matter, read_page_text
from ..pages.posts import is_post_page, undated
from ..pages.references import key_uses, markdown_pages, unknown_key_message
from ..pages.sources import NO_HEADING, allowed_keys, escapes, has_heading, page_tokens, second_claims
from ..settings import read_config
from .site import read_site


def problems(srcdir: Path) -> list[str]:
    """Every problem of the .bib file and the pages in one run, as the build reports them."""
    try:
        config, site, text = read_site(srcdir)
        raw_entries, _ = parse_text(text, site.bibfile)
    except BibFileInvalid as invalid:
        found = [str(problem) for problem in invalid.shown]
        if invalid.problems and invalid.problems[0].path == "conf.py":
            return found
        keys = None  # the pages are checked all the same; their keys once the .bib file reads
    else:
        found, keys = [], {raw.key for raw in raw_entries}
    return found + page_problems_of_site(srcdir, read_config(srcdir), keys)


def page_problems_of_site(srcdir: Path, config, keys: set[str] | None) -> list[str]:
    escapes_found = escapes(srcdir, config.exclude_patterns)
    found = [f"{escape.path}: {escape.message}" for escape in escapes_found]
    found.extend(f"{page}:{line}: {message}" for page, line, message in second_claims(srcdir, config.exclude_patterns))
    # as the build, which leaves drafts and the pages that lead out of the site out
    skipped = {*draft_pages(srcdir, config.exclude_patterns), *(Path(escape.path) for escape in escapes_found)}
    for path in markdown_pages(srcdir, config.exclude_patterns):
        page = path.relative_to(srcdir)
        if page in skipped:
            continue
        try:
            text = read_page_text(path)
            front = read_front_matter(text)
            found.extend(f"{page}:{line}: {message}" for line, message in field_problems(front, allowed_keys(config)))
            docname = page.with_suffix("").as_posix()
            if is_post_page(docname, config) and (problem := undated(front.data, docname)):
                found.append(f"{page}:1: {problem}")
            tokens = page_tokens(text)
            if not has_heading(tokens):
                found.append(f"{page}:1: {NO_HEADING}")
            found.extend(f"{page}:{line}: {message}" for line, message in formula_problems(tokens))
            found.extend(f"{page}:{line}: {unknown_key_message(key, keys)}"
                         for line, key in key_uses(text) if keys is not None and key not in keys)
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
