"""Renamed settings and front-matter keys keep working until the next major release.

Each rename is one entry below. A site that still uses an old name builds as before, with a warning of
``type="scholar", subtype="deprecated"`` naming the file, the line and the new name. Strict builds suppress that
subtype (the engine adds it to ``suppress_warnings``), so an upgrade within a major version never fails a
strict build; ``sphinx-scholar lint --deprecations`` lists every use, and the release that removes a name
says so in the changelog.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sphinx.util import logging

from ._compat import conf_value
from .pages.frontmatter import FENCE, TOP_LEVEL_KEY
from .settings import conf_line

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)
SUBTYPE = "deprecated"


@dataclass(frozen=True)
class Rename:
    old: str
    new: str
    since: str  # the release that renamed it; the next major release removes the old name


#: conf.py settings, old name -> rename.
SETTINGS: dict[str, Rename] = {}
#: Top-level front-matter keys of a page, old name -> rename.
FRONT_MATTER: dict[str, Rename] = {}


@dataclass(frozen=True)
class Use:
    """One use of an old name: where it is and what to write instead."""

    file: str
    line: int
    rename: Rename
    kind: str  # "setting" or "front-matter key"

    def message(self) -> str:
        return (f"the {self.kind} {self.rename.old!r} is deprecated since sphinx-scholar {self.rename.since}: "
                f"rename it {self.rename.new!r}")

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message()}"


def settings_in_use(config: Config, confdir) -> list[Use]:
    return [Use(*conf_line(confdir, rename.old), rename, "setting")
            for rename in SETTINGS.values() if conf_value(config, rename.old) is not None]


def carry_settings_over(app: Sphinx, config: Config) -> None:
    """An old setting's value goes to its new name, unless conf.py sets the new name too."""
    for use in settings_in_use(config, app.confdir):
        logger.warning(use.message(), location=f"{use.file}:{use.line}", type="scholar", subtype=SUBTYPE)
        new = use.rename.new
        if conf_value(config, new) is None:
            setattr(config, new, conf_value(config, use.rename.old))


def rename_front_matter(text: str) -> tuple[str, list[tuple[int, Rename]]]:
    """The page's text with its front matter's old keys renamed, and where each was (line numbers from 1)."""
    lines = text.split("\n")
    if not FRONT_MATTER or not lines or not FENCE.match(lines[0]):
        return text, []
    found = []
    for index in range(1, len(lines)):
        if FENCE.match(lines[index]):
            break
        key = TOP_LEVEL_KEY.match(lines[index])
        if key and key.group(1) in FRONT_MATTER:
            rename = FRONT_MATTER[key.group(1)]
            found.append((index + 1, rename))
            lines[index] = rename.new + lines[index][key.end(1):]
    return "\n".join(lines), found


def front_matter_in_use(page: str, text: str) -> list[Use]:
    return [Use(page, line, rename, "front-matter key") for line, rename in rename_front_matter(text)[1]]


def carry_front_matter_over(app: Sphinx, docname: str, source: list[str]) -> None:
    text, found = rename_front_matter(source[0])
    for line, rename in found:
        use = Use(docname, line, rename, "front-matter key")
        logger.warning(use.message(), location=(docname, line), type="scholar", subtype=SUBTYPE)
    source[0] = text


def setup_deprecations(app: Sphinx) -> None:
    app.connect("config-inited", carry_settings_over, priority=50)  # before anything reads the settings
    app.connect("source-read", carry_front_matter_over, priority=50)
