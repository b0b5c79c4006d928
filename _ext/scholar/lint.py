"""``make lint``: check refs.bib and every key the pages cite, one line per problem, as the build does."""

from __future__ import annotations

import sys
from pathlib import Path

from .bibfile import BibFileInvalid, parse_text, read_bib
from .frontmatter import FrontMatterInvalid
from .references import key_uses, markdown_pages, unknown_key_message
from .settings import conf_line, read_config, settings_from


def problems(srcdir: Path) -> list[str]:
    config = read_config(srcdir)
    bibfile = settings_from(config).bibfile
    try:
        raw_entries, _ = parse_text(read_bib(srcdir / bibfile, bibfile, conf_line(srcdir, "scholar_bibfile")), bibfile)
    except BibFileInvalid as invalid:
        return [str(problem) for problem in invalid.problems]
    keys = {raw.key for raw in raw_entries}
    found = []
    for path in markdown_pages(srcdir, config.exclude_patterns):
        try:
            for line, key in key_uses(path.read_text(encoding="utf-8")):
                if key not in keys:
                    found.append(f"{path.relative_to(srcdir)}:{line}: {unknown_key_message(key, keys)}")
        except FrontMatterInvalid as invalid:
            found.append(f"{path.relative_to(srcdir)}:{invalid.line}: {invalid}")
    return found


def main(argv: list[str] | None = None) -> int:
    found = problems(Path.cwd())
    for problem in found:
        print(problem, file=sys.stderr)
    if not found:
        print("refs.bib and every cited key are fine.")
    return 1 if found else 0
