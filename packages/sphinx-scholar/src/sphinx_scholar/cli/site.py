"""The site as the command-line tools read it: conf.py and its .bib file together."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.errors import ConfigError

from ..bib.bibfile import BibFileInvalid, BibProblem, read_bib
from ..errors import first_and_last_line
from ..settings import ScholarSettings, conf_line, read_config, settings_from

if TYPE_CHECKING:
    from sphinx.config import Config


def read_site(srcdir: Path) -> tuple[Config, ScholarSettings, str]:
    """conf.py, its settings and the .bib file's text, as ``make lint`` and ``make project`` read them;
    raises :class:`~.bibfile.BibFileInvalid` naming each problem in one line."""
    try:
        config = read_config(srcdir)
    except ConfigError as error:
        raise BibFileInvalid([BibProblem("conf.py", 0, first_and_last_line(str(error)))]) from None
    site = settings_from(config)
    return config, site, read_bib(srcdir / site.bibfile, site.bibfile, conf_line(srcdir, "scholar_bibfile"))


def write_new_page(srcdir: Path, path: Path, text: str) -> str:
    """Write a page that is not there yet (never over one, even one made meanwhile): what went wrong, or ""."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as page:
            page.write(text)
    except OSError as error:
        return f"{path.relative_to(srcdir)} could not be written: {error.strerror}"
    return ""
