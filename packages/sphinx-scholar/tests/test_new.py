"""``sphinx-scholar new``: a new researcher's site from the package's templates, that builds strictly, shows
its owner (whatever their name holds) and nothing of any other site, and never writes over anything."""

from __future__ import annotations

import ast
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx_scholar import __version__
from sphinx_scholar.cli import main as cli
from sphinx_scholar.testing import UNUSABLE_PYTHONS, make_html_with_python

pytestmark = pytest.mark.slow

HERE = Path(__file__).resolve().parent
PACKAGE = HERE.parent
SCHEMA = HERE / "data" / "readthedocs-config-schema.json"
#: A name with what could break or inject into each file it goes in: quotes, a newline, braces (MyST
#: substitutions, str.format, BibTeX), Markdown and MyST markup, HTML, a script address.
HOSTILE = 'Ada "Q" O\'Example {{ name }} {x} `code` *em* [l](javascript:alert(1))\n<script>alert(1)</script> % \\ $x$'
SHOWN = " ".join(HOSTILE.split())
#: The site the engine came from: its owner, contacts, entries and titles must not reach a new site.
FOREIGN = ["Ziming", "刘子铭", "liuziming", "lzm_mlsys", "maruyamaaya", "liu2023hanayo", "lin2025weipipe",
           "cheng2025concerto", "zhao2024hetegen", "liu2024wallfacer", "Hanayo", "WallFacer", "WeiPipe", "Concerto",
           "HeteGen", "Region-Adaptive", "National University of Singapore"]
EXPECTED = {".github/dependabot.yml", ".gitignore", ".readthedocs.yaml", "404.md", "Makefile", "README.md",
            "_static/favicon.svg", "_static/site.css", "conf.py", "constraints.txt", "cv.md", "index.md",
            "package.json", "publications/index.md", "refs.bib", "requirements-test.txt", "requirements.txt",
            "research/index.md", "research/sample-project.md", "tests/test_site.py"}


@pytest.fixture(autouse=True)
def no_terminal(monkeypatch):
    """As in a script or CI: stdin is no terminal."""
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))


def new(*arguments: str) -> int:
    return cli(["new", *map(str, arguments)])


def files_of(site: Path) -> set[str]:
    return {str(path.relative_to(site)) for path in site.rglob("*") if path.is_file()}


def strict_build(site: Path, out: Path) -> subprocess.CompletedProcess:
    environment = {**os.environ, "NO_COLOR": "1"}
    environment.pop("READTHEDOCS_CANONICAL_URL", None)
    return subprocess.run([sys.executable, "-m", "sphinx", "-W", "-n", "--keep-going", "-E", "-q", "-b", "html",
                           str(site), str(out)], cwd=site, capture_output=True, text=True, env=environment)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> tuple[Path, Path, str]:
    work = tmp_path_factory.mktemp("new")
    site = work / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sys, "stdin", io.StringIO(""))
        printed = io.StringIO()
        patch.setattr(sys, "stdout", printed)
        status = new(site, "--name", HOSTILE, "--email", "ada@example.org", "--job-title", "Ph.D. *student* {x}",
                     "--affiliation", "University of <Examples> & \"Co\"", "--profile", "GitHub=https://github.com/ada")
    assert status == 0
    result = strict_build(site, work / "html")
    assert result.returncode == 0 and result.stderr == "", result.stderr
    return site, work / "html", printed.getvalue()


def test_writes_every_file_and_says_so_one_line_each(hostile_site):
    site, _, printed = hostile_site
    built = {path for path in files_of(site) if path.startswith(("_build", "publications/papers/"))}  # by the build
    assert files_of(site) - built == EXPECTED
    wrote = [line.removeprefix("Wrote ") for line in printed.splitlines() if line.startswith("Wrote ")]
    assert sorted(str(Path(line).relative_to(site)) for line in wrote) == sorted(EXPECTED)


def test_hostile_name_builds_strictly_and_shows_as_text(hostile_site):
    site, html, _ = hostile_site
    raw = (html / "index.html").read_text(encoding="utf-8")
    home = BeautifulSoup(raw, "html.parser")
    assert SHOWN in " ".join(home.find("h1").get_text(" ").split())
    assert home.find("title").get_text().startswith(SHOWN)
    assert "<script>alert" not in raw
    for document in html.rglob("*.html"):
        for link in BeautifulSoup(document.read_text(encoding="utf-8"), "html.parser").find_all(href=True):
            assert not link["href"].strip().lower().startswith("javascript:"), (document.name, link)
    profile = home.select_one("div.profile")
    assert "Ph.D. *student* {x}" in profile.get_text()
    conf = ast.parse((site / "conf.py").read_text(encoding="utf-8"))
    owner = next(node.value for node in conf.body if isinstance(node, ast.Assign) and node.targets[0].id == "owner")
    assert ast.literal_eval(owner) == {"name": SHOWN, "job_title": "Ph.D. *student* {x}",
                                       "affiliation": 'University of <Examples> & "Co"', "email": "ada@example.org",
                                       "profiles": {"GitHub": "https://github.com/ada"}}


def test_nothing_of_the_engines_first_site_in_any_file_or_page(hostile_site):
    site, html, _ = hostile_site
    for path in [*site.rglob("*"), *html.rglob("*")]:
        if path.is_file():
            text = path.read_bytes().decode("utf-8", errors="replace").lower()
            assert not [trace for trace in FOREIGN if trace.lower() in text], path


def test_sample_entry_and_project_page_are_marked_as_samples(hostile_site):
    site, html, _ = hostile_site
    assert "% Sample entry: replace it with your own" in (site / "refs.bib").read_text(encoding="utf-8")
    page = (site / "research" / "sample-project.md").read_text(encoding="utf-8")
    assert "paper: sample-paper" in page and "sample" in page.lower()
    assert BeautifulSoup((html / "publications" / "index.html").read_text(encoding="utf-8"),
                         "html.parser").find("li", id="sample-paper")
    assert "A Sample Paper" in (html / "research" / "sample-project.html").read_text(encoding="utf-8")


def test_owner_is_highlighted_when_the_name_is_a_plain_one(tmp_path):
    assert new(tmp_path / "site", "--name", "Zoë Q. Example-Smith") == 0
    conf = (tmp_path / "site" / "conf.py").read_text(encoding="utf-8")
    assert 'scholar_owner_names = ["Zoë Q. Example-Smith"]' in conf
    assert "author      = {Zoë Q. Example-Smith and Collaborator, Sam}" in (tmp_path / "site" / "refs.bib").read_text(
        encoding="utf-8")


def test_refuses_a_folder_that_is_not_empty(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine")
    assert new(tmp_path, "--name", "Ada Example") == 1
    error = capsys.readouterr().err
    assert len(error.splitlines()) == 1 and "not empty" in error
    assert files_of(tmp_path) == {"notes.txt"} and (tmp_path / "notes.txt").read_text() == "mine"


def test_writes_into_an_empty_folder(tmp_path):
    assert new(tmp_path, "--name", "Ada Example") == 0
    assert files_of(tmp_path) == EXPECTED


def test_refuses_a_missing_name_without_a_terminal(tmp_path, capsys):
    assert new(tmp_path / "site", "--email", "ada@example.org") == 2
    error = capsys.readouterr().err
    assert len(error.splitlines()) == 1 and "--name" in error
    assert not (tmp_path / "site").exists()


def test_asks_for_the_name_at_a_terminal(tmp_path, monkeypatch):
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdin", Terminal(""))
    monkeypatch.setattr("builtins.input", lambda prompt: "Ada Example")
    assert new(tmp_path / "site") == 0
    assert '"name": "Ada Example"' in (tmp_path / "site" / "conf.py").read_text(encoding="utf-8")


@pytest.mark.parametrize(("option", "value"), [("--email", "ada at example.org"), ("--email", "a@b.c\nx"),
                                               ("--homepage", "javascript:alert(1)"), ("--x-handle", "a b"),
                                               ("--profile", "GitHub"), ("--name", "Ada\x00Example")])
def test_refuses_a_bad_value_in_one_line(tmp_path, capsys, option, value):
    assert new(tmp_path / "site", "--name", "Ada Example", option, value) == 2
    error = capsys.readouterr().err
    assert len(error.splitlines()) == 1 and option in error, error
    assert not (tmp_path / "site").exists()


def test_requirements_pin_this_release_and_its_tested_versions(tmp_path):
    assert new(tmp_path / "site", "--name", "Ada Example") == 0
    site = tmp_path / "site"
    lines = [line for line in (site / "requirements.txt").read_text().splitlines() if not line.startswith("#")]
    assert lines == [f"sphinx-scholar=={__version__}", "-c constraints.txt"]
    test_lines = [line for line in (site / "requirements-test.txt").read_text().splitlines()
                  if not line.startswith("#")]
    assert test_lines == ["-r requirements.txt", f"sphinx-scholar[test]=={__version__}", "-c constraints.txt"]
    constraints = (site / "constraints.txt").read_text()
    assert constraints == (PACKAGE / "src" / "sphinx_scholar" / "constraints.txt").read_text()
    pins = dict(line.split("==") for line in constraints.splitlines() if line and not line.startswith("#"))
    assert "sphinx-scholar" not in {name.lower() for name in pins}
    for tool in ("pytest", "pytest-xdist", "playwright", "pypdf", "jsonschema", "beautifulsoup4", "sphinx",
                 "weasyprint", "myst-parser", "pydata-sphinx-theme"):
        assert tool in {name.lower() for name in pins}, tool


def test_dependabot_updates_the_pin(tmp_path):
    yaml = pytest.importorskip("yaml")
    assert new(tmp_path / "site", "--name", "Ada Example") == 0
    config = yaml.safe_load((tmp_path / "site" / ".github" / "dependabot.yml").read_text())
    (update,) = config["updates"]
    assert update["package-ecosystem"] == "pip" and update["directory"] == "/"


def test_readthedocs_config_validates_against_the_schema(tmp_path):
    jsonschema = pytest.importorskip("jsonschema")
    yaml = pytest.importorskip("yaml")
    assert new(tmp_path / "site", "--name", "Ada Example") == 0
    config = yaml.safe_load((tmp_path / "site" / ".readthedocs.yaml").read_text())
    jsonschema.validate(config, json.loads(SCHEMA.read_text()))
    assert config["sphinx"] == {"configuration": "conf.py", "fail_on_warning": True}
    assert {"requirements": "requirements.txt"} in config["python"]["install"]


def test_makefile_targets_call_the_engines_command(tmp_path):
    assert new(tmp_path / "site", "--name", "Ada Example") == 0
    makefile = (tmp_path / "site" / "Makefile").read_text()
    for target in ("html", "serve", "lint", "project", "test"):
        recipe = re.search(rf"^{target}:.*\n((?:\t.*\n)+)", makefile, re.MULTILINE)
        assert recipe, target
        if target != "test":
            assert "sphinx-scholar" in recipe.group(1), target
    assert "-r requirements.txt" in makefile


def test_site_from_the_wheel_in_a_fresh_environment_builds_with_make_html(tmp_path):
    """As a new researcher gets it: the package as a wheel, `make html` setting up the site's own .venv from
    requirements.txt (the other packages from the package index, at the constraints' versions)."""
    wheels = tmp_path / "wheels"
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", str(PACKAGE), "-w", str(wheels)],
                           capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    assert new(tmp_path / "site", "--name", "Ada Example") == 0
    environment = {name: value for name, value in os.environ.items()
                   if name not in ("PYTHONPATH", "VIRTUAL_ENV", "READTHEDOCS_CANONICAL_URL")}
    # What is installed is tested, not its bytecode: pip reads a "no-" option's variable the other way round, so
    # "0" is --no-compile ("1" compiled 2,300 files, a fifth of the test's time).
    environment["PIP_NO_COMPILE"] = "0"
    environment["PIP_FIND_LINKS"] = " ".join(filter(None, [str(wheels), os.environ.get("PIP_FIND_LINKS")]))
    result = subprocess.run(["make", "--no-print-directory", "html"], cwd=tmp_path / "site", env=environment,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert (tmp_path / "site" / "_build" / "html" / "index.html").is_file()
    installed = subprocess.run([str(tmp_path / "site" / ".venv" / "bin" / "sphinx-scholar"), "--version"],
                               capture_output=True, text=True)
    assert installed.stdout.strip() == f"sphinx-scholar {__version__}"


@pytest.mark.parametrize("case", list(UNUSABLE_PYTHONS))
def test_make_says_in_one_line_what_python_lacks(tmp_path, case):
    script, expected = UNUSABLE_PYTHONS[case]
    assert new(tmp_path / "site", "--name", "Ada Example") == 0
    status, lines = make_html_with_python(tmp_path / "site", script, tmp_path)
    assert status != 0 and len(lines) == 1 and expected in lines[0], lines
    assert not (tmp_path / "site" / ".venv").exists()
