"""What this site's tests share: its repository, copies of it, strict builds and make targets as a user runs
them, and its pages as soup. (Named apart from conftest.py: the engine's tests have a conftest of their own.)"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup
from sources import SITE
from sphinx_scholar.pages.references import is_written_by_engine
from sphinx_scholar.testing import sphinx_build, sphinx_scholar_command  # noqa: F401 - the site's tests take them from here

REPO = Path(__file__).resolve().parent.parent
#: The engine's tiny sites, which some tests of this site's build and tools use too.
ENGINE_ROOTS = REPO / "packages" / "sphinx-scholar" / "tests" / "roots"


#: What a copy of the site needs; build output, environments and caches stay behind.
NOT_COMMITTED = shutil.ignore_patterns(".venv", "_build", "node_modules", ".git", ".pytest_cache", ".ruff_cache",
                                       "packages", "__pycache__")


def NOT_SITE(folder: str, names: list[str]) -> set[str]:  # noqa: N802 - it stands in for a shutil pattern
    """What a fresh clone lacks: tools' folders, the engine's package, and the pages the engine writes."""
    return NOT_COMMITTED(folder, names) | {name for name in names if is_written_by_engine(Path(folder) / name)}


#: What the README's "Make it yours" says a new researcher replaces.
PERSONAL = ["refs.bib", "index.md", "cv.md", "publications/index.md", "research"]


def fork(destination: Path, fixture: Path) -> Path:
    """This repository made another researcher's site as the README says: the fixture's owner section in
    conf.py, and its .bib file and pages in place of this site's personal ones."""
    site = copy_site(destination, REPO)
    conf = (site / "conf.py").read_text(encoding="utf-8")
    start, end = conf.index("# -- Site owner"), conf.index("# -- Project information")
    (site / "conf.py").write_text(conf[:start] + (fixture / "owner.py").read_text() + conf[end:], encoding="utf-8")
    for name in PERSONAL:
        path = site / name
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    shutil.copytree(fixture, site, dirs_exist_ok=True, ignore=shutil.ignore_patterns("owner.py"))
    return site


#: make options (-o): the environment running the tests is taken as installed, whatever the copy's file times say
#: (a fresh checkout, or a git worktree, has requirements.txt newer than the environment's stamps).
INSTALLED = [option for stamp in (".installed", ".installed-test") for option in ("-o", f"{sys.prefix}/{stamp}")]
MAKE_LINE = re.compile(r"^make(\[\d+\])?: .*\n?", re.MULTILINE)


def run_make(site: Path, target: str, *variables: str) -> subprocess.CompletedProcess:
    """A make target of a copy of the site, with the virtual environment running the tests; make's own lines
    ("make: *** [...] Error 1", "make[1]: ..." when make test runs the tests) are left out of stderr."""
    result = subprocess.run(["make", "--no-print-directory", *INSTALLED, target, f"VENV={sys.prefix}", *variables],
                            cwd=site,
                            capture_output=True, text=True)
    result.stderr = MAKE_LINE.sub("", result.stderr)
    return result


def copy_site(destination: Path, source: Path = SITE) -> Path:
    shutil.copytree(source, destination, ignore=NOT_SITE)
    return destination


def page(root: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((root / name).read_text(encoding="utf-8"), "html.parser")
