"""Incremental builds publish what clean builds do, and parallel builds what serial ones do (a site of the
engine's shape, tests/roots/test-site, and the tiny sites of citations and real-world exports)."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from engine_helpers import TESTS, assert_same_site, write_project_page
from sphinx_scholar.testing import sphinx_build

pytestmark = pytest.mark.slow

ROOTS = TESTS / "roots"
SITE = ROOTS / "test-site"
#: A project page and its paper, which the edits below touch; the site's pages but the 404 page.
PROJECT, PAPER = "research/engine", "lovelace2024engine"
TITLES = {"lovelace2024engine": "EngineNet: the Analytical Engine, Revisited"}
PAGES = ["index", "publications/index", "research/index", "research/engine", "research/tides", "cv"]
#: The papers without a project page have a page of their own (the others' paper pages are redirects).
PAPER_PAGES = ["publications/papers/lovelace2022notes"]
PROJECTS = {"research/engine": "lovelace2024engine", "research/tides": "somerville2025tides"}


def copy_site(destination: Path) -> Path:
    shutil.copytree(SITE, destination)
    return destination


CANONICAL = {"READTHEDOCS_CANONICAL_URL": "https://example.org/site/"}


@pytest.fixture(scope="module")
def first_build(tmp_path_factory) -> tuple[Path, Path]:
    """test-site built once in WORK (its output and doctrees), and a copy of both: the first build of every test
    below, made once."""
    work = tmp_path_factory.mktemp("work")
    site = copy_site(work / "site")
    result = sphinx_build(site, work / "incremental" / "html", env=CANONICAL)
    assert result.returncode == 0, result.stderr
    kept = tmp_path_factory.mktemp("first-build") / "work"
    shutil.copytree(work, kept, symlinks=True)
    return work, kept


@pytest.fixture
def work(first_build) -> Path:
    """The site and its first build, put back where they were built, file times kept: Sphinx finds its
    environment for these very folders, and the next build is an incremental one (a copy elsewhere would be read
    afresh). Tests run one at a time in a module, so they take turns in the folder."""
    work, kept = first_build
    shutil.rmtree(work)
    shutil.copytree(kept, work, symlinks=True)
    return work


def rebuild_and_compare(work: Path) -> None:
    site = work / "site"
    result = sphinx_build(site, work / "incremental" / "html", env=CANONICAL)
    assert result.returncode == 0, result.stderr
    clean = work / "clean"
    shutil.rmtree(clean, ignore_errors=True)
    result = sphinx_build(site, clean / "html", "-E", env=CANONICAL)
    assert result.returncode == 0, result.stderr
    assert_same_site(work / "incremental" / "html", clean / "html")


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def edit_title(bib: Path, key: str, prefix: str) -> str:
    """Put ``prefix`` before the entry's title in the .bib file; return the new title."""
    text = bib.read_text(encoding="utf-8")
    match = re.search(r"@\w+\{" + re.escape(key) + r",[^@]*?\btitle\s*=\s*\{", text)
    bib.write_text(text[: match.end()] + prefix + text[match.end() :], encoding="utf-8")
    return prefix + TITLES[key]


def test_no_change(work):
    rebuild_and_compare(work)
    assert (work / "incremental" / "html" / "sitemap.xml").read_text().count("<url>") == len(PAGES) + len(PAPER_PAGES)


def test_bib_edit_reaches_every_page_that_shows_the_entry(work):
    title = edit_title(work / "site" / "refs.bib", PAPER, "Edited ")
    rebuild_and_compare(work)
    shown = [f"{PROJECT}.html", "publications/index.html", "cv.html", "index.html"]  # selected: on the home page
    for name in shown:
        assert title in (work / "incremental" / "html" / name).read_text(), name


def test_an_entry_edit_writes_that_papers_page_and_no_other(work):
    """A page per paper: an edited entry costs its own page (and the lists), not every paper's."""
    bib = work / "site" / "refs.bib"
    bib.write_text(bib.read_text(encoding="utf-8") + "\n@article{lovelace2023letters,\n  title = {Letters on the "
                   "Engine},\n  author = {Lovelace, Ada},\n  journal = {Scientific Memoirs},\n  year = {2023},\n}\n",
                   encoding="utf-8")
    rebuild_and_compare(work)
    papers = work / "incremental" / "html" / "publications" / "papers"
    other = papers / "lovelace2023letters.html"
    written = other.stat().st_mtime_ns
    replace(bib, "journal = {Scientific Memoirs},\n  year    = {2022}",
            "journal = {Scientific Memoirs, Second Series},\n  year    = {2022}")
    rebuild_and_compare(work)
    assert "Second Series" in (papers / "lovelace2022notes.html").read_text(encoding="utf-8")
    assert other.stat().st_mtime_ns == written, "another paper's page was written again"


def test_page_edit_updates_the_cards_that_show_it(work):
    replace(work / "site" / f"{PROJECT}.md", "\nsummary: ", "\nsummary: Edited. ")
    rebuild_and_compare(work)
    assert "Edited. " in (work / "incremental" / "html" / "research" / "index.html").read_text()


def test_config_edit(work):
    conf = work / "site" / "conf.py"
    conf.write_text(conf.read_text() + '\nscholar_owner_names = ["Ada Lovelace", "Mary Somerville"]\n')
    rebuild_and_compare(work)


def test_added_and_removed_pages(work):
    added = work / "site" / "research" / "added-page.md"
    write_project_page(added, "lovelace2022notes")
    rebuild_and_compare(work)
    added.unlink()
    rebuild_and_compare(work)


def test_parallel_build_equals_serial(tmp_path):
    site = copy_site(tmp_path / "site")
    serial = sphinx_build(site, tmp_path / "serial" / "html", "-E", env=CANONICAL)
    parallel = sphinx_build(site, tmp_path / "parallel" / "html", "-E", "-j", "2", env=CANONICAL)
    assert serial.returncode == 0 and parallel.returncode == 0, parallel.stderr
    assert "parallel" not in parallel.stderr.lower(), parallel.stderr
    assert_same_site(tmp_path / "parallel" / "html", tmp_path / "serial" / "html")


def edit_tiny_site(tmp_path: Path, root: Path, edits: list[tuple[str, str]]) -> Path:
    """Build a copy of a tiny site, make the .bib edits, build again; the result must equal a clean build."""
    site = tmp_path / "site"
    shutil.copytree(root, site)
    incremental, clean = tmp_path / "incremental" / "html", tmp_path / "clean" / "html"
    assert sphinx_build(site, incremental).returncode == 0
    for old, new in edits:
        replace(site / "refs.bib", old, new)
    assert sphinx_build(site, incremental).returncode == 0
    assert sphinx_build(site, clean, "-E").returncode == 0
    assert_same_site(incremental, clean)
    return incremental


def test_page_that_only_cites_shows_the_edited_entry(tmp_path):
    incremental = edit_tiny_site(tmp_path, ROOTS / "test-citations",
                                 [("TIDES: Mechanism of the Heavens", "TIDES: On the Mechanism of the Heavens")])
    tooltip = 'title="Mary Somerville and Ada Lovelace. TIDES: On the Mechanism'
    assert tooltip in (incremental / "cites.html").read_text()


def test_cache_keys_on_content_not_on_time(work):
    """An edit that keeps the file's modification time still reaches every page."""
    bib = work / "site" / "refs.bib"
    times = bib.stat()
    title = edit_title(bib, PAPER, "Same time ")
    os.utime(bib, ns=(times.st_atime_ns, times.st_mtime_ns))
    rebuild_and_compare(work)
    assert title in (work / "incremental" / "html" / f"{PROJECT}.html").read_text()


def test_an_edited_inlined_stylesheet_reaches_every_page(work):
    site_css = work / "site" / "_static" / "site.css"
    site_css.write_text(site_css.read_text(encoding="utf-8") + "\n.edited-marker { color: red; }\n", encoding="utf-8")
    rebuild_and_compare(work)
    assert ".edited-marker" in (work / "incremental" / "html" / "index.html").read_text(encoding="utf-8")


def test_a_changed_project_order_reaches_every_pages_navigation(tmp_path):
    """A year edited in the .bib file moves a project in the navigation of every page that shows it, a page
    of the folder that shows no paper too."""
    site = copy_site(tmp_path / "site")
    (site / "research" / "notes.md").write_text("---\nmyst:\n  html_meta:\n    description: Notes.\n---\n\n"
                                                "# Notes\n\nNo paper here.\n", encoding="utf-8")
    assert sphinx_build(site, tmp_path / "incremental" / "html", env=CANONICAL).returncode == 0
    oldest = min(PROJECTS, key=lambda docname: int(re.search(
        r"\byear\s*=\s*\{?(\d{4})", entry_text(site, PROJECTS[docname])).group(1)))
    text = entry_text(site, PROJECTS[oldest])
    replace(site / "refs.bib", text, re.sub(r"(\byear\s*=\s*\{?)\d{4}", r"\g<1>2099", text))
    rebuild_and_compare(tmp_path)


def entry_text(site: Path, key: str) -> str:
    text = (site / "refs.bib").read_text(encoding="utf-8")
    start = re.search(r"@\w+\{" + re.escape(key) + ",", text).start()
    end = text.find("\n@", start)
    return text[start:] if end < 0 else text[start:end]


def test_an_icon_a_page_no_longer_shows_leaves_the_font(work):
    """The icon font holds the icons the pages show now: one added reaches it, one removed leaves it."""
    page = work / "site" / "research" / "index.md"
    original = page.read_text(encoding="utf-8")
    page.write_text(original + '\n<i class="fa-solid fa-rocket"></i>\n', encoding="utf-8")
    rebuild_and_compare(work)
    stylesheet = work / "incremental" / "html" / "_static" / "styles" / "pydata-sphinx-theme.css"
    assert ".fa-rocket" in stylesheet.read_text(encoding="utf-8")
    page.write_text(original, encoding="utf-8")
    rebuild_and_compare(work)


def test_unreadable_cache_is_rebuilt(work):
    for stored in (work / "incremental" / "doctrees" / "scholar").rglob("*"):
        if stored.is_file():  # the catalog, the CV's digest, the icon font's last cut
            stored.write_bytes(b"not a pickle")
    rebuild_and_compare(work)


def test_an_edited_macro_or_proceedings_reaches_the_entries_that_use_them(tmp_path):
    incremental = edit_tiny_site(tmp_path, ROOTS / "test-exports", [
        ('"Proceedings of the Invented Symposium on Storage"', '"Storage Symposium"'),
        ("Invented Symposium on Parallel Computing, {IPC} 2024}", "Parallel Symposium}"),
    ])
    page = (incremental / "publications.html").read_text()
    assert "Storage Symposium 2021" in page and "Parallel Symposium" in page
