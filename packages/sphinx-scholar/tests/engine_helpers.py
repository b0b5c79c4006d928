"""What the engine's tests share: a tiny site of tests/roots built in-process, and its pages as soup."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

TESTS = Path(__file__).resolve().parent


def page(root: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((root / name).read_text(encoding="utf-8"), "html.parser")


def soup(app, name: str) -> BeautifulSoup:
    return page(Path(app.outdir), name)
