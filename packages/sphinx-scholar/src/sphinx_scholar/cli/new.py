"""``sphinx-scholar new DIR``: a new researcher's site (next commit)."""

from __future__ import annotations


def main(argv: list[str]) -> int:
    raise NotImplementedError
