"""Serve a built site on 127.0.0.1 (the engine's test helper) and drive Debian's Chromium (Playwright,
Lighthouse)."""

from __future__ import annotations

import os
from pathlib import Path

from sphinx_scholar.testing import serve  # noqa: F401 - the site's tests take it from here

CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"]


def site_pages(site: Path) -> list[str]:
    """Every page of a built site, relative to it (the theme's _static holds an HTML fragment that is none)."""
    return sorted(str(path.relative_to(site)) for path in site.rglob("*.html") if "_static" not in path.parts)


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    if not Path(path).is_file():
        raise RuntimeError(f"browser tests need Chromium at {path}: run 'apt-get install chromium'")
    return path
