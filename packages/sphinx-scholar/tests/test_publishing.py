"""`sphinx-scholar html` (`make html`) publishes a whole, current site whatever happens: two builds at once, a
build interrupted at any moment, a build that fails, pages removed from the sources (tests/roots/test-site)."""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from engine_helpers import TESTS, assert_same_site, write_project_page
from sphinx_scholar.testing import sphinx_build, sphinx_scholar_command

pytestmark = pytest.mark.slow

SITE = TESTS / "roots" / "test-site"
PROJECT, PAPER = "research/engine", "lovelace2024engine"
TITLE = "EngineNet: the Analytical Engine, Revisited"


def copy_site(destination: Path) -> Path:
    shutil.copytree(SITE, destination)
    return destination


def html(site: Path) -> subprocess.CompletedProcess:
    """`sphinx-scholar html -q`, as `make html` runs it."""
    return sphinx_scholar_command(site, "html", "-q")


@pytest.fixture(scope="module")
def first_build(tmp_path_factory) -> tuple[Path, Path]:
    """test-site published once by `sphinx-scholar html` (its _build), and a copy of the site with it."""
    site = copy_site(tmp_path_factory.mktemp("work") / "site")
    result = html(site)
    assert result.returncode == 0, result.stderr
    kept = tmp_path_factory.mktemp("first-build") / "site"
    shutil.copytree(site, kept, symlinks=True)
    return site, kept


@pytest.fixture
def site(first_build) -> Path:
    """The site as its first build left it, put back in the folder it was built in, file times kept: the next
    build finds its environment and output for this very folder, as right after that build (a copy elsewhere
    would be read afresh). Tests run one at a time in a module, so they take turns in the folder."""
    site, kept = first_build
    shutil.rmtree(site.parent)
    shutil.copytree(kept, site, symlinks=True)
    return site


def published(site: Path) -> Path:
    return site / "_build" / "html"


def assert_equals_a_clean_build(site: Path) -> None:
    clean = site.parent / "clean"
    shutil.rmtree(clean, ignore_errors=True)
    result = sphinx_build(site, clean / "html", "-E")
    assert result.returncode == 0, result.stderr
    assert_same_site(published(site), clean / "html")


def edit_title(site: Path, prefix: str) -> str:
    bib = site / "refs.bib"
    text = bib.read_text(encoding="utf-8")
    match = re.search(r"@\w+\{" + re.escape(PAPER) + r",[^@]*?\btitle\s*=\s*\{", text)
    bib.write_text(text[: match.end()] + prefix + text[match.end() :], encoding="utf-8")
    return prefix + TITLE


def start_build(site: Path) -> subprocess.Popen:
    """The build `make html` runs, as its own process, so a signal reaches it and nothing else; Ctrl-C as in a
    terminal (a test run started in the background, as a shell's ``&`` does, ignores SIGINT, and so would the
    build)."""
    return subprocess.Popen([sys.executable, "-m", "sphinx_scholar", "html", "-q"], cwd=site, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def test_two_builds_at_once_leave_one_whole_site(site):
    edit_title(site, "Concurrent ")
    first, second = start_build(site), start_build(site)
    assert first.wait(120) == 0 and second.wait(120) == 0, (first.stderr.read(), second.stderr.read())
    assert_equals_a_clean_build(site)


#: The fork says its number itself: by then it has started (and closed what it must), however late it runs.
HOLDS_THE_LOCK_AND_FORKS = """
import multiprocessing, os, time
from sphinx_scholar.cli.html import one_build_at_a_time

def linger():
    print(os.getpid(), flush=True)
    time.sleep(60)

with one_build_at_a_time():
    multiprocessing.get_context("fork").Process(target=linger).start()
    time.sleep(60)
"""


def test_a_killed_build_frees_its_lock_while_a_process_it_forked_lives_on(tmp_path):
    """As the CV's drawing does for a moment after its build is killed: the next build need not wait for it."""
    build = subprocess.Popen([sys.executable, "-c", HOLDS_THE_LOCK_AND_FORKS], cwd=tmp_path, stdout=subprocess.PIPE,
                             text=True)
    fork = int(build.stdout.readline())
    try:
        build.kill()
        build.wait()
        os.kill(fork, 0)  # still there
        with (tmp_path / "_build" / "build.lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # BlockingIOError while the fork holds it
    finally:
        os.kill(fork, signal.SIGKILL)


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL], ids=lambda s: s.name)
def test_a_build_interrupted_while_writing_is_followed_by_a_whole_current_one(site, stop):
    title = edit_title(site, "Interrupted ")
    work = site / "_build" / "html.work"
    started = time.time()
    build = start_build(site)
    # Sphinx saves its environment, then writes pages: stop it once the first page of this build is written.
    while build.poll() is None and not any(path.stat().st_mtime > started for path in work.glob("*.html")):
        time.sleep(0.005)
    assert build.poll() is None, "the build ended before it could be interrupted"
    build.send_signal(stop)
    assert build.wait(60) != 0
    if stop != signal.SIGKILL:
        assert build.stderr.read().strip().splitlines()[-1] == "Build failed (interrupted): _build/html is unchanged."
    assert title not in (published(site) / f"{PROJECT}.html").read_text(), "published half-built"
    result = html(site)
    assert result.returncode == 0, result.stderr
    assert title in (published(site) / f"{PROJECT}.html").read_text(), "the next build published stale pages"
    assert_equals_a_clean_build(site)
    assert result.stderr.startswith("The last build did not finish: this one reads every page afresh.")


NOTHING_CHANGED = "Nothing changed since the last build: _build/html/index.html\n"


def test_a_build_with_nothing_to_do_ends_before_sphinx_starts(site):
    """Right after a clean build (which wrote the paper pages into the sources), and after that."""
    environment = site / "_build" / "doctrees" / "environment.pickle"
    saved = environment.stat().st_mtime_ns
    for _ in range(2):
        result = html(site)
        assert (result.returncode, result.stdout, result.stderr) == (0, NOTHING_CHANGED, "")
    assert environment.stat().st_mtime_ns == saved, "Sphinx ran"


def add_image(site: Path) -> None:
    (site / "_static" / "added.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')


def remove_published_page(site: Path) -> None:
    (published(site) / "cv.html").unlink()


def touch_bib(site: Path) -> None:
    bib = site / "refs.bib"
    bib.write_bytes(bib.read_bytes())


@pytest.mark.parametrize(("change", "options", "env"), [
    (touch_bib, [], None),
    (add_image, [], None),
    (remove_published_page, [], None),
    (None, ["-D", "html_title=Another title"], None),
    (None, ["-t", "tagged"], None),
    (None, [], {"SOURCE_DATE_EPOCH": "1700000000"}),
], ids=["bib saved", "file added", "published page removed", "setting", "tag", "environment"])
def test_any_change_a_build_reads_makes_a_build(site, change, options, env):
    if change:
        change(site)
    result = sphinx_scholar_command(site, "html", "-q", *options, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Built the site: _build/html/index.html\n"
    assert (published(site) / "cv.html").is_file()
    again = sphinx_scholar_command(site, "html", "-q", *options, env=env)
    assert again.stdout == NOTHING_CHANGED, again.stderr


def test_each_draft_left_out_is_one_line_of_every_build(site):
    draft = site / "research" / "unfinished.md"
    write_project_page(draft, "lovelace2022notes")
    draft.write_text(draft.read_text().replace("paper:", "draft: true\npaper:"))
    line = ("research/unfinished.md: a draft, left out of the site (delete its 'draft: true' line to publish it)"
            "\n")
    for printed in ("Built the site: _build/html/index.html\n", NOTHING_CHANGED):
        result = html(site)
        assert (result.returncode, result.stderr, result.stdout) == (0, line, printed)
    assert not (published(site) / "research" / "unfinished.html").exists()


def test_a_file_saved_while_the_build_runs_makes_the_next_build(site):
    """What a build reads is noted before it starts, so what it read later is never vouched for."""
    from sphinx_scholar.cli.unchanged import Inputs, LastGoodBuild

    last = LastGoodBuild(site / "_build" / "note.json", published(site))
    inputs = Inputs(site.resolve(), {}, [])
    last.remember(inputs, set(), [])
    assert last.said_if_current(Inputs(site.resolve(), {}, [])) == []
    inputs = Inputs(site.resolve(), {}, [])
    (site / "index.md").write_text((site / "index.md").read_text() + "\nSaved during the build.\n")
    last.remember(inputs, set(), [])
    assert last.said_if_current(Inputs(site.resolve(), {}, [])) is None


def test_no_published_file_is_written_in_place(site):
    """A file a server is sending while the next build runs, or one a failed build would have touched, keeps its
    content; a file the build did not change is not copied again."""
    home, style = published(site) / "index.html", published(site) / "_static" / "doctools.js"
    before, style_file = home.read_bytes(), style.stat().st_ino
    with home.open("rb") as sent:
        (site / "index.md").write_text((site / "index.md").read_text() + "\nA new line.\n")
        assert html(site).returncode == 0
        assert sent.read() == before
    assert "A new line." in home.read_text()
    assert style.stat().st_ino == style_file


def test_a_removed_page_leaves_the_site(site):
    added = site / "research" / "added-page.md"
    write_project_page(added, "lovelace2022notes")
    assert html(site).returncode == 0
    assert (published(site) / "research" / "added-page.html").exists()
    added.unlink()
    (site / "refs.bib").write_text((site / "refs.bib").read_text() + "\n@misc{broken,\n")  # a failed build between
    assert html(site).returncode != 0
    (site / "refs.bib").write_text((site / "refs.bib").read_text().replace("\n@misc{broken,\n", ""))
    assert html(site).returncode == 0
    assert not (published(site) / "research" / "added-page.html").exists()
    assert_equals_a_clean_build(site)


def test_an_ordinary_failure_is_not_taken_for_an_interruption(site):
    bib = site / "refs.bib"
    good = bib.read_text()
    bib.write_text(good.replace("year", "year = {Spring},\n  note", 1))
    assert html(site).returncode != 0
    bib.write_text(good)
    result = html(site)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    conf = site / "conf.py"
    good_conf = conf.read_text()
    conf.write_text(good_conf + "\nthis is not python\n")
    assert html(site).returncode != 0
    conf.write_text(good_conf)
    result = html(site)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    conf.write_text(good_conf + "\nhtml_last_updated_fmt = None\n")  # a changed config
    assert html(site).returncode == 0
    assert not (published(site) / ".buildinfo.bak").exists()


@pytest.mark.parametrize("leftover", ["html.next", "html.old", "html.staging"])
def test_leftovers_of_a_killed_build_do_not_block_the_next(site, leftover):
    """A site half published, one retired, or one staged by an engine before 2.6, all read-only."""
    left = site / "_build" / leftover
    shutil.copytree(published(site), left)
    for path in [left, *left.rglob("*")]:
        path.chmod(0o555 if path.is_dir() else 0o444)
    (site / "index.md").write_text((site / "index.md").read_text() + "\nA change.\n")
    result = html(site)
    assert result.returncode == 0, result.stderr
    assert not left.exists()
    assert "A change." in (published(site) / "index.html").read_text()


def test_a_build_that_cannot_write_says_so_in_one_line(tmp_path):
    site = copy_site(tmp_path / "site")
    (site / "_build").write_text("not a folder")
    result = html(site)
    assert result.returncode != 0
    lines = result.stderr.splitlines()
    assert lines == ["Build failed (_build is a file, not a folder: move it away): _build/html is unchanged."], \
        result.stderr


def test_a_build_folder_linked_to_nowhere_says_so_in_one_line(tmp_path):
    site = copy_site(tmp_path / "site")
    (site / "_build").symlink_to(tmp_path / "gone")
    result = html(site)
    assert result.returncode != 0
    assert result.stderr.splitlines() == [f"Build failed (_build is a link to {tmp_path / 'gone'}, which does not "
                                          "exist: remove the link): _build/html is unchanged."], result.stderr


@pytest.mark.parametrize(("fault", "sentence"), [
    (shutil.Error([("_build/html/a.html", "_build/html.staging/a.html", "[Errno 28] No space left on device"),
                   ("_build/html/b.html", "_build/html.staging/b.html", "[Errno 28] No space left on device")]),
     "No space left on device: _build/html.staging/a.html and 1 more file"),
    (OSError(28, "No space left on device"), "No space left on device (writing _build/)"),
    (PermissionError(13, "Permission denied", "_build/build.lock"), "Permission denied: _build/build.lock"),
])
def test_a_fault_of_the_machine_is_a_sentence_naming_the_path(fault, sentence):
    from sphinx_scholar.cli.html import system_fault

    assert system_fault(fault) == sentence


def test_each_step_of_a_build_is_announced_as_it_starts(tmp_path):
    """What `make html` says of a long build's steps (sphinx_scholar.steps): the .bib file, the pages, the paper
    pages, the CV's PDF."""
    from sphinx_scholar.steps import listening

    site = copy_site(tmp_path / "site")
    announced: list[str] = []
    with listening(announced.append):
        result = html(site)
    assert result.returncode == 0, result.stderr
    pages = len(list(site.rglob("*.md")))
    papers = len(re.findall(r"^@", (site / "refs.bib").read_text(), re.MULTILINE))  # a page each, or a redirect
    assert announced == ["reading refs.bib", f"reading {pages} pages", "writing the pages",
                         f"writing {papers} paper pages", "drawing cv.pdf with WeasyPrint", ""]


def test_a_step_is_said_once_it_has_taken_a_few_seconds(capsys):
    """A long build never looks hung, and a short step says nothing."""
    from sphinx_scholar.cli.progress import SAY_AFTER, Progress

    time = [0.0]
    progress = Progress(sys.stderr, clock=lambda: time[0])
    progress.now("reading refs.bib")
    time[0] = SAY_AFTER - 0.1
    progress.check()
    assert capsys.readouterr().err == ""
    time[0] = SAY_AFTER
    progress.check()
    progress.check()
    assert capsys.readouterr().err == "Reading refs.bib…\n", "said once"
    progress.now("writing the pages")
    time[0] += SAY_AFTER - 0.1
    progress.check()
    progress.now("")
    time[0] += 10 * SAY_AFTER
    progress.check()
    assert capsys.readouterr().err == "", "a short step, then none"


def test_a_page_waiting_for_references_formatted_beside_the_build_says_so_and_goes_on(tmp_path, monkeypatch):
    from sphinx_scholar.pages import reference_texts
    from sphinx_scholar.steps import listening

    monkeypatch.setattr(reference_texts, "AHEAD_FROM", 1)
    announced: list[str] = []
    with listening(announced.append):
        assert html(copy_site(tmp_path / "site")).returncode == 0
    waiting = announced.index("formatting the papers' APA and IEEE references")
    assert announced[waiting - 1:waiting + 2] == ["writing the pages", announced[waiting], "writing the pages"]
