"""The project's settings read from conf.py, for the command-line tools that run outside a build."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sphinx.config import Config
from sphinx.util.tags import Tags

from .catalog import DEFAULT_PRIVATE_FIELDS, CatalogSettings


@dataclass(frozen=True)
class ProjectSettings:
    bibfile: str
    catalog: CatalogSettings
    excluded: tuple[str, ...]


def read_settings(srcdir: Path) -> ProjectSettings:
    raw = Config.read(srcdir, overrides={}, tags=Tags())._raw_config
    return ProjectSettings(
        bibfile=raw.get("scholar_bibfile", "refs.bib"),
        catalog=CatalogSettings(tuple(raw.get("scholar_owner_names", ())),
                                tuple(raw.get("scholar_private_fields", DEFAULT_PRIVATE_FIELDS))),
        excluded=tuple(raw.get("exclude_patterns", ())),
    )
