"""Every source file is read the same way by the build, a plain sphinx-build and make lint: a page that is not
UTF-8, front matter that is not YAML or sets a key no one reads, a page without a heading, a second page for a
paper and a file leading out of the site are one line each, and nothing from outside the site is published."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from test_validation import ROOT, failing_build, lint, problems_of_build, site_with_bib

PROJECT = "---\norphan: true\npaper: lovelace2024engine\n{extra}---\n\n# Project\n\nText.\n"


def tiny_site(tmp_path: Path) -> Path:
    return site_with_bib(tmp_path, (ROOT / "refs.bib").read_text())


def lint_lines(source: Path) -> list[str]:
    result = lint(source)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    return result.stderr.splitlines()


def test_a_page_that_is_not_utf8_is_one_line_in_a_plain_sphinx_build(tmp_path):
    source = tiny_site(tmp_path)
    (source / "page.md").write_bytes("---\norphan: true\n---\n\n# Caf\xe9\n".encode("cp1252"))
    lines = failing_build(source)
    assert len(lines) == 1 and "page.md:5: ERROR: is not UTF-8 text: save it as UTF-8" in lines[0], lines
    assert lint_lines(source)[0].startswith("page.md:5: is not UTF-8 text: save it as UTF-8")


@pytest.mark.parametrize(("front_matter", "line", "reason"), [
    ("orphan: true\nsummary: one\n  two: three\n", 4, "front matter is not valid YAML: mapping values are not "
                                                       "allowed here"),
    ("orphan: true\nsummary: \"unclosed\n", 3, "front matter is not valid YAML"),
])
def test_front_matter_that_is_no_yaml_names_its_real_line_once(make_app, tmp_path, front_matter, line, reason):
    source = tiny_site(tmp_path)
    (source / "page.md").write_text(f"---\n{front_matter}---\n\n# Page\n", encoding="utf-8")
    lines = problems_of_build(make_app, source)
    assert len(lines) == 1 and f"page.md:{line}: ERROR: {reason}" in lines[0], lines
    assert lint_lines(source)[0].startswith(f"page.md:{line}: {reason}")


@pytest.mark.parametrize(("extra", "line", "message"), [
    ("draft: 1\n", 4, "draft takes true or false, not 1"),
    ("draft: ture\n", 4, "draft takes true or false, not 'ture'"),
    ("Draft: true\n", 4, "front-matter key 'Draft' is not one this site reads: did you mean 'draft'?"),
    ("drafts: true\n", 4, "front-matter key 'drafts' is not one this site reads: did you mean 'draft'?"),
    ("sumary: A line.\n", 4, "front-matter key 'sumary' is not one this site reads: did you mean 'summary'?"),
    ("title: Project\n", 4, "front-matter key 'title' is not read by this site: the page's title is its first "
                            "heading"),
    ("nosearch: yes please\n", 4, "nosearch takes true or false, not 'yes please'"),
])
def test_front_matter_is_checked_like_the_bib_file(make_app, tmp_path, extra, line, message):
    source = tiny_site(tmp_path)
    (source / "project.md").write_text(PROJECT.format(extra=extra), encoding="utf-8")
    lines = problems_of_build(make_app, source)
    assert len(lines) == 1 and f"project.md:{line}: ERROR: {message}" in lines[0], lines
    linted = lint_lines(source)
    assert len(linted) == 1 and linted[0].startswith(f"project.md:{line}: {message}"), linted


def test_keys_that_sphinx_myst_the_theme_or_the_site_read_are_fine(make_app, tmp_path):
    source = tiny_site(tmp_path)
    extra = ("nosearch: true\ntocdepth: 2\nhtml_theme.sidebar_secondary.remove: true\nmyst:\n  html_meta:\n"
             "    description: A project.\nreviewed_by: Ada\n")
    (source / "project.md").write_text(PROJECT.format(extra=extra), encoding="utf-8")
    with (source / "conf.py").open("a") as conf:
        conf.write('scholar_front_matter_keys = ["reviewed_by"]\n')
    app = make_app("html", srcdir=source, warningiserror=True)
    app.build()
    assert app.statuscode == 0
    assert lint(source).returncode == 0


def test_a_page_without_a_heading_is_named_once(make_app, tmp_path):
    source = tiny_site(tmp_path)
    (source / "index.md").write_text((source / "index.md").read_text().replace("publications\n", "publications\n"
                                                                                "plain\n"))
    (source / "plain.md").write_text("---\nsummary: none\n---\n\nJust a sentence.\n", encoding="utf-8")
    lines = problems_of_build(make_app, source)
    assert len(lines) == 1 and "plain.md:1: ERROR: the page has no heading" in lines[0], lines
    assert lint_lines(source) == ["plain.md:1: the page has no heading: start it with a line '# Title' (its title "
                                  "on the site and in searches)"]


def test_a_heading_inside_a_directive_does_not_head_the_page(tmp_path):
    source = tiny_site(tmp_path)
    (source / "page.md").write_text("---\norphan: true\n---\n\n```{note}\n# Not the page's\n```\n")
    assert lint_lines(source) == ["page.md:1: the page has no heading: start it with a line '# Title' (its title "
                                  "on the site and in searches)"]


def test_a_second_page_for_a_paper_names_both(make_app, tmp_path):
    source = tiny_site(tmp_path)
    for name in ("engine.md", "engine-again.md"):
        (source / name).write_text(PROJECT.format(extra=""), encoding="utf-8")
    message = "paper 'lovelace2024engine' has a project page already: engine-again.md (one page per paper"
    lines = problems_of_build(make_app, source)
    assert len(lines) == 1 and f"engine.md:3: ERROR: {message}" in lines[0], lines
    assert lint_lines(source)[0].startswith(f"engine.md:3: {message}")


def test_a_draft_claims_no_paper(make_app, tmp_path):
    source = tiny_site(tmp_path)
    (source / "engine.md").write_text(PROJECT.format(extra=""), encoding="utf-8")
    (source / "engine-draft.md").write_text(PROJECT.format(extra="draft: true\n"), encoding="utf-8")
    app = make_app("html", srcdir=source, warningiserror=True)
    app.build()
    assert app.statuscode == 0


@pytest.fixture
def outside(tmp_path) -> Path:
    """A folder beside the site holding what must never be published."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.txt").write_text("SECRET-OF-THE-BUILD-MACHINE\n")
    (folder / "page.md").write_text("# From outside\n\nSECRET-OF-THE-BUILD-MACHINE\n")
    return folder


def published_secrets(outdir: Path) -> list[str]:
    return [str(path) for path in outdir.rglob("*") if path.is_file()
            and b"SECRET-OF-THE-BUILD-MACHINE" in path.read_bytes()]


def test_links_leading_out_of_the_site_are_refused_and_nothing_of_them_published(tmp_path, outside):
    source = tiny_site(tmp_path)
    static = source / "_static"
    static.mkdir()
    (static / "env.txt").symlink_to(outside / "secret.txt")
    (static / "machine").symlink_to(outside, target_is_directory=True)
    (source / "stolen.md").symlink_to(outside / "page.md")
    os.mkfifo(source / "pipe.md")
    with (source / "conf.py").open("a") as conf:
        conf.write('html_static_path = ["_static"]\n')
    lines = failing_build(source)
    leads_out = "is a link to {}, outside the site's folder: the build would publish it"
    expected = [f"_static/env.txt: {leads_out.format(outside / 'secret.txt')}",
                f"_static/machine: {leads_out.format(outside)}",
                "pipe.md: is no regular file (a device, a pipe or a socket): remove it",
                f"stolen.md: {leads_out.format(outside / 'page.md')}"]
    assert sorted(re.sub(r"^ERROR: ", "", line).split(" (copy")[0] for line in lines) == expected
    assert not published_secrets(source.parent / "html")
    assert sorted(line.split(" (copy")[0] for line in lint_lines(source)) == expected


def test_links_inside_the_site_keep_working(make_app, tmp_path):
    source = tiny_site(tmp_path)
    (source / "alias.md").symlink_to(source / "filters.md")
    (source / "index.md").write_text((source / "index.md").read_text().replace("filters\n", "filters\nalias\n"))
    app = make_app("html", srcdir=source, warningiserror=True)
    app.build()
    assert app.statuscode == 0 and (Path(app.outdir) / "alias.html").is_file()



def test_the_researchers_pages_are_found_again_after_a_page_changes_hands(tmp_path):
    """Which pages the engine wrote is remembered while a file stays the same: a page rewritten in one process
    (make serve, the tests) is classed again. Pages come by name, folder by folder, as Sphinx reads them."""
    from sphinx_scholar.pages.references import ENGINE_MARK, markdown_pages

    for name in ("a-b/x.md", "a/b.md", "index.md", "node_modules/package/README.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("# Page\n")
    engine = tmp_path / "a" / "c.md"
    engine.write_text(f"---\npaper: x\n---\n{ENGINE_MARK}\n\n# Paper\n")

    def found() -> list[str]:
        return [path.relative_to(tmp_path).as_posix() for path in markdown_pages(tmp_path, ["node_modules"])]

    assert found() == ["a/b.md", "a-b/x.md", "index.md"]
    engine.write_text("# The researcher's own page now\n")
    assert found() == ["a/b.md", "a/c.md", "a-b/x.md", "index.md"]
    (tmp_path / "a" / "b.md").write_text(f"{ENGINE_MARK}\n# Written by the engine now\n")
    assert found() == ["a/c.md", "a-b/x.md", "index.md"]
