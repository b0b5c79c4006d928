"""Nothing from content runs as code (tests/roots/test-hostile): markup, quotes and comment openers in every
value of the owner section, refs.bib and front matter reach the pages as text, through the real conf.py."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from site_helpers import REPO, fork, page, sphinx_build
from sphinx_scholar.testing import chromium, run_command, serve, site_pages

FIXTURE = REPO / "tests" / "roots" / "test-hostile"
HOSTILE_BASE = "https://example.org/\"><script>alert('base')</script>/"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    work = tmp_path_factory.mktemp("hostile")
    site = fork(work / "src", FIXTURE)
    result = sphinx_build(site, work / "html", "-E", env={"READTHEDOCS_CANONICAL_URL": HOSTILE_BASE})
    assert result.returncode == 0 and not result.stderr, result.stderr
    return work / "html"


def owner() -> dict:
    namespace: dict = {}
    exec((FIXTURE / "owner.py").read_text(), namespace)
    return namespace["owner"]


def plain_build(site: Path, out: Path) -> subprocess.CompletedProcess:
    """``sphinx-build -q -b html SITE OUT``, neither strict nor nitpicky: what it prints (run in this process, as
    sphinx_build runs: the owner's values fail the build while conf.py is read)."""
    from sphinx.cmd.build import build_main

    arguments = ["-q", "-b", "html", str(site), str(out)]
    return run_command(["-m", "sphinx", *arguments], lambda: build_main(arguments), site, None)


def pages(html):
    return [(name, page(html, name)) for name in site_pages(html)]


def test_no_injected_element_or_event_attribute(hostile):
    for name, document in pages(hostile):
        for tag in document.find_all(True):
            assert not [attr for attr in tag.attrs if attr.lower().startswith("on")], (name, str(tag)[:200])
            assert not (tag.name == "img" and tag.get("src") == "x"), name
            if tag.name == "script" and not tag.get("src") and tag.get("type") != "application/ld+json":
                assert "alert" not in (tag.string or ""), (name, tag.string[:200])


def test_every_json_ld_block_parses_and_keeps_the_values(hostile):
    people = [json.loads(script.string) for script in page(hostile, "index.html").find_all(
        "script", type="application/ld+json")]
    assert people[0]["name"] == owner()["name"] and people[0]["jobTitle"] == "<!--<script>"
    (article,) = [json.loads(script.string) for script in page(hostile, "research/evil.html").find_all(
        "script", type="application/ld+json")]
    assert article["headline"] == "<img src=x onerror=alert('title')> & </script><script>"


def test_the_head_is_whole(hostile):
    for name, document in pages(hostile):
        text = (hostile / name).read_text(encoding="utf-8")
        head = document.find("head")
        assert len(head.find_all("meta")) == text[: text.index("</head>")].count("<meta "), name
        assert document.title.get_text().strip(), name
    evil = page(hostile, "research/evil.html")
    assert evil.find("meta", attrs={"name": "citation_title"})["content"].startswith("<img src=x")
    description = evil.find("meta", property="og:description")["content"]
    assert description == "</title><script>alert('page description')</script>"


def test_values_show_as_text(hostile):
    card = page(hostile, "research/index.html").find("li", class_="project-card")
    assert card.find("p", class_="project-card-summary").get_text() == "<img src=x onerror=alert('summary')>"
    entry = page(hostile, "publications/index.html").find("li", id="evil2024title")
    title = entry.find("strong", class_="pub-title").get_text()
    assert title == "<img src=x onerror=alert('title')> & </script><script>"
    assert entry.find("a", string="DOI")["href"] == "https://doi.org/10.1000/\"><script>alert('doi')</script>"
    assert owner()["name"] in page(hostile, "index.html").find(class_="logo__title").get_text()
    assert owner()["name"] in page(hostile, "search.html").title.get_text()


@pytest.mark.browser
def test_nothing_runs_in_chromium(hostile):
    fired: list[str] = []
    with serve(hostile) as base_url, chromium() as browser:
        tab = browser.new_page()
        tab.on("dialog", lambda dialog: (fired.append(dialog.message), dialog.dismiss()))
        for name in site_pages(hostile):
            tab.goto(base_url + name)
            tab.wait_for_load_state("load")
            tab.evaluate("""() => document.querySelectorAll('*').forEach(element => ['mouseover', 'focus', 'click']
                .forEach(type => element.tagName === 'A' && type === 'click' ? null
                         : element.dispatchEvent(new Event(type, {bubbles: true}))))""")
    assert fired == []


def test_owner_values_that_cannot_be_used_are_one_line_each(tmp_path):
    site = fork(tmp_path / "src", FIXTURE)
    conf = site / "conf.py"
    conf.write_text(conf.read_text().replace('"eve+tag@example.org"', '"eve@example.org\\"onmouseover=\\"x"')
                    .replace('"eve_x"', '"eve x"'), encoding="utf-8")
    result = plain_build(site, tmp_path / "html")
    assert result.returncode != 0
    lines = result.stderr.splitlines()
    assert lines[0].startswith("conf.py:") and "is not an email address" in lines[0], lines
    assert "is not an X handle" in lines[1] and len(lines) == 2, lines


@pytest.mark.parametrize(("photo", "message"), [
    ("images/missing.jpg", "photo 'images/missing.jpg' does not exist"),
    ("../outside.png", "must be an image file"),
    ("conf.py", "must be an image file"),
    ("images/face.svg", "must be an image file"),  # an SVG may hold script
])
def test_a_photo_that_cannot_be_shown_is_one_line(tmp_path, photo, message):
    site = fork(tmp_path / "src", FIXTURE)
    conf = site / "conf.py"
    with_photo = f'    "x_handle": "eve_x",\n    "photo": "{photo}",'
    conf.write_text(conf.read_text().replace('    "x_handle": "eve_x",', with_photo), encoding="utf-8")
    result = plain_build(site, tmp_path / "html")
    assert result.returncode != 0
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("conf.py:") and message in lines[0], lines


@pytest.mark.parametrize(("profiles", "message"), [
    ('{" ": "https://example.org/"}', "profiles must map names to addresses"),
    ('{"Email": "https://example.org/"}', "'Email' is set by its own key"),
])
def test_a_profile_without_a_name_or_with_a_built_in_one_is_one_line(tmp_path, profiles, message):
    site = fork(tmp_path / "src", FIXTURE)
    conf = site / "conf.py"
    text = conf.read_text().replace('    "profiles": {"<img', '    "unused": {"<img', 1)
    with_profiles = f'    "x_handle": "eve_x",\n    "profiles": {profiles},'
    conf.write_text(text.replace('    "x_handle": "eve_x",', with_profiles, 1), encoding="utf-8")
    result = plain_build(site, tmp_path / "html")
    lines = result.stderr.splitlines()
    assert result.returncode != 0 and len(lines) == 1 and message in lines[0], lines
