"""The small commands refuse in one line and write nothing: ``make project`` for a paper that has a project page,
a title with no name to give, a file that exists; ``make serve`` for a PORT that is no port number or that is in
use, before anything is built. A title in any script names its page in ASCII."""

from __future__ import annotations

import errno
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sphinx_scholar.cli import project, serve

BIB = r"""
@inproceedings{uber2024,
  title     = {Über alles},
  author    = {Example, Ada},
  booktitle = {Proceedings of Examples},
  year      = {2024},
}
@inproceedings{uberlatex2024,
  title     = {{\"U}ber die Methode},
  author    = {Example, Ada},
  booktitle = {Proceedings of Examples},
  year      = {2024},
}
@inproceedings{region2024,
  title     = {区域自适应采样},
  author    = {Example, Ada},
  booktitle = {Proceedings of Examples},
  year      = {2024},
}
@inproceedings{partition2024,
  title     = {区域划分：一种方法},
  author    = {Example, Ada},
  booktitle = {Proceedings of Examples},
  year      = {2024},
}
@inproceedings{signs2024,
  title     = {?!},
  author    = {Example, Ada},
  booktitle = {Proceedings of Examples},
  year      = {2024},
}
@inproceedings{looms2024,
  title     = {Looms: Punched Cards for Weaving},
  author    = {Example, Ada},
  booktitle = {Proceedings of Examples},
  year      = {2024},
}
@misc{looms2023corr,
  title       = {Looms: Punched Cards for Weaving (preprint)},
  author      = {Example, Ada},
  year        = {2023},
  eprint      = {2301.00001},
  archiveprefix = {arXiv},
  version_of  = {looms2024},
}
"""
LOOMS_PAGE = "---\npaper: looms2024\nsummary: Punched cards for looms.\n---\n\n# Looms\n"


@pytest.fixture
def site(tmp_path, monkeypatch) -> Path:
    """A site with one project page (research/looms.md, for looms2024), run from its folder."""
    site = tmp_path / "site"
    (site / "research").mkdir(parents=True)
    (site / "conf.py").write_text('extensions = ["sphinx_scholar"]\nhtml_theme = "sphinx_scholar"\n')
    (site / "refs.bib").write_text(BIB, encoding="utf-8")
    (site / "research" / "looms.md").write_text(LOOMS_PAGE)
    monkeypatch.chdir(site)
    for name in ("KEY", "SLUG"):
        monkeypatch.delenv(name, raising=False)
    return site


def files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def make_project(capsys, key: str, slug: str | None = None) -> tuple[int, str]:
    """``make project KEY=key [SLUG=slug]``: its exit status and what it printed to stderr."""
    status = project.main([key] + (["--slug", slug] if slug else []))
    return status, capsys.readouterr().err


@pytest.mark.parametrize(("title", "slug"), [
    ("Über alles", "uber"),
    ("区域自适应采样", "qu-yu-zi-shi-ying-cai-yang"),
    ("区域划分：一种方法", "qu-yu-hua-fen"),
    ("Привет мир", "privet"),
    ("Ελληνικά", "ellinika"),
    ("Tabulating: An Electric System for the Census", "tabulating"),
    ("GPT-4: a report", "gpt-4"),
    ("Self—supervised learning", "self-supervised"),
    ("— A study", "a"),
    ("😀 Smiles", "smiles"),
    ("区" * 40, "-".join(["qu"] * 21)),
    ("?!", ""),
    ("∅", ""),
])
def test_a_title_in_any_script_names_its_page_in_ascii(title, slug):
    assert project.default_slug(title) == slug
    assert slug == "" or project.SLUG.fullmatch(slug), "a name SLUG would refuse"


def test_titles_in_other_scripts_get_pages_of_their_own(site, capsys):
    for key in ("uber2024", "region2024", "partition2024"):
        assert make_project(capsys, key) == (0, "")
    made = sorted(path.name for path in (site / "research").iterdir())
    assert made == ["looms.md", "qu-yu-hua-fen.md", "qu-yu-zi-shi-ying-cai-yang.md", "uber.md"]
    assert "paper: region2024" in (site / "research" / "qu-yu-zi-shi-ying-cai-yang.md").read_text(encoding="utf-8")


def test_a_title_with_no_letter_asks_for_a_slug(site, capsys):
    before = files(site)
    status, err = make_project(capsys, "signs2024")
    assert status == 1
    assert err == ("the title of 'signs2024' has no letter or digit to name its page after: name the page with "
                   "SLUG=<name> (lowercase letters, digits and hyphens).\n")
    assert files(site) == before
    assert make_project(capsys, "signs2024", "signs") == (0, "")
    assert (site / "research" / "signs.md").is_file()


def test_a_name_taken_by_another_paper_is_never_overwritten(site, capsys):
    assert make_project(capsys, "uber2024") == (0, "")
    before = files(site)
    status, err = make_project(capsys, "uberlatex2024")
    assert status == 1
    assert err == "research/uber.md already exists and was left untouched; pick another name with SLUG=<name>.\n"
    assert files(site) == before
    status, err = make_project(capsys, "uberlatex2024", "uber")
    assert (status, err) == (1, "research/uber.md already exists and was left untouched.\n")
    assert files(site) == before


@pytest.mark.parametrize("slug", [None, "looms-again"])
def test_a_paper_with_a_project_page_is_refused_naming_it(site, capsys, slug):
    before = files(site)
    status, err = make_project(capsys, "looms2024", slug)
    assert status == 1
    assert err == ("research/looms.md is already the project page of 'looms2024' (its front matter names it under "
                   "'paper'); nothing was written.\n")
    assert files(site) == before


def test_another_version_of_a_paper_with_a_page_is_refused(site, capsys):
    """The CoRR copy's key leads to the listed entry, whose page it would be."""
    before = files(site)
    status, err = make_project(capsys, "looms2023corr")
    assert status == 1 and err.startswith("research/looms.md is already the project page of 'looms2023corr'"), err
    assert files(site) == before


def test_a_page_naming_another_version_claims_the_paper(site, capsys):
    (site / "research" / "looms.md").write_text(LOOMS_PAGE.replace("paper: looms2024", "paper: looms2023corr"))
    before = files(site)
    status, err = make_project(capsys, "looms2024")
    assert status == 1 and err.startswith("research/looms.md is already the project page of 'looms2024'"), err
    assert files(site) == before


def test_a_draft_made_earlier_is_the_papers_page(site, capsys):
    assert make_project(capsys, "region2024") == (0, "")
    before = files(site)
    status, err = make_project(capsys, "region2024", "region")
    assert status == 1
    assert err.startswith("research/qu-yu-zi-shi-ying-cai-yang.md is already the project page of 'region2024'"), err
    assert files(site) == before


# make serve


def listening_socket(host: str = "127.0.0.1") -> socket.socket:
    """A server on a port of the system's choosing, as another program holding a port."""
    server = socket.socket()
    server.bind((host, 0))
    server.listen()
    return server


@pytest.fixture
def no_server(monkeypatch) -> list[serve.ForkedBuild]:
    """What ``make serve`` would build and serve (recorded, not run); the test process asks for no parent-death
    signal."""
    started: list[serve.ForkedBuild] = []
    monkeypatch.setattr(serve, "stop_with_parent", lambda: None)
    monkeypatch.setattr(serve, "start_preview", lambda build, port: started.append(build))
    return started


@pytest.mark.parametrize(("port", "number"), [("8000", 8000), ("1", 1), ("65535", 65535), ("08001", 8001),
                                              ("0", None), ("65536", None), ("99999", None), ("-1", None),
                                              ("80a", None), ("", None), (" 8000", None), ("８０００", None)])
def test_port_number(port, number):
    assert serve.port_number(port) == number


@pytest.mark.parametrize(("port", "line"), [
    ("99999", "PORT=99999 is not a port number (1-65535)"),
    ("0", "PORT=0 is not a port number (1-65535)"),
    ("http", "PORT=http is not a port number (1-65535)"),
    ("", "PORT='' is not a port number (1-65535)"),
    ("80 80", "PORT='80 80' is not a port number (1-65535)"),
])
def test_a_port_that_is_no_number_is_one_line_before_any_build(tmp_path, monkeypatch, capsys, no_server, port, line):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PORT", port)
    assert serve.main([]) == 2
    assert capsys.readouterr().err == line + "\n"
    assert no_server == [] and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("host", ["127.0.0.1", "0.0.0.0"])
def test_a_port_in_use_is_one_line_naming_a_free_one(tmp_path, monkeypatch, capsys, no_server, host):
    monkeypatch.chdir(tmp_path)
    with listening_socket(host) as other:
        port = other.getsockname()[1]
        monkeypatch.setenv("PORT", str(port))
        assert serve.main([]) == 2
        err = capsys.readouterr().err
        suggested = re.fullmatch(rf"port {port} on 127\.0\.0\.1 is in use: stop what uses it or run make serve "
                                 r"PORT=(\d+)\n", err)
        assert suggested, err
        assert port < int(suggested[1]) <= port + serve.PORTS_TO_SUGGEST
        assert serve.bind_error(int(suggested[1])) is None, "the port suggested is in use too"
    assert no_server == [] and list(tmp_path.iterdir()) == []


def test_no_free_port_nearby_suggests_none(monkeypatch):
    monkeypatch.setattr(serve, "bind_error", lambda port: OSError(errno.EADDRINUSE, "Address already in use"))
    assert serve.port_problem("8000") == "port 8000 on 127.0.0.1 is in use: stop what uses it"


def test_a_port_refused_otherwise_says_why(monkeypatch):
    monkeypatch.setattr(serve, "bind_error",
                        lambda port: PermissionError(errno.EACCES, "Permission denied") if port < 1024 else None)
    assert serve.port_problem("80") == "port 80 on 127.0.0.1 cannot be used (Permission denied)"


def test_the_port_checked_is_released(no_server, monkeypatch):
    with listening_socket() as probe:
        port = probe.getsockname()[1]
    monkeypatch.setenv("PORT", str(port))
    assert serve.main([]) is None
    assert serve.bind_error(port) is None, "the check kept the port"
    (build,) = no_server
    assert build.address == f"127.0.0.1:{port}"
    assert "scholar_show_drafts=1" in build.sphinx_arguments, "drafts are shown"


def test_a_port_a_stopped_server_left_waiting_is_free(monkeypatch):
    """Connections a stopped preview closed stay in TIME_WAIT for a minute; its server reuses the port then, so
    the check does too."""
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the preview's server (asyncio) sets it
    server.bind(("127.0.0.1", 0))
    server.listen()
    port = server.getsockname()[1]
    client = socket.create_connection(("127.0.0.1", port))
    connection, _ = server.accept()
    connection.close()  # the server's side closes first: its side of the connection waits
    server.close()
    time.sleep(0.1)
    client.close()
    assert serve.port_problem(str(port)) is None


WORK_CANCELLED = """
import signal, sys, time
signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a build started with SIGTERM ignored, as a service may start it
from sphinx_scholar.processes import WorkInPython
work = WorkInPython("builtins:list", ["x" * 1000] * 2000, lost=None)  # an answer larger than a pipe holds
work.cancel()
print(work.process.returncode)
"""

WORK_AND_A_FORK = """
import os, time
from sphinx_scholar.processes import WorkInPython
work = WorkInPython("builtins:len", ["x" * 1000] * 20000, lost=None)  # still being sent when the build forks
if (fork := os.fork()) == 0:  # a -j writer, a forked drawing
    time.sleep(30)
    os._exit(0)
started = time.monotonic()
print(work.result(), time.monotonic() - started < 20)
os.kill(fork, 9)
"""


def test_work_in_a_python_of_its_own_is_cancelled_whatever_the_build_ignores():
    ended = subprocess.run([sys.executable, "-c", WORK_CANCELLED], capture_output=True, text=True, timeout=60)
    assert ended.stdout.strip() == "-9", ended.stderr


def test_work_in_a_python_of_its_own_answers_while_a_process_forked_meanwhile_lives_on():
    """A process forked while the job is sent does not keep the new Python waiting for the rest of it."""
    ended = subprocess.run([sys.executable, "-c", WORK_AND_A_FORK], capture_output=True, text=True, timeout=60)
    assert ended.stdout.split() == ["20000", "True"], ended.stderr
