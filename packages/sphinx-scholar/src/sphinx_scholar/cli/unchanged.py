"""Whether ``make html`` has anything to do: when nothing a build reads changed since the last good build, the
published site is current and the command ends at once, without starting Sphinx.

What a build reads is noted when it starts, before Sphinx runs, so a file saved during the build counts as a
change for the next one:

- every file of the site (its size and time of change), but for the build's own folder, hidden folders at the
  top (``.git``, ``.venv``) and ``node_modules``; what the engine itself wrote into the sources during the build
  (the posts' pages) is taken as the build left it;
- the code that builds: the Python running, the engine's files, and the packages installed where Python
  imports from;
- the command line's settings and tags, the environment variables a site's build reads, and the date (a page
  may print the year).

A good build that left nothing out (the CV's PDF included) writes the note with what it published; any build
that starts removes it. Sphinx's own reasons to read a page are all among these: a changed source or included
file, setting, extension or template.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
from pathlib import Path

from ..identity import Listing, code_identity, files_under

#: What the environment may change in a site's build: Read the Docs' variables, Sphinx's, the engine's, dates.
READ_FROM_ENVIRONMENT = ("READTHEDOCS", "SPHINX", "SCHOLAR", "SOURCE_DATE_EPOCH", "CI", "LANG", "LC_", "TZ")

def setting_identity(overrides: dict[str, str], tags: list[str]) -> list:
    environment = sorted((name, value) for name, value in os.environ.items() if name.startswith(READ_FROM_ENVIRONMENT))
    return [sorted(overrides.items()), sorted(tags), environment, datetime.date.today().isoformat()]


def digest(value: object) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True).encode()).hexdigest()


class Inputs:
    """What a build is about to read, noted before Sphinx starts."""

    def __init__(self, srcdir: Path, overrides: dict[str, str], tags: list[str]):
        self.srcdir = srcdir
        self.sources = files_under(srcdir, top_level_skipped=True)
        self.settings = setting_identity(overrides, tags)
        self.code = code_identity()

    def as_built(self, written_by_engine: set[str]) -> str:
        """The digest of the inputs, with the files the engine wrote during the build as it left them."""
        sources = dict(self.sources)
        for path in written_by_engine:
            relative = os.path.relpath(path, self.srcdir)
            try:
                status = os.stat(path)
                sources[relative] = (status.st_size, status.st_mtime_ns)
            except OSError:
                sources.pop(relative, None)
        return digest([sorted(sources.items()), self.settings, self.code])

    def now(self) -> str:
        return self.as_built(set())


class LastGoodBuild:
    """The note of the last good build: the digest of its inputs, of what it published, and what it said."""

    def __init__(self, note: Path, published: Path):
        self.note, self.published = note, published

    def said_if_current(self, inputs: Inputs) -> list[str] | None:
        """What the last good build said, if nothing changed since; None if this build has work to do."""
        try:
            last = json.loads(self.note.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(last, dict) or last.get("inputs") != inputs.now() or \
                last.get("published") != digest(sorted(files_under(self.published).items())):
            return None
        said = last.get("said")
        return [str(line) for line in said] if isinstance(said, list) else None

    def forget(self) -> None:
        self.note.unlink(missing_ok=True)

    def remember(self, inputs: Inputs, written_by_engine: set[str], said: list[str],
                 published: Listing | None = None) -> None:
        """``published``: what the build published, where it knows (a look at thousands of files costs a
        quarter of a second)."""
        from ..store import write_whole

        write_whole(self.note, json.dumps({
            "inputs": inputs.as_built(written_by_engine),
            "published": digest(sorted((published if published is not None else files_under(self.published)).items())),
            "said": said,
        }))
