"""Theme overrides that survive upgrades: each template block that replaces the theme's (no ``super()``)
was written against a copy of the theme's block, kept in tests/data/theme-upstream/. When an upgrade of
pydata-sphinx-theme changes that block, the test names the template to review."""

from __future__ import annotations

import re
from pathlib import Path

import pydata_sphinx_theme
import pytest
import sphinx_scholar.theme
from engine_helpers import TESTS

THEME = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme"
UPSTREAM = TESTS / "data" / "theme-upstream"
ENGINE_THEME = Path(sphinx_scholar.theme.__file__).parent
#: The engine's page templates and the components they include.
TEMPLATES = (ENGINE_THEME / "sphinx_scholar", ENGINE_THEME / "components")
#: (our template, block it replaces or None for the whole file) -> the theme's file it was copied from.
REPLACED = {
    ("layout.html", "css"): "layout.html",
    ("layout.html", "extrahead"): "layout.html",
    ("search.html", "scripts"): "search.html",
    ("search.html", "htmltitle"): "search.html",
    ("search-button-field.html", None): "components/search-button-field.html",
}


def block(text: str, name: str) -> str | None:
    match = re.search(r"\{%-?\s*block " + name + r"\s*-?%\}(.*?)\{%-?\s*endblock(?: " + name + r")?\s*-?%\}",
                      text, re.S)
    return match.group(1) if match else None


@pytest.mark.parametrize(("template", "name"), list(REPLACED))
def test_replaced_theme_blocks_are_unchanged_upstream(template, name):
    theme_text = (THEME / REPLACED[template, name]).read_text(encoding="utf-8")
    current = block(theme_text, name) if name else theme_text
    copy = UPSTREAM / (f"{template}.{name}" if name else template)
    assert current == copy.read_text(encoding="utf-8"), (
        f"pydata-sphinx-theme changed {'block ' + name + ' of ' if name else ''}{REPLACED[template, name]}: "
        f"review the engine's {template} against it, then refresh {copy.relative_to(TESTS.parent)}")


def test_every_block_replaced_without_super_is_registered():
    for path in (path for folder in TEMPLATES for path in folder.glob("*.html")):
        text = path.read_text(encoding="utf-8")
        if "extends" not in text:
            if any(THEME.rglob(path.name)):  # a whole theme file replaced, not a partial of our own
                assert (path.name, None) in REPLACED, f"{path.name} replaces a theme file unregistered"
            continue
        for name in re.findall(r"\{%-?\s*block (\w+)", text):
            if "super()" not in block(text, name):
                assert (path.name, name) in REPLACED, f"{path.name} replaces block {name} unregistered"
