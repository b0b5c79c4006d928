"""The catalog on disk, between builds, beside the digest of the .bib text it was made from."""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
from dataclasses import fields
from functools import cache
from pathlib import Path
from typing import Any

from .bib.style import STYLE_VERSION


@cache
def stored_shape() -> str:
    """What a stored catalog is made of: the style's version and the fields of each stored class, so that a
    record that gains a field is never read from a store written without it (a forgotten STYLE_VERSION bump)."""
    from .bib.catalog import Catalog  # the catalog module stores through this one
    from .bib.formatting import FormattedEntry
    from .bib.record import Link, Publication

    return STYLE_VERSION + repr([(cls.__name__, [field.name for field in fields(cls)])
                                 for cls in (Catalog, Publication, Link, FormattedEntry)])


def content_digest(*parts: str) -> str:
    """The one digest of the package: what a cached thing was made from, with the stored shape."""
    return hashlib.sha256("\0".join((stored_shape(), *parts)).encode()).hexdigest()


def files_digest(*paths: Path) -> str:
    """A digest of the files' bytes: of the code or data a cached thing was made by."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()


def write_whole(path: Path, content: str | bytes) -> None:
    """``content`` into ``path`` as one whole file, even with two builds at once; nothing where it cannot be
    written (what is kept in the doctrees is found again by the next build)."""
    partial = path.with_name(f"{path.name}.{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            partial.write_bytes(content)
        else:
            partial.write_text(content, encoding="utf-8")
        partial.replace(path)
    except OSError:
        partial.unlink(missing_ok=True)


#: Files of the site's sources the engine wrote or removed in this process (its pages from the .bib file and the
#: posts, their .gitignore): ``make html`` takes them as the build left them (cli/unchanged.py).
SOURCES_WRITTEN: set[str] = set()


def write_if_changed(path: Path, text: str) -> None:
    """Sphinx reads a page again when its file is newer than the last build: an unchanged page keeps its time."""
    try:
        if path.read_text(encoding="utf-8") == text:
            return
    except OSError:
        pass
    SOURCES_WRITTEN.add(os.path.abspath(path))
    path.write_text(text, encoding="utf-8")


def remove_written_page(path: Path) -> None:
    SOURCES_WRITTEN.add(os.path.abspath(path))
    path.unlink()


def pickled(stamp: str, value: Any) -> bytes:
    return pickle.dumps((stamp, value), protocol=pickle.HIGHEST_PROTOCOL)


def unpickled(path: Path, stamp: str) -> Any | None:
    """What :func:`pickled` wrote into ``path`` with the same ``stamp``; None for anything else (an unreadable or
    outdated store only costs making its contents again)."""
    if not path.is_file():
        return None
    # Without the cycle collector: each object unpickled counts towards a collection that walks every
    # object alive, Sphinx's loaded environment included (with 4,000 entries, 0.31 s instead of 0.05).
    collecting = gc.isenabled()
    gc.disable()
    try:
        with path.open("rb") as stream:
            written_with, value = pickle.load(stream)
    except Exception:
        return None
    finally:
        if collecting:
            gc.enable()
    return value if written_with == stamp else None


class TextStore:
    """Texts by a digest of what each was made from, kept between builds in one file; ``stamp`` names how they
    were made (the code and data that made them), and a file with another stamp is not read."""

    def __init__(self, path: Path, stamp: str):
        self.path, self.stamp = path, stamp

    def load(self) -> dict[str, str]:
        texts = unpickled(self.path, self.stamp)
        return texts if isinstance(texts, dict) else {}

    def save(self, texts: dict[str, str]) -> None:
        write_whole(self.path, pickled(self.stamp, texts))


class CatalogStore:
    """The last catalog, with a small file holding the digest of the .bib text it came from.

    A build whose .bib file is unchanged reads only the digest; the catalog itself is loaded when a page
    first needs it, so a build with nothing to read or write never loads it.
    """

    def __init__(self, folder: Path | None):
        self.folder = folder

    def _path(self, suffix: str) -> Path | None:
        return self.folder / f"publications.{suffix}" if self.folder is not None else None

    def stored_digest(self) -> str:
        path = self._path("digest")
        return path.read_text() if path is not None and path.is_file() else ""

    def load(self) -> Any | None:
        path = self._path("pickle")
        return unpickled(path, stored_shape()) if path is not None else None

    def save(self, digest: str, catalog: Any) -> None:
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        contents = {"pickle": pickled(stored_shape(), catalog), "digest": digest.encode()}
        for suffix, content in contents.items():  # the digest last: it vouches for the pickle
            partial = self._path(suffix + ".tmp")
            partial.write_bytes(content)
            partial.replace(self._path(suffix))

    def forget(self) -> None:
        """Make the next build treat the .bib file as changed."""
        if self.folder is not None:
            self._path("digest").unlink(missing_ok=True)
