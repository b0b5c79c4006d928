"""``make html``: build the site strictly, and publish it only if the build succeeded.

- Sphinx writes into a folder of its own, kept between builds and never served (``_build/html.work``). A good
  build is published as a new folder that swaps places with ``_build/html``: each file the build did not change
  is a hard link to the published one, each other file a copy, so no published file is ever written in place.
- When nothing a build reads changed since the last good build, the site is current and the command ends
  before Sphinx starts (cli/unchanged.py).
- One build of a checkout at a time: a second build waits for the first (a lock on ``_build/build.lock``).
- A build leaves a mark in the doctrees while it runs. If it is interrupted at any moment (Ctrl-C, SIGTERM,
  SIGKILL) or fails, the mark stays, and the next build reads every page afresh into a new folder: Sphinx's
  saved environment could vouch for pages whose output never reached the published site.
- A failure of any kind (a mistake in the sources, permissions, a full disk) is one line; nothing it leaves
  behind blocks the next build.
"""

from __future__ import annotations

import argparse
import fcntl
import gc
import os
import re
import shutil
import signal
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext, suppress
from pathlib import Path
from typing import NamedTuple

from sphinx.errors import SphinxError

from ..processes import held_here_only
from .progress import progress_said
from .unchanged import Inputs, LastGoodBuild, Listing, files_under

BUILD = Path("_build")
OUTPUT = BUILD / "html"
WORK = BUILD / "html.work"
NEXT = BUILD / "html.next"
RETIRED = BUILD / "html.old"
#: What builds before 2.6 staged a site in: removed when found.
OLD_STAGING = BUILD / "html.staging"
DOCTREES = BUILD / "doctrees"
LOCK = BUILD / "build.lock"
UNFINISHED = DOCTREES / "build-unfinished"
LAST_GOOD_BUILD = LastGoodBuild(DOCTREES / "scholar" / "last-good-build.json", OUTPUT)
#: How Python starts an error's text ("[Errno 28] No space left on device").
ERRNO_PREFIX = re.compile(r"^\[Errno \d+\] ")
RUNNING, FAILED = "running", "failed"  # what the mark says: a build runs (or was stopped), or failed
#: Sphinx's saved environment: without it, Sphinx reads every page again.
ENVIRONMENT = DOCTREES / "environment.pickle"


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@contextmanager
def one_build_at_a_time() -> Iterator[None]:
    BUILD.mkdir(exist_ok=True)
    with LOCK.open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            say("Another build of this checkout is running: waiting for it to finish.")
            fcntl.flock(handle, fcntl.LOCK_EX)
        with held_here_only(handle):
            yield


def make_writable(path: Path) -> None:
    for folder, _, files in os.walk(path):
        os.chmod(folder, os.stat(folder).st_mode | stat.S_IRWXU)
        for name in files:
            file = Path(folder) / name
            file.chmod(file.stat().st_mode | stat.S_IRUSR | stat.S_IWUSR)


def remove(path: Path) -> None:
    """Remove a folder of a build, read-only parts included."""
    if path.is_dir() and not path.is_symlink():
        make_writable(path)
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


def recover() -> str:
    """Undo what an interrupted build left; return how the last build ended if it did not succeed."""
    if not OUTPUT.exists() and RETIRED.is_dir():
        RETIRED.rename(OUTPUT)  # stopped between the two renames of publishing: the last good site is back
    for leftover in (NEXT, RETIRED, OLD_STAGING):
        remove(leftover)
    return UNFINISHED.read_text().strip() or RUNNING if UNFINISHED.exists() else ""


def link(existing: Path, new: Path) -> bool:
    try:
        os.link(existing, new)
        return True
    except OSError:  # a file system without hard links
        return False


def publish() -> Listing | None:
    """The work folder as the published site: unchanged files linked to the published ones, others copied. What
    it published, as :func:`files_under` lists it (None where a link in it leaves that to a new look)."""
    published = files_under(OUTPUT)
    listing: Listing | None = {}
    for folder, subfolders, files in os.walk(WORK):
        relative = os.path.relpath(folder, WORK)
        os.mkdir(NEXT / relative)
        for name in [*files, *(name for name in subfolders if os.path.islink(os.path.join(folder, name)))]:
            source, path = os.path.join(folder, name), os.path.normpath(os.path.join(relative, name))
            status = os.lstat(source)
            if stat.S_ISLNK(status.st_mode):
                os.symlink(os.readlink(source), NEXT / path)
                listing = None
                continue
            if published.get(path) != (status.st_size, status.st_mtime_ns) or not link(OUTPUT / path, NEXT / path):
                shutil.copy2(source, NEXT / path)  # its time of change too
            if listing is not None:
                listing[path.replace(os.sep, "/")] = (status.st_size, status.st_mtime_ns)
    if OUTPUT.exists():
        OUTPUT.rename(RETIRED)
    NEXT.rename(OUTPUT)
    remove(RETIRED)
    return listing


class Outcome(NamedTuple):
    status: int
    #: The part of the CV's PDF that is missing, when the site is built without the PDF.
    missing: str
    #: A line for each draft left out of the site.
    drafts: list[str]


def run_sphinx(srcdir: Path, quiet: bool, jobs: int, overrides: dict[str, str], tags: list[str]) -> Outcome:
    from sphinx.application import Sphinx
    from sphinx.util.console import disable_colour, terminal_supports_colour
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    from ..cv.pdf import LEFT_OUT

    if not terminal_supports_colour():
        disable_colour()
    with patch_docutils(srcdir), docutils_namespace(), progress_said() if quiet else nullcontext():
        app = Sphinx(srcdir, srcdir, WORK, DOCTREES, "html", confoverrides={**overrides, "nitpicky": True},
                     status=None if quiet else sys.stdout, warning=sys.stderr, warningiserror=True, parallel=jobs,
                     tags=tags)
        try:
            app.build()
        finally:
            drafts = getattr(app, "scholar_drafts_left_out", [])
            for line in drafts if quiet else ():
                say(line)
        return Outcome(app.statuscode, LEFT_OUT.get(app, ""), drafts)


def build(srcdir: Path, quiet: bool, jobs: int, overrides: dict[str, str], tags: list[str]) -> int:
    from ..store import SOURCES_WRITTEN

    with one_build_at_a_time():
        last = recover()
        inputs = Inputs(srcdir, overrides, tags)
        said = None if last else LAST_GOOD_BUILD.said_if_current(inputs)
        if said is not None:
            for line in said if quiet else ():
                say(line)
            print(f"Nothing changed since the last build: {OUTPUT}/index.html")
            return 0
        LAST_GOOD_BUILD.forget()
        if last:  # Sphinx's saved environment and its output may vouch for pages that never reached the site
            if last == RUNNING:
                say("The last build did not finish: this one reads every page afresh.")
            ENVIRONMENT.unlink(missing_ok=True)
            remove(WORK)
        DOCTREES.mkdir(parents=True, exist_ok=True)
        UNFINISHED.write_text(RUNNING)
        if not WORK.is_dir() and OUTPUT.is_dir() and ENVIRONMENT.is_file():
            shutil.copytree(OUTPUT, WORK, symlinks=True)  # a site published before the work folder existed
            make_writable(WORK)
        SOURCES_WRITTEN.clear()
        outcome = run_sphinx(srcdir, quiet, jobs, overrides, tags)
        # What Sphinx leaves in memory is freed when the process ends: a collection now would walk all of it
        # (a quarter of a second with 4,000 entries, while the site is published).
        gc.freeze()
        if outcome.status != 0:
            UNFINISHED.write_text(FAILED)
            say(f"Build failed: {OUTPUT} is unchanged.")
            return 1
        if outcome.missing and quiet:
            say(f"{outcome.missing}; the site is built without it")
        (WORK / ".buildinfo.bak").unlink(missing_ok=True)  # Sphinx's note of a changed config, no page
        cv_rendered = cv_pdf_drawn_anew()
        published = publish()
        UNFINISHED.unlink()
        if not outcome.missing:
            LAST_GOOD_BUILD.remember(inputs, SOURCES_WRITTEN, outcome.drafts, published)
    if cv_rendered:
        print(f"Rendered the CV as a PDF: {OUTPUT}/{cv_rendered}")
    print(f"Built the site: {OUTPUT}/index.html")
    return 0


def cv_pdf_drawn_anew() -> str:
    """The CV's PDF's name if this build drew it (it differs from the published one), else ""."""
    from ..settings import PDF_NAME

    new, old = WORK / PDF_NAME, OUTPUT / PDF_NAME
    drawn = new.is_file() and (not old.is_file() or new.stat().st_mtime_ns != old.stat().st_mtime_ns)
    return PDF_NAME if drawn else ""


def system_fault(error: OSError | shutil.Error) -> str:
    """A fault of the machine (a full disk, a folder that cannot be written, a link to nowhere) as a sentence
    naming the path: never the list of every file a copy could not write."""
    if isinstance(error, shutil.Error) and error.args and isinstance(error.args[0], list) and error.args[0]:
        source, target, why = error.args[0][0]
        more = len(error.args[0]) - 1
        reason = ERRNO_PREFIX.sub("", str(why))
        return f"{reason}: {target}" + (f" and {more} more file{'s' * (more > 1)}" if more else "")
    path = error.filename or error.filename2 or ""
    if isinstance(error, FileExistsError) and path and Path(path).is_symlink():
        return f"{path} is a link to {os.readlink(path)}, which does not exist: remove the link"
    if isinstance(error, FileExistsError) and path and Path(path).is_file():
        return f"{path} is a file, not a folder: move it away"
    reason = error.strerror or ERRNO_PREFIX.sub("", str(error))
    return f"{reason}: {path}" if path else f"{reason} (writing {BUILD}/)"


def stop_as_interrupted(signum: int, frame) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="sphinx-scholar html", description=__doc__.splitlines()[0])
    parser.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    parser.add_argument("-j", "--jobs", type=lambda value: os.cpu_count() or 1 if value == "auto" else int(value),
                        default=1, help="build in parallel")
    parser.add_argument("-D", dest="overrides", action="append", default=[], metavar="setting=value",
                        help="override a setting of conf.py, as sphinx-build -D does")
    parser.add_argument("-t", dest="tags", action="append", default=[], metavar="tag", help="define a tag")
    arguments = parser.parse_args(argv)
    overrides = dict(override.partition("=")[::2] for override in arguments.overrides)
    if any(not name for name in overrides) or any("=" not in override for override in arguments.overrides):
        parser.error("-D takes setting=value")
    signal.signal(signal.SIGTERM, stop_as_interrupted)
    try:
        return build(Path.cwd(), arguments.quiet, arguments.jobs, overrides, arguments.tags)
    except KeyboardInterrupt:
        failure = "interrupted"
    except (OSError, shutil.Error) as error:
        failure = system_fault(error)
    except SphinxError as error:
        from ..errors import first_and_last_line

        failure = f"{error.category}: {first_and_last_line(str(error))}"
    with suppress(OSError):  # the next build reads every page afresh
        if UNFINISHED.exists() and failure != "interrupted":
            UNFINISHED.write_text(FAILED)
    say(f"Build failed ({failure}): {OUTPUT} is unchanged.")
    return 1
